"""Thin DRF views: read parameters, call a selector, return its rows as JSON."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.utils.http import parse_etags
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from structures import errors, selectors
from structures.lineage import Lineage
from structures.models import Snapshot
from structures.serializers import (
    CompareSerializer,
    ErrorSerializer,
    LineageSerializer,
    SearchSerializer,
    SnapshotSerializer,
    TreeSerializer,
)

PUBLISHED_CACHE_CONTROL = "public, max-age=300"
DRAFT_CACHE_CONTROL = "private, no-cache"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Answer refused writes with 400 and every error with a JSON body naming the problem."""
    if isinstance(exc, errors.StructureError):
        return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)


def _snapshot_or_404(request: Request, key: str) -> Snapshot:
    snapshot = selectors.get_snapshot(key=key, user=request.user)
    if snapshot is None:
        raise NotFound(errors.API_UNKNOWN_SNAPSHOT.format(key=key))
    return snapshot


def _etag_for(*snapshots: Snapshot) -> str | None:
    """Return a strong ETag when every snapshot is published (immutable), else None."""
    if not all(s.is_published and s.content_hash for s in snapshots):
        return None
    digest = hashlib.sha256("|".join(s.content_hash for s in snapshots).encode()).hexdigest()[:32]
    return f'"{digest}"'


def conditional_response(request: Request, etag: str | None, build: Callable[[], Any]) -> Response:
    """Answer 304 when the client holds the current ETag, without building the body."""
    if etag is not None and etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = Response(status=status.HTTP_304_NOT_MODIFIED)
    else:
        response = Response(build())
    if etag is not None:
        response["ETag"] = etag
        response["Cache-Control"] = PUBLISHED_CACHE_CONTROL
    else:
        response["Cache-Control"] = DRAFT_CACHE_CONTROL
    return response


class SnapshotListView(APIView):
    @extend_schema(
        summary="List snapshots",
        description="Every snapshot you may read, per organization in timeline order.",
        responses={200: SnapshotSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        snapshots = selectors.visible_snapshots(user=request.user)
        return Response([selectors.snapshot_summary(s) for s in snapshots])


class SnapshotDetailView(APIView):
    @extend_schema(
        summary="One snapshot",
        responses={200: SnapshotSerializer, 404: ErrorSerializer},
    )
    def get(self, request: Request, key: str) -> Response:
        snapshot = _snapshot_or_404(request, key)
        return conditional_response(request, _etag_for(snapshot), lambda: selectors.snapshot_summary(snapshot))


class SnapshotTreeView(APIView):
    @extend_schema(
        summary="A snapshot's whole tree",
        description=(
            "Units in tree order (every parent before its children) and the secondary lines that the "
            "tree cannot hold. Published snapshots carry an ETag and answer 304 to If-None-Match."
        ),
        responses={200: TreeSerializer, 304: None, 404: ErrorSerializer},
    )
    def get(self, request: Request, key: str) -> Response:
        snapshot = _snapshot_or_404(request, key)
        return conditional_response(request, _etag_for(snapshot), lambda: selectors.snapshot_tree(snapshot=snapshot))


class CompareView(APIView):
    @extend_schema(
        summary="Compare two snapshots",
        description=(
            "Classifies every unit of both snapshots and lists the changes, each with its summary and "
            "citations. Stated successions win over matching keys; a unit missing from a partial "
            "snapshot is not_described, never created or abolished."
        ),
        parameters=[
            OpenApiParameter("before", str, required=True, description="Key of the earlier snapshot."),
            OpenApiParameter("after", str, required=True, description="Key of the later snapshot."),
        ],
        responses={200: CompareSerializer, 304: None, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        before, after = compare_parameters(request)
        return conditional_response(request, _etag_for(before, after), lambda: compare_body(before, after))


def compare_parameters(request: Request) -> tuple[Snapshot, Snapshot]:
    """Read and check ?before=&after=; raise a 400 or 404 that names the bad parameter."""
    keys = {}
    for name in ("before", "after"):
        value = request.query_params.get(name, "").strip()
        if not value:
            raise ParseError(errors.API_MISSING_PARAMETER.format(name=name))
        keys[name] = value
    if keys["before"] == keys["after"]:
        raise ParseError(errors.API_SAME_SNAPSHOT)
    before = _snapshot_or_404(request, keys["before"])
    after = _snapshot_or_404(request, keys["after"])
    if before.organization_id != after.organization_id:
        raise ParseError(errors.API_DIFFERENT_ORGANIZATIONS.format(before=before.key, after=after.key))
    return before, after


def compare_body(before: Snapshot, after: Snapshot) -> dict[str, Any]:
    body = selectors.compare_snapshots(before=before, after=after)
    body.pop("trees")
    return body


def lineage_body(lineage: Lineage) -> dict[str, Any]:
    return {
        "key": lineage.key,
        "appearances": [{"snapshot": a.snapshot, "unit": a.unit} for a in lineage.appearances],
        "events": lineage.events,
        "predecessors": lineage.predecessors,
        "successors": lineage.successors,
    }


class UnitLineageView(APIView):
    @extend_schema(
        summary="A unit's lineage",
        description=(
            "Every snapshot the unit appears in, in date order, and every succession into and out of it "
            "with citations; renames and moves between consecutive appearances that no document states "
            "are listed as inferred."
        ),
        responses={200: LineageSerializer, 404: ErrorSerializer},
    )
    def get(self, request: Request, key: str) -> Response:
        lineage = selectors.unit_lineage(key=key, user=request.user)
        if lineage is None:
            raise NotFound(errors.API_UNKNOWN_UNIT.format(key=key))
        return Response(lineage_body(lineage))


class SearchView(APIView):
    @extend_schema(
        summary="Search units",
        description="Matches English and Chinese names, aliases (spelling variants) and keys across snapshots.",
        parameters=[OpenApiParameter("q", str, required=True, description="Text to find.")],
        responses={200: SearchSerializer, 400: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        query = request.query_params.get("q", "").strip()
        if not query:
            raise ParseError(errors.API_MISSING_PARAMETER.format(name="q"))
        return Response({"query": query, "results": selectors.search_units(query=query, user=request.user)})
