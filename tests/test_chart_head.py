"""A large chart's page carries its head: the units its outline lists, as the tree API gives them, so the viewer
draws them before it has read the whole tree. Each unit whose children are held back says how many units are
below it."""

from __future__ import annotations

import json
import re

import pytest

from structures.exports import head_of

from .conftest import AFTER_2017, BEFORE_2017

SNAPSHOT_PAGE = f"/en/snapshots/{AFTER_2017}/"
COMPARE_PAGE = f"/en/compare/?before={BEFORE_2017}&after={AFTER_2017}"


def carried(page: str, element_id: str) -> dict | None:
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(match.group(1)) if match else None


def below(units: list[dict], key: str) -> int:
    found, frontier = 0, {key}
    while frontier:
        frontier = {unit["key"] for unit in units if unit["parent"] in frontier}
        found += len(frontier)
    return found


@pytest.mark.django_db
def test_a_page_that_holds_parts_back_carries_the_listed_units_as_the_api_gives_them(client, dataset, settings):
    settings.ORGCHART_OUTLINE_BUDGET = 8
    page = client.get(SNAPSHOT_PAGE).content.decode()
    whole = client.get(f"/api/snapshots/{AFTER_2017}/tree/").json()
    head = carried(page, "chart-head-chart")
    assert head is not None
    assert 'data-head="chart-head-chart"' in page
    listed = re.findall(r'<li class="unit[^"]*" data-key="([^"]+)"', page)
    assert [unit["key"] for unit in head["units"]] == listed
    by_key = {unit["key"]: unit for unit in whole["units"]}
    held_back = set(re.findall(r'data-outline-rest="([^"]+)"', page))
    assert held_back
    for unit in head["units"]:
        if unit["key"] in held_back:
            assert unit.pop("held") == below(whole["units"], unit["key"]) > 0
        assert unit == by_key[unit["key"]]
    inside = set(listed)
    assert all(line["from"] in inside and line["to"] in inside for line in head["lines"])
    assert head["lines"] == [l for l in whole["lines"] if l["from"] in inside and l["to"] in inside]  # noqa: E741


@pytest.mark.django_db
def test_each_chart_of_a_comparison_carries_its_own_head(client, dataset, settings):
    settings.ORGCHART_OUTLINE_BUDGET = 16
    page = client.get(COMPARE_PAGE).content.decode()
    after_chart = page.index('data-side="after"')
    charts = {"before": page[:after_chart], "after": page[after_chart:]}
    for side, key in (("before", BEFORE_2017), ("after", AFTER_2017)):
        head = carried(page, f"chart-head-{side}")
        assert head is not None
        assert head["snapshot"]["key"] == key
        listed = re.findall(r'<li class="unit[^"]*" data-key="([^"]+)"', charts[side])
        assert [unit["key"] for unit in head["units"]] == listed
        assert 'data-outline-rest="' in charts[side]


@pytest.mark.django_db
def test_a_page_that_lists_every_unit_carries_no_head(client, dataset):
    page = client.get(SNAPSHOT_PAGE).content.decode()
    assert "data-outline-rest" not in page
    assert carried(page, "chart-head-chart") is None
    assert "data-head=" not in page


def test_the_head_keeps_its_units_in_tree_order_with_lines_and_figures_inside():
    units = [
        {"key": key, "parent": parent} for key, parent in (("A", None), ("B", "A"), ("C", "B"), ("D", "C"), ("E", "A"))
    ]
    tree = {
        "snapshot": {"key": "tiny"},
        "units": units,
        "lines": [{"from": "E", "to": "B", "type": "guidance"}, {"from": "E", "to": "C", "type": "guidance"}],
        "figures": [{"unit": "B", "value": 1}, {"unit": "D", "value": 2}, {"unit": None, "value": 3}],
    }
    head = head_of(tree, ["A", "E", "B"], {"B": 2})
    assert [(unit["key"], unit.get("held")) for unit in head["units"]] == [("A", None), ("B", 2), ("E", None)]
    assert head["lines"] == [{"from": "E", "to": "B", "type": "guidance"}]
    assert [figure["value"] for figure in head["figures"]] == [1, 3]
    assert "held" not in units[1], "the tree it was cut from is left as it was"


TREE_PRELOAD = rf'<link rel="preload" href="/api/snapshots/{AFTER_2017}/tree/" as="fetch"'


@pytest.mark.django_db
def test_the_whole_tree_is_preloaded_only_when_the_page_draws_nothing_before_it(client, dataset, settings):
    # Without a head the chart waits for the whole tree: its download starts while the page arrives.
    assert re.search(TREE_PRELOAD, client.get(SNAPSHOT_PAGE).content.decode())
    assert re.search(TREE_PRELOAD, client.get(COMPARE_PAGE).content.decode())
    # With one, the chart is drawn first and the tree fetched after: receiving it had held the drawing back.
    settings.ORGCHART_OUTLINE_BUDGET = 16
    assert not re.search(TREE_PRELOAD, client.get(SNAPSHOT_PAGE).content.decode())
    assert not re.search(TREE_PRELOAD, client.get(COMPARE_PAGE).content.decode())
