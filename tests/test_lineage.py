"""A unit's lineage: every appearance in date order, every succession into and out of it."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from structures.lineage import Appearance, SuccessionEvent, build_lineage
from structures.models import Unit

from .conftest import AFTER_2017, BEFORE_2017


def appearance(order, snapshot, name="Office", parent="top", **unit):
    return Appearance(
        order=order,
        snapshot={"key": snapshot},
        unit={"key": "office", "name_en": name, "name_zh": name, "parent": parent, "citations": [], **unit},
    )


def event(order, before, after, kind, from_units, to_units):
    return SuccessionEvent(
        order=order,
        reform=f"{before}-{after}",
        before=before,
        after=after,
        type=kind,
        from_units=tuple((k, k.title(), k) for k in from_units),
        to_units=tuple((k, k.title(), k) for k in to_units),
        summary_en=f"{kind} summary",
        summary_zh="",
        citations=({"document": "X/1", "paragraph": "3"},),
    )


def test_appearances_come_in_timeline_order_whatever_the_input_order():
    lineage = build_lineage("office", [appearance(2, "s3"), appearance(0, "s1"), appearance(1, "s2")], [])
    assert [a.snapshot["key"] for a in lineage.appearances] == ["s1", "s2", "s3"]
    assert lineage.events == []


def test_unstated_rename_and_move_between_appearances_are_inferred():
    lineage = build_lineage("office", [appearance(0, "s1"), appearance(1, "s2", name="Bureau", parent="other")], [])
    assert [(e["type"], e["inferred"], e["before"], e["after"]) for e in lineage.events] == [
        ("renamed", True, "s1", "s2"),
        ("moved", True, "s1", "s2"),
    ]


def test_a_stated_succession_replaces_inference_for_its_pair_of_snapshots():
    stated = event(1, "s1", "s2", "renamed", ["office"], ["office"])
    lineage = build_lineage("office", [appearance(0, "s1"), appearance(1, "s2", name="Bureau")], [stated])
    assert [(e["type"], e["inferred"]) for e in lineage.events] == [("renamed", False)]
    assert lineage.events[0]["citations"] == [{"document": "X/1", "paragraph": "3"}]


def test_a_unit_on_both_sides_of_a_split_goes_through_it_and_gains_a_successor():
    split = event(1, "s1", "s2", "split", ["office"], ["office", "new"])
    lineage = build_lineage("office", [appearance(0, "s1"), appearance(1, "s2")], [split])
    assert lineage.events[0]["direction"] == "through"
    assert [u["key"] for u in lineage.successors] == ["new"]
    assert lineage.predecessors == []


def test_an_unknown_parent_is_not_a_move():
    later = appearance(1, "s2", parent=None, parent_unknown=True)
    assert build_lineage("office", [appearance(0, "s1"), later], []).events == []


def test_predecessors_and_successors_come_from_successions_in_and_out():
    merged_in = event(1, "s1", "s2", "merged", ["a", "b"], ["office"])
    split_out = event(2, "s2", "s3", "split", ["office"], ["c", "d"])
    lineage = build_lineage("office", [appearance(1, "s2")], [split_out, merged_in])
    assert [e["type"] for e in lineage.events] == ["merged", "split"]
    assert [e["direction"] for e in lineage.events] == ["in", "out"]
    assert [u["key"] for u in lineage.predecessors] == ["a", "b"]
    assert [u["key"] for u in lineage.successors] == ["c", "d"]


@pytest.fixture
def api():
    return APIClient()


def test_lineage_api_follows_dpko_from_2004_into_dpo_with_citations(api, dataset):
    body = api.get("/api/units/dpko/lineage/").json()
    snapshots = [a["snapshot"]["key"] for a in body["appearances"]]
    timeline = [s["key"] for s in api.get("/api/snapshots/").json()]
    assert snapshots == [key for key in timeline if key in snapshots]  # date order
    assert {"secretariat-2007-before", "peacekeeping-2010", BEFORE_2017} <= set(snapshots)
    renamed = next(e for e in body["events"] if e["type"] == "renamed" and e["after"] == AFTER_2017)
    assert renamed["direction"] == "out"
    assert [u["key"] for u in renamed["to"]] == ["dpo"]
    assert renamed["citations"][0]["document"] == "A/72/525"
    assert "dpo" in [u["key"] for u in body["successors"]]
    assert "dfs" in [u["key"] for u in body["successors"]]  # the 2007 split


def test_lineage_api_lists_every_snapshot_a_unit_appears_in_in_date_order(api, dataset):
    body = api.get("/api/units/pbso/lineage/").json()
    snapshots = [a["snapshot"]["key"] for a in body["appearances"]]
    timeline = [s["key"] for s in api.get("/api/snapshots/").json()]
    assert snapshots == [key for key in timeline if key in set(snapshots)]
    assert set(snapshots) == set(Unit.objects.filter(key="pbso").values_list("snapshot__key", flat=True))
    assert {"merged", "moved"} <= {e["type"] for e in body["events"] if e["after"] == AFTER_2017}
    assert "dppa" in [u["key"] for u in body["successors"]]


def test_lineage_api_answers_404_naming_the_unknown_key(api, dataset):
    response = api.get("/api/units/nope/lineage/")
    assert response.status_code == 404
    assert response.json() == {"detail": 'No unit with key "nope".'}


def test_lineage_api_query_count_does_not_grow_with_history(api, dataset, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):
        api.get("/api/units/pbso/lineage/")


def test_lineage_page_links_predecessors_and_successors(client, dataset):
    html = client.get("/en/units/dppa/").content.decode()
    assert 'href="/en/units/dpa/"' in html
    assert 'href="/en/units/pbso/"' in html
    assert "A/72/525 ¶20(a)" in html


def test_every_box_on_a_chart_links_to_its_lineage(client, dataset):
    html = client.get(f"/en/compare/?before={BEFORE_2017}&after={AFTER_2017}").content.decode()
    assert html.count('class="box__history"') == html.count('class="box"')
    assert 'href="/en/units/dpko/"' in html
