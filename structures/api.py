"""Thin DRF views: read parameters, call a selector, return its rows as JSON, CSV or JSON-LD."""

from __future__ import annotations

from typing import Any

import orjson
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import renderers, status
from rest_framework.decorators import api_view, schema
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from structures import errors, exports, selectors
from structures.api_http import (
    KEY_PATH,
    MAX_DEPTH,
    PAGE_PARAMETERS,
    SLUG,
    CSVRenderer,
    FastNotModifiedMixin,
    JsonErrorsMixin,
    JSONLDRenderer,
    base_url,
    choice_parameter,
    conditional_response,
    error_responses,
    etag_from,
    integer_parameter,
    key_parameter,
    paginate,
    paginated_response,
    raw_tree_variant,
    text_parameter,
    versions_of,
)
from structures.lineage import Lineage
from structures.models import Snapshot
from structures.published_versions import stored_versions
from structures.serializers import (
    CompareSerializer,
    DocumentSerializer,
    LineageSerializer,
    OrganizationSerializer,
    ReformSerializer,
    SearchSerializer,
    SnapshotSerializer,
    TreeSerializer,
)


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


# Every method: a write to a path that is not there (e.g. a key that is not a slug) is a 404, not a 405.
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
@schema(None)
def not_found(request: Request, rest: str = "") -> Response:
    """Answer any other /api/ path with a JSON 404, so clients always get a body they can read."""
    raise NotFound(errors.API_NO_ENDPOINT.format(path=request.path))


# --- Organizations, documents, reforms -----------------------------------------------------------


