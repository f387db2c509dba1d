"""The draft-editing API: thin views that resolve keys, call the services in one transaction and answer with what
was written. Every rule of the data is the services'; a refusal keeps their message (README, API)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import SAFE_METHODS, AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from structures import api, errors, selectors, services
from structures.api_drafts_http import BadInput, DraftWriteView, read_body
from structures.api_http import KEY_PATH, SLUG, error_responses
from structures.models import Reform, SecondaryLine, Snapshot, SourceDocument, Succession, Unit
from structures.serializers import ReformSerializer, SnapshotSerializer
from structures.serializers_drafts import (
    PLACEMENT_FIELDS,
    DraftCreateSerializer,
    DraftLineSerializer,
    DraftSerializer,
    DraftSuccessionSerializer,
    DraftUnitSerializer,
    LineCreateSerializer,
    PublishRefusalSerializer,
    ReformCreateSerializer,
    SuccessionCreateSerializer,
    UnitChangeSerializer,
    UnitCreateSerializer,
)

UNKNOWN_LINE = 'Snapshot "{snapshot}" has no secondary line {id}.'
UNKNOWN_SUCCESSION = 'Reform "{reform}" has no succession {id}.'
UNIT_KEY_PATH = OpenApiParameter("unit_key", SLUG, OpenApiParameter.PATH, description="The unit's key.")
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}
PUBLISHED_409 = "A write to a published snapshot (or to a reform leading to one) answers 409 Conflict."


def _snapshot(request: Request, key: str) -> Snapshot:
    snapshot = selectors.get_snapshot(key=key, user=request.user)
    if snapshot is None:
        raise NotFound(errors.API_UNKNOWN_SNAPSHOT.format(key=key))
    return snapshot


def _unit(snapshot: Snapshot, key: str) -> Unit:
    unit = Unit.objects.filter(snapshot_id=snapshot.pk, key=key).first()
    if unit is None:
        raise NotFound(errors.API_UNKNOWN_ROOT.format(snapshot=snapshot.key, key=key))
    return unit


def _reform(request: Request, key: str) -> Reform:
    reform = selectors.visible_reforms(user=request.user).filter(key=key).first()
    if reform is None:
        raise NotFound(errors.API_UNKNOWN_REFORM.format(key=key))
    return reform


def _line(snapshot: Snapshot, line_id: int) -> SecondaryLine:
    line = SecondaryLine.objects.filter(snapshot_id=snapshot.pk, pk=line_id).select_related("snapshot").first()
    if line is None:
        raise NotFound(UNKNOWN_LINE.format(snapshot=snapshot.key, id=line_id))
    return line


def _document(symbol: str | None) -> SourceDocument | None:
    """Return the stored document a body names in "document" (None if it names none); refuse an unknown one."""
    if not symbol:
        return None
    document = SourceDocument.objects.filter(symbol=symbol).first()
    if document is None:
        raise BadInput(f'Field "document": {errors.API_UNKNOWN_DOCUMENT.format(symbol=symbol)}')
    return document


def _body_snapshot(request: Request, key: str, *, field: str) -> Snapshot:
    """Return the snapshot a body names by key, if the user may read it; refuse an unknown one by field."""
    snapshot = selectors.get_snapshot(key=key, user=request.user)
    if snapshot is None:
        raise BadInput(f'Field "{field}": {errors.API_UNKNOWN_SNAPSHOT.format(key=key)}')
    return snapshot


def _ref(request: Request, ref: str, *, snapshot: Snapshot, field: str) -> Unit:
    """Return the unit a body names: a key in `snapshot`, or "snapshot-key/unit-key" anywhere the user may read.

    A unit of another snapshot is passed on as it is: the service refuses it, naming why it does not belong.
    """
    snapshot_key, _, key = ref.rpartition("/")
    if snapshot_key and snapshot_key != snapshot.key:
        snapshot = _body_snapshot(request, snapshot_key, field=field)
    unit = Unit.objects.filter(snapshot_id=snapshot.pk, key=key).first()
    if unit is None:
        raise BadInput(f'Field "{field}" {errors.DS_UNKNOWN_UNIT.format(unit=key, snapshot=snapshot.key)}.')
    return unit


def _unit_body(unit: Unit) -> dict[str, Any]:
    return DraftUnitSerializer(Unit.objects.select_related("snapshot", "parent").get(pk=unit.pk)).data


def _line_body(line: SecondaryLine) -> dict[str, Any]:
    return {
        "id": line.pk,
        "snapshot": line.snapshot.key,
        "from": line.from_unit.key,
        "to": line.to_unit.key,
        "type": line.type,
        "qualifier_en": line.qualifier_en,
        "qualifier_zh": line.qualifier_zh,
    }


def _succession_body(succession: Succession) -> dict[str, Any]:
    return {
        "id": succession.pk,
        "reform": succession.reform.key,
        "type": succession.type,
        "from": [unit.key for unit in succession.from_units.order_by("tree_id", "lft")],
        "to": [unit.key for unit in succession.to_units.order_by("tree_id", "lft")],
        "summary_en": succession.summary_en,
        "summary_zh": succession.summary_zh,
    }


# --- Units ---------------------------------------------------------------------------------------

WRITE_ERRORS = error_responses(400, 401, 403, 404, 409, 415)
DELETE_ERRORS = error_responses(401, 403, 404, 409)


class UnitsView(DraftWriteView):
    required_permissions = {"POST": "structures.add_unit"}

    @extend_schema(
        summary="Add a unit to a draft",
        description=(
            "Needs the structures.add_unit permission (editors). Without a place the unit becomes a top unit; "
            '"parent" (with "position") puts it under a unit, "before" or "after" beside a sibling. Refusals '
            f"name the problem: a duplicate key, an unknown parent, a parent in another snapshot. {PUBLISHED_409}"
        ),
        parameters=[KEY_PATH],
        request=UnitCreateSerializer,
        responses={201: DraftUnitSerializer, **WRITE_ERRORS},
    )
    @transaction.atomic
    def post(self, request: Request, key: str) -> Response:
        snapshot = _snapshot(request, key)
        services.check_editable(snapshot=snapshot)
        data = read_body(request, UnitCreateSerializer)
        place = {name: data.pop(name) for name in PLACEMENT_FIELDS if name in data}
        side = "before" if "before" in place else "after" if "after" in place else None
        sibling = _ref(request, place[side], snapshot=snapshot, field=side) if side else None
        if sibling is not None:
            parent = sibling.parent
        elif place.get("parent"):
            parent = _ref(request, place["parent"], snapshot=snapshot, field="parent")
        else:
            parent = None
        unit = services.create_unit(snapshot=snapshot, parent=parent, **data)
        if sibling is not None:
            unit = services.move_unit(unit=unit, sibling=sibling, position="left" if side == "before" else "right")
        elif place.get("position") == "first-child":
            unit = services.move_unit(unit=unit, new_parent=parent, position="first-child")
        return Response(_unit_body(unit), status=status.HTTP_201_CREATED)


class UnitView(DraftWriteView):
    required_permissions = {"PATCH": "structures.change_unit", "DELETE": "structures.delete_unit"}

    @extend_schema(
        summary="Change or move a unit of a draft",
        description=(
            'Needs structures.change_unit (editors). Changes the fields given; "parent" (null: a top unit, '
            'with "position"), "before" or "after" moves the unit with everything under it, in the same '
            "transaction as the other changes. Refusals name the problem: a unit under itself or its own "
            f"descendant, a parent in another snapshot, an unknown parent, a taken key. {PUBLISHED_409}"
        ),
        parameters=[KEY_PATH, UNIT_KEY_PATH],
        request=UnitChangeSerializer,
        responses={200: DraftUnitSerializer, **WRITE_ERRORS},
    )
    @transaction.atomic
    def patch(self, request: Request, key: str, unit_key: str) -> Response:
        snapshot = _snapshot(request, key)
        services.check_editable(snapshot=snapshot)
        unit = _unit(snapshot, unit_key)
        data = read_body(request, UnitChangeSerializer)
        place = {name: data.pop(name) for name in PLACEMENT_FIELDS if name in data}
        if side := next((name for name in ("before", "after") if name in place), None):
            sibling = _ref(request, place[side], snapshot=snapshot, field=side)
            services.move_unit(unit=unit, sibling=sibling, position="left" if side == "before" else "right")
        elif "parent" in place:
            parent = _ref(request, place["parent"], snapshot=snapshot, field="parent") if place["parent"] else None
            services.move_unit(unit=unit, new_parent=parent, position=place.get("position", ""))
        if data:
            services.update_unit(unit=unit, **data)
        return Response(_unit_body(unit))

    @extend_schema(
        summary="Delete a unit of a draft, with everything under it",
        description=f"Needs structures.delete_unit (editors). {PUBLISHED_409}",
        parameters=[KEY_PATH, UNIT_KEY_PATH],
        responses={204: None, **DELETE_ERRORS},
    )
    @transaction.atomic
    def delete(self, request: Request, key: str, unit_key: str) -> Response:
        snapshot = _snapshot(request, key)
        services.check_editable(snapshot=snapshot)
        services.delete_unit(unit=_unit(snapshot, unit_key))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Secondary lines -----------------------------------------------------------------------------


class LinesView(DraftWriteView):
    required_permissions = {"POST": "structures.add_secondaryline"}

    @extend_schema(
        summary="Add a secondary line to a draft",
        description=(
            "Needs structures.add_secondaryline (editors). Both ends must be units of this draft; a line to a "
            f"unit of another snapshot, or from a unit to itself, is refused by name. {PUBLISHED_409}"
        ),
        parameters=[KEY_PATH],
        request=LineCreateSerializer,
        responses={201: DraftLineSerializer, **WRITE_ERRORS},
    )
    @transaction.atomic
    def post(self, request: Request, key: str) -> Response:
        snapshot = _snapshot(request, key)
        services.check_editable(snapshot=snapshot)
        data = read_body(request, LineCreateSerializer)
        ends = {f"{name}_unit": _ref(request, data.pop(name), snapshot=snapshot, field=name) for name in ("from", "to")}
        line = services.create_line(snapshot=snapshot, **ends, **data)
        return Response(_line_body(line), status=status.HTTP_201_CREATED)


class LineView(DraftWriteView):
    required_permissions = {"DELETE": "structures.delete_secondaryline"}

    @extend_schema(
        summary="Delete a secondary line of a draft",
        description=f"Needs structures.delete_secondaryline (editors). {PUBLISHED_409}",
        parameters=[KEY_PATH, OpenApiParameter("line_id", ID_SCHEMA, OpenApiParameter.PATH, description="Its id.")],
        responses={204: None, **DELETE_ERRORS},
    )
    @transaction.atomic
    def delete(self, request: Request, key: str, line_id: int) -> Response:
        snapshot = _snapshot(request, key)
        services.check_editable(snapshot=snapshot)
        services.delete_line(line=_line(snapshot, line_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Reforms and successions ---------------------------------------------------------------------


class ReformsView(api.ReformListView, DraftWriteView):
    """GET lists reforms as it always has; POST records a new one."""

    required_permissions = {"POST": "structures.add_reform"}

    def get_permissions(self) -> list:
        # DraftRolePermission lets any reader GET too; AllowAny says so in the schema (anonymous allowed).
        if self.request.method in SAFE_METHODS:
            return [AllowAny()]
        return super().get_permissions()

    @extend_schema(
        summary="Record a reform from a snapshot to a later draft",
        description=(
            'Needs structures.add_reform (editors), as the admin\'s "Add reform"; its successions are added '
            "after, through POST /api/reforms/{key}/successions/. Refusals name the problem: a taken key, an "
            "unknown snapshot or document, the same snapshot twice, snapshots of two organizations, an after "
            "snapshot earlier than the before one. An after snapshot that is published answers 409 Conflict."
        ),
        request=ReformCreateSerializer,
        responses={201: ReformSerializer, **error_responses(400, 401, 403, 409, 415)},
    )
    @transaction.atomic
    def post(self, request: Request) -> Response:
        data = read_body(request, ReformCreateSerializer)
        before, after = (_body_snapshot(request, data.pop(name), field=name) for name in ("before", "after"))
        document = _document(data.pop("document", None))
        reform = services.create_reform(before=before, after=after, document=document, **data)
        created = Reform.objects.select_related("organization", "document", "before", "after").get(pk=reform.pk)
        return Response(selectors.reform_summary(created), status=status.HTTP_201_CREATED)


class SuccessionsView(DraftWriteView):
    required_permissions = {"POST": "structures.add_succession"}

    @extend_schema(
        summary="Record a succession in a reform whose after snapshot is a draft",
        description=(
            'Needs structures.add_succession (editors). "from" names units of the reform\'s before snapshot, '
            '"to" units of its after snapshot (plain keys are looked up there); a unit of any other snapshot, '
            f"e.g. a succession from the later snapshot back to the earlier one, is refused by name. {PUBLISHED_409}"
        ),
        parameters=[KEY_PATH],
        request=SuccessionCreateSerializer,
        responses={201: DraftSuccessionSerializer, **WRITE_ERRORS},
    )
    @transaction.atomic
    def post(self, request: Request, key: str) -> Response:
        reform = _reform(request, key)
        services.check_editable(snapshot=reform.after)
        data = read_body(request, SuccessionCreateSerializer)
        units = {
            f"{name}_units": [
                _ref(request, ref, snapshot=snapshot, field=f"{name}[{i}]") for i, ref in enumerate(data.pop(name, []))
            ]
            for name, snapshot in (("from", reform.before), ("to", reform.after))
        }
        succession = services.create_succession(reform=reform, **units, **data)
        return Response(_succession_body(succession), status=status.HTTP_201_CREATED)


class SuccessionView(DraftWriteView):
    required_permissions = {"DELETE": "structures.delete_succession"}

    @extend_schema(
        summary="Delete a succession of a reform whose after snapshot is a draft",
        description=f"Needs structures.delete_succession (editors). {PUBLISHED_409}",
        parameters=[
            KEY_PATH,
            OpenApiParameter("succession_id", ID_SCHEMA, OpenApiParameter.PATH, description="Its id."),
        ],
        responses={204: None, **DELETE_ERRORS},
    )
    @transaction.atomic
    def delete(self, request: Request, key: str, succession_id: int) -> Response:
        reform = _reform(request, key)
        services.check_editable(snapshot=reform.after)
        succession = Succession.objects.filter(reform=reform, pk=succession_id).first()
        if succession is None:
            raise NotFound(UNKNOWN_SUCCESSION.format(reform=reform.key, id=succession_id))
        services.delete_succession(succession=succession)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- New draft, publish --------------------------------------------------------------------------


class DraftsView(DraftWriteView):
    required_permissions = {"POST": "structures.add_snapshot"}

    @extend_schema(
        summary="Start a new draft from this snapshot",
        description=(
            'Needs structures.add_snapshot (editors), as the admin\'s "New draft from this snapshot". The draft '
            "copies every unit with its key, attributes and citations and every secondary line; a new reform "
            'links this snapshot to it with one "unchanged" succession per unit. A taken key is refused by name.'
        ),
        parameters=[KEY_PATH],
        request=DraftCreateSerializer,
        responses={201: DraftSerializer, **error_responses(400, 401, 403, 404, 415)},
    )
    @transaction.atomic
    def post(self, request: Request, key: str) -> Response:
        source = _snapshot(request, key)
        data = read_body(request, DraftCreateSerializer)
        document = _document(data.get("document"))
        draft = services.start_draft(
            source=source,
            key=data["key"],
            label_en=data["label_en"],
            label_zh=data["label_zh"],
            document=document,
            reform_key=data.get("reform", ""),
            completeness=Snapshot.Completeness.PARTIAL if data["partial"] else Snapshot.Completeness.COMPLETE,
        )
        draft = Snapshot.objects.select_related("organization", "document").get(pk=draft.pk)
        reform = Reform.objects.get(before=source.pk, after=draft)
        return Response({**selectors.snapshot_summary(draft), "reform": reform.key}, status=status.HTTP_201_CREATED)


class PublishView(DraftWriteView):
    required_permissions = {"POST": "structures.publish_snapshot"}

    @extend_schema(
        summary="Publish (freeze) a draft",
        description=(
            "Needs structures.publish_snapshot (publishers). A draft that cannot be published yet is refused "
            "with 400 and every problem listed, as the admin's publish page lists them (units of the source "
            "neither kept nor accounted for by a succession, a damaged tree). Publishing a published snapshot "
            "answers 409. The body is empty or {}."
        ),
        parameters=[KEY_PATH],
        request=None,
        responses={
            200: SnapshotSerializer,
            (400, "application/json"): PublishRefusalSerializer,
            **error_responses(401, 403, 404, 409, 415),
        },
    )
    @transaction.atomic
    def post(self, request: Request, key: str) -> Response:
        snapshot = _snapshot(request, key)
        read_body(request, serializers.Serializer)
        try:
            services.publish_snapshot(snapshot=snapshot)
        except errors.PublishedSnapshotError:
            raise
        except errors.StructureError as exc:
            problems = str(exc).splitlines()
            return Response({"detail": str(exc), "problems": problems}, status=status.HTTP_400_BAD_REQUEST)
        published = Snapshot.objects.select_related("organization", "document").get(pk=snapshot.pk)
        return Response(selectors.snapshot_summary(published))
