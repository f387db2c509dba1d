"""The impact summary's figures lead to the units they count, on the charts of the same page, in real Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import COMPARE_2017

pytestmark = pytest.mark.browser


def chart_state(page: Page, side: str, expression: str):
    return page.locator(f'.chart[data-side="{side}"]').evaluate(f"(root) => {expression}")


def open_compare(page: Page) -> Page:
    page.goto(COMPARE_2017)
    expect(page.locator(".chart.chart--drawn")).to_have_count(2)
    return page


def test_show_on_chart_marks_every_unit_a_figure_counts_and_opens_the_folds_above_them(page):
    open_compare(page)
    cell = page.locator('.impact-row[data-metric="units"] .impact__value[data-side="after"]')
    counted = set(cell.get_attribute("data-keys").split())
    assert len(counted) > 10
    page.locator('.chart[data-side="after"]').evaluate("(root) => root.orgchart.setExpanded(new Set())")

    cell.get_by_role("button", name="Show on chart").click()

    marked = chart_state(
        page, "after", "[...root.orgchart.state.marks].filter(([, m]) => m.includes('is-counted')).map(([k]) => k)"
    )
    assert set(marked) == counted
    hidden = chart_state(
        page, "after", "[...root.orgchart.state.units.keys()].filter((k) => !root.orgchart.state.layout.boxes.has(k))"
    )
    assert not counted & set(hidden), "every counted unit is drawn, its ancestors opened"
    expect(page.locator('.chart[data-side="after"] .node.is-counted').first).to_be_in_viewport()
    expect(cell.get_by_role("button", name="Show on chart")).to_have_attribute("aria-pressed", "true")
    assert chart_state(page, "before", "root.orgchart.state.marks.size") == 0


def test_a_figures_unit_link_selects_that_unit_on_its_chart(page):
    open_compare(page)
    link = page.locator('.impact-row[data-metric="span_max"] .impact__value[data-side="before"] a[data-key]').first
    key = link.get_attribute("data-key")
    page.locator('.chart[data-side="before"]').evaluate("(root) => root.orgchart.setExpanded(new Set())")

    link.click()

    expect(page.locator(f'.chart[data-side="before"] .chart__viewport .node[data-key="{key}"]')).to_be_in_viewport()
    assert chart_state(page, "before", "root.orgchart.state.selected") == key
    assert page.evaluate("location.hash") != f"#before-{key}", "the link is handled on the chart, not followed"


def test_show_on_chart_from_the_merged_view_returns_to_the_side_by_side_charts(page):
    open_compare(page)
    page.locator('.compare-modes [data-mode="merged"]').click()
    expect(page.locator(".compare")).to_be_hidden()
    cell = page.locator('.impact-row[data-metric="units"] .impact__value[data-side="before"]')

    cell.get_by_role("button", name="Show on chart").click()

    expect(page.locator(".compare")).to_be_visible()
    expect(page.locator('.chart[data-side="before"] .node.is-counted').first).to_be_in_viewport()


def test_without_javascript_the_show_buttons_stay_hidden_and_the_links_lead_to_the_outline(page_without_js):
    page_without_js.goto(COMPARE_2017)
    expect(page_without_js.locator(".impact__show").first).to_be_hidden()
    link = page_without_js.locator('.impact__value[data-side="after"] a[data-key]').first
    assert link.get_attribute("href") == f"#after-{link.get_attribute('data-key')}"


def test_the_summary_and_change_list_below_the_charts_are_read_by_assistive_tech_before_they_are_scrolled_to(page):
    """They are laid out only once scrolled near (site.css), which must not hide them from the accessibility tree."""
    open_compare(page)
    impact = page.locator("section.impact")
    expect(impact).not_to_be_in_viewport()
    expect(impact.get_by_role("table")).to_have_count(1)
    expect(page.get_by_role("heading", name="Changes")).to_have_count(1)
    impact.scroll_into_view_if_needed()
    expect(impact.get_by_role("table")).to_be_visible()
    assert impact.bounding_box()["height"] > 100
