"""Editing a draft's tree in the admin by drag and drop, in real Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from structures.models import Unit

from ..conftest import build_snapshot, dump_tree

SPEC = """
dpo Department of Peace Operations
  oma Office of Military Affairs
    omas Military Planning Service
  opsp Office of Peacekeeping Strategic Partnership
"""


@pytest.fixture
def editor_page(browser: Browser, live_server, transactional_db, django_user_model) -> Iterator[Page]:
    django_user_model.objects.create_superuser("editor", password="a long editor password")
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a long editor password")
    page.click("input[type=submit]")
    yield page
    context.close()
    assert errors == []


def row(page: Page, unit: Unit):
    return page.locator("#result_list tbody tr").filter(has=page.locator(f'.tree-node[data-pk="{unit.pk}"]'))


def drop(page: Page, unit: Unit, onto: Unit, where: float) -> None:
    """Drag a row by its handle and release it at `where` (0 = top, 1 = bottom) of the target row."""
    handle = row(page, unit).locator(".drag-handle").bounding_box()
    target = row(page, onto).bounding_box()
    # The script measures every row by the dragged row's height, whatever a long name wraps to.
    row_height = row(page, unit).bounding_box()["height"]
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(target["x"] + 200, target["y"] + row_height * where, steps=12)
    with page.expect_navigation():
        page.mouse.up()


def test_dragging_a_row_reorders_and_reparents_units(editor_page: Page):
    draft = build_snapshot(SPEC)
    units = {u.key: u for u in Unit.objects.filter(snapshot=draft)}
    editor_page.goto(f"/admin/structures/unit/?snapshot__id__exact={draft.pk}")
    editor_page.locator("#result_list").wait_for()
    drop(editor_page, units["opsp"], units["oma"], 0.15)  # the top third: before "oma"
    assert [line.strip() for line in dump_tree(draft).splitlines()][1:3] == [
        "opsp Office of Peacekeeping Strategic Partnership",
        "oma Office of Military Affairs",
    ]
    drop(editor_page, Unit.objects.get(pk=units["omas"].pk), Unit.objects.get(pk=units["opsp"].pk), 0.5)
    assert Unit.objects.get(pk=units["omas"].pk).parent.key == "opsp"
    assert "Moved" in editor_page.locator(".messagelist").inner_text()


def test_a_drop_that_would_break_the_tree_is_refused_with_its_reason(editor_page: Page):
    draft = build_snapshot(SPEC)
    units = {u.key: u for u in Unit.objects.filter(snapshot=draft)}
    before = dump_tree(draft)
    editor_page.goto(f"/admin/structures/unit/?snapshot__id__exact={draft.pk}")
    editor_page.locator("#result_list").wait_for()
    drop(editor_page, units["dpo"], units["omas"], 0.5)
    assert 'cannot move under its own descendant "omas"' in editor_page.locator(".messagelist").inner_text()
    assert dump_tree(draft) == before
