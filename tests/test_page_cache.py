"""Chart pages of published snapshots come from the shared cache, compressed; drafts and logged-in readers never do."""

from __future__ import annotations

import gzip
import shutil

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache

from structures import selectors, services
from structures.importing import read_dataset
from structures.models import Snapshot, Unit

from .conftest import AFTER_2017, BEFORE_2017, build_snapshot

SNAPSHOT = f"/en/snapshots/{AFTER_2017}/"
PAGES = [
    SNAPSHOT,
    f"/zh-hans/snapshots/{AFTER_2017}/",
    f"/en/snapshots/{AFTER_2017}/?open=dpo",
    f"/en/compare/?before={BEFORE_2017}&after={AFTER_2017}",
    f"/en/timeline/un-secretariat/?at={AFTER_2017}",
    f"/en/embed/snapshots/{AFTER_2017}/",
]
BUILDERS = ("snapshot_tree", "compare_snapshots", "timeline_step")


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def refuse_to_build(monkeypatch) -> None:
    def refuse(**_kwargs):
        raise AssertionError("the page was built again")

    for name in BUILDERS:
        monkeypatch.setattr(selectors, name, refuse)


def page_text(response) -> str:
    body = response.content
    return (gzip.decompress(body) if response.get("Content-Encoding") == "gzip" else body).decode()


@pytest.mark.parametrize("url", PAGES)
def test_a_published_page_is_served_again_from_the_cache_without_building_it(client, dataset, url, monkeypatch):
    first = client.get(url)
    assert first.status_code == 200
    refuse_to_build(monkeypatch)
    again = client.get(url)
    assert again.status_code == 200
    assert page_text(again) == page_text(first)


def test_the_cached_page_is_the_page_built_without_the_cache(client, dataset):
    cached = page_text(client.get(SNAPSHOT))
    settings.PAGE_CACHE_SECONDS = 0
    assert page_text(client.get(SNAPSHOT)) == cached
    assert "Department of Peace Operations" in cached


def test_a_client_that_accepts_gzip_gets_the_stored_compressed_page_and_others_the_plain_one(client, dataset):
    plain = client.get(SNAPSHOT)
    compressed = client.get(SNAPSHOT, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert compressed["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain
    assert gzip.decompress(compressed.content) == plain.content
    assert "Accept-Encoding" in compressed["Vary"]


def test_each_language_and_query_has_its_own_page(client, dataset):
    english = page_text(client.get(SNAPSHOT))
    chinese = page_text(client.get(f"/zh-hans/snapshots/{AFTER_2017}/"))
    assert english != chinese
    assert "维持和平行动部" not in english.split("<ul class=")[0]
    assert 'lang="zh-Hans"' in chinese


def test_a_draft_page_is_built_on_every_request(client, db):
    draft = build_snapshot("top Top\n  old Old name", key="draft-page", status="draft")
    staff = User.objects.create_user("staff", password="x", is_staff=True)
    client.force_login(staff)
    url = f"/en/snapshots/{draft.key}/"
    assert "Old name" in page_text(client.get(url))
    services.update_unit(unit=Unit.objects.get(snapshot=draft, key="old"), name_en="New name")
    assert "New name" in page_text(client.get(url))


def test_a_logged_in_reader_never_gets_the_cached_page(client, dataset, monkeypatch):
    client.get(SNAPSHOT)
    client.force_login(User.objects.create_user("reader", password="x"))
    refuse_to_build(monkeypatch)
    with pytest.raises(AssertionError, match="built again"):
        client.get(SNAPSHOT)


def test_reloading_a_document_with_other_content_serves_the_new_page(client, dataset, tmp_path):
    path = next(p for p in sorted(settings.DATASET_DIR.glob("*.toml")) if f'key = "{AFTER_2017}"' in p.read_text())
    assert "Department of Peace Operations" in page_text(client.get(SNAPSHOT))
    changed = tmp_path / path.name
    shutil.copy(path, changed)
    changed.write_text(path.read_text().replace("Department of Peace Operations", "Department of Peace Work"))
    services.load_dataset(files=read_dataset([changed]))
    assert Snapshot.objects.get(key=AFTER_2017).status == Snapshot.Status.PUBLISHED
    page = page_text(client.get(SNAPSHOT))
    assert "Department of Peace Work" in page
    assert "Department of Peace Operations" not in page
