"""PostgreSQL plans a chart well: the planner knows how many rows there are after a bulk load, and no JIT.

A table last sampled while empty is planned as holding one row; the chart's joins then scan every unit for
every unit, and a chart of the real dataset took minutes to read instead of milliseconds.
"""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count

from structures import selectors, services
from structures.importing import read_dataset
from structures.models import Snapshot
from structures.synthetic import snapshot_key
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


def plan_nodes(plan: dict) -> list[dict]:
    return [plan, *(node for child in plan.get("Plans", []) for node in plan_nodes(child))]


@pytest.mark.django_db
def test_a_charts_rows_leave_postgresql_as_they_are_read(tmp_path):
    """No step of a 1,000-unit chart's statement holds its rows back until all are read: at most the units alone
    are sorted, and each unit's rows with its citations go to the reader as they are read.

    Joining the parents and citations let the planner hash them and then sort every row before sending one; the
    reader now names parents itself and reads citations unit by unit, in their order (README, Performance).
    """
    call_command("generate_dataset", size=1000, seed=1, out=tmp_path, stdout=None)
    services.load_dataset(files=read_dataset([tmp_path / "SYNTHETIC-1000.toml"]))
    snapshot = Snapshot.objects.get(key=snapshot_key(1000, 0))
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {selectors._tree_sql()}", [snapshot.pk] * 3)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    units_part = plan[0]["Plan"]["Plans"][0]  # the UNION's first part; the few lines and figures follow
    for node in plan_nodes(units_part):
        below = {child.get("Relation Name") for child in plan_nodes(node)}
        if node["Node Type"] in {"Sort", "Hash", "Materialize"}:  # an incremental sort passes each unit on
            assert "structures_citation" not in below, f"{node['Node Type']} holds back every row: {units_part}"
