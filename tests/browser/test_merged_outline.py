"""The merged view has its own outline and search box, so keyboard and screen-reader users can work it too."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from .conftest import COMPARE_2017

pytestmark = pytest.mark.browser

MERGED = '.chart[data-side="merged"]'


def item(page: Page, key: str) -> Locator:
    return page.locator(f'{MERGED} [role="treeitem"][data-key="{key}"]')


def open_merged(page: Page, url: str = COMPARE_2017) -> Page:
    page.goto(url)
    expect(page.locator(".chart.chart--drawn")).to_have_count(2)
    page.locator('.compare-modes [data-mode="merged"]').click()
    expect(page.locator(f"{MERGED} ul.chart__tree[role='tree']")).to_have_count(1)
    return page


def test_the_merged_outline_lists_the_union_of_both_charts_with_each_change(page):
    open_merged(page)
    drawn = set(page.locator(MERGED).evaluate("(root) => [...root.orgchart.state.units.keys()]"))
    listed = set(
        page.locator(f"{MERGED} ul.chart__tree li[data-key]").evaluate_all("(items) => items.map((i) => i.dataset.key)")
    )
    assert listed == drawn
    assert {"dpko", "dpa", "pbso", "dpo", "dppa"} <= listed
    expect(item(page, "dpko").locator(":scope > .box .status-label")).to_have_text("renamed")
    expect(item(page, "dppa")).to_have_attribute("aria-level", "2")
    expect(page.locator(f'{MERGED} [role="treeitem"][tabindex="0"]')).to_have_count(1)


def test_arrow_keys_in_the_merged_outline_ring_the_unit_on_the_merged_drawing(page):
    open_merged(page)
    page.locator(f'{MERGED} [role="treeitem"][tabindex="0"]').focus()
    page.keyboard.press("ArrowDown")
    key = page.evaluate("document.activeElement.dataset.key")
    ring = page.locator(f"{MERGED} .node.is-focused")
    expect(ring).to_have_count(1)
    expect(ring).to_have_attribute("data-key", key)
    page.keyboard.press("Enter")
    expect(item(page, key)).to_have_attribute("aria-selected", "true")
    expect(page.locator(f'{MERGED} .node[data-key="{key}"]')).to_have_class(re.compile(r"\bis-selected\b"))


def test_searching_the_merged_view_finds_a_unit_that_exists_only_before(page):
    open_merged(page)
    search = page.locator(f"{MERGED} .chart-search__input")
    expect(search).to_be_visible()
    search.fill("Peacebuilding Support Office")
    expect(page.locator(f"{MERGED} .chart-search__results [role='option']").first).to_contain_text(
        "Peacebuilding Support Office"
    )
    search.press("Enter")
    expect(page.locator(f'{MERGED} .node[data-key="pbso"]')).to_be_in_viewport()


def test_the_merged_outline_is_in_chinese_on_the_chinese_page(page):
    open_merged(page, COMPARE_2017.replace("/en/", "/zh-hans/"))
    expect(item(page, "dpo").locator(":scope > .box > .box__name")).to_have_text("和平行动部")
    expect(item(page, "dpo").locator(":scope > .box > .box__other-name")).to_have_attribute("lang", "en")
