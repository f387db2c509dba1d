"""The compare page in real Chromium: colours, selection, folding, languages, secondary lines, JS off."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from structures.guards import replacing_published_data
from structures.models import Succession

from .conftest import COMPARE_2017

pytestmark = pytest.mark.browser


def unit(page: Page, side: str, key: str) -> Locator:
    """Return the <li> of a unit in one chart's server-rendered list (it carries the change--STATUS class)."""
    return page.locator(f'.chart[data-side="{side}"] li.unit[data-key="{key}"]')


def node(page: Page, side: str, key: str) -> Locator:
    """Return the drawn box of a unit on one chart."""
    return page.locator(f'.chart[data-side="{side}"] .chart__viewport .node[data-key="{key}"]')


def has_class(name: str) -> re.Pattern[str]:
    return re.compile(rf"(^|\s){re.escape(name)}(\s|$)")


def open_compare(page: Page) -> Page:
    page.goto(COMPARE_2017)
    expect(page.locator(".chart.chart--drawn")).to_have_count(2)
    return page


def centre(page: Page, side: str, key: str) -> None:
    """Bring a unit to the middle of its chart, as a pan would."""
    page.locator(f'.chart[data-side="{side}"]').evaluate("(root, key) => root.orgchart.centre(key)", key)


def test_compare_marks_dpko_and_dpo_as_renamed(page):
    open_compare(page)
    expect(unit(page, "before", "dpko")).to_have_class(has_class("change--renamed"))
    expect(unit(page, "after", "dpo")).to_have_class(has_class("change--renamed"))
    expect(page.locator("#before-dpko .box__status")).to_have_text("renamed")
    expect(node(page, "before", "dpko")).to_have_class(has_class("change--renamed"))
    expect(node(page, "after", "dpo")).to_have_class(has_class("change--renamed"))
    expect(node(page, "before", "dpko").locator(".node__status")).to_have_text("renamed")


def test_compare_marks_dpa_and_pbso_as_merged_into_dppa(page):
    open_compare(page)
    expect(unit(page, "before", "dpa")).to_have_class(has_class("change--merged"))
    expect(unit(page, "before", "pbso")).to_have_class(has_class("change--merged"))
    expect(unit(page, "after", "dppa")).to_have_class(has_class("change--merged"))
    for side, key in (("before", "dpa"), ("before", "pbso"), ("after", "dppa")):
        expect(node(page, side, key)).to_have_class(has_class("change--merged"))


def test_clicking_dpko_highlights_dpo_and_shows_the_renamed_change_with_its_source(page):
    open_compare(page)
    details = page.locator("#change-details")
    expect(details).to_be_hidden()

    centre(page, "before", "dpko")
    node(page, "before", "dpko").click()

    expect(node(page, "before", "dpko")).to_have_class(has_class("is-selected"))
    expect(node(page, "after", "dpo")).to_have_class(has_class("is-counterpart"))
    expect(node(page, "after", "dpo")).to_be_in_viewport()
    expect(page.locator(".chart__viewport .is-counterpart")).to_have_count(1)
    expect(page.locator("#after-dpo")).to_have_class(has_class("is-counterpart"))
    expect(details).to_be_visible()
    expect(details.locator(".details__title")).to_have_text("Department of Peacekeeping Operations")
    expect(details).to_contain_text("becomes the Department of Peace Operations")
    expect(details.locator("a.citation").first).to_contain_text("A/72/525")


def test_clicking_dppa_highlights_dpa_and_pbso_on_the_before_chart(page):
    open_compare(page)
    centre(page, "after", "dppa")
    node(page, "after", "dppa").click()

    expect(node(page, "after", "dppa")).to_have_class(has_class("is-selected"))
    for key in ("dpa", "pbso"):
        centre(page, "before", key)
        expect(node(page, "before", key)).to_have_class(has_class("is-counterpart"))
    centre(page, "before", "dpko")
    expect(node(page, "before", "dpko")).not_to_have_class(has_class("is-counterpart"))
    expect(page.locator("#change-details")).to_contain_text("Department of Political and Peacebuilding Affairs")


