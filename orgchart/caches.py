"""Read a cache URL (CACHE_URL) into a Django CACHES entry, so every worker can share one cache."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

BACKENDS = {
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
    "dummy": "django.core.cache.backends.dummy.DummyCache",
    "redis": "django.core.cache.backends.redis.RedisCache",
    "rediss": "django.core.cache.backends.redis.RedisCache",
    "db": "django.core.cache.backends.db.DatabaseCache",
    "file": "django.core.cache.backends.filebased.FileBasedCache",
}


def cache_from_url(url: str) -> dict[str, Any]:
    """Return the CACHES entry a URL names, e.g. redis://cache:6379/0 or db://orgchart_cache."""
    parts = urlsplit(url)
    if parts.scheme not in BACKENDS:
        known = ", ".join(f"{scheme}://" for scheme in BACKENDS)
        raise ValueError(f'CACHE_URL "{url}" has an unknown scheme; use one of {known}')
    entry: dict[str, Any] = {"BACKEND": BACKENDS[parts.scheme], "KEY_PREFIX": "orgchart"}
    if parts.scheme in ("redis", "rediss"):
        entry["LOCATION"] = url
    elif parts.scheme == "db":
        if not parts.netloc:
            raise ValueError(f'CACHE_URL "{url}" names no table; use db://TABLE')
        entry["LOCATION"] = parts.netloc
    elif parts.scheme == "file":
        if not parts.path:
            raise ValueError(f'CACHE_URL "{url}" names no directory; use file:///PATH')
        entry["LOCATION"] = parts.path
    elif parts.scheme == "locmem":
        entry["LOCATION"] = parts.netloc or "orgchart"
    return entry
