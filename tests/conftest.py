"""Shared fixtures: the real dataset, a tiny tree builder and a text dump of stored data."""

from __future__ import annotations

import functools
import pickle
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.test.utils import setup_databases, teardown_databases

from structures import services
from structures.importing import read_dataset
from structures.models import (
    Citation,
    Figure,
    Organization,
    Reform,
    SecondaryLine,
    Snapshot,
    SourceDocument,
    Succession,
    Unit,
)

BEFORE_2017 = "peace-security-2017-before"
AFTER_2017 = "peace-security-2017-proposed"

# Rows per INSERT when restoring the copy: well under SQLite's and PostgreSQL's limits on parameters.
RESTORE_BATCH_PARAMETERS = 900


def load_real_dataset() -> dict[str, int]:
    """Load the shipped dataset files through services.load_dataset, as `manage.py load_dataset` does."""
    paths = sorted(settings.DATASET_DIR.glob("*.toml"))
    return services.load_dataset(files=pickle.loads(_parsed(tuple((path, path.stat().st_mtime_ns) for path in paths))))


@functools.cache
def _parsed(files: tuple[tuple[Path, int], ...]) -> bytes:
    # Parsing takes most of a second; unpickling gives every load fresh objects, so a load that changed
    # what it was given could not change what the next one gets.
    return pickle.dumps(read_dataset(path for path, _mtime in files))


@dataclass(frozen=True)
class DatasetCopy:
    """The rows that loading the real dataset adds to the test database, table by table, as the database holds them."""

    counts: dict[str, int]
    tables: tuple[tuple[str, tuple[str, ...], tuple[tuple, ...]], ...]
    models: tuple[type[models.Model], ...]


def _stored_models() -> list[type[models.Model]]:
    """Every model with a table of its own, including many-to-many and history tables."""
    found: dict[str, type[models.Model]] = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            found.setdefault(model._meta.db_table, model)
    return list(found.values())


def _rows(cursor, table: str, columns: tuple[str, ...]) -> list[tuple]:
    quote = connection.ops.quote_name
    cursor.execute(f"SELECT {', '.join(map(quote, columns))} FROM {quote(table)}")
    return cursor.fetchall()


def copy_real_dataset() -> DatasetCopy | None:
    """Load the real dataset inside a transaction, keep the rows it added, then roll it back.

    Returns None (tests then load the files each time) if loading changed rows that were there before,
    which a copy of added rows could not reproduce.
    """
    shapes = [(m, m._meta.db_table, tuple(f.column for f in m._meta.concrete_fields)) for m in _stored_models()]
    with transaction.atomic(), connection.cursor() as cursor:
        before = {table: _rows(cursor, table, columns) for _model, table, columns in shapes}
        counts = load_real_dataset()
        after = {table: _rows(cursor, table, columns) for _model, table, columns in shapes}
        transaction.set_rollback(True)
    if any(before[table] and sorted(before[table], key=repr) != sorted(after[table], key=repr) for table in before):
        return None
    added = [(model, table, columns) for model, table, columns in shapes if after[table] and not before[table]]
    return DatasetCopy(
        counts=counts,
        tables=tuple((table, columns, tuple(after[table])) for _model, table, columns in added),
        models=tuple(model for model, _table, _columns in added),
    )


def restore_real_dataset(copy: DatasetCopy) -> dict[str, int]:
    """Insert the copied rows as they were stored; foreign keys are checked when the transaction ends."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table, columns, rows in copy.tables:
            batch = max(1, RESTORE_BATCH_PARAMETERS // len(columns))
            row_sql = f"({', '.join(['%s'] * len(columns))})"
            for start in range(0, len(rows), batch):
                chunk = rows[start : start + batch]
                cursor.execute(
                    f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) "
                    f"VALUES {', '.join([row_sql] * len(chunk))}",
                    [value for row in chunk for value in row],
                )
        # Rows came with their ids: move each id sequence past them (PostgreSQL; SQLite does it by itself).
        for sql in connection.ops.sequence_reset_sql(no_style(), copy.models):
            cursor.execute(sql)
        services.refresh_content_statistics()  # as the load it copies does
    return dict(copy.counts)


# The developer's own database, as settings name it before pytest-django switches to the test database.
OWN_DATABASE_NAME = settings.DATABASES["default"]["NAME"]


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker) -> Iterator[None]:
    """pytest-django's test database, also when no test in the run asks for `db`, `transactional_db` or `live_server`.

    pytest-django creates it only for those; a module fixture that stores data outside per-test transactions
    (tests/test_schema_fuzz.py) run alone would otherwise write to the developer's own database.
    """
    if connection.settings_dict["NAME"] != OWN_DATABASE_NAME:
        yield
        return
    with django_db_blocker.unblock():
        created = setup_databases(verbosity=request.config.option.verbose, interactive=False, aliases={"default"})
    yield
    with django_db_blocker.unblock():
        teardown_databases(created, verbosity=request.config.option.verbose)


@pytest.fixture(scope="session")
def real_dataset_copy(django_db_setup, django_db_blocker) -> DatasetCopy | None:
    """The real dataset, loaded from its files once per test session (and per xdist worker)."""
    with django_db_blocker.unblock():
        return copy_real_dataset()


@pytest.fixture
def dataset(db, real_dataset_copy) -> dict[str, int]:
    """The real dataset stored as load_real_dataset() stores it, inside the test's transaction."""
    if real_dataset_copy is None:
        return load_real_dataset()
    return restore_real_dataset(real_dataset_copy)


