"""The API's HTTP plumbing: renderers, query parameters, header pagination, ETags and conditional responses."""

from __future__ import annotations

import gzip
import hashlib
import re
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.http.response import HttpResponseBase
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import renderers, status
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.request import Request
from rest_framework.response import Response

from structures import errors
from structures.gc_pause import gc_paused
from structures.models import Snapshot
from structures.page_cache import ACCEPTS_GZIP
from structures.published_versions import PUBLISHED_MAX_AGE
from structures.serializers import ErrorSerializer

PUBLISHED_CACHE_CONTROL = f"public, max-age={PUBLISHED_MAX_AGE}"
DRAFT_CACHE_CONTROL = "private, no-cache"
# Part of every ETag: bump it when a response's shape changes, so clients and the shared cache drop old bodies.
API_VERSION = "2"
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500
MAX_DEPTH = 100
MAX_PAGE = 10**6
SLUG = {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}
SLUG_RE = re.compile(SLUG["pattern"])


class CSVRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        return b"" if data is None else data.encode()


class JSONLDRenderer(renderers.JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


def error_responses(*codes: int) -> dict[tuple[int, str], Any]:
    """Document the given error statuses, and 429 (throttled) on every endpoint: always a JSON body."""
    return {(code, "application/json"): ErrorSerializer for code in (*codes, 429)}


# --- Parameters ---------------------------------------------------------------------------------


def integer_parameter(request: Request, name: str, *, low: int, high: int, default: int | None) -> int | None:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise ParseError(errors.API_BAD_INTEGER.format(name=name, value=raw, low=low, high=high))
    return int(raw)


def choice_parameter(request: Request, name: str, choices: Sequence[str]) -> str | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if raw not in choices:
        raise ParseError(errors.API_BAD_CHOICE.format(name=name, value=raw, choices=", ".join(choices)))
    return raw


def text_parameter(request: Request, name: str) -> str | None:
    return request.query_params.get(name, "").strip() or None


def key_parameter(request: Request, name: str) -> str | None:
    """Read an optional key (a slug); refuse anything else, naming the parameter."""
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if not SLUG_RE.fullmatch(raw):
        raise ParseError(errors.API_BAD_KEY.format(name=name, value=raw))
    return raw


PAGE_PARAMETERS = [
    OpenApiParameter("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}, description="Page, from 1."),
    OpenApiParameter(
        "page_size",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
        description=f"Items per page, 1 to {MAX_PAGE_SIZE}; default {DEFAULT_PAGE_SIZE}.",
    ),
    OpenApiParameter(
        "X-Total-Count", OpenApiTypes.INT, OpenApiParameter.HEADER, response=[200], description="Items in all pages."
    ),
    OpenApiParameter(
        "Link",
        str,
        OpenApiParameter.HEADER,
        response=[200],
        description='URLs of the rel="next" and rel="prev" pages, when there are.',
    ),
]


def paginate(request: Request, items: Sequence[Any]) -> tuple[list[Any], dict[str, str]]:
    """Cut a list to ?page=&page_size=; return the page and headers naming the total and the next/prev pages."""
    size = integer_parameter(request, "page_size", low=1, high=MAX_PAGE_SIZE, default=DEFAULT_PAGE_SIZE)
    page = integer_parameter(request, "page", low=1, high=MAX_PAGE, default=1)
    total = len(items)
    last = max(1, -(-total // size))
    if page > last:
        raise NotFound(errors.API_PAGE_PAST_END.format(page=page, last=last))
    links = []
    for rel, number in (("prev", page - 1), ("next", page + 1)):
        if 1 <= number <= last:
            query = request.query_params.copy()
            query["page"] = str(number)
            links.append(f'<{request.build_absolute_uri(request.path)}?{query.urlencode()}>; rel="{rel}"')
    headers = {"X-Total-Count": str(total)}
    if links:
        headers["Link"] = ", ".join(links)
    return list(items[(page - 1) * size : page * size]), headers


def paginated_response(request: Request, rows: Sequence[Any], shape: Callable[[Any], Any]) -> Response:
    page, headers = paginate(request, rows)
    return Response([shape(row) for row in page], headers=headers)


# --- Conditional responses ----------------------------------------------------------------------


def etag_from(versions: Sequence[tuple[str, str, str]], *variant: object) -> str | None:
    """Return a strong ETag from stored content hashes when every snapshot read is published, else None.

    `versions` holds (key, status, content hash); `variant` names what else shapes the body (view, parameters).
    """
    if not all(state == Snapshot.Status.PUBLISHED and digest for _key, state, digest in versions):
        return None
    parts = [API_VERSION, *(str(v) for v in variant), *(f"{key}:{digest}" for key, _state, digest in versions)]
    return f'"{hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]}"'


def versions_of(*snapshots: Snapshot) -> list[tuple[str, str, str]]:
    return [(s.key, s.status, s.content_hash) for s in snapshots]


def _matches(etag: str, header: str) -> bool:
    """Compare weakly, as If-None-Match does: compression turns our strong ETag into W/"…"."""
    if header.strip() == "*":
        return True
    return etag.removeprefix("W/") in {tag.removeprefix("W/") for tag in parse_etags(header)}


def conditional_response(request: Request, etag: str | None, build: Callable[[], Any]) -> HttpResponseBase:
    """Answer 304 when the client holds the current ETag, without building the body.

    Published bodies are kept rendered in the shared cache for settings.API_CACHE_SECONDS, keyed by their ETag
    and the media type they were rendered to, and compressed once when a client first asks for gzip: a cached
    10,000-unit tree is then sent without reading, building, rendering or compressing anything (README,
    Performance).
    """
    if etag is not None and _matches(etag, request.headers.get("If-None-Match", "")):
        response = Response(status=status.HTTP_304_NOT_MODIFIED)
    elif etag is not None and settings.API_CACHE_SECONDS:
        response = _rendered_from_cache(request, etag, build)
    else:
        response = HttpResponse(_render(request, build), content_type=_content_type(request))
    if etag is not None:
        # A compressed body is another representation: weak, as the compression middleware makes it.
        response["ETag"] = f"W/{etag}" if response.has_header("Content-Encoding") else etag
        response["Cache-Control"] = PUBLISHED_CACHE_CONTROL
    else:
        response["Cache-Control"] = DRAFT_CACHE_CONTROL
    return response


def _rendered_from_cache(request: Request, etag: str, build: Callable[[], Any]) -> HttpResponse:
    variant = f"{etag}|{request.accepted_media_type}"  # a media type may carry spaces, which some caches refuse
    key = f"api-rendered:{hashlib.sha256(variant.encode()).hexdigest()}"
    content_type = _content_type(request)
    if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        # Compressing a 10,000-unit tree took 40 ms of every request for it, five times sending it from the cache.
        compressed = cache.get(f"{key}:gzip")
        if compressed is None:
            compressed = gzip.compress(_rendered(request, key, build), compresslevel=6, mtime=0)
            cache.set(f"{key}:gzip", compressed, settings.API_CACHE_SECONDS)
        response = HttpResponse(compressed, content_type=content_type)
        response["Content-Encoding"] = "gzip"  # the compression middleware leaves an encoded body alone
        patch_vary_headers(response, ("Accept-Encoding",))
        return response
    return HttpResponse(_rendered(request, key, build), content_type=content_type)


def _rendered(request: Request, key: str, build: Callable[[], Any]) -> bytes:
    body = cache.get(key)
    if body is None:
        body = _render(request, build)
        cache.set(key, body, settings.API_CACHE_SECONDS)
    return body


def _render(request: Request, build: Callable[[], Any]) -> bytes:
    # The renderers here turn data into bytes by the data and media type alone (JSON, JSON-LD, CSV). The data
    # is built, rendered and freed in one go, which lets the collector sit it out (gc_pause).
    with gc_paused():
        return request.accepted_renderer.render(build(), request.accepted_media_type, {"request": request})


def _content_type(request: Request) -> str:
    renderer = request.accepted_renderer
    charset = f"; charset={renderer.charset}" if renderer.charset else ""
    return f"{renderer.media_type}{charset}"


def raw_tree_variant(request: HttpRequest) -> tuple[str | None, int | None] | None:
    """Read ?root=&depth= as tree_request does; None when either is malformed (the full view then says why)."""
    root, depth = request.GET.get("root"), request.GET.get("depth")
    if root is not None and not SLUG_RE.fullmatch(root):
        return None
    if depth is not None and not (depth.isdigit() and 0 <= int(depth) <= MAX_DEPTH):
        return None
    return root, None if depth is None else int(depth)


class FastNotModifiedMixin:
    """Answer a conditional GET of published data with 304 before DRF parses, negotiates and authenticates.

    A 304 then costs one small query (the snapshots' content hashes) and little more than an empty view;
    published data is readable by everyone, and drafts have no ETag, so nothing is revealed that the full
    view would not reveal. Anything the fast path cannot decide falls through to the full view.
    """

    def current_etag(self, request: HttpRequest, **kwargs: Any) -> str | None:
        """Return the ETag the full view would send for this request, or None to let the full view decide."""
        raise NotImplementedError

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        header = request.headers.get("If-None-Match")
        if header and request.method in ("GET", "HEAD"):
            etag = self.current_etag(request, **kwargs)
            if etag is not None and _matches(etag, header) and self._allowed(request):
                response = HttpResponseNotModified()
                response["ETag"] = etag
                response["Cache-Control"] = PUBLISHED_CACHE_CONTROL
                return response
        return super().dispatch(request, *args, **kwargs)

    def _allowed(self, request: HttpRequest) -> bool:
        # The same rate limits as the full view; a refused client goes on to the full view and its 429.
        return all(throttle.allow_request(request, self) for throttle in self.get_throttles())


def base_url(request: Request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


class JsonErrorsMixin:
    """Render errors (and OPTIONS) as JSON on views whose success body is CSV or JSON-LD."""

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        if response.status_code >= 400 or request.method == "OPTIONS":
            request.accepted_renderer = renderers.JSONRenderer()
            request.accepted_media_type = "application/json"
        return super().finalize_response(request, response, *args, **kwargs)


KEY_PATH = OpenApiParameter("key", SLUG, OpenApiParameter.PATH, description="A key (letters, digits, - and _).")
