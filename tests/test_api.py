"""The JSON API contract that embedding sites rely on, its error bodies and its query budget."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from structures import services

from .conftest import AFTER_2017, BEFORE_2017, build_snapshot

COMPARE_2017 = f"/api/compare/?before={BEFORE_2017}&after={AFTER_2017}"


@pytest.fixture
def client():
    return APIClient()


def test_snapshot_list_has_the_contract_fields(client, dataset):
    body = client.get("/api/snapshots/").json()
    by_key = {s["key"]: s for s in body}
    assert by_key[BEFORE_2017] == {
        "key": BEFORE_2017,
        "organization": "un-secretariat",
        "label_en": "Peace and security pillar before the 2017 restructuring",
        "label_zh": "2017年结构改革前的和平与安全支柱",
        "date": "2017-10-13",
        "stage": "existing",
        "status": "published",
        "completeness": "partial",
        "document": "A/72/525",
        "document_date": "2017-10-13",
    }
    assert by_key[AFTER_2017]["date"] is None


def test_tree_lists_units_parents_first_with_citations(client, dataset):
    body = client.get(f"/api/snapshots/{AFTER_2017}/tree/").json()
    assert body["snapshot"]["key"] == AFTER_2017
    seen: set[str] = set()
    for unit in body["units"]:
        assert unit["parent"] is None or unit["parent"] in seen, unit["key"]
        seen.add(unit["key"])
        assert unit["citations"], unit["key"]
    dpo = next(u for u in body["units"] if u["key"] == "dpo")
    assert {k: dpo[k] for k in ("parent", "name_en", "name_zh", "kind", "head", "grade", "posts")} == {
        "parent": "peace-security-pillar",
        "name_en": "Department of Peace Operations",
        "name_zh": "和平行动部",
        "kind": "department",
        "head": "Under-Secretary-General for Peace Operations",
        "grade": "USG",
        "posts": None,
    }
    assert any(c["document"] == "A/72/525" and c["paragraph"] == "20(b)" for c in dpo["citations"])
    assert dpo["citations"][0]["url"] == "https://undocs.org/en/A/72/525"


def test_tree_has_the_dual_reporting_lines_with_qualifiers(client, dataset):
    lines = client.get(f"/api/snapshots/{AFTER_2017}/tree/").json()["lines"]
    reporting = {
        (line["to"], line["type"]) for line in lines if line["from"] == "regional-political-operational-structure"
    }
    assert reporting == {("dppa", "also_reports_to"), ("dpo", "also_reports_to")}
    chairs = [line for line in lines if line["type"] == "chairs"]
    assert [(line["from"], line["to"]) for line in chairs] == [("secretary-general", "standing-principals-group")]
    assert all(line["citations"] for line in lines)
    dpo_line = next(
        line for line in lines if line["from"] == "regional-political-operational-structure" and line["to"] == "dpo"
    )
    assert "peacekeeping" in dpo_line["qualifier"]


def test_tree_costs_the_same_few_queries_whatever_its_size(client, dataset, django_assert_num_queries):
    with django_assert_num_queries(2):  # the snapshot, then units, lines and figures with their citations
        small = client.get(f"/api/snapshots/{BEFORE_2017}/tree/")
    with django_assert_num_queries(2):
        large = client.get(f"/api/snapshots/{AFTER_2017}/tree/")
    assert len(large.json()["units"]) > len(small.json()["units"])


def test_published_tree_carries_an_etag_and_answers_304(client, dataset):
    first = client.get(f"/api/snapshots/{AFTER_2017}/tree/")
    etag = first["ETag"]
    assert etag
    assert "public" in first["Cache-Control"]
    again = client.get(f"/api/snapshots/{AFTER_2017}/tree/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    other = client.get(f"/api/snapshots/{AFTER_2017}/tree/", HTTP_IF_NONE_MATCH='"stale"')
    assert other.status_code == 200


def test_compare_marks_dpko_to_dpo_as_renamed(client, dataset):
    body = client.get(COMPARE_2017).json()
    assert body["units"]["dpko"] == "renamed"
    assert body["units"]["dpo"] == "renamed"
    change = next(c for c in body["changes"] if c["from"] == ["dpko"])
    assert change["type"] == "renamed"
    assert change["to"] == ["dpo"]
    assert [c["paragraph"] for c in change["citations"]] == ["20(b)", "28"]


def test_compare_marks_dpa_and_pbso_merged_into_dppa(client, dataset):
    body = client.get(COMPARE_2017).json()
    assert body["units"]["dpa"] == body["units"]["pbso"] == body["units"]["dppa"] == "merged"
    merger = next(c for c in body["changes"] if c["to"] == ["dppa"] and c["type"] == "merged")
    assert sorted(merger["from"]) == ["dpa", "pbso"]
    assert merger["summary"]
    assert merger["citations"]
    assert body["sides"]["after"]["pbso"] == "moved"


def test_compare_never_calls_a_unit_missing_from_a_partial_snapshot_created(client, dataset):
    body = client.get(COMPARE_2017).json()
    assert body["units"]["oma"] == "not_described"
    assert body["units"]["standing-principals-group"] == "created"  # stated, with a citation
    created = [c for c in body["changes"] if c["type"] == "created"]
    assert all(not c["inferred"] and c["citations"] for c in created)


def test_compare_has_the_contract_fields(client, dataset):
    body = client.get(COMPARE_2017).json()
    assert {"before", "after", "units", "changes"} <= body.keys()
    assert body["before"]["key"] == BEFORE_2017
    for change in body["changes"]:
        assert {"type", "from", "to", "summary", "citations"} <= change.keys()


def test_compare_answers_304_to_a_matching_etag(client, dataset):
    etag = client.get(COMPARE_2017)["ETag"]
    assert client.get(COMPARE_2017, HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.parametrize(
    ("url", "status", "detail"),
    [
        ("/api/compare/", 400, 'Query parameter "before" is required.'),
        (f"/api/compare/?before={BEFORE_2017}", 400, 'Query parameter "after" is required.'),
        (f"/api/compare/?before={BEFORE_2017}&after={BEFORE_2017}", 400, "Compare needs two different snapshots."),
        (f"/api/compare/?before=nope&after={AFTER_2017}", 404, 'No snapshot with key "nope".'),
        ("/api/snapshots/nope/tree/", 404, 'No snapshot with key "nope".'),
        ("/api/snapshots/nope/", 404, 'No snapshot with key "nope".'),
    ],
)
def test_bad_parameters_get_a_json_body_naming_the_problem(client, dataset, url, status, detail):
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": detail}


def test_compare_refuses_snapshots_of_different_organizations(client, dataset):
    build_snapshot("a A", key="other-org-snapshot", status="published")
    response = client.get(f"/api/compare/?before={BEFORE_2017}&after=other-org-snapshot")
    assert response.status_code == 400
    assert "belong to different organizations" in response.json()["detail"]


def test_drafts_are_hidden_from_anonymous_clients_and_shown_to_staff(client, dataset):
    build_snapshot("a A", key="draft-snapshot")
    assert "draft-snapshot" not in {s["key"] for s in client.get("/api/snapshots/").json()}
    assert client.get("/api/snapshots/draft-snapshot/tree/").status_code == 404
    staff = User.objects.create_user("editor", password="x", is_staff=True)
    client.force_authenticate(staff)
    response = client.get("/api/snapshots/draft-snapshot/tree/")
    assert response.status_code == 200
    assert "ETag" not in response
    assert response["Cache-Control"] == "private, no-cache"


def test_draft_etag_appears_once_published(client, dataset):
    snapshot = build_snapshot("a A", key="soon-published")
    services.publish_snapshot(snapshot=snapshot)
    assert client.get("/api/snapshots/soon-published/tree/")["ETag"]


def test_schema_is_openapi_3_and_documents_the_contract(client, db):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/snapshots/", "/api/snapshots/{key}/tree/", "/api/compare/"} <= schema["paths"].keys()
    parameters = {p["name"]: p for p in schema["paths"]["/api/compare/"]["get"]["parameters"]}
    assert parameters["before"]["required"]
    assert parameters["after"]["required"]


def test_docs_page_loads_no_asset_from_another_host(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    for marker in ('src="http', "src='http", 'href="http', "cdn."):
        assert marker not in html
