"""The shared fixtures give tests what they promise: the `dataset` fixture is the real dataset, exactly as loading
its files stores it, and a test without it starts from an empty database."""

from __future__ import annotations

import pytest
from django.db import connection

from structures.models import Citation, Organization, Snapshot, SourceDocument, Unit

from .conftest import dump_database, load_real_dataset


def test_the_dataset_fixture_stores_what_loading_the_files_stores(dataset):
    restored = dump_database()
    assert Snapshot.objects.exists()
    counts = load_real_dataset()  # replaces every document the fixture stored with a fresh load of the files
    assert dump_database() == restored
    assert counts == dataset


def test_the_dataset_fixture_leaves_the_real_dataset_editable_like_a_fresh_load(dataset):
    # New rows get fresh ids: the restored copy moved the id sequences past its own rows.
    organization = Organization.objects.create(key="another-org", name_en="Another", name_zh="另一个")
    assert not Organization.objects.filter(pk=organization.pk).exclude(key="another-org").exists()
    assert Organization.objects.count() == 2


def test_a_test_without_the_dataset_starts_from_an_empty_database(db):
    assert not SourceDocument.objects.exists()
    assert not Snapshot.objects.exists()
    assert not Unit.objects.exists()
    assert not Citation.objects.exists()


@pytest.mark.parametrize("run", ["first", "second"])
def test_every_test_gets_the_whole_dataset_whatever_the_one_before_did(dataset, run):
    assert Unit.objects.count() == dataset["units"]
    assert Citation.objects.exists()
    with connection.cursor() as cursor:  # what a careless test might do; the next one must not see it
        cursor.execute(f"DELETE FROM {Citation._meta.db_table}")
    assert not Citation.objects.exists()
