"""Writes to a snapshot's units: create, edit, move within the tree, delete."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from mptt.exceptions import InvalidMove

from structures import errors
from structures.guards import refuse_published_snapshots
from structures.models import Snapshot, Succession, Unit
from structures.services.validation import clean_or_refuse, refuse_if_published


@transaction.atomic
def create_unit(
    *,
    snapshot: Snapshot,
    key: str,
    name_en: str,
    name_zh: str,
    kind: str,
    parent: Unit | None = None,
    **attributes: Any,
) -> Unit:
    """Add a unit to a draft snapshot, as the last child of `parent` (or as a new top unit)."""
    snapshot = Snapshot.objects.select_for_update().get(pk=snapshot.pk)
    refuse_if_published(snapshot)
    check_unit_key(snapshot=snapshot, key=key)
    unit = Unit(snapshot=snapshot, key=key, name_en=name_en, name_zh=name_zh, kind=kind, parent=parent, **attributes)
    clean_or_refuse(unit)
    unit.save()
    return unit


def check_unit_key(*, snapshot: Snapshot, key: str, unit: Unit | None = None) -> None:
    """Raise StructureError if another unit of the snapshot than `unit` already has this key."""
    taken = Unit.objects.filter(snapshot=snapshot, key=key)
    if unit is not None:
        taken = taken.exclude(pk=unit.pk)
    if taken.exists():
        raise errors.StructureError(errors.DUPLICATE_UNIT_KEY.format(snapshot=snapshot.key, unit=key))


@transaction.atomic
def update_unit(*, unit: Unit, **attributes: Any) -> Unit:
    """Change a draft unit's names or attributes (not its place: see move_unit)."""
    unit = Unit.objects.select_related("snapshot").get(pk=unit.pk)
    refuse_if_published(unit.snapshot)
    for name, value in attributes.items():
        if name in {"parent", "snapshot", "tree_id", "lft", "rght", "level"}:
            raise errors.StructureError(f'Field "{name}" is changed by move_unit, not update_unit.')
        setattr(unit, name, value)
    if "key" in attributes:
        check_unit_key(snapshot=unit.snapshot, key=unit.key, unit=unit)
    clean_or_refuse(unit)
    unit.save()
    return unit


def check_move(*, unit: Unit, new_parent: Unit | None) -> None:
    """Raise InvalidMoveError if `unit` may not sit under `new_parent`; change nothing."""
    problem = unit.placement_error(new_parent)
    if problem:
        raise errors.InvalidMoveError(problem)


MOVE_POSITIONS = ("first-child", "last-child", "left", "right")


@transaction.atomic
def move_unit(*, unit: Unit, new_parent: Unit | None = None, sibling: Unit | None = None, position: str = "") -> Unit:
    """Move a draft unit: under `new_parent` (None: a top unit), or just before or after `sibling`.

    `position` is "first-child" or "last-child" (the default) with `new_parent`, "left" or "right"
    with `sibling`. Locks the snapshot row first, so concurrent moves in one draft run one at a time
    and each sees the tree the previous one left.
    """
    unit = Unit.objects.select_related("snapshot").get(pk=unit.pk)
    Snapshot.objects.select_for_update().get(pk=unit.snapshot_id)
    unit.refresh_from_db()
    refuse_if_published(unit.snapshot)
    if sibling is not None:
        position = position or "right"
        if position not in {"left", "right"}:
            raise errors.InvalidMoveError(errors.MOVE_BAD_POSITION.format(position=position, choices="left, right"))
        sibling = Unit.objects.get(pk=sibling.pk)
        if sibling.parent_id is None:
            raise errors.InvalidMoveError(errors.MOVE_BESIDE_TOP.format(unit=unit.key, sibling=sibling.key))
        if sibling.pk == unit.pk:
            raise errors.InvalidMoveError(errors.MOVE_BESIDE_ITSELF.format(unit=unit.key))
        target, new_parent = sibling, Unit.objects.get(pk=sibling.parent_id)
    else:
        position = position or "last-child"
        if position not in {"first-child", "last-child"}:
            raise errors.InvalidMoveError(
                errors.MOVE_BAD_POSITION.format(position=position, choices="first-child, last-child")
            )
        if new_parent is not None:
            new_parent = Unit.objects.get(pk=new_parent.pk)
        target = new_parent
    check_move(unit=unit, new_parent=new_parent)
    try:
        if target is None:
            unit.move_to(None)
        else:
            unit.move_to(target, position)
    except InvalidMove as exc:  # check_move should make this unreachable; keep the name anyway
        raise errors.InvalidMoveError(str(exc)) from exc
    unit.refresh_from_db()
    if unit.parent_unknown:
        unit.parent_unknown = False
        unit.save(update_fields=["parent_unknown"])
    return unit


def check_editable(*, snapshot: Snapshot) -> None:
    """Raise PublishedSnapshotError if the snapshot is published."""
    refuse_if_published(snapshot)


@transaction.atomic
def delete_unit(*, unit: Unit) -> None:
    """Delete a draft unit with its descendants."""
    unit = Unit.objects.select_related("snapshot").get(pk=unit.pk)
    refuse_if_published(unit.snapshot)
    # A published snapshot copied from this draft names these units in its successions; the cascade
    # would silently drop those links, so the delete would change the published snapshot.
    doomed = unit.get_descendants(include_self=True)
    refuse_published_snapshots(
        Succession.objects.filter(Q(from_units__in=doomed) | Q(to_units__in=doomed)).values_list(
            "reform__after_id", flat=True
        )
    )
    unit.delete()