def test_clicking_the_selected_box_again_clears_the_selection(page):
    open_compare(page)
    centre(page, "before", "dpko")
    node(page, "before", "dpko").click()
    centre(page, "before", "dpko")
    node(page, "before", "dpko").click()

    expect(page.locator(".is-selected, .is-counterpart")).to_have_count(0)
    expect(page.locator("#change-details")).to_be_hidden()


def test_close_button_clears_the_selection_and_returns_focus_to_the_unit(page):
    open_compare(page)
    centre(page, "after", "dppa")
    node(page, "after", "dppa").click()
    page.locator("#change-details .details__close").click()

    expect(page.locator("#change-details")).to_be_hidden()
    expect(page.locator(".is-selected, .is-counterpart")).to_have_count(0)
    expect(page.locator("#after-dppa")).to_be_focused()


def test_counterpart_button_in_the_details_selects_that_unit(page):
    open_compare(page)
    centre(page, "after", "dppa")
    node(page, "after", "dppa").click()
    page.locator("#change-details .details__counterpart", has_text="Peacebuilding Support Office").click()

    expect(node(page, "before", "pbso")).to_have_class(has_class("is-selected"))
    expect(node(page, "before", "pbso")).to_be_in_viewport()
    expect(page.locator("#after-pbso")).to_have_class(has_class("is-counterpart"))
    expect(page.locator("#after-dppa")).to_have_class(has_class("is-counterpart"))


def test_pressing_enter_on_a_focused_box_selects_it(page):
    open_compare(page)
    page.locator("#before-dpko").focus()
    page.keyboard.press("Enter")

    expect(node(page, "before", "dpko")).to_have_class(has_class("is-selected"))
    expect(node(page, "after", "dpo")).to_have_class(has_class("is-counterpart"))
    page.keyboard.press("Escape")
    expect(page.locator("#change-details")).to_be_hidden()


def test_clicking_a_change_in_the_list_selects_and_centres_its_units_on_both_charts(page):
    open_compare(page)
    renamed = page.locator(".change-list > li.change--renamed").first
    renamed.locator(".status-label").click()

    expect(renamed).to_have_class(has_class("is-selected"))
    expect(node(page, "before", "dpko")).to_have_class(has_class("is-selected"))
    expect(node(page, "before", "dpko")).to_be_in_viewport()
    expect(node(page, "after", "dpo")).to_have_class(has_class("is-counterpart"))
    expect(node(page, "after", "dpo")).to_be_in_viewport()
    expect(page.locator("#change-details")).to_contain_text("becomes the Department of Peace Operations")


def test_selecting_a_unit_highlights_its_items_in_the_change_list(page):
    open_compare(page)
    centre(page, "after", "dppa")
    node(page, "after", "dppa").click()

    related = page.locator(".change-list > li.is-related")
    expect(related.first).to_be_visible()
    expect(related.first).to_have_class(has_class("change--merged"))


def test_details_panel_shows_change_text_as_text_never_as_markup(page):
    # As a dataset file carrying markup would load it: only the loader may rewrite published data.
    with replacing_published_data():
        Succession.objects.filter(type="renamed").update(summary_en='<img src="x" id="injected"> DPKO becomes DPO.')
    open_compare(page)
    centre(page, "before", "dpko")
    node(page, "before", "dpko").click()

    expect(page.locator("#change-details")).to_contain_text('<img src="x" id="injected">')
    expect(page.locator("#injected")).to_have_count(0)


def test_fold_button_on_dppa_hides_and_shows_pbso(page):
    open_compare(page)
    centre(page, "after", "dppa")
    toggle = node(page, "after", "dppa").locator(".node__toggle")
    expect(toggle).to_have_text("−")
    expect(toggle).to_have_attribute("title", re.compile(r"^Collapse"))
    expect(node(page, "after", "pbso")).to_have_count(1)

    toggle.click()
    expect(node(page, "after", "pbso")).to_have_count(0)
    expect(node(page, "after", "dppa")).to_have_class(has_class("is-collapsed"))
    expect(toggle).to_have_text(re.compile(r"^\+\d+"))
    expect(toggle).to_have_attribute("title", re.compile(r"^Expand"))

    toggle.click()
    expect(node(page, "after", "pbso")).to_have_count(1)
    expect(toggle).to_have_text("−")


