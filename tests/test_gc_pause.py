"""API bodies are built and rendered, and dataset files read and loaded, with Python's cyclic collector held off,
and it is on again afterwards."""

from __future__ import annotations

import gc

import pytest
from django.conf import settings
from django.test import override_settings
from rest_framework.test import APIClient

from structures import errors, importing, selectors
from structures.gc_pause import gc_paused
from structures.models import Unit
from structures.services import datasets

from .conftest import AFTER_2017, BEFORE_2017


@pytest.fixture
def collector_on():
    gc.enable()
    yield
    gc.enable()


@pytest.mark.parametrize("cache_seconds", [0, 300])
def test_a_tree_is_built_with_the_collector_off_and_it_is_on_again_after(
    dataset, collector_on, monkeypatch, cache_seconds
):
    seen = []
    build = selectors.snapshot_tree_rendered

    def recording(*, snapshot):
        seen.append(gc.isenabled())
        return build(snapshot=snapshot)

    monkeypatch.setattr(selectors, "snapshot_tree_rendered", recording)
    with override_settings(API_CACHE_SECONDS=cache_seconds):
        response = APIClient().get(f"/api/snapshots/{AFTER_2017}/tree/")
    assert response.status_code == 200
    assert response.json()["units"]
    assert seen == [False]
    assert gc.isenabled()


def test_a_body_that_fails_to_build_leaves_the_collector_on(dataset, collector_on, monkeypatch):
    def failing(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(selectors, "compare_snapshots", failing)
    client = APIClient(raise_request_exception=False)
    with override_settings(API_CACHE_SECONDS=0):
        response = client.get(f"/api/compare/?before={BEFORE_2017}&after={AFTER_2017}")
    assert response.status_code == 500
    assert gc.isenabled()


def test_a_collector_the_server_turned_off_stays_off():
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_dataset_is_read_and_loaded_with_the_collector_off_and_it_is_on_again_after(db, collector_on, monkeypatch):
    seen = {"read": [], "written": []}
    read, write = importing._FileReader.read, datasets._replace_documents

    def reading(self, data):
        seen["read"].append(gc.isenabled())
        return read(self, data)

    def writing(*args):
        seen["written"].append(gc.isenabled())
        return write(*args)

    monkeypatch.setattr(importing._FileReader, "read", reading)
    monkeypatch.setattr(datasets, "_replace_documents", writing)
    paths = sorted(settings.DATASET_DIR.glob("*.toml"))
    counts = datasets.load_dataset(files=importing.read_dataset(paths))
    assert Unit.objects.count() == counts["units"] > 0
    assert seen == {"read": [False] * len(paths), "written": [False]}
    assert gc.isenabled()


def test_a_refused_load_leaves_the_collector_on(db, collector_on, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[document]\nsymbol = "X/1"\n')
    with pytest.raises(errors.DatasetError):
        datasets.load_dataset(files=importing.read_dataset([bad]))
    assert gc.isenabled()
