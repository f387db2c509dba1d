"""In Chromium: markup in a name never runs, and no page breaks its Content Security Policy."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import build_snapshot

PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>"
MARKED_UP_PAGES = [
    "/en/snapshots/markup-after/",
    "/en/compare/?before=markup-before&after=markup-after",
    "/en/units/evil/",
    "/en/search/?q=alert",
    "/en/embed/snapshots/markup-after/",
    "/en/embed/compare/?before=markup-before&after=markup-after",
]
PAGES = [
    "/en/",
    "/en/snapshots/peace-security-2017-proposed/",
    "/en/compare/?before=peace-security-2017-before&after=peace-security-2017-proposed",
    "/en/units/dpo/",
    "/en/search/?q=dpo",
    "/en/report/",
    "/en/embed/snapshots/peace-security-2017-proposed/",
    "/api/docs/",
    "/admin/login/",
]


def watch(page: Page) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {"dialogs": [], "csp": []}
    page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
    page.on("console", lambda m: seen["csp"].append(m.text) if "Content Security Policy" in m.text else None)
    return seen


@pytest.fixture
def marked_up(real_dataset):
    spec = f"top Top\n  evil {PAYLOAD}"
    build_snapshot(spec, key="markup-before", status="published")
    build_snapshot(spec + "\n  plain Plain", key="markup-after", status="published")


@pytest.mark.parametrize("url", MARKED_UP_PAGES)
def test_markup_in_a_name_is_shown_as_text_and_never_runs(page, marked_up, url):
    seen = watch(page)
    page.goto(url)
    expect(page.get_by_text(PAYLOAD).first).to_be_attached()
    page.wait_for_load_state("networkidle")
    assert page.locator("img[src='x']").count() == 0
    assert seen["dialogs"] == []


@pytest.mark.parametrize("url", PAGES)
def test_no_page_breaks_its_content_security_policy(page, url):
    seen = watch(page)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert seen["csp"] == []


def test_api_docs_render_from_local_assets_under_the_policy(page):
    seen = watch(page)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("orgchart API")
    expect(page.locator(".opblock-summary-path", has_text="/api/snapshots/{key}/tree.csv")).to_be_visible()
    assert seen["csp"] == []
    assert all(url.startswith(page.context.pages[0].url.split("/api/")[0]) for url in requests), requests
