"""Insert many new rows of one model with one `executemany`, their primary keys reserved up front.

`QuerySet.bulk_create` compiles SQL for every batch of a few hundred rows and, on SQLite, cannot
return the keys a tree of units needs to point at its parents; a dataset of 100,000 units spent
most of its load there. Reserving keys first lets parents, lines, figures and citations point at
rows before they are written; foreign keys are checked at commit (Django creates them deferrable).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.conf import settings
from django.db import connections, models, router
from django.utils import timezone

from structures import guards


def _reserve_keys(model: type[models.Model], count: int, connection) -> list[int]:
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Drawn from the table's own sequence, so concurrent writers never get the same key.
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, count]
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the writer holds the database lock for the rest of the transaction, and AUTOINCREMENT
        # remembers the highest key ever used (sqlite_sequence) so a deleted row's key is not reused.
        quoted = connection.ops.quote_name(table)
        cursor.execute(f"SELECT COALESCE(MAX({connection.ops.quote_name(column)}), 0) FROM {quoted}")
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(highest, row[0] if row else 0) + 1
        return list(range(start, start + count))


def assign_keys(objs: Sequence[models.Model]) -> None:
    """Give new objects of one model their primary keys now, so other new rows can point at them."""
    if not objs:
        return
    model = type(objs[0])
    connection = connections[router.db_for_write(model)]
    if connection.vendor not in {"postgresql", "sqlite"}:
        return
    for obj, key in zip(objs, _reserve_keys(model, len(objs), connection), strict=True):
        obj.pk = key


def insert(objs: Sequence[models.Model]) -> None:
    """Write new objects of one model (keys assigned by assign_keys, or assigned here) in one statement."""
    if not objs:
        return
    model = type(objs[0])
    connection = connections[router.db_for_write(model)]
    if not guards.replacing_published():
        guards.refuse_published_snapshots(guards.frozen_by(objs))
    if connection.vendor not in {"postgresql", "sqlite"}:
        model._base_manager.bulk_create(objs)
        return
    if objs[0].pk is None:
        assign_keys(objs)
    fields = model._meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(model._meta.db_table)
    rows = [[field.get_db_prep_save(field.pre_save(obj, add=True), connection) for field in fields] for obj in objs]
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


# Fields whose Python value is what the database driver takes: numbers, booleans and keys as they are, text as
# a plain str (a choices member is a str subclass that a driver may write by its name).
_NUMBER_FIELDS = (models.AutoField, models.IntegerField, models.BooleanField, models.ForeignKey)
_TEXT_FIELDS = (models.CharField, models.TextField)
_UNSET = object()


def _plain_text(value: Any) -> Any:
    return value if value is None or type(value) is str else str(value)


def _json(value: Any, *, adapt: Callable[[Any, Any], Any], encoder: Any) -> Any:
    # What JSONField.get_db_prep_save returns for a plain value, without the layers around the adapter it ends in.
    return None if value is None else adapt(value, encoder)


def reserve_keys(model: type[models.Model], count: int) -> list[int]:
    """Return `count` primary keys for new rows of `model`, so rows written together can point at each other."""
    connection = connections[router.db_for_write(model)]
    return _reserve_keys(model, count, connection) if count else []


def insert_rows(
    model: type[models.Model],
    rows: Sequence[dict[str, Any]],
    *,
    snapshot_ids: Iterable[int],
    keys: Sequence[int] | None = None,
) -> list[int]:
    """Write new rows of one model, given as {attname: value}, in one statement, without model instances.

    Building a model instance per row (and preparing each field through it) took most of a 100,000-unit load.
    A field a row leaves out takes its default. `snapshot_ids` are the snapshots the rows belong to, which the
    same guard as insert() checks. `keys` come from reserve_keys() when rows point at each other. Returns the
    rows' primary keys, in order. PostgreSQL and SQLite only, as the rest of this module.
    """
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    if not guards.replacing_published():
        guards.refuse_published_snapshots(snapshot_ids)
    keys = list(keys) if keys is not None else _reserve_keys(model, len(rows), connection)
    fields = model._meta.concrete_fields
    preparers = []
    for field in fields:
        default = field.get_db_prep_save(field.get_default(), connection) if field.has_default() else None
        if isinstance(field, _NUMBER_FIELDS):
            prepare = None
        elif isinstance(field, _TEXT_FIELDS):
            prepare = _plain_text
        elif type(field) is models.JSONField:
            prepare = functools.partial(_json, adapt=connection.ops.adapt_json_value, encoder=field.encoder)
        else:
            prepare = functools.partial(field.get_db_prep_save, connection=connection)
        preparers.append((field.attname, default, prepare))
    if len(keys) != len(rows):
        raise ValueError(f"{len(rows)} rows but {len(keys)} keys")
    pk_name = model._meta.pk.attname
    # Column by column, a comprehension a field: a Python loop over every value had taken a quarter longer.
    prepared_columns = []
    for attname, default, prepare in preparers:
        if attname == pk_name:
            prepared_columns.append(keys)
            continue
        given = [row.get(attname, _UNSET) for row in rows]
        if prepare is None:
            prepared_columns.append([default if value is _UNSET else value for value in given])
        else:
            prepared_columns.append([default if value is _UNSET else prepare(value) for value in given])
    values = list(zip(*prepared_columns, strict=True))
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({placeholders})", values
        )
    return keys


def insert_history(
    model: type[models.Model],
    rows: Sequence[dict[str, Any]],
    keys: Sequence[int],
    *,
    snapshot_ids: Iterable[int],
    reason: str,
) -> None:
    """Write django-simple-history's "created" records for rows just inserted in bulk, which send no signals.

    `rows` are the rows as written ({attname: value}) and `keys` their primary keys. The records name the
    user of the current request (simple_history's HistoryRequestMiddleware), or nobody from a script.
    """
    if not rows or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history = model.history.model
    user = history.get_default_history_user(None)
    tracked = [field.attname for field in history.tracked_fields if field.attname != model._meta.pk.attname]
    common = {
        "history_date": timezone.now(),
        "history_user_id": user.pk if user is not None else None,
        "history_type": "+",
        "history_change_reason": reason,
    }
    records = [
        {**{name: row[name] for name in tracked if name in row}, model._meta.pk.attname: key, **common}
        for row, key in zip(rows, keys, strict=True)
    ]
    insert_rows(history, records, snapshot_ids=snapshot_ids)


def insert_history_of(objs: Sequence[models.Model], *, snapshot_ids: Iterable[int], reason: str) -> None:
    """Write "created" history records for model instances just written by insert()."""
    if not objs:
        return
    model = type(objs[0])
    fields = [field.attname for field in model._meta.concrete_fields]
    rows = [{name: getattr(obj, name) for name in fields} for obj in objs]
    insert_history(model, rows, [obj.pk for obj in objs], snapshot_ids=snapshot_ids, reason=reason)


def refresh_planner_statistics(models_written: Sequence[type[models.Model]]) -> None:
    """Have PostgreSQL sample the tables just filled in bulk, before anything reads them.

    Until autovacuum gets to a table (up to a minute later, and never for rows a transaction has not yet
    committed), a table last sampled while empty is planned as holding one row: a chart's joins then scan
    every unit for every unit, and a few thousand units take minutes instead of milliseconds. ANALYZE sees
    the rows of its own transaction, so this is right both after a load commits and inside one.
    """
    connection = connections[router.db_for_write(models_written[0])] if models_written else None
    if connection is None or connection.vendor != "postgresql":
        return
    tables = sorted({model._meta.db_table for model in models_written})
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(map(connection.ops.quote_name, tables))}")
