"""Every write: keyword-only, typed, atomic, validated before it is saved."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from mptt.exceptions import InvalidMove

from structures import bulk, errors
from structures.guards import refuse_published_snapshots, replacing_published_data
from structures.importing import (
    DatasetFile,
    KnownSnapshot,
    ParsedCitation,
    ParsedSnapshot,
    ParsedSuccession,
    validate_batch,
)
from structures.models import (
    CITED_SUBJECTS,
    Citation,
    Figure,
    Organization,
    Reform,
    SecondaryLine,
    Snapshot,
    SourceDocument,
    Succession,
    Unit,
    session_of,
    unit_search_fields,
)
from structures.published_versions import forget_versions
from structures.publishing import publish_problems
from structures.tree import nested_set_numbers


def _refuse_if_published(snapshot: Snapshot) -> None:
    if snapshot.is_published:
        raise errors.PublishedSnapshotError(errors.SNAPSHOT_PUBLISHED.format(snapshot=snapshot.key))


def _full_clean(obj) -> None:
    """Validate a model object, turning Django's ValidationError into a StructureError with its messages."""
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise errors.StructureError(" ".join(exc.messages)) from exc


# --- Units -------------------------------------------------------------------------------------


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
    _refuse_if_published(snapshot)
    check_unit_key(snapshot=snapshot, key=key)
    unit = Unit(snapshot=snapshot, key=key, name_en=name_en, name_zh=name_zh, kind=kind, parent=parent, **attributes)
    _full_clean(unit)
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
    _refuse_if_published(unit.snapshot)
    for name, value in attributes.items():
        if name in {"parent", "snapshot", "tree_id", "lft", "rght", "level"}:
            raise errors.StructureError(f'Field "{name}" is changed by move_unit, not update_unit.')
        setattr(unit, name, value)
    if "key" in attributes:
        check_unit_key(snapshot=unit.snapshot, key=unit.key, unit=unit)
    _full_clean(unit)
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
    _refuse_if_published(unit.snapshot)
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
    _refuse_if_published(snapshot)


@transaction.atomic
def delete_unit(*, unit: Unit) -> None:
    """Delete a draft unit with its descendants."""
    unit = Unit.objects.select_related("snapshot").get(pk=unit.pk)
    _refuse_if_published(unit.snapshot)
    # A published snapshot copied from this draft names these units in its successions; the cascade
    # would silently drop those links, so the delete would change the published snapshot.
    doomed = unit.get_descendants(include_self=True)
    refuse_published_snapshots(
        Succession.objects.filter(Q(from_units__in=doomed) | Q(to_units__in=doomed)).values_list(
            "reform__after_id", flat=True
        )
    )
    unit.delete()


# --- Secondary lines ---------------------------------------------------------------------------


def _checked_line(line: SecondaryLine) -> SecondaryLine:
    _refuse_if_published(line.snapshot)
    for unit in (line.from_unit, line.to_unit):
        if unit.snapshot_id != line.snapshot_id:
            raise errors.StructureError(errors.LINE_OUTSIDE_SNAPSHOT.format(unit=unit.key, snapshot=line.snapshot.key))
    if line.from_unit_id == line.to_unit_id:
        raise errors.StructureError(errors.LINE_TO_ITSELF.format(unit=line.from_unit.key))
    _full_clean(line)
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
    _refuse_if_published(stored.snapshot)
    for name, value in attributes.items():
        if name == "snapshot" and value.pk != stored.snapshot_id:
            raise errors.StructureError(f"Secondary line {stored.pk} cannot move to another snapshot.")
        setattr(stored, name, value)
    _checked_line(stored).save()
    return stored


@transaction.atomic
def delete_line(*, line: SecondaryLine) -> None:
    stored = SecondaryLine.objects.select_related("snapshot").get(pk=line.pk)
    _refuse_if_published(stored.snapshot)
    stored.delete()


