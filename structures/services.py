"""Every write: keyword-only, typed, atomic, validated before it is saved."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from mptt.exceptions import InvalidMove

from structures import errors
from structures.importing import (
    DatasetFile,
    KnownSnapshot,
    ParsedCitation,
    ParsedSnapshot,
    ParsedSuccession,
    validate_batch,
)
from structures.models import (
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
)
from structures.tree import nested_set_numbers


def _refuse_if_published(snapshot: Snapshot) -> None:
    if snapshot.is_published:
        raise errors.PublishedSnapshotError(errors.SNAPSHOT_PUBLISHED.format(snapshot=snapshot.key))


def _validation_message(exc: ValidationError) -> str:
    return " ".join(exc.messages)


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
    if Unit.objects.filter(snapshot=snapshot, key=key).exists():
        raise errors.StructureError(errors.DUPLICATE_UNIT_KEY.format(snapshot=snapshot.key, unit=key))
    unit = Unit(snapshot=snapshot, key=key, name_en=name_en, name_zh=name_zh, kind=kind, parent=parent, **attributes)
    try:
        unit.full_clean()
    except ValidationError as exc:
        raise errors.StructureError(_validation_message(exc)) from exc
    unit.save()
    return unit


@transaction.atomic
def update_unit(*, unit: Unit, **attributes: Any) -> Unit:
    """Change a draft unit's names or attributes (not its place: see move_unit)."""
    unit = Unit.objects.select_related("snapshot").get(pk=unit.pk)
    _refuse_if_published(unit.snapshot)
    for name, value in attributes.items():
        if name in {"parent", "snapshot", "tree_id", "lft", "rght", "level"}:
            raise errors.StructureError(f'Field "{name}" is changed by move_unit, not update_unit.')
        setattr(unit, name, value)
    try:
        unit.full_clean()
    except ValidationError as exc:
        raise errors.StructureError(_validation_message(exc)) from exc
    unit.save()
    return unit


def check_move(*, unit: Unit, new_parent: Unit | None) -> None:
    """Raise InvalidMoveError if `unit` may not sit under `new_parent`; change nothing."""
    problem = unit.placement_error(new_parent)
    if problem:
        raise errors.InvalidMoveError(problem)


@transaction.atomic
def move_unit(*, unit: Unit, new_parent: Unit | None) -> Unit:
    """Reparent a draft unit as the last child of `new_parent` (None makes it a top unit)."""
    unit = Unit.objects.select_related("snapshot").get(pk=unit.pk)
    _refuse_if_published(unit.snapshot)
    if new_parent is not None:
        new_parent = Unit.objects.get(pk=new_parent.pk)
    check_move(unit=unit, new_parent=new_parent)
    try:
        if new_parent is None:
            unit.move_to(None)
        else:
            unit.move_to(new_parent, "last-child")
    except InvalidMove as exc:  # check_move should make this unreachable; keep the name anyway
        raise errors.InvalidMoveError(str(exc)) from exc
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
    unit.delete()


@transaction.atomic
def publish_snapshot(*, snapshot: Snapshot) -> Snapshot:
    """Freeze a draft: from now on its units, lines and citations cannot change."""
    snapshot = Snapshot.objects.select_for_update().get(pk=snapshot.pk)
    _refuse_if_published(snapshot)
    from structures.selectors import snapshot_tree

    tree = snapshot_tree(snapshot=snapshot)
    snapshot.content_hash = _hash({"units": tree["units"], "lines": tree["lines"]})
    snapshot.status = Snapshot.Status.PUBLISHED
    snapshot.save(update_fields=["status", "content_hash"])
    return snapshot


# --- Dataset files -----------------------------------------------------------------------------


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
    symbols = [file.document.symbol for file in files]
    outside = Reform.objects.exclude(document__symbol__in=symbols).filter(
        Q(before__document__symbol__in=symbols) | Q(after__document__symbol__in=symbols)
    )
    for reform in outside:
        problems.append(
            f'stored reform "{reform.key}" refers to a snapshot these files replace; load its file in the same run'
        )
    if problems:
        raise errors.DatasetError(problems)

    Reform.objects.filter(document__symbol__in=symbols).delete()
    Snapshot.objects.filter(document__symbol__in=symbols).delete()

    documents = {file.document.symbol: _save_document(file) for file in files}
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
            content_hash = _hash([asdict(parsed), [asdict(s) for s in successions_into.get(parsed.key, [])]])
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


