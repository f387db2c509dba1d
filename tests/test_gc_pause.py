"""API bodies are built and rendered with Python's cyclic collector held off, and it is on again afterwards."""

from __future__ import annotations

import gc

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from structures import selectors
from structures.gc_pause import gc_paused

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
