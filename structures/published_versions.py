"""Which content a snapshot key names: the stored version every ETag is made from, remembered for published ones.

A 304 revalidation asks only this, and its one query was half the time of the whole answer on PostgreSQL
(README, Performance). A published snapshot never changes; only the dataset loader replaces one, and it forgets
what it replaces. A worker whose cache the loader cannot reach (a per-process cache while another process
loads) may answer from the old version for at most PUBLISHED_MAX_AGE seconds: the window in which every client
and proxy may already serve the old body, as the responses' Cache-Control allows.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from structures.models import Snapshot

# Seconds a client or proxy may keep a published response (its Cache-Control max-age).
PUBLISHED_MAX_AGE = 300

Version = tuple[str, str, str, int]  # (key, status, content hash, organization id)


def _memo_key(key: str) -> str:
    return f"published-version:{key}"


def stored_versions(*keys: str) -> dict[str, Version]:
    """Return {key: (key, status, content hash, organization id)} of the named snapshots that exist.

    Published ones come from the cache when it is on (settings.API_CACHE_SECONDS); the rest in one small raw
    query. Raw SQL: compiling the ORM query (the model's timeline ordering) took longer than the rest of a 304.
    """
    remembering = bool(settings.API_CACHE_SECONDS)
    found: dict[str, Version] = {}
    if remembering:
        remembered = cache.get_many([_memo_key(key) for key in keys])
        found = {key: remembered[_memo_key(key)] for key in keys if _memo_key(key) in remembered}
    missing = [key for key in keys if key not in found]
    if not missing:
        return found
    quote = connection.ops.quote_name
    sql = (
        f"SELECT {quote('key')}, status, content_hash, organization_id FROM {quote(Snapshot._meta.db_table)} "
        f"WHERE {quote('key')} IN ({', '.join(['%s'] * len(missing))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, missing)
        read = {row[0]: tuple(row) for row in cursor.fetchall()}
    if remembering:
        published = {_memo_key(key): row for key, row in read.items() if row[1] == Snapshot.Status.PUBLISHED and row[2]}
        if published:
            cache.set_many(published, min(PUBLISHED_MAX_AGE, settings.API_CACHE_SECONDS))
    return {**found, **read}


def forget_versions(keys: Iterable[str]) -> None:
    """Drop what is remembered of these snapshot keys: the dataset loader is replacing or removing them."""
    cache.delete_many([_memo_key(key) for key in keys])
