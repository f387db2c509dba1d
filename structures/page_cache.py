"""Chart pages of published snapshots, kept compressed in the shared cache and keyed by what shapes them.

A published snapshot never changes, so its page (or a comparison or timeline step of published snapshots) is
the same bytes for every anonymous reader until the dataset is reloaded with other content, which changes the
snapshots' content hashes and so the key. Building a 10,000-unit page takes about a second; serving it from
the cache takes milliseconds (README, Performance). Readers who are logged in may see drafts, so their pages
are always built.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.regex_helper import _lazy_re_compile
from django.utils.translation import get_language

from structures.models import Snapshot

ACCEPTS_GZIP = _lazy_re_compile(r"\bgzip\b")


@functools.cache
def _release() -> str:
    """Name this code's templates, translations and static files, so a deployment never serves older pages."""
    digest = hashlib.sha256()
    for folder in ("templates", "locale", "static"):
        for path in sorted(Path(settings.BASE_DIR, folder).rglob("*")):
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def _key(request: HttpRequest, snapshots: Sequence[Snapshot]) -> str | None:
    if not settings.PAGE_CACHE_SECONDS or not request.user.is_anonymous:
        return None
    parts = [_release(), get_language() or "", request.get_full_path()]
    for snapshot in snapshots:
        if snapshot.status != Snapshot.Status.PUBLISHED or not snapshot.content_hash:
            return None
        parts += [snapshot.key, snapshot.content_hash, snapshot.document.content_hash]
    return "page:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def published_page(
    request: HttpRequest, snapshots: Sequence[Snapshot], build: Callable[[], HttpResponse]
) -> HttpResponse:
    """Return the page `build` makes for these snapshots, from the cache when every one of them is published."""
    key = _key(request, snapshots)
    if key is None:
        return build()
    stored = cache.get(key)
    if stored is None:
        response = build()
        if response.status_code != 200 or response.streaming:
            return response
        stored = (gzip.compress(response.content, compresslevel=6), response["Content-Type"])
        cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
    body, content_type = stored
    if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        response = HttpResponse(body, content_type=content_type)
        response["Content-Encoding"] = "gzip"  # the compression middleware leaves an encoded body alone
    else:
        response = HttpResponse(gzip.decompress(body), content_type=content_type)
    patch_vary_headers(response, ("Accept-Encoding",))
    return response
