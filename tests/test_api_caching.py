"""HTTP caching: ETags from stored content hashes, 304 without building the body, compression, the shared cache."""

from __future__ import annotations

import gzip

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from rest_framework.test import APIClient

from structures import api_http, selectors, services
from structures.importing import read_dataset
from structures.models import Snapshot
from structures.published_versions import stored_versions

from .conftest import AFTER_2017, BEFORE_2017

COMPARE = f"/api/compare/?before={BEFORE_2017}&after={AFTER_2017}"
CACHED_URLS = [
    f"/api/snapshots/{AFTER_2017}/",
    f"/api/snapshots/{AFTER_2017}/tree/",
    f"/api/snapshots/{AFTER_2017}/tree/?root=dpo&depth=1",
    f"/api/snapshots/{AFTER_2017}/tree.csv",
    f"/api/snapshots/{AFTER_2017}/tree.jsonld",
    COMPARE,
    f"/api/compare.jsonld?before={BEFORE_2017}&after={AFTER_2017}",
    "/api/units/dpo/lineage/",
]


@pytest.fixture
def client():
    return APIClient()


BUILDERS = ("snapshot_tree", "snapshot_tree_rendered", "compare_snapshots", "unit_lineage", "snapshot_summary")


@pytest.mark.parametrize("url", CACHED_URLS)
def test_published_responses_answer_304_without_building_the_body(client, dataset, url, monkeypatch):
    first = client.get(url)
    etag = first["ETag"]
    assert first["Cache-Control"] == "public, max-age=300"
    for name in BUILDERS:  # any attempt to build the body now fails the test
        monkeypatch.setattr(selectors, name, lambda *a, **k: pytest.fail("the body was built"))
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag


def test_etags_differ_between_views_and_parameters(client, dataset):
    etags = {client.get(url)["ETag"] for url in CACHED_URLS}
    assert len(etags) == len(CACHED_URLS)


def test_with_the_cache_off_a_304_costs_one_query(client, dataset, django_assert_num_queries):
    url = f"/api/snapshots/{AFTER_2017}/tree/"
    etag = client.get(url)["ETag"]
    with django_assert_num_queries(1):
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_compressed_responses_keep_answering_304_to_their_weak_etag(client, dataset):
    response = client.get(COMPARE, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content).startswith(b"{")
    assert response["ETag"].startswith('W/"')
    assert client.get(COMPARE, HTTP_IF_NONE_MATCH=response["ETag"], HTTP_ACCEPT_ENCODING="gzip").status_code == 304


def test_the_admin_is_not_compressed(client, db):
    response = client.get("/admin/login/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "Content-Encoding" not in response


def test_the_shared_cache_serves_a_published_body_without_the_database(client, dataset, django_assert_num_queries):
    url = f"/api/snapshots/{AFTER_2017}/tree/"
    cache.clear()
    with override_settings(API_CACHE_SECONDS=60):
        first = client.get(url).json()
        with django_assert_num_queries(1):  # the snapshot's content hash; the tree comes from the cache
            again = client.get(url).json()
    cache.clear()
    assert again == first


@pytest.mark.parametrize("url", CACHED_URLS)
def test_a_cached_published_body_is_the_same_bytes_and_type_without_building_it(client, dataset, url, monkeypatch):
    cache.clear()
    with override_settings(API_CACHE_SECONDS=60):
        built = client.get(url)
        for name in BUILDERS:
            monkeypatch.setattr(selectors, name, lambda *a, **k: pytest.fail("the body was built"))
        cached = client.get(url)
    cache.clear()
    assert cached.status_code == built.status_code == 200
    assert cached.content == built.content
    assert cached["Content-Type"] == built["Content-Type"]
    assert cached["ETag"] == built["ETag"]


def test_bodies_rendered_for_other_media_types_are_cached_apart(client, dataset):
    url = f"/api/snapshots/{AFTER_2017}/"
    cache.clear()
    with override_settings(API_CACHE_SECONDS=60):
        compact = client.get(url, HTTP_ACCEPT="application/json").content
        indented = client.get(url, HTTP_ACCEPT="application/json; indent=2").content
        again = client.get(url, HTTP_ACCEPT="application/json").content
    cache.clear()
    assert b"\n  " in indented
    assert b"\n" not in compact
    assert again == compact


@pytest.mark.parametrize("url", [f"/api/snapshots/{AFTER_2017}/tree/", COMPARE])
def test_with_the_cache_on_a_repeated_304_reads_nothing_from_the_database(
    client, dataset, url, django_assert_num_queries
):
    cache.clear()
    with override_settings(API_CACHE_SECONDS=60):
        etag = client.get(url)["ETag"]
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304  # reads the versions once
        with django_assert_num_queries(0):  # then remembers them: a published snapshot never changes
            revalidated = client.get(url, HTTP_IF_NONE_MATCH=etag)
    cache.clear()
    assert revalidated.status_code == 304
    assert revalidated["ETag"] == etag


def test_a_draft_is_never_remembered_so_its_304_path_reads_it_every_time(client, dataset, django_assert_num_queries):
    cache.clear()
    source = Snapshot.objects.get(key=AFTER_2017)
    draft = services.start_draft(source=source, key="next-draft", label_en="Next", label_zh="下一", reform_key="next")
    with override_settings(API_CACHE_SECONDS=60):
        for _ in range(2):
            with django_assert_num_queries(1):
                assert stored_versions(draft.key)[draft.key][1] == Snapshot.Status.DRAFT
    cache.clear()


def test_reloading_other_content_stops_304s_to_the_old_etag_once_committed(
    client, dataset, tmp_path, django_capture_on_commit_callbacks
):
    url = f"/api/snapshots/{AFTER_2017}/tree/"
    path = next(p for p in sorted(settings.DATASET_DIR.glob("*.toml")) if f'key = "{AFTER_2017}"' in p.read_text())
    changed = tmp_path / path.name
    changed.write_text(path.read_text().replace("Department of Peace Operations", "Department of Peace Work"))
    cache.clear()
    with override_settings(API_CACHE_SECONDS=60):
        old = client.get(url)["ETag"]
        assert client.get(url, HTTP_IF_NONE_MATCH=old).status_code == 304  # the old version is now remembered
        with django_capture_on_commit_callbacks(execute=True):
            services.load_dataset(files=read_dataset([changed]))
        response = client.get(url, HTTP_IF_NONE_MATCH=old)
    cache.clear()
    assert response.status_code == 200
    assert response["ETag"] != old
    assert "Department of Peace Work" in response.content.decode()


@pytest.mark.parametrize("url", CACHED_URLS)
def test_a_cached_body_is_compressed_once_and_then_sent_as_stored(client, dataset, url, monkeypatch):
    cache.clear()
    with override_settings(API_CACHE_SECONDS=60):
        plain = client.get(url)
        first = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        monkeypatch.setattr(api_http.gzip, "compress", lambda *a, **k: pytest.fail("compressed again"))
        again = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        revalidated = client.get(url, HTTP_IF_NONE_MATCH=again["ETag"], HTTP_ACCEPT_ENCODING="gzip")
    cache.clear()
    assert again.content == first.content
    assert again["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in again["Vary"]
    assert gzip.decompress(again.content) == plain.content
    assert again["Content-Type"] == plain["Content-Type"]
    assert again["ETag"] == f"W/{plain['ETag']}"
    assert revalidated.status_code == 304
