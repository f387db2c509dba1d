"""The dataset the browser tests share is the real dataset, exactly as loading its files stores it."""

from __future__ import annotations

from tests.conftest import dump_database, load_real_dataset


def test_the_shared_real_dataset_is_what_loading_the_files_stores(real_dataset, live_server):
    shared = dump_database()
    # Loading writes, so the fixture empties the database after this test and stores the dataset afresh for the next.
    assert load_real_dataset() == real_dataset
    assert dump_database() == shared
