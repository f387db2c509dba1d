"""The outline and the drawing follow each other, so a keyboard user sees on the chart where they are."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from .conftest import SNAPSHOT_2017

pytestmark = pytest.mark.browser

CHART = '.chart[data-side="chart"]'


def item(page: Page, key: str) -> Locator:
    return page.locator(f'{CHART} [role="treeitem"][data-key="{key}"]')


def node(page: Page, key: str) -> Locator:
    return page.locator(f'{CHART} .chart__viewport .node[data-key="{key}"]')


def drawn_open(page: Page, key: str) -> bool:
    return page.locator(CHART).evaluate("(root, key) => root.orgchart.state.expanded.has(key)", key)


def open_outline(page: Page) -> Page:
    page.goto(SNAPSHOT_2017)
    expect(page.locator(f"{CHART}.chart--drawn")).to_have_count(1)
    return page


def test_arrow_keys_in_the_outline_ring_the_same_unit_on_the_drawing(page):
    open_outline(page)
    item(page, "secretary-general").focus()
    page.keyboard.press("ArrowDown")
    expect(item(page, "eosg")).to_be_focused()
    expect(page.locator(f"{CHART} .node.is-focused")).to_have_count(1)
    expect(page.locator(f"{CHART} .node.is-focused")).to_have_attribute("data-key", "eosg")
    page.keyboard.press("End")
    last = page.evaluate("document.activeElement.dataset.key")
    assert last != "eosg"
    expect(page.locator(f"{CHART} .node.is-focused")).to_have_attribute("data-key", last)


def test_the_drawing_pans_to_a_unit_the_keyboard_reaches_off_screen(page):
    open_outline(page)
    page.locator(CHART).evaluate("(root) => root.orgchart.zoom.set({ x: 4000, y: 4000, k: 1.5 })")
    item(page, "dpo").focus()
    page.keyboard.press("ArrowRight")  # dpo is open: to its first child
    focused = page.locator(f"{CHART} .node.is-focused")
    expect(focused).to_have_count(1)
    key = focused.get_attribute("data-key")
    expect(item(page, key)).to_be_focused()
    expect(focused).to_be_in_viewport()


def test_closing_and_opening_a_unit_from_the_keyboard_folds_it_on_the_drawing_too(page):
    open_outline(page)
    assert drawn_open(page, "dpo")
    item(page, "dpo").focus()
    page.keyboard.press("ArrowLeft")
    expect(item(page, "dpo")).to_have_attribute("aria-expanded", "false")
    expect(node(page, "oma")).to_have_count(0)
    assert not drawn_open(page, "dpo")
    page.keyboard.press("ArrowRight")
    expect(item(page, "dpo")).to_have_attribute("aria-expanded", "true")
    assert drawn_open(page, "dpo")


def test_folding_a_unit_on_the_drawing_folds_it_in_the_outline(page):
    open_outline(page)
    page.locator(CHART).evaluate("(root) => root.orgchart.centre('dpo')")
    node(page, "dpo").locator(".node__toggle").click()
    expect(item(page, "dpo")).to_have_attribute("aria-expanded", "false")
    expect(item(page, "oma")).to_be_hidden()
    node(page, "dpo").locator(".node__toggle").click()
    expect(item(page, "dpo")).to_have_attribute("aria-expanded", "true")


def test_the_ring_goes_when_the_focus_leaves_the_chart(page):
    open_outline(page)
    item(page, "secretary-general").focus()
    page.keyboard.press("ArrowDown")
    expect(page.locator(f"{CHART} .node.is-focused")).to_have_count(1)
    page.locator("h1").first.click()
    page.evaluate("document.activeElement.blur()")
    expect(page.locator(f"{CHART} .node.is-focused")).to_have_count(0)
