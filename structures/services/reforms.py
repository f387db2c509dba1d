"""Writes to reforms and to the successions that tie a reform's "before" units to its "after" units."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction

from structures import errors
from structures.models import Reform, Snapshot, SourceDocument, Succession, Unit
from structures.services.validation import clean_or_refuse, refuse_if_published


@transaction.atomic
def create_reform(
    *,
    key: str,
    name_en: str,
    name_zh: str,
    before: Snapshot,
    after: Snapshot,
    document: SourceDocument | None = None,
) -> Reform:
    """Record a reform from `before` to a later draft `after`; its successions are added after."""
    refuse_if_published(after)
    if Reform.objects.filter(key=key).exists():
        raise errors.StructureError(errors.REFORM_KEY_TAKEN.format(key=key))
    reform = Reform(
        key=key,
        name_en=name_en,
        name_zh=name_zh,
        organization_id=after.organization_id,
        document=document or after.document,
        before=before,
        after=after,
    )
    check_reform(reform=reform)
    reform.save()
    return reform


def check_reform_editable(*, reform: Reform, stored: Reform | None = None) -> None:
    """Raise StructureError if saving `reform` over `stored` (None: a new one) would touch a published snapshot
    or leave the stored reform's successions naming units of other snapshots."""
    if stored is not None:
        refuse_if_published(stored.after)
    refuse_if_published(reform.after)
    moved = stored is not None and (stored.before_id, stored.after_id) != (reform.before_id, reform.after_id)
    if moved and Succession.objects.filter(reform=stored).exists():
        raise errors.StructureError(errors.REFORM_HAS_SUCCESSIONS.format(reform=stored.key))


def check_reform(*, reform: Reform, stored: Reform | None = None) -> None:
    """Raise StructureError unless `reform` may be saved: editable, forwards in time, within one organization."""
    check_reform_editable(reform=reform, stored=stored)
    problem = reform.link_problem()
    if problem:
        raise errors.StructureError(problem)
    clean_or_refuse(reform)


@transaction.atomic
def update_reform(*, reform: Reform, **attributes: Any) -> Reform:
    """Change a draft reform: its key, names, document, or (while it has no successions) its snapshots."""
    stored = Reform.objects.select_related("before", "after").get(pk=reform.pk)
    changed = Reform.objects.select_related("before", "after").get(pk=reform.pk)
    for name, value in attributes.items():
        if name == "organization":
            raise errors.StructureError("A reform belongs to the organization of its snapshots.")
        setattr(changed, name, value)
    if changed.key != stored.key and Reform.objects.filter(key=changed.key).exists():
        raise errors.StructureError(errors.REFORM_KEY_TAKEN.format(key=changed.key))
    changed.organization_id = changed.after.organization_id
    check_reform(reform=changed, stored=stored)
    changed.save()
    return changed


@transaction.atomic
def delete_reform(*, reform: Reform) -> None:
    """Delete a draft reform with its successions."""
    stored = Reform.objects.select_related("after").get(pk=reform.pk)
    refuse_if_published(stored.after)
    stored.delete()


def check_succession(*, reform: Reform, from_units: Iterable[Unit], to_units: Iterable[Unit]) -> None:
    """Raise StructureError unless the succession's units sit in its reform's two snapshots."""
    from_units, to_units = list(from_units), list(to_units)
    refuse_if_published(reform.after)
    # A reform stored before its direction was checked must not gain successions that run backwards.
    problem = reform.link_problem()
    if problem:
        raise errors.StructureError(problem)
    if not from_units and not to_units:
        raise errors.StructureError(errors.SUCCESSION_EMPTY.format(reform=reform.key))
    for unit in from_units:
        if unit.snapshot_id != reform.before_id:
            raise errors.StructureError(
                errors.SUCCESSION_FROM_OUTSIDE.format(reform=reform.key, unit=unit.key, snapshot=reform.before.key)
            )
    for unit in to_units:
        if unit.snapshot_id != reform.after_id:
            raise errors.StructureError(
                errors.SUCCESSION_TO_OUTSIDE.format(reform=reform.key, unit=unit.key, snapshot=reform.after.key)
            )


@transaction.atomic
def create_succession(
    *,
    reform: Reform,
    type: str,
    from_units: Sequence[Unit] = (),
    to_units: Sequence[Unit] = (),
    summary_en: str,
    summary_zh: str = "",
) -> Succession:
    """Record what became of units across a reform whose "after" snapshot is a draft."""
    reform = Reform.objects.select_related("before", "after").get(pk=reform.pk)
    check_succession(reform=reform, from_units=from_units, to_units=to_units)
    position = Succession.objects.filter(reform=reform).count()
    succession = Succession(reform=reform, type=type, summary_en=summary_en, summary_zh=summary_zh, position=position)
    return _save_succession(succession, from_units, to_units)


@transaction.atomic
def update_succession(
    *,
    succession: Succession,
    from_units: Sequence[Unit] | None = None,
    to_units: Sequence[Unit] | None = None,
    **attributes: Any,
) -> Succession:
    """Change a draft reform's succession: its type, summaries or units."""
    stored = Succession.objects.select_related("reform__before", "reform__after").get(pk=succession.pk)
    reform = stored.reform
    new_from = list(stored.from_units.all()) if from_units is None else list(from_units)
    new_to = list(stored.to_units.all()) if to_units is None else list(to_units)
    check_succession(reform=reform, from_units=new_from, to_units=new_to)
    for name, value in attributes.items():
        if name == "reform":
            raise errors.StructureError("A succession cannot move to another reform.")
        setattr(stored, name, value)
    return _save_succession(stored, new_from, new_to)


def _save_succession(succession: Succession, from_units: Sequence[Unit], to_units: Sequence[Unit]) -> Succession:
    clean_or_refuse(succession)
    succession.save()
    succession.from_units.set(from_units)
    succession.to_units.set(to_units)
    return succession


@transaction.atomic
def delete_succession(*, succession: Succession) -> None:
    stored = Succession.objects.select_related("reform__after").get(pk=succession.pk)
    refuse_if_published(stored.reform.after)
    stored.delete()
