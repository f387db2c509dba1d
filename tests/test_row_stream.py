"""A PostgreSQL chart is shaped while its rows arrive (row_stream): in tree order or not at all, as one query."""

from __future__ import annotations

import contextlib
import logging

import orjson
import pytest
from django.db import connection

from structures import selectors
from structures.models import Citation, SourceDocument, Unit
from structures.row_stream import can_stream, streamed_rows
from tests.conftest import build_snapshot

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="streaming rows is PostgreSQL's (libpq)")


def chart_with_citations():
    snapshot = build_snapshot("a Alpha\n  b Beta\n  c Gamma\nd Delta")
    document = SourceDocument.objects.create(symbol="A/1", symbol_source="printed", title_en="A/1", title_zh="A/1")
    for unit in Unit.objects.filter(snapshot=snapshot):
        for position in (0, 1):
            Citation.objects.create(unit=unit, document=document, paragraph=f"{unit.key}{position}", position=position)
    return snapshot


def sorted_rows(snapshot) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(selectors._tree_sql(), [snapshot.pk] * 3)
        return selectors.chart_rows(cursor)


def test_rows_in_tree_order_are_shaped_unit_by_unit_with_their_citations():
    snapshot = chart_with_citations()
    tree = orjson.loads(orjson.dumps(selectors._tree_from_stream(snapshot, iter(sorted_rows(snapshot)))))
    assert [unit["key"] for unit in tree["units"]] == ["a", "b", "c", "d"]
    assert [c["paragraph"] for c in tree["units"][2]["citations"]] == ["c0", "c1"]
    assert tree["units"][2]["citations"][0]["url"] == "https://undocs.org/en/A/1"


def test_a_unit_out_of_tree_order_stops_the_shaping():
    snapshot = chart_with_citations()
    rows = sorted_rows(snapshot)  # two rows a unit: a a b b c c d d
    rows[2:4], rows[4:6] = rows[4:6], rows[2:4]  # a c b d
    with pytest.raises(selectors.RowsOutOfOrder):
        selectors._tree_from_stream(snapshot, iter(rows))


def test_a_unit_whose_rows_are_apart_stops_the_shaping():
    snapshot = chart_with_citations()
    rows = sorted_rows(snapshot)
    rows[1], rows[2] = rows[2], rows[1]  # a b a b: a's second citation after b began
    with pytest.raises(selectors.RowsOutOfOrder):
        selectors._tree_from_stream(snapshot, iter(rows))


def test_citations_out_of_their_order_stop_the_shaping():
    snapshot = chart_with_citations()
    rows = sorted_rows(snapshot)
    rows[0], rows[1] = rows[1], rows[0]  # a's citations swapped
    with pytest.raises(selectors.RowsOutOfOrder):
        selectors._tree_from_stream(snapshot, iter(rows))


def test_rows_streamed_out_of_order_are_read_again_and_sorted(monkeypatch, caplog):
    snapshot = chart_with_citations()
    expected = orjson.loads(orjson.dumps(selectors.snapshot_tree(snapshot=snapshot)))

    @contextlib.contextmanager
    def reversed_stream(sql, params):
        yield iter(sorted_rows(snapshot)[::-1])

    monkeypatch.setattr(selectors, "can_stream", lambda: True)
    monkeypatch.setattr(selectors, "streamed_rows", reversed_stream)
    with caplog.at_level(logging.WARNING, logger="structures.selectors"):
        tree = orjson.loads(orjson.dumps(selectors.snapshot_tree_rendered(snapshot=snapshot)))
    assert tree == expected
    assert "out of order" in caplog.text


@on_postgresql
def test_postgresql_streams_a_chart_as_one_query_with_the_rows_fetchall_gives(django_assert_num_queries):
    assert can_stream(), "psycopg's libpq cannot hand rows over in chunks: PostgreSQL charts would not stream"
    snapshot = chart_with_citations()
    with connection.cursor() as cursor:
        cursor.execute(selectors._tree_sql(), [snapshot.pk] * 3)
        fetched = cursor.fetchall()
    with django_assert_num_queries(1), streamed_rows(selectors._tree_sql(), [snapshot.pk] * 3, chunk_rows=2) as rows:
        streamed = list(rows)
    assert sorted(streamed, key=selectors.CHART_ORDER) == sorted(fetched, key=selectors.CHART_ORDER)
    assert len(streamed) == 8


def stop_after_one_row() -> None:
    # Long enough that the server is still sending when the reader stops.
    with streamed_rows("SELECT g FROM generate_series(1, %s) g", [300_000], chunk_rows=2) as rows:
        next(rows)
        raise selectors.RowsOutOfOrder


@on_postgresql
def test_leaving_a_stream_early_leaves_the_transaction_usable():
    """Stopping halfway (a chart out of order) must not cancel the statement: in a transaction that aborts it."""
    snapshot = chart_with_citations()
    with pytest.raises(selectors.RowsOutOfOrder):
        stop_after_one_row()
    assert Unit.objects.filter(snapshot=snapshot).count() == 4
