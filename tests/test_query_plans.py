"""PostgreSQL plans a chart well: the planner knows how many rows there are after a bulk load, and no JIT.

A table last sampled while empty is planned as holding one row; the chart's joins then scan every unit for
every unit, and a chart of the real dataset took minutes to read instead of milliseconds.
"""

from __future__ import annotations

import json

import pytest
from django.db import connection, transaction
from django.db.models import Count

from structures import selectors
from structures.models import Snapshot
from tests.conftest import load_real_dataset

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="planner statistics are PostgreSQL's; SQLite plans by its indexes alone"
)


def estimated_and_actual_chart_rows(snapshot: Snapshot) -> tuple[float, int]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {selectors._tree_sql()}", [snapshot.pk] * 3)
        plan = cursor.fetchone()[0]
        cursor.execute(selectors._tree_sql(), [snapshot.pk] * 3)
        actual = len(cursor.fetchall())
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return plan[0]["Plan"]["Plan Rows"], actual


def tables_sampled_while_holding_only_dead_rows() -> None:
    """Sample the tables after rows were written and rolled back, as autovacuum does between tests or reloads.

    The pages are there but no live row is, so the planner takes every table for empty and plans one row.
    """
    with transaction.atomic():
        load_real_dataset()
        transaction.set_rollback(True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@pytest.mark.django_db
def test_loading_the_dataset_tells_the_planner_how_many_units_a_chart_reads():
    tables_sampled_while_holding_only_dead_rows()
    load_real_dataset()
    largest = Snapshot.objects.annotate(units_count=Count("units")).order_by("-units_count").first()
    estimated, actual = estimated_and_actual_chart_rows(largest)
    assert actual > 100
    assert estimated >= actual / 10, f"the planner expects {estimated} rows of {actual}"


@pytest.mark.django_db
def test_chart_queries_are_not_jit_compiled():
    """A chart's one statement estimates costly enough for JIT, which then compiled for longer than it ran."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.django_db
def test_index_reads_are_priced_for_data_in_memory():
    """At the default price (4, for spinning disks) a 1,000-unit chart read every citation of every snapshot."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) <= 1.5
