"""Publishing a draft snapshot, which freezes it, and starting a new draft from a snapshot."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import transaction

from structures import bulk, errors
from structures.models import Citation, Reform, SecondaryLine, Snapshot, SourceDocument, Succession, Unit
from structures.publishing import publish_problems
from structures.services.datasets import UNIT_ATTRIBUTES, insert_tree, refresh_content_statistics
from structures.services.reforms import create_reform
from structures.services.validation import clean_or_refuse, refuse_if_published


def _content_hash(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


@transaction.atomic
def publish_snapshot(*, snapshot: Snapshot) -> Snapshot:
    """Freeze a draft: from now on its units, lines and citations cannot change."""
    snapshot = Snapshot.objects.select_for_update().get(pk=snapshot.pk)
    refuse_if_published(snapshot)
    problems = publish_problems(snapshot)
    if problems:
        raise errors.StructureError("\n".join(problems))
    from structures.selectors import snapshot_tree

    tree = snapshot_tree(snapshot=snapshot)
    snapshot.content_hash = _content_hash({"units": tree["units"], "lines": tree["lines"]})
    snapshot.status = Snapshot.Status.PUBLISHED
    snapshot.save(update_fields=["status", "content_hash"])
    return snapshot


@transaction.atomic
def start_draft(
    *,
    source: Snapshot,
    key: str,
    label_en: str,
    label_zh: str,
    document: SourceDocument | None = None,
    reform_key: str = "",
    completeness: str = Snapshot.Completeness.COMPLETE,
) -> Snapshot:
    """Copy a snapshot into a new draft to model the next reform, linked to it by a reform.

    The draft is complete unless told otherwise: it starts as the whole of its source, so publishing
    it checks that every unit of the source is kept or accounted for.

    The copy keeps the snapshot's citations, every unit with its key, attributes and citations (each box
    still cites where it was described) and every secondary line with its citations; a pre-filled
    "unchanged" succession links each unit to its copy. Figures are not copied: they are totals a
    document states for its own snapshot.
    """
    source = Snapshot.objects.select_related("document").get(pk=source.pk)
    if Snapshot.objects.filter(key=key).exists():
        raise errors.StructureError(errors.SNAPSHOT_KEY_TAKEN.format(key=key))
    reform_key = reform_key or f"{key}-reform"
    if Reform.objects.filter(key=reform_key).exists():
        raise errors.StructureError(errors.REFORM_KEY_TAKEN.format(key=reform_key))
    document = document or source.document
    last = Snapshot.objects.filter(document=document).order_by("-position").values_list("position", flat=True).first()
    draft = Snapshot(
        organization_id=source.organization_id,
        key=key,
        label_en=label_en,
        label_zh=label_zh,
        date=None,
        # Places the draft after its source on the timeline until an editor gives it a date.
        sort_date=document.date if document.pk != source.document_id else source.sort_date,
        position=(last or 0) + 1,
        stage=Snapshot.Stage.PROPOSED,
        status=Snapshot.Status.DRAFT,
        completeness=completeness,
        document=document,
    )
    clean_or_refuse(draft)
    draft.save()

    originals = list(Unit.objects.filter(snapshot=source).order_by("tree_id", "lft").select_related("parent"))
    # Rows written in bulk send no signals: the copy writes its own history, so the draft's Changes page
    # shows who copied each unit, line, citation and succession.
    copied = f'copied from "{source.key}"'
    copies = insert_tree(
        draft,
        [(u.key, u.parent.key if u.parent else None, {a: getattr(u, a) for a in UNIT_ATTRIBUTES}) for u in originals],
        history=copied,
    )
    copy_of = {u.pk: copies[u.key] for u in originals}
    citations = [
        Citation(document_id=c.document_id, paragraph=c.paragraph, position=c.position, unit_id=copy_of[c.unit_id])
        for c in Citation.objects.filter(unit__snapshot=source)
    ]
    lines = list(SecondaryLine.objects.filter(snapshot=source).order_by("position"))
    new_lines = SecondaryLine.objects.bulk_create(
        SecondaryLine(
            snapshot=draft,
            from_unit_id=copy_of[line.from_unit_id],
            to_unit_id=copy_of[line.to_unit_id],
            type=line.type,
            qualifier_en=line.qualifier_en,
            qualifier_zh=line.qualifier_zh,
            position=line.position,
        )
        for line in lines
    )
    line_copy = {old.pk: new for old, new in zip(lines, new_lines, strict=True)}
    citations += [
        Citation(document_id=c.document_id, paragraph=c.paragraph, position=c.position, line=line_copy[c.line_id])
        for c in Citation.objects.filter(line__snapshot=source)
    ]
    # The snapshot's own citations too: a dataset file cites every snapshot, so the draft exports as one.
    citations += [
        Citation(document_id=c.document_id, paragraph=c.paragraph, position=c.position, snapshot=draft)
        for c in Citation.objects.filter(snapshot=source)
    ]
    bulk.insert(citations)
    for objs in (new_lines, citations):
        bulk.insert_history_of(objs, snapshot_ids=[draft.pk], reason=copied)

    reform = create_reform(
        key=reform_key,
        name_en=f"From {source.label_en} to {label_en}",
        name_zh=f"从{source.label_zh}到{label_zh}",
        before=source,
        after=draft,
        document=document,
    )
    successions = Succession.objects.bulk_create(
        Succession(
            reform=reform,
            type=Succession.Type.UNCHANGED,
            summary_en=f"{u.name_en} is carried over from {source.key}.",
            summary_zh=f"{u.name_zh}沿用自{source.key}。",
            position=i,
        )
        for i, u in enumerate(originals)
    )
    bulk.insert_history_of(successions, snapshot_ids=[draft.pk], reason=copied)
    Succession.from_units.through.objects.bulk_create(
        Succession.from_units.through(succession_id=s.pk, unit_id=u.pk)
        for s, u in zip(successions, originals, strict=True)
    )
    Succession.to_units.through.objects.bulk_create(
        Succession.to_units.through(succession_id=s.pk, unit_id=copy_of[u.pk])
        for s, u in zip(successions, originals, strict=True)
    )
    refresh_content_statistics()
    return draft