def _save_document(file: DatasetFile) -> SourceDocument:
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
    units = _bulk_create_units(snapshot, parsed)
    citations = _citations(parsed.citations, documents, snapshot=snapshot)
    for parsed_unit in parsed.units:
        citations += _citations(parsed_unit.citations, documents, unit=units[parsed_unit.key])
    lines = SecondaryLine.objects.bulk_create(
        SecondaryLine(
            snapshot=snapshot,
            from_unit=units[line.from_key],
            to_unit=units[line.to_key],
            type=line.type,
            qualifier_en=line.qualifier_en,
            qualifier_zh=line.qualifier_zh,
            position=i,
        )
        for i, line in enumerate(parsed.lines)
    )
    for line, parsed_line in zip(lines, parsed.lines, strict=True):
        citations += _citations(parsed_line.citations, documents, line=line)
    figures = Figure.objects.bulk_create(
        Figure(
            snapshot=snapshot,
            unit=units[figure.unit] if figure.unit else None,
            measure=figure.measure,
            value=figure.value,
            breakdown=figure.breakdown,
            label_en=figure.label_en,
            label_zh=figure.label_zh,
            approximation=figure.approximation,
            position=i,
        )
        for i, figure in enumerate(parsed.figures)
    )
    for figure, parsed_figure in zip(figures, parsed.figures, strict=True):
        citations += _citations(parsed_figure.citations, documents, figure=figure)
    Citation.objects.bulk_create(citations)
    return snapshot


def _bulk_create_units(snapshot: Snapshot, parsed: ParsedSnapshot) -> dict[str, Unit]:
    """Insert a whole tree level by level with its nested-set numbers computed up front."""
    numbers = nested_set_numbers((u.key, u.parent) for u in parsed.units)
    first_tree_id = Unit.objects._get_next_tree_id()
    by_level: dict[int, list[Unit]] = {}
    units: dict[str, Unit] = {}
    for item in parsed.units:
        number = numbers[item.key]
        unit = Unit(
            snapshot=snapshot,
            key=item.key,
            parent_unknown=item.parent_unknown,
            name_en=item.name_en,
            name_zh=item.name_zh,
            aliases=item.aliases,
            kind=item.kind,
            head_en=item.head_en,
            head_zh=item.head_zh,
            grade=item.grade,
            posts=item.posts,
            shared=item.shared,
            note_en=item.note_en,
            note_zh=item.note_zh,
            tree_id=first_tree_id + number.tree,
            lft=number.left,
            rght=number.right,
            level=number.level,
        )
        unit.search_text = unit.build_search_text()
        units[item.key] = unit
        by_level.setdefault(number.level, []).append(unit)
    parents = {u.key: u.parent for u in parsed.units}
    for level in sorted(by_level):
        for unit in by_level[level]:
            parent_key = parents[unit.key]
            unit.parent = units[parent_key] if parent_key else None
        Unit.objects.bulk_create(by_level[level])
    return units


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
    successions = Succession.objects.bulk_create(
        Succession(
            reform=reform,
            type=s.type,
            summary_en=s.summary_en,
            summary_zh=s.summary_zh,
            position=i,
        )
        for i, s in enumerate(parsed.successions)
    )
    from_links, to_links, citations = [], [], _citations(parsed.citations, documents, reform=reform)
    for succession, s in zip(successions, parsed.successions, strict=True):
        from_links += [
            Succession.from_units.through(succession_id=succession.pk, unit_id=before_units[k]) for k in s.from_keys
        ]
        to_links += [
            Succession.to_units.through(succession_id=succession.pk, unit_id=after_units[k]) for k in s.to_keys
        ]
        citations += _citations(s.citations, documents, succession=succession)
    Succession.from_units.through.objects.bulk_create(from_links)
    Succession.to_units.through.objects.bulk_create(to_links)
    Citation.objects.bulk_create(citations)
    return reform
