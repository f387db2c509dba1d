"""The language switch keeps the view in real Chromium: the language is in the path and the view in the hash,
so switching language keeps the selected unit, the zoom, the folds and the query; with JS off the switch is a
plain link that keeps the query."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from .conftest import AFTER_2017, BEFORE_2017, COMPARE_2017, SNAPSHOT_2017

pytestmark = pytest.mark.browser

TO_CHINESE = '.language-switch a[data-language="zh-hans"]'


def node(page: Page, key: str) -> Locator:
    return page.locator(f'.chart__viewport .node[data-key="{key}"]')


def view(page: Page) -> dict:
    return page.locator(".chart").evaluate("root => root.orgchart.zoom.get()")


def test_switching_language_keeps_the_selected_unit_the_zoom_and_the_folds(page):
    page.goto(SNAPSHOT_2017)
    expect(page.locator(".chart.chart--drawn")).to_have_count(1)
    page.locator(".chart").evaluate("root => root.orgchart.centre('dpo')")
    node(page, "dpo").locator(".node__toggle").click()
    page.locator(".chart").evaluate("root => root.orgchart.centre('dppa')")
    node(page, "dppa").click()
    page.locator('[data-action="zoom-in"]').click()
    expected = view(page)
    # The address follows the view a moment later: wait for the zoomed view, not just the selection.
    expect(page).to_have_url(re.compile(rf"#.*u=dppa.*v=[^&]*%2C{re.escape(str(round(expected['k'], 3)))}(&|$)"))
    hash_before = page.evaluate("() => location.hash")

    page.locator(TO_CHINESE).click()

    expect(page).to_have_url(re.compile(rf"/zh-hans/snapshots/{AFTER_2017}/#"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.locator(".chart.chart--drawn")).to_have_count(1)
    assert page.evaluate("() => location.hash") == hash_before
    expect(node(page, "dppa")).to_have_class(re.compile(r"\bis-selected\b"))
    expect(node(page, "dppa")).to_contain_text("政治和建设和平事务部")
    expect(node(page, "dpo")).to_have_class(re.compile(r"\bis-collapsed\b"))
    restored = view(page)
    assert restored["k"] == pytest.approx(expected["k"], abs=0.001)
    assert restored["x"] == pytest.approx(expected["x"], abs=1)
    assert restored["y"] == pytest.approx(expected["y"], abs=1)


def test_switching_language_on_a_comparison_keeps_its_query_and_its_mode(page):
    page.goto(COMPARE_2017)
    expect(page.locator(".chart[data-chart].chart--drawn")).to_have_count(2)
    page.locator('.compare-modes [data-mode="merged"]').click()
    expect(page).to_have_url(re.compile(r"#m=merged"))

    page.locator(TO_CHINESE).click()

    expect(page).to_have_url(re.compile(rf"/zh-hans/compare/\?before={BEFORE_2017}&after={AFTER_2017}#m=merged"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.locator(".compare__merged")).to_be_visible()
    expect(page.locator('.compare-modes [data-mode="merged"]')).to_have_attribute("aria-pressed", "true")


def test_a_language_link_carries_the_view_when_focused_so_it_can_be_copied_or_opened_in_a_new_tab(page):
    page.goto(SNAPSHOT_2017)
    expect(page.locator(".chart.chart--drawn")).to_have_count(1)
    page.locator('[data-action="zoom-in"]').click()
    expect(page).to_have_url(re.compile(r"#v="))
    page.locator(TO_CHINESE).focus()
    href = page.locator(TO_CHINESE).get_attribute("href")
    assert href.endswith(f"/zh-hans/snapshots/{AFTER_2017}/" + page.evaluate("() => location.hash"))


def test_with_javascript_off_the_language_switch_is_a_link_that_keeps_the_query(page_without_js):
    page_without_js.goto(COMPARE_2017)
    page_without_js.locator(TO_CHINESE).click()
    expect(page_without_js).to_have_url(re.compile(rf"/zh-hans/compare/\?before={BEFORE_2017}&after={AFTER_2017}$"))
    expect(page_without_js.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page_without_js.locator(".language-switch [aria-current]")).to_have_text("中文")