# --- Reforms and successions -------------------------------------------------------------------


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
    _refuse_if_published(after)
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
        _refuse_if_published(stored.after)
    _refuse_if_published(reform.after)
    moved = stored is not None and (stored.before_id, stored.after_id) != (reform.before_id, reform.after_id)
    if moved and Succession.objects.filter(reform=stored).exists():
        raise errors.StructureError(errors.REFORM_HAS_SUCCESSIONS.format(reform=stored.key))


def check_reform(*, reform: Reform, stored: Reform | None = None) -> None:
    """Raise StructureError unless `reform` may be saved: editable, forwards in time, within one organization."""
    check_reform_editable(reform=reform, stored=stored)
    problem = reform.link_problem()
    if problem:
        raise errors.StructureError(problem)
    _full_clean(reform)


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
    _refuse_if_published(stored.after)
    stored.delete()


def check_succession(*, reform: Reform, from_units: Iterable[Unit], to_units: Iterable[Unit]) -> None:
    """Raise StructureError unless the succession's units sit in its reform's two snapshots."""
    from_units, to_units = list(from_units), list(to_units)
    _refuse_if_published(reform.after)
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
    _full_clean(succession)
    succession.save()
    succession.from_units.set(from_units)
    succession.to_units.set(to_units)
    return succession


@transaction.atomic
def delete_succession(*, succession: Succession) -> None:
    stored = Succession.objects.select_related("reform__after").get(pk=succession.pk)
    _refuse_if_published(stored.reform.after)
    stored.delete()


# --- Citations ---------------------------------------------------------------------------------


def check_citation(*, citation: Citation) -> None:
    """Raise StructureError unless the citation names exactly one subject, in a draft (as stored and as changed)."""
    named = [name for name in CITED_SUBJECTS if getattr(citation, f"{name}_id") is not None]
    if len(named) != 1:
        raise errors.StructureError(errors.CITATION_ONE_SUBJECT.format(subjects=", ".join(CITED_SUBJECTS)))
    refuse_published_snapshots(citation.stored_frozen_snapshot_ids())


@transaction.atomic
def create_citation(*, document: SourceDocument, paragraph: str, position: int = 0, **subject: Any) -> Citation:
    """Cite a paragraph for one unit, line, succession, snapshot, reform or figure of a draft."""
    citation = Citation(document=document, paragraph=paragraph, position=position, **subject)
    check_citation(citation=citation)
    _full_clean(citation)
    citation.save()
    return citation


@transaction.atomic
def update_citation(*, citation: Citation, **attributes: Any) -> Citation:
    """Change a draft's citation: its document, paragraph, position or subject."""
    stored = Citation.objects.get(pk=citation.pk)
    for name, value in attributes.items():
        setattr(stored, name, value)
    check_citation(citation=stored)
    _full_clean(stored)
    stored.save()
    return stored


@transaction.atomic
def delete_citation(*, citation: Citation) -> None:
    stored = Citation.objects.get(pk=citation.pk)
    check_citation(citation=stored)
    stored.delete()


# --- Publishing --------------------------------------------------------------------------------