def test_collapse_all_leaves_only_the_roots_and_expand_all_shows_everything_again(page):
    open_compare(page)
    chart = page.locator('.chart[data-side="after"]')
    expect(chart.locator(".chart__toolbar")).to_be_visible()

    chart.locator('[data-action="collapse-all"]').click()
    chart.locator('[data-action="fit"]').click()
    expect(node(page, "after", "secretary-general")).to_be_visible()
    expect(node(page, "after", "peace-security-pillar")).to_be_visible()
    expect(node(page, "after", "dpo")).to_have_count(0)
    expect(node(page, "after", "pbso")).to_have_count(0)
    expect(node(page, "before", "dpko")).to_have_count(1)

    chart.locator('[data-action="expand-all"]').click()
    centre(page, "after", "pbso-policy")
    expect(node(page, "after", "pbso-policy")).to_be_visible()
    centre(page, "after", "dpo")
    expect(node(page, "after", "dpo")).to_be_visible()


def test_language_link_opens_the_chinese_compare_page(page):
    open_compare(page)
    page.locator('a[data-language="zh-hans"]').click()

    expect(page).to_have_url(re.compile(r"/zh-hans/compare/\?before=peace-security-2017-before&after="))
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.locator("#before-dpko .box__name")).to_have_text("维持和平行动部")
    expect(node(page, "before", "dpko").locator(".node__name")).to_have_text("维持和平行动部")
    expect(page.locator("h1")).to_contain_text("比较")
    expect(page.locator('.chart[data-side="before"] [data-action="expand-all"]')).to_have_text("全部展开")


def test_secondary_lines_are_drawn_as_dashed_typed_labelled_paths_on_the_after_chart(page):
    open_compare(page)
    lines = page.locator('.chart[data-side="after"] svg.chart__links g.chart__line')
    expect(lines.first).to_be_attached()
    dash = lines.first.locator("path").evaluate("path => getComputedStyle(path).strokeDasharray")
    assert dash not in ("", "none")
    expect(lines.first.locator("text")).not_to_be_empty()
    also = page.locator('.chart[data-side="after"] g.chart__line.line--also_reports_to').first
    # The label names the type and the start of the qualifier; the title holds the qualifier whole.
    expect(also.locator("text")).to_have_text("also reports to (on non-mission…)")
    expect(also.locator("title")).to_have_text(re.compile(r"^also reports to \(on non-mission settings, .+\)$"))


def test_secondary_lines_of_a_folded_unit_are_not_drawn(page):
    open_compare(page)
    from_pbso = page.locator('.chart[data-side="after"] svg.chart__links g.chart__line[data-from="pbso"]')
    expect(from_pbso.first).to_be_attached()

    centre(page, "after", "dppa")
    node(page, "after", "dppa").locator(".node__toggle").click()
    expect(from_pbso).to_have_count(0)

    node(page, "after", "dppa").locator(".node__toggle").click()
    expect(from_pbso.first).to_be_attached()


def test_the_drawn_layer_is_hidden_from_assistive_technology_and_the_list_stays(page):
    open_compare(page)
    expect(page.locator('.chart[data-side="before"] .chart__viewport')).to_have_attribute("aria-hidden", "true")
    expect(page.locator("#before-dpko")).to_be_attached()
    expect(page.locator(".chart__viewport .node__toggle").first).to_have_attribute("tabindex", "-1")


def test_without_javascript_the_compare_page_is_a_readable_nested_list(page_without_js):
    page = page_without_js
    page.goto(COMPARE_2017)

    expect(page.locator(".chart[data-chart]")).to_have_count(2)
    expect(page.locator(".chart--drawn")).to_have_count(0)
    expect(page.locator(".chart__viewport")).to_have_count(0)
    expect(page.locator("#before-dpko .box__name")).to_have_text("Department of Peacekeeping Operations")
    expect(page.locator("#after-dpo .box__name")).to_have_text("Department of Peace Operations")
    expect(page.locator("#after-dpo")).to_be_visible()
    expect(page.locator('li[data-key="dppa"] > ul > li[data-key="pbso"] > #after-pbso')).to_be_visible()
    expect(page.locator(".chart__toolbar").first).to_be_hidden()
    expect(page.locator(".compare-modes")).to_be_hidden()
    expect(page.locator(".compare__merged")).to_be_hidden()
