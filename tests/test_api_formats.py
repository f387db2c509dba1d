"""A snapshot's tree cut to a subtree, as CSV, and trees and comparisons as W3C Organization Ontology JSON-LD."""

from __future__ import annotations

import csv
import io

import pytest
from rest_framework.test import APIClient

from structures import exports

from .conftest import AFTER_2017, BEFORE_2017, build_snapshot

ORG = "http://www.w3.org/ns/org#"


@pytest.fixture
def client():
    return APIClient()


def test_subtree_holds_the_root_and_the_levels_asked_for(client, dataset):
    whole = client.get(f"/api/snapshots/{AFTER_2017}/tree/").json()
    body = client.get(f"/api/snapshots/{AFTER_2017}/tree/?root=dpo&depth=1").json()
    assert body["units"][0]["key"] == "dpo"
    children = [u["key"] for u in whole["units"] if u["parent"] == "dpo"]
    assert [u["key"] for u in body["units"][1:]] == children
    inside = {u["key"] for u in body["units"]}
    assert all(line["from"] in inside and line["to"] in inside for line in body["lines"])


def test_depth_without_root_keeps_the_top_levels(client, dataset):
    body = client.get(f"/api/snapshots/{AFTER_2017}/tree/?depth=0").json()
    assert body["units"]
    assert all(u["level"] == 0 for u in body["units"])


def test_subtree_of_an_unknown_root_is_a_404_naming_it(client, dataset):
    response = client.get(f"/api/snapshots/{AFTER_2017}/tree/?root=nope")
    assert response.status_code == 404
    assert response.json() == {"detail": f'Snapshot "{AFTER_2017}" has no unit with key "nope".'}


def test_subtree_keeps_a_deep_branch_whole():
    tree = {
        "snapshot": {"key": "s"},
        "units": [
            {"key": "a", "parent": None, "level": 0},
            {"key": "b", "parent": "a", "level": 1},
            {"key": "c", "parent": "b", "level": 2},
            {"key": "d", "parent": "a", "level": 1},
            {"key": "e", "parent": None, "level": 0},
        ],
        "lines": [{"from": "c", "to": "d"}, {"from": "c", "to": "e"}],
        "figures": [{"unit": None}, {"unit": "c"}],
    }
    cut = exports.subtree(tree, root="b", depth=None)
    assert [u["key"] for u in cut["units"]] == ["b", "c"]
    assert cut["lines"] == []
    assert cut["figures"] == [{"unit": "c"}]
    assert [u["key"] for u in exports.subtree(tree, root="a", depth=1)["units"]] == ["a", "b", "d"]


def test_tree_csv_has_one_row_per_unit_in_tree_order(client, dataset):
    response = client.get(f"/api/snapshots/{AFTER_2017}/tree.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    units = client.get(f"/api/snapshots/{AFTER_2017}/tree/").json()["units"]
    assert [r["key"] for r in rows] == [u["key"] for u in units]
    dpo = next(r for r in rows if r["key"] == "dpo")
    assert dpo["name_zh"] == "和平行动部"
    assert dpo["parent"] == "peace-security-pillar"
    assert "A/72/525 ¶20(b)" in dpo["citations"].split("; ")


def test_tree_csv_defuses_cells_a_spreadsheet_would_run(client, db):
    build_snapshot('top =HYPERLINK("http://evil")\n  sub @SUM(1)', key="formulas", status="published")
    rows = list(csv.DictReader(io.StringIO(client.get("/api/snapshots/formulas/tree.csv").content.decode())))
    assert [r["name_en"] for r in rows] == ['\'=HYPERLINK("http://evil")', "'@SUM(1)"]


def test_tree_csv_of_an_unknown_snapshot_answers_json(client, db):
    response = client.get("/api/snapshots/nope/tree.csv")
    assert response.status_code == 404
    assert response.json() == {"detail": 'No snapshot with key "nope".'}


def test_tree_jsonld_uses_the_organization_ontology(client, dataset):
    response = client.get(f"/api/snapshots/{AFTER_2017}/tree.jsonld")
    assert response["Content-Type"].startswith("application/ld+json")
    body = response.json()
    assert body["@context"]["org"] == ORG
    nodes = {node["org:identifier"]: node for node in body["@graph"]}
    dpo = nodes["dpo"]
    assert dpo["@type"] == "org:OrganizationalUnit"
    assert dpo["org:subOrganizationOf"]["@id"] == nodes["peace-security-pillar"]["@id"]
    assert {"@value": "和平行动部", "@language": "zh-Hans"} in dpo["skos:prefLabel"]
    assert {"@id": "https://undocs.org/en/A/72/525"} in dpo["dct:source"]
    tops = [node for node in body["@graph"] if "org:subOrganizationOf" not in node]
    assert tops
    assert all(node["org:unitOf"]["@id"].endswith("/api/organizations/un-secretariat/") for node in tops)


def test_compare_jsonld_states_each_change_as_an_org_change_event(client, dataset):
    body = client.get(f"/api/compare.jsonld?before={BEFORE_2017}&after={AFTER_2017}").json()
    events = [node for node in body["@graph"] if node["@type"] == "org:ChangeEvent"]
    ids = {node["@id"]: node for node in body["@graph"] if node["@type"] == "org:OrganizationalUnit"}
    merger = next(e for e in events if e["dct:type"] == "merged" and len(e["org:originalOrganization"]) == 2)
    assert {ids[ref["@id"]]["org:identifier"] for ref in merger["org:originalOrganization"]} == {"dpa", "pbso"}
    assert [ids[ref["@id"]]["org:identifier"] for ref in merger["org:resultingOrganization"]] == ["dppa"]
    original = merger["org:originalOrganization"][0]["@id"]
    assert f"/api/snapshots/{BEFORE_2017}/" in original
    assert merger["dct:bibliographicCitation"]
