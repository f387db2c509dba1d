"""Citations of a draft's units and secondary lines: thin views over the citation services, whose guards refuse a
citation of anything in a published snapshot (README, API)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max, Model
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from structures import selectors, services
from structures.api_drafts import (
    DELETE_ERRORS,
    ID_SCHEMA,
    PUBLISHED_409,
    UNIT_KEY_PATH,
    WRITE_ERRORS,
    _document,
    _line,
    _snapshot,
    _unit,
)
from structures.api_drafts_http import DraftWriteView, read_body
from structures.api_http import KEY_PATH
from structures.models import Citation, SecondaryLine, Unit
from structures.serializers_drafts import CitationCreateSerializer, DraftCitationSerializer

UNKNOWN_CITATION = "{subject} has no citation {id}."
LINE_ID_PATH = OpenApiParameter("line_id", ID_SCHEMA, OpenApiParameter.PATH, description="The line's id.")
CITATION_ID_PATH = OpenApiParameter("citation_id", ID_SCHEMA, OpenApiParameter.PATH, description="Its id.")


def _cite_description(subject: str) -> str:
    return (
        f"Needs structures.add_citation (editors). The citation goes after the {subject}'s others; an unknown "
        f"document is refused by name. {PUBLISHED_409}"
    )


UNCITE_DESCRIPTION = f"Needs structures.delete_citation (editors). {PUBLISHED_409}"


def _unit_subject(request: Request, key: str, unit_key: str) -> tuple[str, Unit, str]:
    snapshot = _snapshot(request, key)
    services.check_editable(snapshot=snapshot)
    unit = _unit(snapshot, unit_key)
    return "unit", unit, f'Unit "{unit.key}" of snapshot "{snapshot.key}"'


def _line_subject(request: Request, key: str, line_id: int) -> tuple[str, SecondaryLine, str]:
    snapshot = _snapshot(request, key)
    services.check_editable(snapshot=snapshot)
    line = _line(snapshot, line_id)
    return "line", line, f'Secondary line {line.pk} of snapshot "{snapshot.key}"'


def _cite(request: Request, field: str, subject: Model) -> Response:
    data = read_body(request, CitationCreateSerializer)
    document = _document(data["document"])
    # Imports number a subject's citations 0, 1, 2...; a new one goes last, after any gaps deletes left.
    last = Citation.objects.filter(**{field: subject}).aggregate(last=Max("position"))["last"]
    citation = services.create_citation(
        document=document, paragraph=data["paragraph"], position=0 if last is None else last + 1, **{field: subject}
    )
    return Response(_citation_body(citation), status=status.HTTP_201_CREATED)


def _uncite(field: str, subject: Model, name: str, citation_id: int) -> Response:
    citation = Citation.objects.filter(**{field: subject}, pk=citation_id).first()
    if citation is None:
        raise NotFound(UNKNOWN_CITATION.format(subject=name, id=citation_id))
    services.delete_citation(citation=citation)
    return Response(status=status.HTTP_204_NO_CONTENT)


def _citation_body(citation: Citation) -> dict[str, Any]:
    return {"id": citation.pk, **selectors.citation_dict(citation.document.symbol, citation.paragraph)}


class UnitCitationsView(DraftWriteView):
    required_permissions = {"POST": "structures.add_citation"}

    @extend_schema(
        summary="Cite a source for a unit of a draft",
        description=_cite_description("unit"),
        parameters=[KEY_PATH, UNIT_KEY_PATH],
        request=CitationCreateSerializer,
        responses={201: DraftCitationSerializer, **WRITE_ERRORS},
    )
    @transaction.atomic
    def post(self, request: Request, key: str, unit_key: str) -> Response:
        field, unit, _name = _unit_subject(request, key, unit_key)
        return _cite(request, field, unit)


class UnitCitationView(DraftWriteView):
    required_permissions = {"DELETE": "structures.delete_citation"}

    @extend_schema(
        summary="Remove a citation from a unit of a draft",
        description=UNCITE_DESCRIPTION,
        parameters=[KEY_PATH, UNIT_KEY_PATH, CITATION_ID_PATH],
        responses={204: None, **DELETE_ERRORS},
    )
    @transaction.atomic
    def delete(self, request: Request, key: str, unit_key: str, citation_id: int) -> Response:
        return _uncite(*_unit_subject(request, key, unit_key), citation_id)


class LineCitationsView(DraftWriteView):
    required_permissions = {"POST": "structures.add_citation"}

    @extend_schema(
        summary="Cite a source for a secondary line of a draft",
        description=_cite_description("line"),
        parameters=[KEY_PATH, LINE_ID_PATH],
        request=CitationCreateSerializer,
        responses={201: DraftCitationSerializer, **WRITE_ERRORS},
    )
    @transaction.atomic
    def post(self, request: Request, key: str, line_id: int) -> Response:
        field, line, _name = _line_subject(request, key, line_id)
        return _cite(request, field, line)


class LineCitationView(DraftWriteView):
    required_permissions = {"DELETE": "structures.delete_citation"}

    @extend_schema(
        summary="Remove a citation from a secondary line of a draft",
        description=UNCITE_DESCRIPTION,
        parameters=[KEY_PATH, LINE_ID_PATH, CITATION_ID_PATH],
        responses={204: None, **DELETE_ERRORS},
    )
    @transaction.atomic
    def delete(self, request: Request, key: str, line_id: int, citation_id: int) -> Response:
        return _uncite(*_line_subject(request, key, line_id), citation_id)
