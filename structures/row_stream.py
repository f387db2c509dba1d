"""Rows of one statement handed over while PostgreSQL still sends them, instead of after the last one arrived.

A 100k-unit chart's statement sends its rows over some 150 ms once its sort is done. `execute()` then `fetchall()`
waits for all of them and only then turns them into Python values, in one process after the other; streamed
(psycopg's chunked-rows mode, libpq 17+), Python shapes the first rows while the last are still on their way
(README, Performance). The statement still goes through Django's `execute()`, so its execute wrappers, its
query log (`django_assert_num_queries`) and its error translation all see it as the one query it is.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from django.db import connection

# Rows per chunk libpq hands over: small, so Python shapes the first rows while PostgreSQL still reads the rest
# (a 1k chart's request 18.4 ms at 2,000 rows a chunk, all in one, and 15.7 at 100 or 200), and large enough
# that a chunk's overhead stays small beside its rows (100k charts and comparisons took as long at 100 as at 2,000).
CHUNK_ROWS = 100


def can_stream() -> bool:
    """Tell whether the default database can hand rows over in chunks (PostgreSQL through libpq 17 or later)."""
    if connection.vendor != "postgresql":
        return False
    from psycopg import capabilities

    return capabilities.has_stream_chunked()


class _StreamingCursor:
    """A psycopg cursor whose `execute()` starts a stream and reads its first chunk; iterating goes on from there."""

    def __init__(self, cursor: Any, chunk_rows: int) -> None:
        self._cursor = cursor
        self._chunk_rows = chunk_rows
        self._rows: Iterator[tuple] = iter(())
        self._first: tuple | None = None

    def execute(self, sql: str, params: Any = None) -> None:
        self._rows = self._cursor.stream(sql, params, size=self._chunk_rows)
        # Reading the first row sends the statement, so Django's wrappers time and check the statement itself.
        self._first = next(self._rows, None)

    def __iter__(self) -> Iterator[tuple]:
        if self._first is None:
            return
        first, self._first = self._first, None
        yield first
        with connection.wrap_database_errors:
            yield from self._rows

    def drain(self) -> None:
        """Read whatever rows are left, so the connection is free for the next statement.

        Closing a stream early makes psycopg cancel its statement, and inside a transaction a cancelled statement
        aborts the transaction: a caller that stops reading to run another statement would find it refused.
        """
        self._first = None
        with connection.wrap_database_errors:
            for _ in self._rows:
                pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)


@contextlib.contextmanager
def streamed_rows(sql: str, params: Any, *, chunk_rows: int = CHUNK_ROWS) -> Iterator[Iterator[tuple]]:
    """Run one statement on the default database and yield its rows as they arrive (see `can_stream`)."""
    with connection.cursor() as django_cursor:
        stream = _StreamingCursor(django_cursor.cursor, chunk_rows)
        wrapped = connection.make_debug_cursor(stream) if connection.queries_logged else connection.make_cursor(stream)
        wrapped.execute(sql, params)
        try:
            yield iter(stream)
        finally:
            stream.drain()