@transaction.atomic
def publish_snapshot(*, snapshot: Snapshot) -> Snapshot:
    """Freeze a draft: from now on its units, lines and citations cannot change."""
    snapshot = Snapshot.objects.select_for_update().get(pk=snapshot.pk)
    _refuse_if_published(snapshot)
    problems = publish_problems(snapshot)
    if problems:
        raise errors.StructureError("\n".join(problems))
    from structures.selectors import snapshot_tree

    tree = snapshot_tree(snapshot=snapshot)
    snapshot.content_hash = _hash({"units": tree["units"], "lines": tree["lines"]})
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
    _full_clean(draft)
    draft.save()

    originals = list(Unit.objects.filter(snapshot=source).order_by("tree_id", "lft").select_related("parent"))
    # Rows written in bulk send no signals: the copy writes its own history, so the draft's Changes page
    # shows who copied each unit, line, citation and succession.
    copied = f'copied from "{source.key}"'
    copies = _insert_tree(
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


# --- Dataset files -----------------------------------------------------------------------------


def _digest(parsed: Any) -> str:
    """Hash parsed dataset dataclasses by their repr: complete and ordered like asdict, at a fraction of its cost."""
    return hashlib.sha256(repr(parsed).encode()).hexdigest()


def _hash(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def _stored_references(files: Sequence[DatasetFile]) -> tuple[set[str], dict[str, KnownSnapshot]]:
    """Return the documents and snapshots already stored outside this batch that files may cite."""
    batch_symbols = {file.document.symbol for file in files}
    documents = set(SourceDocument.objects.exclude(symbol__in=batch_symbols).values_list("symbol", flat=True))
    snapshots: dict[str, set[str]] = {}
    rows = Unit.objects.exclude(snapshot__document__symbol__in=batch_symbols).values_list("snapshot__key", "key")
    for snapshot_key, unit_key in rows:
        snapshots.setdefault(snapshot_key, set()).add(unit_key)
    for snapshot_key in Snapshot.objects.exclude(document__symbol__in=batch_symbols).values_list("key", flat=True):
        snapshots.setdefault(snapshot_key, set())
    return documents, {k: KnownSnapshot(k, frozenset(v)) for k, v in snapshots.items()}


@transaction.atomic
def load_dataset(*, files: Sequence[DatasetFile]) -> dict[str, int]:
    """Replace everything the files' documents hold with the files' content, or change nothing.

    The shipped dataset files are the published record, so this is the one path that may replace
    published snapshots; it replaces them whole, never piecemeal.
    """
    problems: list[str] = []
    stored_documents, stored_snapshots = _stored_references(files)
    validate_batch(files, problems, stored_documents=stored_documents, stored_snapshots=stored_snapshots)
    if problems:
        raise errors.DatasetError(problems)
    file_hashes = {file.document.symbol: _digest(file) for file in files}
    stored_hashes = dict(SourceDocument.objects.filter(symbol__in=file_hashes).values_list("symbol", "content_hash"))
    if stored_hashes == file_hashes:
        # Loading the same files again changes nothing, so drafts built on these snapshots keep their links.
        return _counts(files)
    symbols = list(file_hashes)
    defined_snapshots = [parsed.key for file in files for parsed in file.snapshots]
    defined_reforms = [parsed.key for file in files for parsed in file.reforms]
    # Drafts that editors made from a shipped document stay; only what the files publish is replaced.
    replaced_snapshots = Snapshot.objects.filter(
        Q(key__in=defined_snapshots) | Q(document__symbol__in=symbols, status=Snapshot.Status.PUBLISHED)
    )
    replaced_reforms = Reform.objects.filter(
        Q(key__in=defined_reforms) | Q(document__symbol__in=symbols, after__status=Snapshot.Status.PUBLISHED)
    )
    outside = Reform.objects.exclude(pk__in=replaced_reforms).filter(
        Q(before__in=replaced_snapshots) | Q(after__in=replaced_snapshots)
    )
    for reform in outside.order_by("key"):
        problems.append(
            f'stored reform "{reform.key}" refers to a snapshot these files replace; load its file in the same run'
            " or delete the reform first"
        )
    if problems:
        raise errors.DatasetError(problems)
    # Once committed, the 304s stop answering from what is replaced (structures/published_versions.py).
    replaced_keys = {*defined_snapshots, *replaced_snapshots.values_list("key", flat=True)}
    transaction.on_commit(lambda: forget_versions(replaced_keys))
    with replacing_published_data():
        _delete_whole(list(replaced_snapshots.values_list("pk", flat=True)), replaced_reforms)
        counts = _replace_documents(files, symbols, file_hashes)
    refresh_content_statistics()
    return counts


def refresh_content_statistics() -> None:
    """Tell the database planner how many units, lines, citations and successions there now are (bulk.py)."""
    bulk.refresh_planner_statistics(
        [Snapshot, Unit, SecondaryLine, Figure, Citation, Reform, Succession,
         Succession.from_units.through, Succession.to_units.through]
    )  # fmt: skip


def _counts(files: Sequence[DatasetFile]) -> dict[str, int]:
    snapshots = [parsed for file in files for parsed in file.snapshots]
    reforms = [parsed for file in files for parsed in file.reforms]
    return {
        "documents": len(files),
        "snapshots": len(snapshots),
        "units": sum(len(parsed.units) for parsed in snapshots),
        "lines": sum(len(parsed.lines) for parsed in snapshots),
        "figures": sum(len(parsed.figures) for parsed in snapshots),
        "reforms": len(reforms),
        "successions": sum(len(parsed.successions) for parsed in reforms),
    }


def _delete_whole(snapshot_ids: list[int], reforms) -> None:
    """Delete whole snapshots and reforms with one statement per table.

    The ORM's cascade would load every row to send delete signals (history keeps none for replaced
    published data); a raw delete in dependency order is the same result without that cost.
    """
    reform_ids = list(reforms.values_list("pk", flat=True))
    reform_ids += list(
        Reform.objects.filter(Q(before_id__in=snapshot_ids) | Q(after_id__in=snapshot_ids)).values_list("pk", flat=True)
    )
    successions = Succession.objects.filter(reform_id__in=reform_ids)
    subjects = (
        Q(snapshot_id__in=snapshot_ids)
        | Q(unit__snapshot_id__in=snapshot_ids)
        | Q(line__snapshot_id__in=snapshot_ids)
        | Q(figure__snapshot_id__in=snapshot_ids)
        | Q(reform_id__in=reform_ids)
        | Q(succession__reform_id__in=reform_ids)
    )
    doomed = [
        Citation.objects.filter(pk__in=list(Citation.objects.filter(subjects).values_list("pk", flat=True))),
        Succession.from_units.through.objects.filter(succession__reform_id__in=reform_ids),
        Succession.to_units.through.objects.filter(succession__reform_id__in=reform_ids),
        successions,
        Reform.objects.filter(pk__in=reform_ids),
        Figure.objects.filter(snapshot_id__in=snapshot_ids),
        SecondaryLine.objects.filter(snapshot_id__in=snapshot_ids),
        Unit.objects.filter(snapshot_id__in=snapshot_ids),
        Snapshot.objects.filter(pk__in=snapshot_ids),
    ]
    for queryset in doomed:
        queryset._raw_delete(queryset.db)


def _replace_documents(files: Sequence[DatasetFile], symbols: list[str], file_hashes: dict[str, str]) -> dict[str, int]:

    documents = {file.document.symbol: _save_document(file, file_hashes[file.document.symbol]) for file in files}
    documents.update({d.symbol: d for d in SourceDocument.objects.exclude(symbol__in=symbols)})
    counts = {
        "documents": len(files),
        "snapshots": 0,
        "units": 0,
        "lines": 0,
        "figures": 0,
        "reforms": 0,
        "successions": 0,
    }
    successions_into: dict[str, list[ParsedSuccession]] = {}
    for file in files:
        for reform in file.reforms:
            successions_into.setdefault(reform.after, []).extend(reform.successions)
    for file in files:
        organization = _save_organization(file)
        for position, parsed in enumerate(file.snapshots):
            content_hash = _digest((parsed, successions_into.get(parsed.key, [])))
            _create_snapshot(parsed, organization, documents, file.document.symbol, position, content_hash)
            counts["snapshots"] += 1
            counts["units"] += len(parsed.units)
            counts["lines"] += len(parsed.lines)
            counts["figures"] += len(parsed.figures)
    for file in files:
        organization = Organization.objects.get(key=file.organization.key)
        for parsed_reform in file.reforms:
            _create_reform(parsed_reform, organization, documents, file.document.symbol)
            counts["reforms"] += 1
            counts["successions"] += len(parsed_reform.successions)
    return counts


def _save_document(file: DatasetFile, content_hash: str) -> SourceDocument:
    parsed = file.document
    document, _created = SourceDocument.objects.update_or_create(
        symbol=parsed.symbol,
        defaults={
            "symbol_source": parsed.symbol_source,
            "title_en": parsed.title_en,
            "title_zh": parsed.title_zh,
            "date": parsed.date,
            "date_source": parsed.date_source,
            "seed_file": parsed.seed_file,
            "session": session_of(parsed.symbol),
            "content_hash": content_hash,
        },
    )
    return document


def _save_organization(file: DatasetFile) -> Organization:
    parsed = file.organization
    organization, _created = Organization.objects.update_or_create(
        key=parsed.key, defaults={"name_en": parsed.name_en, "name_zh": parsed.name_zh}
    )
    return organization


def _citations(
    parsed: Iterable[ParsedCitation], documents: dict[str, SourceDocument], **subject: Any
) -> list[Citation]:
    return [
        Citation(document=documents[c.document], paragraph=c.paragraph, position=i, **subject)
        for i, c in enumerate(parsed)
    ]


def _create_snapshot(
    parsed: ParsedSnapshot,
    organization: Organization,
    documents: dict[str, SourceDocument],
    symbol: str,
    position: int,
    content_hash: str,
) -> Snapshot:
    document = documents[symbol]
    snapshot = Snapshot.objects.create(
        organization=organization,
        key=parsed.key,
        label_en=parsed.label_en,
        label_zh=parsed.label_zh,
        date=parsed.date,
        sort_date=parsed.date or document.date,
        position=position,
        stage=parsed.stage,
        status=parsed.status,
        completeness=parsed.completeness,
        document=document,
        content_hash=content_hash,
    )
    write_snapshot_content(snapshot, parsed, documents)
    return snapshot


def write_snapshot_content(
    snapshot: Snapshot,
    parsed: ParsedSnapshot,
    documents: dict[str, SourceDocument],
    *,
    history: str | None = None,
) -> dict[str, int]:
    """Insert a parsed snapshot's units (nested-set numbers computed up front), lines, figures and citations.

    `history` is the reason that "created" history records give for each row (an import); None writes none
    (the dataset loader, which replaces published data whole). Returns each unit's primary key by its key.
    """
    units = _bulk_create_units(snapshot, parsed, history=history)
    unit_citations = [
        {"document_id": documents[c.document].pk, "paragraph": c.paragraph, "position": i, "unit_id": units[u.key]}
        for u in parsed.units
        for i, c in enumerate(u.citations)
    ]
    keys = bulk.insert_rows(Citation, unit_citations, snapshot_ids=[snapshot.pk])
    if history is not None:
        bulk.insert_history(Citation, unit_citations, keys, snapshot_ids=[snapshot.pk], reason=history)
    citations = _citations(parsed.citations, documents, snapshot=snapshot)
    lines = [
        SecondaryLine(
            snapshot=snapshot,
            from_unit_id=units[line.from_key],
            to_unit_id=units[line.to_key],
            type=line.type,
            qualifier_en=line.qualifier_en,
            qualifier_zh=line.qualifier_zh,
            position=i,
        )
        for i, line in enumerate(parsed.lines)
    ]
    bulk.insert(lines)
    for line, parsed_line in zip(lines, parsed.lines, strict=True):
        citations += _citations(parsed_line.citations, documents, line=line)
    figures = [
        Figure(
            snapshot=snapshot,
            unit_id=units[figure.unit] if figure.unit else None,
            measure=figure.measure,
            value=figure.value,
            breakdown=figure.breakdown,
            label_en=figure.label_en,
            label_zh=figure.label_zh,
            approximation=figure.approximation,
            position=i,
        )
        for i, figure in enumerate(parsed.figures)
    ]
    bulk.insert(figures)
    for figure, parsed_figure in zip(figures, parsed.figures, strict=True):
        citations += _citations(parsed_figure.citations, documents, figure=figure)
    bulk.insert(citations)
    if history is not None:
        for objs in (lines, figures, citations):
            bulk.insert_history_of(objs, snapshot_ids=[snapshot.pk], reason=history)
    return units


# What a unit is, apart from its place in the tree: copied whole by loads and by new drafts.
UNIT_ATTRIBUTES = (
    "parent_unknown",
    "name_en",
    "name_zh",
    "aliases",
    "kind",
    "head_en",
    "head_zh",
    "grade",
    "posts",
    "shared",
    "note_en",
    "note_zh",
)


def _bulk_create_units(snapshot: Snapshot, parsed: ParsedSnapshot, *, history: str | None) -> dict[str, int]:
    return _insert_tree(
        snapshot,
        [(u.key, u.parent, {name: getattr(u, name) for name in UNIT_ATTRIBUTES}) for u in parsed.units],
        history=history,
    )


def _insert_tree(
    snapshot: Snapshot, items: Sequence[tuple[str, str | None, dict[str, Any]]], *, history: str | None
) -> dict[str, int]:
    """Insert a whole tree of (key, parent key, attributes), nested-set numbers computed up front.

    `history` is the reason "created" history records give (None: write none). Returns each unit's primary
    key by its key.
    """
    numbers = nested_set_numbers((key, parent) for key, parent, _attributes in items)
    first_tree_id = Unit.objects._get_next_tree_id()
    ids = dict(zip((key for key, _parent, _attributes in items), bulk.reserve_keys(Unit, len(items)), strict=True))
    rows = []
    for key, parent_key, attributes in items:
        number = numbers[key]
        search_text, pinyin = unit_search_fields(
            key, attributes["name_en"], attributes["name_zh"], attributes["aliases"]
        )
        rows.append(
            {
                **attributes,
                "snapshot_id": snapshot.pk,
                "key": key,
                "parent_id": ids[parent_key] if parent_key else None,
                "tree_id": first_tree_id + number.tree,
                "lft": number.left,
                "rght": number.right,
                "level": number.level,
                "search_text": search_text,
                "pinyin": pinyin,
            }
        )
    bulk.insert_rows(Unit, rows, snapshot_ids=[snapshot.pk], keys=list(ids.values()))
    if history is not None:
        bulk.insert_history(Unit, rows, list(ids.values()), snapshot_ids=[snapshot.pk], reason=history)
    return ids


def _create_reform(parsed, organization: Organization, documents: dict[str, SourceDocument], symbol: str) -> Reform:
    before = Snapshot.objects.get(key=parsed.before)
    after = Snapshot.objects.get(key=parsed.after)
    reform = Reform.objects.create(
        organization=organization,
        key=parsed.key,
        name_en=parsed.name_en,
        name_zh=parsed.name_zh,
        document=documents[symbol],
        before=before,
        after=after,
    )
    before_units = dict(Unit.objects.filter(snapshot=before).values_list("key", "pk"))
    after_units = dict(Unit.objects.filter(snapshot=after).values_list("key", "pk"))
    successions = [
        Succession(
            reform=reform,
            type=s.type,
            summary_en=s.summary_en,
            summary_zh=s.summary_zh,
            position=i,
        )
        for i, s in enumerate(parsed.successions)
    ]
    bulk.insert(successions)
    from_links, to_links, citations = [], [], _citations(parsed.citations, documents, reform=reform)
    for succession, s in zip(successions, parsed.successions, strict=True):
        from_links += [
            Succession.from_units.through(succession_id=succession.pk, unit_id=before_units[k]) for k in s.from_keys
        ]
        to_links += [
            Succession.to_units.through(succession_id=succession.pk, unit_id=after_units[k]) for k in s.to_keys
        ]
        citations += _citations(s.citations, documents, succession=succession)
    bulk.insert(from_links)
    bulk.insert(to_links)
    bulk.insert(citations)
    return reform
