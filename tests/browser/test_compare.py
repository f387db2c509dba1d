"""The compare page in real Chromium: colours, selection, folding, languages, secondary lines, JS off."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from structures.models import Succession

from .conftest import COMPARE_2017

pytestmark = pytest.mark.browser


def unit(page: Page, side: str, key: str) -> Locator:
    """Return the <li> of a unit on one chart (it carries the change--STATUS class)."""
    return page.locator(f'.chart[data-side="{side}"] li.unit[data-key="{key}"]')


def has_class(name: str) -> re.Pattern[str]:
    return re.compile(rf"(^|\s){re.escape(name)}(\s|$)")


def open_compare(page: Page) -> Page:
    page.goto(COMPARE_2017)
    expect(page.locator(".chart.chart--drawn")).to_have_count(2)
    return page


def test_compare_marks_dpko_and_dpo_as_renamed(page):
    open_compare(page)
    expect(unit(page, "before", "dpko")).to_have_class(has_class("change--renamed"))
    expect(unit(page, "after", "dpo")).to_have_class(has_class("change--renamed"))
    expect(page.locator("#before-dpko .box__status")).to_have_text("renamed")


def test_compare_marks_dpa_and_pbso_as_merged_into_dppa(page):
    open_compare(page)
    expect(unit(page, "before", "dpa")).to_have_class(has_class("change--merged"))
    expect(unit(page, "before", "pbso")).to_have_class(has_class("change--merged"))
    expect(unit(page, "after", "dppa")).to_have_class(has_class("change--merged"))


def test_clicking_dpko_highlights_dpo_and_shows_the_renamed_change_with_its_source(page):
    open_compare(page)
    details = page.locator("#change-details")
    expect(details).to_be_hidden()

    page.locator("#before-dpko .box__name").click()

    expect(page.locator("#before-dpko")).to_have_class(has_class("is-selected"))
    expect(page.locator("#after-dpo")).to_have_class(has_class("is-counterpart"))
    expect(page.locator("#after-dpo")).to_be_in_viewport()
    expect(page.locator(".is-counterpart")).to_have_count(1)
    expect(details).to_be_visible()
    expect(details.locator(".details__title")).to_have_text("Department of Peacekeeping Operations")
    expect(details).to_contain_text("becomes the Department of Peace Operations")
    expect(details.locator("a.citation").first).to_contain_text("A/72/525")


def test_clicking_dppa_highlights_dpa_and_pbso_on_the_before_chart(page):
    open_compare(page)
    page.locator("#after-dppa .box__name").click()

    expect(page.locator("#after-dppa")).to_have_class(has_class("is-selected"))
    expect(page.locator("#before-dpa")).to_have_class(has_class("is-counterpart"))
    expect(page.locator("#before-pbso")).to_have_class(has_class("is-counterpart"))
    expect(page.locator("#before-dpko")).not_to_have_class(has_class("is-counterpart"))
    expect(page.locator("#change-details")).to_contain_text("Department of Political and Peacebuilding Affairs")


def test_clicking_the_selected_box_again_clears_the_selection(page):
    open_compare(page)
    page.locator("#before-dpko .box__name").click()
    page.locator("#before-dpko .box__name").click()

    expect(page.locator(".is-selected, .is-counterpart")).to_have_count(0)
    expect(page.locator("#change-details")).to_be_hidden()


def test_close_button_clears_the_selection_and_returns_focus_to_the_unit(page):
    open_compare(page)
    page.locator("#after-dppa .box__name").click()
    page.locator("#change-details .details__close").click()

    expect(page.locator("#change-details")).to_be_hidden()
    expect(page.locator(".is-selected, .is-counterpart")).to_have_count(0)
    expect(page.locator("#after-dppa")).to_be_focused()


def test_counterpart_button_in_the_details_selects_that_unit(page):
    open_compare(page)
    page.locator("#after-dppa .box__name").click()
    page.locator("#change-details .details__counterpart", has_text="Peacebuilding Support Office").click()

    expect(page.locator("#before-pbso")).to_have_class(has_class("is-selected"))
    expect(page.locator("#after-pbso")).to_have_class(has_class("is-counterpart"))
    expect(page.locator("#after-dppa")).to_have_class(has_class("is-counterpart"))


def test_pressing_enter_on_a_focused_box_selects_it(page):
    open_compare(page)
    page.locator("#before-dpko").focus()
    page.keyboard.press("Enter")

    expect(page.locator("#before-dpko")).to_have_class(has_class("is-selected"))
    expect(page.locator("#after-dpo")).to_have_class(has_class("is-counterpart"))
    page.keyboard.press("Escape")
    expect(page.locator("#change-details")).to_be_hidden()


def test_clicking_a_change_in_the_list_selects_its_units_on_both_charts(page):
    open_compare(page)
    renamed = page.locator(".change-list > li.change--renamed")
    renamed.locator(".status-label").click()

    expect(renamed).to_have_class(has_class("is-selected"))
    expect(page.locator("#before-dpko")).to_have_class(has_class("is-selected"))
    expect(page.locator("#after-dpo")).to_have_class(has_class("is-counterpart"))
    expect(page.locator("#change-details")).to_contain_text("becomes the Department of Peace Operations")


def test_details_panel_shows_change_text_as_text_never_as_markup(page):
    Succession.objects.filter(type="renamed").update(summary_en='<img src="x" id="injected"> DPKO becomes DPO.')
    open_compare(page)
    page.locator("#before-dpko .box__name").click()

    expect(page.locator("#change-details")).to_contain_text('<img src="x" id="injected">')
    expect(page.locator("#injected")).to_have_count(0)


def test_fold_button_on_dppa_hides_and_shows_pbso(page):
    open_compare(page)
    toggle = page.locator("#after-dppa .box__toggle")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(toggle).to_have_attribute("aria-label", re.compile(r"^Collapse"))
    expect(page.locator("#after-pbso")).to_be_visible()

    toggle.click()
    expect(page.locator("#after-pbso")).to_be_hidden()
    expect(unit(page, "after", "dppa")).to_have_class(has_class("is-collapsed"))
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_have_attribute("aria-label", re.compile(r"^Expand"))

    toggle.click()
    expect(page.locator("#after-pbso")).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")


def test_collapse_all_leaves_only_the_roots_and_expand_all_shows_everything_again(page):
    open_compare(page)
    chart = page.locator('.chart[data-side="after"]')
    expect(chart.locator(".chart__toolbar")).to_be_visible()

    chart.locator('[data-action="collapse-all"]').click()
    expect(page.locator("#after-secretary-general")).to_be_visible()
    expect(page.locator("#after-peace-security-pillar")).to_be_visible()
    expect(page.locator("#after-dpo")).to_be_hidden()
    expect(page.locator("#after-pbso")).to_be_hidden()
    expect(page.locator("#before-dpko")).to_be_visible()

    chart.locator('[data-action="expand-all"]').click()
    expect(page.locator("#after-dpo")).to_be_visible()
    expect(page.locator("#after-pbso-policy")).to_be_visible()


def test_language_link_opens_the_chinese_compare_page(page):
    open_compare(page)
    page.locator('a[data-language="zh-hans"]').click()

    expect(page).to_have_url(re.compile(r"/zh-hans/compare/\?before=peace-security-2017-before&after="))
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.locator("#before-dpko .box__name")).to_have_text("维持和平行动部")
    expect(page.locator("h1")).to_contain_text("比较")
    expect(page.locator('.chart[data-side="before"] [data-action="expand-all"]')).to_have_text("全部展开")


def test_secondary_lines_are_drawn_as_dashed_paths_on_the_after_chart(page):
    open_compare(page)
    paths = page.locator('.chart[data-side="after"] svg.chart__lines g.chart__line > path')
    expect(paths.first).to_be_attached()
    assert paths.count() >= 1
    dash = paths.first.evaluate("path => getComputedStyle(path).strokeDasharray")
    assert dash not in ("", "none")
    expect(page.locator('.chart[data-side="after"] svg.chart__lines text').first).not_to_be_empty()


def test_secondary_lines_of_a_folded_unit_are_not_drawn(page):
    open_compare(page)
    from_pbso = page.locator('.chart[data-side="after"] svg.chart__lines g.chart__line[data-from="pbso"]')
    expect(from_pbso.first).to_be_attached()

    page.locator("#after-dppa .box__toggle").click()
    expect(from_pbso).to_have_count(0)

    page.locator("#after-dppa .box__toggle").click()
    expect(from_pbso.first).to_be_attached()


def test_without_javascript_the_compare_page_is_a_readable_nested_list(page_without_js):
    page = page_without_js
    page.goto(COMPARE_2017)

    expect(page.locator(".chart")).to_have_count(2)
    expect(page.locator(".chart--drawn")).to_have_count(0)
    expect(page.locator("#before-dpko .box__name")).to_have_text("Department of Peacekeeping Operations")
    expect(page.locator("#after-dpo .box__name")).to_have_text("Department of Peace Operations")
    expect(page.locator("#after-dpo")).to_be_visible()
    expect(page.locator('li[data-key="dppa"] > ul > li[data-key="pbso"] > #after-pbso')).to_be_visible()
    expect(page.locator(".chart__toolbar").first).to_be_hidden()
    expect(page.locator(".box__toggle")).to_have_count(0)
