"""A large chart in real Chromium is drawn from the head its page carries, then from its whole tree once read.

The real 2017 chart stands in for a large one by lowering the outline budget (settings.ORGCHART_OUTLINE_BUDGET).
The whole tree's response is held back by the test, so what the chart shows before it comes is seen for sure.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, Route, expect

from .conftest import AFTER_2017, BEFORE_2017, COMPARE_2017, SNAPSHOT_2017

pytestmark = pytest.mark.browser

CHART = '.chart[data-side="chart"]'
TREE_URL = "**/api/snapshots/*/tree/"


@pytest.fixture(autouse=True)
def small_budget(settings):
    settings.ORGCHART_OUTLINE_BUDGET = 8


class HeldTree:
    """Hold every request for the whole tree until the test lets them go."""

    def __init__(self, page: Page) -> None:
        self.held: list[Route] = []
        self.released = False
        page.route(TREE_URL, self.arrived)

    def arrived(self, route: Route) -> None:
        if self.released:
            route.continue_()
        else:
            self.held.append(route)

    def release(self) -> None:
        self.released = True
        for route in self.held:
            route.continue_()


def whole_tree(page: Page, key: str = AFTER_2017) -> list[dict]:
    return page.request.get(f"/api/snapshots/{key}/tree/").json()["units"]


def below(units: list[dict], key: str) -> list[str]:
    found, frontier = [], {key}
    while frontier:
        frontier = {unit["key"] for unit in units if unit["parent"] in frontier}
        found += frontier
    return found


def node(page: Page, key: str):
    return page.locator(f'{CHART} .chart__boxes .node[data-key="{key}"]')


def test_the_chart_is_drawn_from_its_head_with_closed_units_counting_the_whole_tree_below_them(page):
    tree = HeldTree(page)
    page.goto(f"{SNAPSHOT_2017}#e=")  # every unit closed, so each cut unit drawn shows its count
    chart = page.locator(CHART)
    expect(chart.locator(".chart__boxes .node").first).to_be_visible()
    assert chart.get_attribute("data-complete") is None
    head = json.loads(page.locator("#chart-head-chart").text_content())["units"]
    drawn = chart.locator(".chart__boxes .node").evaluate_all("(nodes) => nodes.map((n) => n.dataset.key)")
    assert set(drawn) <= {unit["key"] for unit in head}
    units = whole_tree(page)
    cut = next(unit for unit in head if unit.get("held") and unit["key"] in drawn)
    expect(node(page, cut["key"]).locator(".node__toggle")).to_have_text(f"+{len(below(units, cut['key']))}")

    tree.release()
    expect(chart).to_have_attribute("data-complete", "")
    assert page.evaluate(f"document.querySelector('{CHART}').orgchart.state.units.size") == len(units)
    # Nothing moved: the same boxes stand where they stood, and the cut unit now opens onto its children. (The
    # boxes are drawn again in the frame after the whole tree is taken, before that frame is painted.)
    boxes = chart.locator(".chart__boxes .node")
    expect(boxes).to_have_count(len(drawn))
    assert boxes.evaluate_all("(nodes) => nodes.map((n) => n.dataset.key)") == drawn
    node(page, cut["key"]).locator(".node__toggle").click()
    children = [unit["key"] for unit in units if unit["parent"] == cut["key"]]
    for key in children:
        expect(node(page, key)).to_have_count(1)


def test_a_unit_opened_before_its_units_came_says_it_is_loading_then_shows_them(page):
    tree = HeldTree(page)
    page.goto(f"{SNAPSHOT_2017}#e=")
    expect(page.locator(f"{CHART} .chart__boxes .node").first).to_be_visible()
    head = json.loads(page.locator("#chart-head-chart").text_content())["units"]
    drawn = page.locator(f"{CHART} .chart__boxes .node").evaluate_all("(nodes) => nodes.map((n) => n.dataset.key)")
    cut = next(unit["key"] for unit in head if unit.get("held") and unit["key"] in drawn)
    node(page, cut).locator(".node__toggle").click()
    # Open, and saying so, rather than an open unit with nothing under it.
    expect(node(page, cut)).to_have_class(re.compile(r"\bis-loading\b"))
    expect(node(page, cut)).to_have_attribute("aria-busy", "true")
    expect(node(page, cut).locator(".node__toggle")).to_have_text("…")

    tree.release()
    expect(page.locator(CHART)).to_have_attribute("data-complete", "")
    expect(node(page, cut)).not_to_have_class(re.compile(r"\bis-loading\b"))
    expect(node(page, cut)).not_to_have_attribute("aria-busy", "true")
    expect(node(page, cut).locator(".node__toggle")).to_have_text("−")
    for key in (unit["key"] for unit in whole_tree(page) if unit["parent"] == cut):
        expect(node(page, key)).to_have_count(1)


def test_a_link_to_a_unit_the_head_does_not_have_shows_it_once_the_whole_tree_is_read(page):
    tree = HeldTree(page)
    units = whole_tree(page)
    page.goto(SNAPSHOT_2017)
    head = {unit["key"] for unit in json.loads(page.locator("#chart-head-chart").text_content())["units"]}
    deep = next(unit["key"] for unit in units if unit["key"] not in head)
    page.goto(f"{SNAPSHOT_2017}#u={deep}")
    page.reload()
    expect(page.locator(f"{CHART} .chart__boxes .node").first).to_be_visible()
    expect(node(page, deep)).to_have_count(0)
    tree.release()
    expect(page.locator(CHART)).to_have_attribute("data-complete", "")
    expect(node(page, deep)).to_have_class(re.compile(r"\bis-selected\b"))


def test_search_finds_units_beyond_the_head_once_the_whole_tree_is_read(page):
    tree = HeldTree(page)
    page.goto(SNAPSHOT_2017)
    head = {unit["key"] for unit in json.loads(page.locator("#chart-head-chart").text_content())["units"]}
    deep = next(unit for unit in whole_tree(page) if unit["key"] not in head)
    search = page.locator(f"{CHART} [data-chart-search] input")
    search.fill(deep["name_en"])  # indexed from the head now, and again when the whole tree comes
    tree.release()
    expect(page.locator(CHART)).to_have_attribute("data-complete", "")
    search.fill("")
    search.fill(deep["name_en"])
    expect(node(page, deep["key"])).to_have_class(re.compile(r"\bis-selected\b"))


def test_both_charts_of_a_comparison_are_drawn_from_their_heads_then_whole(page):
    tree = HeldTree(page)
    page.goto(COMPARE_2017)
    for side, key in (("before", BEFORE_2017), ("after", AFTER_2017)):
        chart = page.locator(f'.chart[data-side="{side}"]')
        expect(chart.locator(".chart__boxes .node").first).to_be_visible()
        head = json.loads(page.locator(f"#chart-head-{side}").text_content())["units"]
        assert chart.evaluate("root => root.orgchart.state.units.size") == len(head) < len(whole_tree(page, key))
    tree.release()
    for side, key in (("before", BEFORE_2017), ("after", AFTER_2017)):
        chart = page.locator(f'.chart[data-side="{side}"]')
        expect(chart).to_have_attribute("data-complete", "")
        assert chart.evaluate("root => root.orgchart.state.units.size") == len(whole_tree(page, key))


def test_a_merged_view_link_opens_the_merged_view_once_the_whole_trees_are_read(page):
    page.goto(COMPARE_2017)
    expect(page.locator('.chart[data-side="after"]')).to_have_attribute("data-complete", "")
    page.locator('.compare-modes [data-mode="merged"]').click()
    merged = page.locator('.chart[data-side="merged"]')
    merged.evaluate("root => root.orgchart.centre('dpko')")
    merged.locator('.chart__viewport .node[data-key="dpko"] .node__toggle').click()
    page.wait_for_function("() => location.hash.includes('m=merged') && /[#&]c=[^&]*dpko/.test(location.hash)")

    fresh = page.context.new_page()
    tree = HeldTree(fresh)
    fresh.goto(page.url)
    expect(fresh.locator('.chart[data-side="after"] .chart__boxes .node').first).to_be_visible()
    expect(fresh.locator(".compare__merged")).to_be_hidden()
    tree.release()
    expect(fresh.locator(".compare__merged")).to_be_visible()
    merged = fresh.locator('.chart[data-side="merged"]')
    expect(merged).to_have_class(re.compile(r"\bchart--drawn\b"))
    assert merged.evaluate("root => root.orgchart.state.expanded.has('dpko')") is False
    assert merged.evaluate("root => root.orgchart.state.expanded.has('dpo')") is True


def test_a_mode_asked_for_before_the_whole_trees_came_says_it_is_waiting_then_shows(page):
    tree = HeldTree(page)
    page.goto(COMPARE_2017)
    expect(page.locator('.chart[data-side="after"] .chart__boxes .node').first).to_be_visible()
    merged_button = page.locator('.compare-modes [data-mode="merged"]')
    merged_button.click()
    expect(merged_button).to_have_attribute("aria-busy", "true")
    expect(page.locator(".compare__merged")).to_be_hidden()
    tree.release()
    expect(page.locator(".compare__merged")).to_be_visible()
    expect(merged_button).to_have_attribute("aria-pressed", "true")
    expect(merged_button).not_to_have_attribute("aria-busy", "true")


def test_side_by_side_asked_for_while_waiting_cancels_the_mode_asked_before(page):
    tree = HeldTree(page)
    page.goto(COMPARE_2017)
    expect(page.locator('.chart[data-side="after"] .chart__boxes .node').first).to_be_visible()
    page.locator('.compare-modes [data-mode="merged"]').click()
    page.locator('.compare-modes [data-mode="side"]').click()
    expect(page.locator('.compare-modes [data-mode="merged"]')).not_to_have_attribute("aria-busy", "true")
    tree.release()
    expect(page.locator('.chart[data-side="after"]')).to_have_attribute("data-complete", "")
    expect(page.locator(".compare__merged")).to_be_hidden()
    expect(page.locator('.compare-modes [data-mode="side"]')).to_have_attribute("aria-pressed", "true")