class OrganizationListView(APIView):
    @extend_schema(
        summary="List organizations",
        operation_id="organizations_list",
        description="Organizations with at least one snapshot you may read, by key. Paginated by headers.",
        parameters=PAGE_PARAMETERS,
        responses={200: OrganizationSerializer(many=True), **error_responses(400, 404)},
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        rows = list(selectors.visible_organizations(user=request.user))
        return paginated_response(request, rows, selectors.organization_summary)


class OrganizationDetailView(APIView):
    @extend_schema(
        summary="One organization",
        parameters=[KEY_PATH],
        responses={200: OrganizationSerializer, **error_responses(404)},
    )
    def get(self, request: Request, key: str) -> Response:
        organization = selectors.visible_organizations(user=request.user).filter(key=key).first()
        if organization is None:
            raise NotFound(errors.API_UNKNOWN_ORGANIZATION.format(key=key))
        return Response(selectors.organization_summary(organization))


class DocumentListView(APIView):
    @extend_schema(
        summary="List source documents",
        operation_id="documents_list",
        description="Documents behind the snapshots you may read, in timeline order. Paginated by headers.",
        parameters=[
            OpenApiParameter("organization", SLUG, description="Only documents about this organization (its key)."),
            *PAGE_PARAMETERS,
        ],
        responses={200: DocumentSerializer(many=True), **error_responses(400, 404)},
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        rows = list(selectors.visible_documents(user=request.user, organization=key_parameter(request, "organization")))
        return paginated_response(request, rows, selectors.document_summary)


class DocumentDetailView(APIView):
    @extend_schema(
        summary="One source document",
        description="The document symbol keeps its slashes, e.g. /api/documents/A/72/525/.",
        parameters=[
            OpenApiParameter(
                "symbol",
                {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9./()-]*$"},
                OpenApiParameter.PATH,
                description="The document symbol, e.g. A/72/525.",
            )
        ],
        responses={200: DocumentSerializer, **error_responses(404)},
    )
    def get(self, request: Request, symbol: str) -> Response:
        document = selectors.visible_documents(user=request.user).filter(symbol=symbol).first()
        if document is None:
            raise NotFound(errors.API_UNKNOWN_DOCUMENT.format(symbol=symbol))
        return Response(selectors.document_summary(document))


class ReformListView(APIView):
    @extend_schema(
        summary="List reforms",
        operation_id="reforms_list",
        description="Reforms whose two snapshots you may read, in timeline order. Paginated by headers.",
        parameters=[
            OpenApiParameter("organization", SLUG, description="Only this organization's reforms (its key)."),
            OpenApiParameter("document", str, description="Only reforms stated by this document (its symbol)."),
            *PAGE_PARAMETERS,
        ],
        responses={200: ReformSerializer(many=True), **error_responses(400, 404)},
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        reforms = selectors.visible_reforms(user=request.user)
        if organization := key_parameter(request, "organization"):
            reforms = reforms.filter(organization__key=organization)
        if document := text_parameter(request, "document"):
            reforms = reforms.filter(document__symbol=document)
        return paginated_response(request, list(reforms), selectors.reform_summary)


class ReformDetailView(APIView):
    @extend_schema(
        summary="One reform",
        description="Its before and after snapshots; /api/compare/ gives its changes.",
        parameters=[KEY_PATH],
        responses={200: ReformSerializer, **error_responses(404)},
    )
    def get(self, request: Request, key: str) -> Response:
        reform = selectors.visible_reforms(user=request.user).filter(key=key).first()
        if reform is None:
            raise NotFound(errors.API_UNKNOWN_REFORM.format(key=key))
        return Response(selectors.reform_summary(reform))


# --- Snapshots and trees -------------------------------------------------------------------------

SNAPSHOT_FILTERS = {
    "stage": [choice.value for choice in Snapshot.Stage],
    "completeness": [choice.value for choice in Snapshot.Completeness],
    "status": [choice.value for choice in Snapshot.Status],
}


class SnapshotListView(APIView):
    @extend_schema(
        summary="List snapshots",
        operation_id="snapshots_list",
        description=(
            "Every snapshot you may read, per organization in timeline order. Paginated by headers; "
            "the body stays a plain list."
        ),
        parameters=[
            OpenApiParameter("organization", SLUG, description="Only this organization's snapshots (its key)."),
            OpenApiParameter("document", str, description="Only snapshots from this document (its symbol)."),
            *(OpenApiParameter(name, str, enum=values) for name, values in SNAPSHOT_FILTERS.items()),
            *PAGE_PARAMETERS,
        ],
        responses={200: SnapshotSerializer(many=True), **error_responses(400, 404)},
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        snapshots = selectors.visible_snapshots(user=request.user)
        if organization := key_parameter(request, "organization"):
            snapshots = snapshots.filter(organization__key=organization)
        if document := text_parameter(request, "document"):
            snapshots = snapshots.filter(document__symbol=document)
        for name, values in SNAPSHOT_FILTERS.items():
            if value := choice_parameter(request, name, values):
                snapshots = snapshots.filter(**{name: value})
        return paginated_response(request, list(snapshots), selectors.snapshot_summary)


def _published_etag(key: str, *variant: object) -> str | None:
    """Return the ETag of a published snapshot's response from its stored hash (one query), else None."""
    row = stored_versions(key).get(key)
    return etag_from([row[:3]], *variant) if row else None


def _tree_etag(request: HttpRequest, key: str, view: str, *extra: object) -> str | None:
    variant = raw_tree_variant(request)
    return None if variant is None else _published_etag(key, view, *variant, *extra)


class SnapshotDetailView(FastNotModifiedMixin, APIView):
    def current_etag(self, request: HttpRequest, key: str) -> str | None:
        return _published_etag(key, "snapshot")

    @extend_schema(
        summary="One snapshot",
        parameters=[KEY_PATH],
        responses={200: SnapshotSerializer, 304: None, **error_responses(404)},
    )
    def get(self, request: Request, key: str) -> HttpResponseBase:
        snapshot = _snapshot_or_404(request, key)
        etag = etag_from(versions_of(snapshot), "snapshot")
        return conditional_response(request, etag, lambda: selectors.snapshot_summary(snapshot))


TREE_PARAMETERS = [
    KEY_PATH,
    OpenApiParameter("root", SLUG, description="Key of a unit: return only it and what lies below it."),
    OpenApiParameter(
        "depth",
        {"type": "integer", "minimum": 0, "maximum": MAX_DEPTH},
        description=f"Levels to keep below the root (or below the tops), 0 to {MAX_DEPTH}; all when absent.",
    ),
]


def tree_request(request: Request, key: str) -> tuple[Snapshot, str | None, int | None]:
    snapshot = _snapshot_or_404(request, key)
    root = key_parameter(request, "root")
    depth = integer_parameter(request, "depth", low=0, high=MAX_DEPTH, default=None)
    return snapshot, root, depth


def tree_body(snapshot: Snapshot, root: str | None, depth: int | None) -> dict[str, Any]:
    try:
        return exports.subtree(selectors.snapshot_tree(snapshot=snapshot), root=root, depth=depth)
    except exports.UnknownRootError:
        raise NotFound(errors.API_UNKNOWN_ROOT.format(snapshot=snapshot.key, key=root)) from None


def tree_json_body(snapshot: Snapshot, root: str | None, depth: int | None) -> dict[str, Any]:
    """Return tree_body for orjson: a whole tree's units come as JSON the database wrote."""
    if root is None and depth is None:
        return selectors.snapshot_tree_rendered(snapshot=snapshot)
    return tree_body(snapshot, root, depth)


class FastJSONRenderer(renderers.JSONRenderer):
    """Render with orjson: the same compact UTF-8 JSON, about ten times faster on a 100,000-unit tree."""

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        if data is None:
            return b""
        return orjson.dumps(data, default=self.encoder_class().default)


class SnapshotTreeView(FastNotModifiedMixin, APIView):
    renderer_classes = [FastJSONRenderer]

    def current_etag(self, request: HttpRequest, key: str) -> str | None:
        return _tree_etag(request, key, "tree")

    @extend_schema(
        summary="A snapshot's tree, whole or from a unit down",
        description=(
            "Units in tree order (every parent before its children) and the secondary lines that the "
            "tree cannot hold; never paginated. With root and depth, only that part of the tree, the lines "
            "with both ends in it and its figures. Published snapshots carry an ETag and answer 304 to "
            "If-None-Match."
        ),
        parameters=TREE_PARAMETERS,
        responses={200: TreeSerializer, 304: None, **error_responses(400, 404)},
    )
    def get(self, request: Request, key: str) -> HttpResponseBase:
        snapshot, root, depth = tree_request(request, key)
        etag = etag_from(versions_of(snapshot), "tree", root, depth)
        return conditional_response(request, etag, lambda: tree_json_body(snapshot, root, depth))


class SnapshotTreeCSVView(FastNotModifiedMixin, JsonErrorsMixin, APIView):
    renderer_classes = [CSVRenderer]

    def current_etag(self, request: HttpRequest, key: str) -> str | None:
        return _tree_etag(request, key, "tree.csv")

    @extend_schema(
        summary="A snapshot's tree as CSV",
        description=(
            "One row per unit in tree order: snapshot, key, parent, level, names, aliases (joined by '; '), "
            "kind, head, grade, posts, shared, parent_unknown, citations ('A/72/525 ¶20(b)' joined by '; '). "
            "Cells that a spreadsheet would run as a formula start with an apostrophe. Takes root and depth."
        ),
        parameters=TREE_PARAMETERS,
        responses={(200, "text/csv"): OpenApiTypes.STR, 304: None, **error_responses(400, 404)},
    )
    def get(self, request: Request, key: str) -> HttpResponseBase:
        snapshot, root, depth = tree_request(request, key)
        etag = etag_from(versions_of(snapshot), "tree.csv", root, depth)
        response = conditional_response(request, etag, lambda: exports.tree_csv(tree_body(snapshot, root, depth)))
        response["Content-Disposition"] = f'inline; filename="{snapshot.key}.csv"'
        return response


class SnapshotTreeJSONLDView(FastNotModifiedMixin, JsonErrorsMixin, APIView):
    renderer_classes = [JSONLDRenderer]

    def current_etag(self, request: HttpRequest, key: str) -> str | None:
        return _tree_etag(request, key, "tree.jsonld", base_url(request))

    @extend_schema(
        summary="A snapshot's tree as W3C Organization Ontology JSON-LD",
        description=(
            "Units as org:OrganizationalUnit with org:subOrganizationOf their parent (org:unitOf the "
            "organization for the tops), org:linkedTo for secondary lines, names as skos:prefLabel in en and "
            "zh-Hans, citations as dct:source. Takes root and depth."
        ),
        parameters=TREE_PARAMETERS,
        responses={(200, "application/ld+json"): OpenApiTypes.OBJECT, 304: None, **error_responses(400, 404)},
    )
    def get(self, request: Request, key: str) -> HttpResponseBase:
        snapshot, root, depth = tree_request(request, key)
        base = base_url(request)
        etag = etag_from(versions_of(snapshot), "tree.jsonld", root, depth, base)
        return conditional_response(
            request, etag, lambda: exports.tree_jsonld(tree_body(snapshot, root, depth), base=base)
        )


# --- Compare, lineage, search --------------------------------------------------------------------

COMPARE_PARAMETERS = [
    OpenApiParameter("before", SLUG, required=True, description="Key of the earlier snapshot."),
    OpenApiParameter("after", SLUG, required=True, description="Key of the later snapshot."),
]


def _compare_etag(request: HttpRequest, *variant: object) -> str | None:
    """Return the ETag of a comparison of two published snapshots of one organization (one query), else None."""
    before, after = (request.GET.get(name, "").strip() for name in ("before", "after"))
    if not before or not after or before == after:
        return None
    rows = stored_versions(before, after)
    if len(rows) != 2 or rows[before][3] != rows[after][3]:
        return None
    return etag_from([rows[before][:3], rows[after][:3]], *variant)


class CompareView(FastNotModifiedMixin, APIView):
    renderer_classes = [FastJSONRenderer]

    def current_etag(self, request: HttpRequest) -> str | None:
        return _compare_etag(request, "compare")

    @extend_schema(
        summary="Compare two snapshots",
        description=(
            "Classifies every unit of both snapshots and lists the changes, each with its summary and "
            "citations. Stated successions win over matching keys; a unit missing from a partial "
            "snapshot is not_described, never created or abolished."
        ),
        parameters=COMPARE_PARAMETERS,
        responses={200: CompareSerializer, 304: None, **error_responses(400, 404)},
    )
    def get(self, request: Request) -> HttpResponseBase:
        before, after = compare_parameters(request)
        etag = etag_from(versions_of(before, after), "compare")
        return conditional_response(request, etag, lambda: compare_body(before, after))


class CompareJSONLDView(FastNotModifiedMixin, JsonErrorsMixin, APIView):
    renderer_classes = [JSONLDRenderer]

    def current_etag(self, request: HttpRequest) -> str | None:
        return _compare_etag(request, "compare.jsonld", base_url(request))

    @extend_schema(
        summary="Compare two snapshots as W3C Organization Ontology JSON-LD",
        description=(
            "Both trees' units, and every change as an org:ChangeEvent with org:originalOrganization (units "
            "before) and org:resultingOrganization (units after), its type, summary and sources."
        ),
        parameters=COMPARE_PARAMETERS,
        responses={(200, "application/ld+json"): OpenApiTypes.OBJECT, 304: None, **error_responses(400, 404)},
    )
    def get(self, request: Request) -> HttpResponseBase:
        before, after = compare_parameters(request)
        base = base_url(request)
        etag = etag_from(versions_of(before, after), "compare.jsonld", base)
        return conditional_response(
            request,
            etag,
            lambda: exports.compare_jsonld(selectors.compare_snapshots(before=before, after=after), base=base),
        )


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
    return selectors.compare_snapshots(before=before, after=after, with_trees=False)


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
            "are listed as inferred. Carries an ETag while every snapshot you may read is published."
        ),
        parameters=[KEY_PATH],
        responses={200: LineageSerializer, 304: None, **error_responses(404)},
    )
    def get(self, request: Request, key: str) -> HttpResponseBase:
        etag = etag_from(selectors.visible_snapshot_versions(user=request.user), "lineage", key)

        def build() -> dict[str, Any]:
            lineage = selectors.unit_lineage(key=key, user=request.user)
            if lineage is None:
                raise NotFound(errors.API_UNKNOWN_UNIT.format(key=key))
            return lineage_body(lineage)

        return conditional_response(request, etag, build)


class SearchView(APIView):
    @extend_schema(
        summary="Search units",
        description=(
            "Matches English and Chinese names, aliases (spelling variants) and keys across snapshots, "
            "exact matches first. Paginated by headers."
        ),
        parameters=[
            OpenApiParameter(
                "q", {"type": "string", "pattern": r"\S"}, required=True, description="Text to find (not only spaces)."
            ),
            *PAGE_PARAMETERS,
        ],
        responses={200: SearchSerializer, **error_responses(400, 404)},
    )
    def get(self, request: Request) -> Response:
        query = request.query_params.get("q", "").strip()
        if not query:
            raise ParseError(errors.API_MISSING_PARAMETER.format(name="q"))
        results = selectors.search_units(query=query, user=request.user, limit=None)
        page, headers = paginate(request, results)
        return Response({"query": query, "results": page}, headers=headers)
