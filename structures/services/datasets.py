"""Loading dataset files: each file's documents, snapshots and reforms written whole, in one transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Q

from structures import bulk, errors
from structures.gc_pause import gc_paused
from structures.guards import replacing_published_data
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
    unit_search_fields,
)
from structures.published_versions import forget_versions
from structures.tree import nested_set_numbers


def _digest(parsed: Any) -> str:
    """Hash parsed dataset dataclasses by their repr: complete and ordered like asdict, at a fraction of its cost."""
    return hashlib.sha256(repr(parsed).encode()).hexdigest()


def _content_hashes(files: Sequence[DatasetFile]) -> tuple[dict[str, str], dict[str, str]]:
    """Return each file's hash by its document's symbol and each snapshot's by its key.

    A snapshot's hash covers its content and the successions into it (what its published responses show); a
    file's covers the rest of the file and its snapshots' hashes, so each unit is hashed once, not twice.
    """
    successions_into: dict[str, list[ParsedSuccession]] = {}
    for file in files:
        for reform in file.reforms:
            successions_into.setdefault(reform.after, []).extend(reform.successions)
    snapshots = [parsed for file in files for parsed in file.snapshots]
    snapshot_hashes = {s.key: _digest((s, successions_into.get(s.key, []))) for s in snapshots}
    file_hashes = {}
    for file in files:
        hashes = [snapshot_hashes[s.key] for s in file.snapshots]
        file_hashes[file.document.symbol] = _digest((file.name, file.document, file.organization, hashes, file.reforms))
    return file_hashes, snapshot_hashes


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


@gc_paused()
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
    file_hashes, snapshot_hashes = _content_hashes(files)
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
        counts = _replace_documents(files, symbols, file_hashes, snapshot_hashes)
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


def _replace_documents(
    files: Sequence[DatasetFile], symbols: list[str], file_hashes: dict[str, str], snapshot_hashes: dict[str, str]
) -> dict[str, int]:

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
    unit_ids: dict[str, dict[str, int]] = {}
    for file in files:
        organization = _save_organization(file)
        for position, parsed in enumerate(file.snapshots):
            content_hash = snapshot_hashes[parsed.key]
            unit_ids[parsed.key] = _create_snapshot(
                parsed, organization, documents, file.document.symbol, position, content_hash
            )
            counts["snapshots"] += 1
            counts["units"] += len(parsed.units)
            counts["lines"] += len(parsed.lines)
            counts["figures"] += len(parsed.figures)
    for file in files:
        organization = Organization.objects.get(key=file.organization.key)
        for parsed_reform in file.reforms:
            create_reform_from_file(parsed_reform, organization, documents, file.document.symbol, unit_ids=unit_ids)
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
) -> dict[str, int]:
    """Write a parsed snapshot and its content; return its units' primary keys by their keys."""
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
    return write_snapshot_content(snapshot, parsed, documents)


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
    return insert_tree(
        snapshot,
        [(u.key, u.parent, {name: getattr(u, name) for name in UNIT_ATTRIBUTES}) for u in parsed.units],
        history=history,
    )


def insert_tree(
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


def create_reform_from_file(
    parsed,
    organization: Organization,
    documents: dict[str, SourceDocument],
    symbol: str,
    *,
    unit_ids: Mapping[str, Mapping[str, int]] | None = None,
) -> Reform:
    """Write a parsed reform and its successions. `unit_ids` are the units' primary keys by key of snapshots just
    written (by snapshot key), which spares reading them back; other snapshots' units are read."""
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
    known = unit_ids or {}
    before_units = known.get(before.key) or dict(Unit.objects.filter(snapshot=before).values_list("key", "pk"))
    after_units = known.get(after.key) or dict(Unit.objects.filter(snapshot=after).values_list("key", "pk"))
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
