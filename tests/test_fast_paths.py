"""A conditional GET of published data answers 304 before DRF runs, and never where the full view would not."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient
from rest_framework.views import APIView

from structures.models import Snapshot

from .conftest import AFTER_2017, BEFORE_2017, build_snapshot

FAST_URLS = [
    f"/api/snapshots/{AFTER_2017}/",
    f"/api/snapshots/{AFTER_2017}/tree/",
    f"/api/snapshots/{AFTER_2017}/tree/?root=dpo&depth=1",
    f"/api/snapshots/{AFTER_2017}/tree.csv",
    f"/api/snapshots/{AFTER_2017}/tree.jsonld",
    f"/api/compare/?before={BEFORE_2017}&after={AFTER_2017}",
    f"/api/compare.jsonld?before={BEFORE_2017}&after={AFTER_2017}",
]


@pytest.fixture
def client():
    return APIClient()


@pytest.mark.parametrize("url", FAST_URLS)
def test_a_matching_etag_is_answered_before_drf_dispatch(client, dataset, url, monkeypatch):
    etag = client.get(url)["ETag"]
    monkeypatch.setattr(APIView, "initial", lambda *a, **k: pytest.fail("DRF handled the request"))
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response["Cache-Control"] == "public, max-age=300"


@pytest.mark.parametrize("url", FAST_URLS)
def test_a_stale_etag_still_gets_the_whole_body(client, dataset, url):
    response = client.get(url, HTTP_IF_NONE_MATCH='"stale"')
    assert response.status_code == 200
    assert response.content


def test_a_draft_is_not_revealed_by_a_wildcard_etag(client, db):
    build_snapshot("top Top", key="secret")
    assert client.get("/api/snapshots/secret/tree/", HTTP_IF_NONE_MATCH="*").status_code == 404


def test_a_bad_parameter_is_refused_even_with_a_matching_etag(client, dataset):
    url = f"/api/snapshots/{AFTER_2017}/tree/"
    etag = client.get(url)["ETag"]
    response = client.get(f"{url}?depth=x", HTTP_IF_NONE_MATCH="*")
    assert response.status_code == 400
    assert "depth" in response.json()["detail"]
    assert client.get(f"{url}?root=bad%20key", HTTP_IF_NONE_MATCH=etag).status_code == 400


def test_comparing_two_organizations_is_refused_even_with_a_wildcard_etag(client, dataset):
    elsewhere = build_snapshot("top Top", key="elsewhere", status="published")  # in the builder's own organization
    assert elsewhere.organization_id != Snapshot.objects.get(key=AFTER_2017).organization_id
    response = client.get(f"/api/compare/?before={AFTER_2017}&after=elsewhere", HTTP_IF_NONE_MATCH="*")
    assert response.status_code == 400
