"""A chart's search box in real Chromium: names, aliases, codes and pinyin; results, outline, chart, keyboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from .conftest import AFTER_2017, BEFORE_2017, COMPARE_2017, SNAPSHOT_2017

pytestmark = pytest.mark.browser

SNAPSHOT_2017_ZH = f"/zh-hans/snapshots/{AFTER_2017}/"
SNAPSHOT_2017_BEFORE = f"/en/snapshots/{BEFORE_2017}/"


def chart(page: Page, side: str = "chart") -> Locator:
    return page.locator(f'.chart[data-side="{side}"]')


def search_box(page: Page, side: str = "chart") -> Locator:
    return chart(page, side).locator("[data-chart-search] input")


def results(page: Page, side: str = "chart") -> Locator:
    return chart(page, side).locator('[data-chart-search] [role="listbox"] [role="option"]')


def status(page: Page, side: str = "chart") -> Locator:
    return chart(page, side).locator('[data-chart-search] [role="status"]')


def item(page: Page, key: str, side: str = "chart") -> Locator:
    return chart(page, side).locator(f'[role="treeitem"][data-key="{key}"]')


def open_chart(page: Page, url: str = SNAPSHOT_2017) -> Page:
    page.goto(url)
    expect(page.locator("[data-chart-search] input").first).to_be_visible()
    page.evaluate(
        "() => { window.reveals = []; for (const root of document.querySelectorAll('.chart[data-chart]'))"
        " root.addEventListener('orgchart:reveal', (event) => window.reveals.push(event.detail.key)); }"
    )
    return page


def find(page: Page, query: str, side: str = "chart") -> None:
    search_box(page, side).fill(query)


def test_search_box_is_hidden_without_javascript(page_without_js):
    page_without_js.goto(SNAPSHOT_2017)
    expect(page_without_js.locator("[data-chart-search]")).to_be_hidden()


def test_english_name_lists_the_unit_with_its_chinese_name_and_announces_the_count(page):
    open_chart(page)
    find(page, "Police Division")
    expect(results(page)).to_have_count(1)
    expect(results(page).first).to_contain_text("Police Division")
    expect(results(page).first.locator("[lang='zh-Hans']")).to_have_text("警务司")
    expect(results(page).first).to_contain_text("English name")
    expect(status(page)).to_have_text("1 unit found")
    expect(search_box(page)).to_have_attribute("aria-expanded", "true")


def test_chinese_name_finds_the_unit_on_the_chinese_page(page):
    open_chart(page, SNAPSHOT_2017_ZH)
    find(page, "警务司")
    expect(results(page)).to_have_count(1)
    expect(results(page).first).to_contain_text("警务司")
    expect(results(page).first.locator("[lang='en']")).to_have_text("Police Division")


def test_alias_says_it_matched_an_alias(page):
    open_chart(page)
    find(page, "法治和安全机构厅")
    expect(results(page)).to_have_count(1)
    expect(results(page).first).to_contain_text("Office of Rule of Law and Security Institutions")
    expect(results(page).first).to_contain_text("alias: 法治和安全机构厅")


def test_unit_code_finds_the_unit(page):
    open_chart(page)
    find(page, "orolsi")
    expect(results(page).first).to_contain_text("code: orolsi")


def test_pinyin_finds_the_chinese_name(page):
    open_chart(page, SNAPSHOT_2017_BEFORE)
    find(page, "weichi")
    hit = results(page).filter(has_text="维持和平行动部")
    expect(hit).to_have_count(1)
    expect(hit).to_contain_text("Department of Peacekeeping Operations")
    expect(hit).to_contain_text("pinyin: weichihepingxingdongbu")


def test_search_opens_the_outline_path_to_every_hit_and_reveals_the_first_on_the_chart(page):
    open_chart(page)
    item(page, "dpo").focus()
    page.keyboard.press("ArrowLeft")
    expect(item(page, "police-division")).to_be_hidden()

    find(page, "Police Division")
    expect(item(page, "police-division")).to_be_visible()
    expect(item(page, "dpo")).to_have_attribute("aria-expanded", "true")
    expect(item(page, "police-division")).to_have_class(re.compile(r"\bis-search-current\b"))
    assert page.evaluate("window.reveals") == ["police-division"]
    # The chart answers the reveal with its selection, which the outline shows.
    expect(item(page, "police-division")).to_have_attribute("aria-selected", "true")


def test_enter_cycles_through_the_hits_and_shift_enter_goes_back(page):
    open_chart(page)
    find(page, "peace")
    count = results(page).count()
    assert count >= 3
    first, second = (results(page).nth(i).get_attribute("data-key") for i in (0, 1))
    expect(results(page).first).to_have_attribute("aria-selected", "true")

    search_box(page).press("Enter")
    expect(results(page).nth(1)).to_have_attribute("aria-selected", "true")
    expect(search_box(page)).to_have_attribute("aria-activedescendant", results(page).nth(1).get_attribute("id"))
    expect(status(page)).to_have_text(f"Result 2 of {count}")
    search_box(page).press("Shift+Enter")
    search_box(page).press("Shift+Enter")
    expect(results(page).last).to_have_attribute("aria-selected", "true")
    expect(status(page)).to_have_text(f"Result {count} of {count}")
    search_box(page).press("Enter")
    expect(results(page).first).to_have_attribute("aria-selected", "true")
    last = results(page).last.get_attribute("data-key")
    assert page.evaluate("window.reveals") == [first, second, first, last, first]


def test_clicking_a_result_reveals_that_unit(page):
    open_chart(page)
    find(page, "peace")
    second = results(page).nth(1)
    key = second.get_attribute("data-key")
    second.click()
    expect(second).to_have_attribute("aria-selected", "true")
    assert page.evaluate("window.reveals")[-1] == key


def test_escape_clears_the_query_the_results_and_the_marks(page):
    open_chart(page)
    find(page, "peace")
    expect(chart(page).locator(".is-search-hit").first).to_be_visible()
    search_box(page).press("Escape")
    expect(search_box(page)).to_have_value("")
    expect(results(page)).to_have_count(0)
    expect(chart(page).locator('[data-chart-search] [role="listbox"]')).to_be_hidden()
    expect(search_box(page)).to_have_attribute("aria-expanded", "false")
    expect(status(page)).to_have_text("")
    expect(chart(page).locator(".is-search-hit")).to_have_count(0)


def test_a_query_that_matches_nothing_says_so(page):
    open_chart(page)
    find(page, "no such unit 42")
    expect(results(page)).to_have_count(0)
    expect(status(page)).to_have_text("No unit found")
    expect(search_box(page)).to_have_attribute("aria-expanded", "false")


def test_each_chart_of_a_comparison_searches_its_own_units(page):
    open_chart(page, COMPARE_2017)
    find(page, "Department of Peacekeeping Operations", side="before")
    expect(results(page, "before")).to_have_count(1)
    find(page, "Department of Peacekeeping Operations", side="after")
    expect(status(page, "after")).to_have_text("No unit found")
    assert page.evaluate("window.reveals") == ["dpko"]
