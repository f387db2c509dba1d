"""The read API's lists and details: organizations, documents, reforms, snapshots; pages, filters, bad input."""

from __future__ import annotations

import re

import pytest
from django.urls import get_resolver
from rest_framework.test import APIClient

from .conftest import AFTER_2017, BEFORE_2017, build_snapshot


@pytest.fixture
def client():
    return APIClient()


def test_organizations_list_the_un_secretariat(client, dataset):
    response = client.get("/api/organizations/")
    assert response.json() == [
        {"key": "un-secretariat", "name_en": "United Nations Secretariat", "name_zh": "联合国秘书处"}
    ]
    assert response["X-Total-Count"] == "1"
    assert client.get("/api/organizations/un-secretariat/").json()["name_en"] == "United Nations Secretariat"


def test_documents_list_the_five_reports_in_timeline_order(client, dataset):
    symbols = [d["symbol"] for d in client.get("/api/documents/").json()]
    assert symbols == ["A/61/531", "A/61/749", "A/65/624", "A/70/357", "A/72/525"]


def test_a_document_is_found_by_its_symbol_with_slashes(client, dataset):
    body = client.get("/api/documents/A/72/525/").json()
    assert body["date"] == "2017-10-13"
    assert body["session"] == 72
    assert body["url_zh"] == "https://undocs.org/zh/A/72/525"


def test_reforms_filter_by_document_and_name_their_snapshots(client, dataset):
    reforms = client.get("/api/reforms/?document=A/72/525").json()
    assert [(r["key"], r["before"], r["after"]) for r in reforms] == [("peace-security-2017", BEFORE_2017, AFTER_2017)]
    assert client.get("/api/reforms/peace-security-2017/").json()["document"] == "A/72/525"


def test_snapshots_filter_by_stage_and_document(client, dataset):
    keys = [s["key"] for s in client.get("/api/snapshots/?document=A/72/525&stage=proposed").json()]
    assert keys == [AFTER_2017]


def test_lists_are_paginated_by_headers_and_keep_a_plain_list_body(client, dataset):
    everything = [s["key"] for s in client.get("/api/snapshots/").json()]
    first = client.get("/api/snapshots/?page_size=5")
    second = client.get("/api/snapshots/?page_size=5&page=2")
    assert [s["key"] for s in first.json() + second.json()] == everything[:10]
    assert first["X-Total-Count"] == str(len(everything))
    assert 'page=2>; rel="next"' in first["Link"]
    assert 'page=1>; rel="prev"' in second["Link"]


def test_search_results_are_paginated(client, dataset):
    whole = client.get("/api/search/?q=department").json()["results"]
    page = client.get("/api/search/?q=department&page_size=2&page=2")
    assert page.json()["results"] == whole[2:4]
    assert page["X-Total-Count"] == str(len(whole))


BAD_PARAMETERS = [
    ("/api/snapshots/?page=0", 400, 'Query parameter "page" is "0"; expected a whole number from 1 to 1000000.'),
    ("/api/snapshots/?page_size=x", 400, 'Query parameter "page_size" is "x"; expected a whole number from 1 to 500.'),
    ("/api/snapshots/?page=99", 404, "Page 99 is past the last page (1)."),
    ("/api/snapshots/?stage=draft", 400, 'Query parameter "stage" is "draft"; expected one of: existing, proposed.'),
    (
        "/api/reforms/?organization=a b",
        400,
        'Query parameter "organization" is "a b"; expected a key (letters, digits, - and _).',
    ),
    ("/api/organizations/nope/", 404, 'No organization with key "nope".'),
    ("/api/documents/A/1/2/", 404, 'No document with symbol "A/1/2".'),
    ("/api/reforms/nope/", 404, 'No reform with key "nope".'),
    ("/api/nothing-here/", 404, 'No API endpoint at "/api/nothing-here/"; see /api/docs/.'),
]


@pytest.mark.parametrize(("url", "status", "detail"), BAD_PARAMETERS)
def test_bad_list_parameters_get_a_json_body_naming_the_problem(client, dataset, url, status, detail):
    response = client.get(url)
    assert response.status_code == status
    assert response.json() == {"detail": detail}


def test_lists_hide_what_only_a_draft_shows(client, dataset):
    build_snapshot("a A", key="draft-only")  # its organization and document exist only through the draft
    assert "test-org" not in {o["key"] for o in client.get("/api/organizations/").json()}
    assert "TEST/1" not in {d["symbol"] for d in client.get("/api/documents/").json()}
    assert client.get("/api/documents/TEST/1/").status_code == 404
    assert client.get("/api/snapshots/?status=draft").json() == []


def test_schema_documents_every_api_endpoint(client, db):
    documented = set(client.get("/api/schema/?format=json").json()["paths"])
    routes = {
        "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))
        for pattern in get_resolver().url_patterns
        if str(pattern.pattern).startswith("api/")
    }
    undocumented = {"/api/schema/", "/api/docs/", "/^api/(?P<rest>[\\s\\S]*)$"}  # the schema, its page, the JSON 404
    assert routes - undocumented == documented
