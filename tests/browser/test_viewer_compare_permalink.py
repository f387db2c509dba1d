"""A compare permalink in real Chromium: side by side each chart folds on its own, so a shared link restores
the before chart's folds as well as the after chart's, with the selection and the side it was made on."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from .conftest import COMPARE_2017

pytestmark = pytest.mark.browser

EXPANDED = "root => { const s = root.orgchart.state; return [...s.expanded].filter((k) => s.branches.has(k)).sort(); }"


def open_compare(page: Page, url: str = COMPARE_2017) -> Page:
    page.goto(url)
    expect(page.locator(".chart[data-chart].chart--drawn")).to_have_count(2)
    return page


def chart(page: Page, side: str) -> Locator:
    return page.locator(f'.chart[data-side="{side}"]')


def node(page: Page, side: str, key: str) -> Locator:
    return chart(page, side).locator(f'.chart__viewport .node[data-key="{key}"]')


def toggle(page: Page, side: str, key: str) -> None:
    """Centre a unit on one chart and press its fold button, as a person would."""
    chart(page, side).evaluate(f"root => root.orgchart.centre('{key}')")
    node(page, side, key).locator(".node__toggle").click()


def test_a_compare_permalink_restores_each_side_s_own_folds_and_the_selection(page):
    open_compare(page)
    # Only the before chart: fold everything, then open the peace and security pillar again.
    chart(page, "before").locator('[data-action="collapse-all"]').click()
    toggle(page, "before", "peace-security-pillar")
    # Only the after chart: fold DPO.
    toggle(page, "after", "dpo")
    expect(node(page, "after", "dpo")).to_have_class(re.compile(r"\bis-collapsed\b"))
    before, after = chart(page, "before").evaluate(EXPANDED), chart(page, "after").evaluate(EXPANDED)
    assert before != after, "the two charts should fold differently"
    assert before == ["peace-security-pillar"]
    assert "dpo" not in after
    node(page, "before", "dpko").click()
    expect(node(page, "before", "dpko")).to_have_class(re.compile(r"\bis-selected\b"))
    # The address follows a moment later.
    expect(page).to_have_url(re.compile(r"#.*u=dpko&s=before.*&b[ce]="))

    fresh = open_compare(page.context.new_page(), page.url)
    assert chart(fresh, "before").evaluate(EXPANDED) == before
    assert chart(fresh, "after").evaluate(EXPANDED) == after
    expect(node(fresh, "before", "dpko")).to_have_class(re.compile(r"\bis-selected\b"))
    expect(node(fresh, "after", "dpo")).to_have_class(re.compile(r"\bis-counterpart\b"))
    expect(node(fresh, "after", "dpo")).to_have_class(re.compile(r"\bis-collapsed\b"))


def test_a_merged_view_permalink_restores_the_merged_chart_s_folds(page):
    open_compare(page)
    page.locator('.compare-modes [data-mode="merged"]').click()
    toggle(page, "merged", "dpko")
    expect(node(page, "merged", "dpko")).to_have_class(re.compile(r"\bis-collapsed\b"))
    page.wait_for_function("() => location.hash.includes('m=merged') && /[#&]c=[^&]*dpko/.test(location.hash)")
    link = page.url

    fresh = page.context.new_page()
    fresh.goto(link)
    expect(fresh.locator(".compare__merged")).to_be_visible()
    merged = fresh.locator('.chart[data-side="merged"]')
    expect(merged).to_have_class(re.compile(r"\bchart--drawn\b"))
    assert merged.evaluate("root => root.orgchart.state.expanded.has('dpko')") is False
    assert merged.evaluate("root => root.orgchart.state.expanded.has('dpo')") is True
    # Branches only the before chart has were open when the link was made, and are open again.
    before_only = merged.evaluate(
        """root => {
          const after = document.querySelector('.chart[data-side="after"]').orgchart.state.branches;
          return [...root.orgchart.state.branches].filter((key) => !after.has(key) && key !== 'dpko')
            .map((key) => [key, root.orgchart.state.expanded.has(key)]);
        }"""
    )
    assert before_only
    assert all(is_open for _, is_open in before_only), before_only