def build_snapshot(spec: str, *, key: str = "tiny", status: str = "draft") -> Snapshot:
    """Create a snapshot from an indented spec, one unit per line: `key Name`, two spaces a level."""
    organization, _ = Organization.objects.get_or_create(key="test-org", defaults={"name_en": "Org", "name_zh": "组织"})
    document, _ = SourceDocument.objects.get_or_create(
        symbol="TEST/1", defaults={"symbol_source": "printed", "title_en": "Test", "title_zh": "测试"}
    )
    snapshot = Snapshot.objects.create(
        organization=organization, key=key, label_en=key, label_zh=key, document=document, status="draft"
    )
    parents: list[Unit] = []
    for raw in spec.strip("\n").splitlines():
        if not raw.strip():
            continue
        depth = (len(raw) - len(raw.lstrip(" "))) // 2
        unit_key, _, name = raw.strip().partition(" ")
        parent = parents[depth - 1] if depth else None
        unit = services.create_unit(
            snapshot=snapshot,
            key=unit_key,
            name_en=name or unit_key,
            name_zh=name or unit_key,
            kind="office",
            parent=parent,
        )
        parents[depth:] = [unit]
    if status == "published":
        snapshot = services.publish_snapshot(snapshot=snapshot)
    return snapshot


def dump_tree(snapshot: Snapshot) -> str:
    """Return the snapshot's tree as indented `key name` lines, in tree order."""
    rows = Unit.objects.filter(snapshot=snapshot).order_by("tree_id", "lft").values_list("level", "key", "name_en")
    return "\n".join(f"{'  ' * level}{key} {name}" for level, key, name in rows)


def dump_database() -> list:
    """Return every stored fact in a form that ignores primary keys, to compare whole databases."""
    return [
        sorted(SourceDocument.objects.values_list("symbol", "symbol_source", "title_en", "title_zh", "date")),
        sorted(Organization.objects.values_list("key", "name_en", "name_zh")),
        sorted(
            Snapshot.objects.values_list(
                "key",
                "label_en",
                "label_zh",
                "date",
                "stage",
                "status",
                "completeness",
                "document__symbol",
                "content_hash",
            )
        ),
        list(
            Unit.objects.order_by("snapshot__key", "tree_id", "lft").values_list(
                "snapshot__key", "key", "parent__key", *services.UNIT_ATTRIBUTES, "level", "rght", "lft"
            )
        ),
        sorted(
            SecondaryLine.objects.values_list(
                "snapshot__key", "from_unit__key", "type", "to_unit__key", "qualifier_en", "qualifier_zh"
            )
        ),
        sorted(
            (
                s.reform.key,
                s.type,
                s.summary_en,
                tuple(sorted(u.key for u in s.from_units.all())),
                tuple(sorted(u.key for u in s.to_units.all())),
            )
            for s in Succession.objects.select_related("reform").prefetch_related("from_units", "to_units")
        ),
        sorted(
            Citation.objects.values_list(
                "document__symbol",
                "paragraph",
                "unit__key",
                "unit__snapshot__key",
                "line__from_unit__key",
                "line__to_unit__key",
                "succession__type",
                "snapshot__key",
                "reform__key",
                "figure__measure",
            ),
            key=repr,
        ),
        sorted(
            Reform.objects.values_list(
                "key", "organization__key", "name_en", "name_zh", "document__symbol", "before__key", "after__key"
            )
        ),
        sorted(
            Figure.objects.values_list(
                "snapshot__key", "unit__key", "measure", "value", "approximation", "breakdown", "label_en", "label_zh"
            ),
            key=repr,
        ),
        # A refused write leaves no history record either (django-simple-history's tables, with its M2M ones).
        {
            model._meta.label: model.objects.count()
            for model in apps.get_app_config("structures").get_models()
            if model.__name__.startswith("Historical")
        },
    ]
