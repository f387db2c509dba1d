"""A large chart's outline in real Chromium: top levels listed, deeper parts held back and put in place when opened.

The real 2017 chart stands in for a large one by lowering the budget (settings.ORGCHART_OUTLINE_BUDGET).
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Locator, Page, expect

from .conftest import COMPARE_2017, SNAPSHOT_2017

pytestmark = pytest.mark.browser

BUDGET = 8
CHART = '.chart[data-side="chart"]'


@pytest.fixture(autouse=True)
def small_budget(settings):
    settings.ORGCHART_OUTLINE_BUDGET = BUDGET


def open_with_parts(page: Page, url: str, sides: tuple[str, ...] = ("chart",)) -> None:
    """Open a chart page and wait until its held-back parts have come (fetched once the chart is drawn)."""
    page.goto(url)
    for side in sides:
        expect(page.locator(f'.chart[data-side="{side}"]')).to_have_attribute("data-parts-ready", "true")


def listed(page: Page, side: str = "chart") -> Locator:
    return page.locator(f'.chart[data-side="{side}"] ul.chart__tree li[data-key]')


def held_back_units(page: Page, side: str = "chart") -> list[str]:
    return page.locator(f'.chart[data-side="{side}"] ul[data-outline-rest]').evaluate_all(
        "(lists) => lists.map((list) => list.dataset.outlineRest)"
    )


def chart_units(page: Page, side: str = "chart") -> list[dict]:
    """The chart's units, from the data the page carries or, on a snapshot page, from the URL it fetches."""
    carried = page.locator(f"#chart-data-{side}")
    if carried.count():
        return json.loads(carried.text_content())["units"]
    url = page.locator(f'.chart[data-side="{side}"]').get_attribute("data-json-url")
    return page.request.get(url).json()["units"]


def tops_in_json(page: Page, side: str = "chart") -> int:
    keys = {unit["key"] for unit in chart_units(page, side)}
    return sum(1 for unit in chart_units(page, side) if unit["parent"] not in keys)


def assert_within_budget(page: Page, side: str = "chart") -> None:
    """The outline lists whole levels from the top within the budget; the top level always, whatever its size."""
    count = listed(page, side).count()
    assert 0 < count <= max(BUDGET, tops_in_json(page, side))


def children_in_json(page: Page, key: str, side: str = "chart") -> list[str]:
    return [unit["key"] for unit in chart_units(page, side) if unit["parent"] == key]


def test_without_javascript_the_top_levels_are_listed_and_a_link_opens_the_page_at_each_held_back_part(
    page_without_js,
):
    page = page_without_js
    page.goto(SNAPSHOT_2017)
    assert_within_budget(page)
    held_back = held_back_units(page)
    assert held_back
    key = held_back[0]
    link = page.locator(f'ul[data-outline-rest="{key}"] a')
    expect(link).to_have_text(re.compile(r"^Show the \d+ units? below$"))
    link.click()
    expect(page).to_have_url(re.compile(rf"\?open={key}#chart-{key}$"))
    children = page.locator(f'li[data-key="{key}"] > ul > li[data-key]')
    expect(children.first).to_be_visible()
    assert children.count() > 0
    assert page.locator(f'li[data-key="{key}"] > ul[data-outline-rest]').count() == 0


def test_opening_a_held_back_unit_from_the_keyboard_puts_its_children_in_the_outline(page):
    open_with_parts(page, SNAPSHOT_2017)
    expect(page.locator(f'{CHART} ul.chart__tree[role="tree"]')).to_have_count(1)
    key = held_back_units(page)[0]
    unit = page.locator(f'{CHART} [role="treeitem"][data-key="{key}"]')
    expect(unit).to_have_attribute("aria-expanded", "false")
    level = int(unit.get_attribute("aria-level"))
    unit.focus()
    page.keyboard.press("ArrowRight")
    expect(unit).to_have_attribute("aria-expanded", "true")
    children = unit.locator(':scope > ul[role="group"] > li[role="treeitem"]')
    expected = children_in_json(page, key)
    expect(children).to_have_count(len(expected))
    assert children.evaluate_all("(items) => items.map((item) => item.dataset.key)") == expected
    expect(children.first).to_have_attribute("aria-level", str(level + 1))
    page.keyboard.press("ArrowDown")
    expect(children.first).to_be_focused()


def test_search_finds_a_held_back_unit_and_opens_the_outline_to_it(page):
    open_with_parts(page, SNAPSHOT_2017)
    expect(page.locator(f'{CHART} ul.chart__tree[role="tree"]')).to_have_count(1)
    assert page.locator(f'{CHART} li[data-key="police-division"]').count() == 0
    page.locator(f"{CHART} [data-chart-search] input").fill("Police Division")
    found = page.locator(f'{CHART} [role="treeitem"][data-key="police-division"]')
    expect(found).to_be_visible()
    expect(found).to_have_class(re.compile(r"\bis-search-current\b"))
    expect(found).to_have_attribute("aria-selected", "true")


def test_both_sides_of_a_comparison_hold_back_their_deeper_parts_and_open_them(page):
    open_with_parts(page, COMPARE_2017, ("before", "after"))
    for side in ("before", "after"):
        assert_within_budget(page, side)
        key = held_back_units(page, side)[0]
        unit = page.locator(f'.chart[data-side="{side}"] [role="treeitem"][data-key="{key}"]')
        unit.focus()
        page.keyboard.press("ArrowRight")
        expect(unit.locator(':scope > ul[role="group"] > li[role="treeitem"]')).to_have_count(
            len(children_in_json(page, key, side))
        )


def test_a_unit_opened_before_its_part_has_come_is_filled_when_it_comes(page):
    page.route("**/*parts=chart*", lambda route: page.wait_for_timeout(500) or route.continue_())
    page.goto(SNAPSHOT_2017)
    expect(page.locator(f'{CHART} ul.chart__tree[role="tree"]')).to_have_count(1)
    key = held_back_units(page)[0]
    unit = page.locator(f'{CHART} [role="treeitem"][data-key="{key}"]')
    unit.focus()
    page.keyboard.press("ArrowRight")
    expect(unit).to_have_attribute("aria-expanded", "true")
    expect(page.locator(CHART)).to_have_attribute("data-parts-ready", "true")
    expect(unit.locator(':scope > ul[role="group"] > li[role="treeitem"]')).to_have_count(
        len(children_in_json(page, key))
    )
