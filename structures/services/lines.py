"""Writes to the secondary lines inside a snapshot (dual reporting, shared services, guidance, membership)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from structures import errors
from structures.models import SecondaryLine, Snapshot, Unit
from structures.services.validation import clean_or_refuse, refuse_if_published


def _checked_line(line: SecondaryLine) -> SecondaryLine:
    refuse_if_published(line.snapshot)
    for unit in (line.from_unit, line.to_unit):
        if unit.snapshot_id != line.snapshot_id:
            raise errors.StructureError(errors.LINE_OUTSIDE_SNAPSHOT.format(unit=unit.key, snapshot=line.snapshot.key))
    if line.from_unit_id == line.to_unit_id:
        raise errors.StructureError(errors.LINE_TO_ITSELF.format(unit=line.from_unit.key))
    clean_or_refuse(line)
    return line


@transaction.atomic
def create_line(*, snapshot: Snapshot, from_unit: Unit, to_unit: Unit, type: str, **attributes: Any) -> SecondaryLine:
    """Add a secondary line (dual reporting, service, membership...) between two units of one draft."""
    snapshot = Snapshot.objects.select_for_update().get(pk=snapshot.pk)
    position = SecondaryLine.objects.filter(snapshot=snapshot).count()
    line = SecondaryLine(
        snapshot=snapshot, from_unit=from_unit, to_unit=to_unit, type=type, position=position, **attributes
    )
    _checked_line(line).save()
    return line


@transaction.atomic
def update_line(*, line: SecondaryLine, **attributes: Any) -> SecondaryLine:
    """Change a draft's secondary line; its units must stay inside its snapshot."""
    stored = SecondaryLine.objects.select_related("snapshot").get(pk=line.pk)
    refuse_if_published(stored.snapshot)
    for name, value in attributes.items():
        if name == "snapshot" and value.pk != stored.snapshot_id:
            raise errors.StructureError(f"Secondary line {stored.pk} cannot move to another snapshot.")
        setattr(stored, name, value)
    _checked_line(stored).save()
    return stored


@transaction.atomic
def delete_line(*, line: SecondaryLine) -> None:
    stored = SecondaryLine.objects.select_related("snapshot").get(pk=line.pk)
    refuse_if_published(stored.snapshot)
    stored.delete()
