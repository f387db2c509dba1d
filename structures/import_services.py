"""Import and export of snapshots: read stored snapshots as parsed data, plan an upload, apply it atomically.

An upload (a dataset TOML file, or a CSV of one draft's units) is parsed and validated whole with the rules
of structures/importing.py, then compared with what is stored (structures/transfer.py) to give a preview.
Applying re-plans under a lock, refuses anything that would touch a published snapshot, and writes in one
transaction: a failure or a killed process leaves the database as it was.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Q

from structures import errors, services, transfer
from structures.importing import (
    DatasetFile,
    KnownSnapshot,
    ParsedCitation,
    ParsedDocument,
    ParsedFigure,
    ParsedLine,
    ParsedOrganization,
    ParsedReform,
    ParsedSnapshot,
    ParsedSuccession,
    ParsedUnit,
    parse_file,
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
from structures.services.datasets import create_reform_from_file

# --- Reading stored data as parsed structures: its own queries, shaped for a file, not for the API ----


def stored_document(document: SourceDocument) -> ParsedDocument:
    return ParsedDocument(
        symbol=document.symbol,
        symbol_source=document.symbol_source,
        title_en=document.title_en,
        title_zh=document.title_zh,
        date=document.date,
        date_source=document.date_source,
        seed_file=document.seed_file,
    )


def stored_organization(organization: Organization) -> ParsedOrganization:
    return ParsedOrganization(key=organization.key, name_en=organization.name_en, name_zh=organization.name_zh)


UNIT_FIELDS = (
    "id", "key", "parent__key", "parent_unknown", "name_en", "name_zh", "aliases", "kind", "head_en", "head_zh",
    "grade", "posts", "shared", "note_en", "note_zh",
)  # fmt: skip


def stored_snapshot(snapshot: Snapshot) -> ParsedSnapshot:
    """Return a stored snapshot as a dataset file would hold it (units in tree order), in five queries."""
    units = list(Unit.objects.filter(snapshot=snapshot).order_by("tree_id", "lft").values(*UNIT_FIELDS))
    lines = list(
        SecondaryLine.objects.filter(snapshot=snapshot)
        .order_by("position", "id")
        .values("id", "from_unit__key", "to_unit__key", "type", "qualifier_en", "qualifier_zh")
    )
    figures = list(
        Figure.objects.filter(snapshot=snapshot)
        .order_by("position", "id")
        .values("id", "unit__key", "measure", "value", "approximation", "breakdown", "label_en", "label_zh")
    )
    cited = Citation.objects.filter(
        Q(snapshot=snapshot) | Q(unit__snapshot=snapshot) | Q(line__snapshot=snapshot) | Q(figure__snapshot=snapshot)
    )
    by_subject: dict[tuple[str, int], list[ParsedCitation]] = {}
    rows = cited.order_by("position", "id").values_list(
        "snapshot_id", "unit_id", "line_id", "figure_id", "document__symbol", "paragraph"
    )
    for snapshot_id, unit_id, line_id, figure_id, symbol, paragraph in rows:
        subject = next(
            (name, pk)
            for name, pk in (("snapshot", snapshot_id), ("unit", unit_id), ("line", line_id), ("figure", figure_id))
            if pk
        )
        by_subject.setdefault(subject, []).append(ParsedCitation(symbol, paragraph))
    return ParsedSnapshot(
        key=snapshot.key,
        label_en=snapshot.label_en,
        label_zh=snapshot.label_zh,
        date=snapshot.date,
        stage=snapshot.stage,
        status=snapshot.status,
        completeness=snapshot.completeness,
        citations=by_subject.get(("snapshot", snapshot.pk), []),
        units=[
            ParsedUnit(
                key=row["key"],
                parent=row["parent__key"],
                parent_unknown=row["parent_unknown"],
                name_en=row["name_en"],
                name_zh=row["name_zh"],
                kind=row["kind"],
                citations=by_subject.get(("unit", row["id"]), []),
                aliases=list(row["aliases"]),
                head_en=row["head_en"],
                head_zh=row["head_zh"],
                grade=row["grade"],
                posts=row["posts"],
                shared=row["shared"],
                note_en=row["note_en"],
                note_zh=row["note_zh"],
            )
            for row in units
        ],
        lines=[
            ParsedLine(
                from_key=row["from_unit__key"],
                to_key=row["to_unit__key"],
                type=row["type"],
                citations=by_subject.get(("line", row["id"]), []),
                qualifier_en=row["qualifier_en"],
                qualifier_zh=row["qualifier_zh"],
            )
            for row in lines
        ],
        figures=[
            ParsedFigure(
                unit=row["unit__key"],
                measure=row["measure"],
                value=_number(row["value"]),
                citations=by_subject.get(("figure", row["id"]), []),
                breakdown=dict(row["breakdown"]),
                label_en=row["label_en"],
                label_zh=row["label_zh"],
                approximation=row["approximation"],
            )
            for row in figures
        ],
    )


def _number(value: Decimal) -> int | float:
    """Write a stored figure as the dataset files do: 1012, not 1012.00."""
    return int(value) if value == value.to_integral_value() else float(value)


def _citation_index(queryset, subject: str) -> dict[int, list[ParsedCitation]]:
    index: dict[int, list[ParsedCitation]] = {}
    rows = queryset.order_by("position", "id").values_list(subject, "document__symbol", "paragraph")
    for subject_id, symbol, paragraph in rows:
        index.setdefault(subject_id, []).append(ParsedCitation(symbol, paragraph))
    return index


def stored_reforms(keys: list[str]) -> dict[str, ParsedReform]:
    """Return the stored reforms with these keys, successions in order, unit keys sorted (they are sets)."""
    reforms = list(Reform.objects.filter(key__in=keys).select_related("before", "after"))
    successions = list(
        Succession.objects.filter(reform__in=reforms)
        .order_by("position", "id")
        .prefetch_related("from_units", "to_units")
    )
    reform_cites = _citation_index(Citation.objects.filter(reform__in=reforms), "reform_id")
    succession_cites = _citation_index(Citation.objects.filter(succession__in=successions), "succession_id")
    parsed = {
        reform.pk: ParsedReform(
            key=reform.key,
            name_en=reform.name_en,
            name_zh=reform.name_zh,
            before=reform.before.key,
            after=reform.after.key,
            citations=reform_cites.get(reform.pk, []),
        )
        for reform in reforms
    }
    for succession in successions:
        parsed[succession.reform_id].successions.append(
            ParsedSuccession(
                type=succession.type,
                from_keys=sorted(unit.key for unit in succession.from_units.all()),
                to_keys=sorted(unit.key for unit in succession.to_units.all()),
                summary_en=succession.summary_en,
                summary_zh=succession.summary_zh,
                citations=succession_cites.get(succession.pk, []),
            )
        )
    return {reform.key: reform for reform in parsed.values()}


def export_file(snapshots: list[Snapshot]) -> DatasetFile:
    """Return these snapshots (all of one document) as one dataset file, in the order given."""
    symbols = sorted({snapshot.document.symbol for snapshot in snapshots})
    if len(symbols) != 1:
        raise errors.StructureError(errors.EXPORT_MIXED_DOCUMENTS.format(documents=", ".join(symbols)))
    first = snapshots[0]
    return DatasetFile(
        name=f"{first.key}.toml",
        document=stored_document(first.document),
        organization=stored_organization(first.organization),
        snapshots=[stored_snapshot(snapshot) for snapshot in snapshots],
        reforms=[],
    )


def export_toml(snapshot: Snapshot) -> str:
    """Return one snapshot as a dataset file in the shipped format."""
    return transfer.dataset_toml(export_file([snapshot]))


def export_csv(snapshot: Snapshot) -> str:
    """Return one snapshot's units as CSV, one row per unit in tree order."""
    return transfer.units_csv(stored_snapshot(snapshot))


# --- Planning an import ------------------------------------------------------------------------


@dataclass
class ImportPlan:
    """What an upload would change: one entry per snapshot and reform it defines; `digest` pins it."""

    name: str
    format: str
    file: DatasetFile
    snapshots: list[transfer.SnapshotPlan]
    reforms: list[transfer.ReformPlan]
    digest: str
    # Entries the file marks as added in a draft without a citation: imported as they are, and named in the preview.
    uncited: list[str] = field(default_factory=list)

    @property
    def changes_anything(self) -> bool:
        return any(plan.action != transfer.UNCHANGED for plan in [*self.snapshots, *self.reforms])


def _references(exclude_snapshots: set[str]) -> tuple[set[str], dict[str, KnownSnapshot]]:
    """Return stored documents and the stored snapshots (with unit keys) an upload may refer to."""
    snapshots: dict[str, set[str]] = {
        key: set() for key in Snapshot.objects.exclude(key__in=exclude_snapshots).values_list("key", flat=True)
    }
    for snapshot_key, unit_key in Unit.objects.exclude(snapshot__key__in=exclude_snapshots).values_list(
        "snapshot__key", "key"
    ):
        snapshots[snapshot_key].add(unit_key)
    documents = set(SourceDocument.objects.values_list("symbol", flat=True))
    return documents, {key: KnownSnapshot(key, frozenset(units)) for key, units in snapshots.items()}


def _csv_file(name: str, raw: bytes, into: str | None, problems: list[str], uncited: list[str]) -> DatasetFile | None:
    """Read a CSV of units as the target draft with its units replaced, keeping lines and figures that still fit."""
    target = Snapshot.objects.select_related("document", "organization").filter(key=into).first() if into else None
    if into is None:
        problems.append(f"{name}: file: {errors.IMPORT_CSV_NEEDS_TARGET}")
    elif target is None:
        problems.append(f"{name}: file: {errors.IMPORT_UNKNOWN_TARGET.format(key=into)}")
    elif target.is_published:
        problems.append(f"{name}: file: {errors.IMPORT_TARGET_PUBLISHED.format(key=into)}")
    units = transfer.read_units_csv(name, raw, problems, uncited=uncited)
    if units is None or target is None or problems:
        return None
    stored = stored_snapshot(target)
    keys = {unit.key for unit in units}
    incoming = replace(
        stored,
        units=units,
        lines=[line for line in stored.lines if {line.from_key, line.to_key} <= keys],
        figures=[figure for figure in stored.figures if figure.unit is None or figure.unit in keys],
    )
    return DatasetFile(name, stored_document(target.document), stored_organization(target.organization), [incoming], [])


def _toml_file(name: str, raw: bytes, into: str | None, problems: list[str], uncited: list[str]) -> DatasetFile | None:
    file = parse_file(name, raw, problems, uncited=uncited)
    if file is None or into is None:
        return file
    target = Snapshot.objects.filter(key=into).first()
    if target is None:
        problems.append(f"{name}: file: {errors.IMPORT_UNKNOWN_TARGET.format(key=into)}")
    elif target.is_published:
        problems.append(f"{name}: file: {errors.IMPORT_TARGET_PUBLISHED.format(key=into)}")
    if len(file.snapshots) != 1:
        problems.append(f"{name}: file: {errors.IMPORT_INTO_NEEDS_ONE.format(count=len(file.snapshots))}")
        return None
    file.snapshots = [transfer.into_draft(file.snapshots[0], into)]
    return file


def _first_change(changes: list[transfer.Change]) -> str:
    change = changes[0]
    more = f"; {len(changes) - 1} more" if len(changes) > 1 else ""
    return f"{change.type} {change.subject}: {change.detail}{more}"


def _plan_snapshots(
    file: DatasetFile, stored: dict[str, Snapshot], problems: list[str], *, may_publish: bool
) -> list[transfer.SnapshotPlan]:
    plans = []
    for incoming in file.snapshots:
        entry = f'{file.name}: snapshot "{incoming.key}"'
        current = stored.get(incoming.key)
        context: tuple[tuple[str, str, str], ...] = ()
        if current is not None:
            context = (
                ("document", current.document.symbol, file.document.symbol),
                ("organization", current.organization.key, file.organization.key),
            )
        changes = transfer.snapshot_changes(stored_snapshot(current) if current else None, incoming, context=context)
        action = transfer.CREATE if current is None else transfer.REPLACE if changes else transfer.UNCHANGED
        if current is not None and current.is_published and changes:
            problems.append(
                f"{entry}: {errors.IMPORT_PUBLISHED_CHANGE.format(key=incoming.key, change=_first_change(changes))}"
            )
        already_published = current is not None and current.is_published
        publishes = (
            incoming.status == Snapshot.Status.PUBLISHED and action != transfer.UNCHANGED and not already_published
        )
        if publishes and not may_publish:
            problems.append(f"{entry}: {errors.IMPORT_NEEDS_PUBLISH.format(key=incoming.key)}")
        plans.append(transfer.SnapshotPlan(incoming.key, action, incoming.status, len(incoming.units), changes))
    return plans


def _plan_reforms(file: DatasetFile, stored: dict[str, Snapshot], problems: list[str]) -> list[transfer.ReformPlan]:
    current = stored_reforms([reform.key for reform in file.reforms])
    incoming_status = {snapshot.key: snapshot.status for snapshot in file.snapshots}
    plans = []
    for reform in file.reforms:
        was = current.get(reform.key)
        changes = transfer.reform_changes(was, reform)
        action = transfer.CREATE if was is None else transfer.REPLACE if changes else transfer.UNCHANGED
        # A reform belongs to its "after" snapshot: published, its successions are frozen with it.
        for key in {reform.after, was.after if was else reform.after}:
            after = stored.get(key)
            if changes and after is not None and after.is_published:
                change = _first_change(changes)
                message = errors.IMPORT_REFORM_PUBLISHED.format(key=reform.key, snapshot=key, change=change)
                problems.append(f'{file.name}: reform "{reform.key}": {message}')
        if reform.after not in incoming_status and reform.after not in stored:
            continue  # validate_batch names the unknown snapshot
        plans.append(transfer.ReformPlan(reform.key, action, len(reform.successions), changes))
    return plans


def _digest(raw: bytes, into: str | None, snapshots, reforms) -> str:
    payload = json.dumps([into, [asdict(p) for p in snapshots], [asdict(p) for p in reforms]], default=str)
    return hashlib.sha256(raw + b"\0" + payload.encode()).hexdigest()


def plan_import(*, name: str, raw: bytes, into: str | None = None, may_publish: bool = False) -> ImportPlan:
    """Parse, validate and compare an upload with what is stored; raise DatasetError naming every problem.

    `into` names the draft a CSV (or a one-snapshot TOML file) replaces; `may_publish` lets the file
    create or publish snapshots marked "published".
    """
    problems: list[str] = []
    kind = transfer.upload_format(name, problems)
    if kind is None or not transfer.check_size(name, len(raw), problems):
        raise errors.DatasetError(problems)
    # Unlike the shipped dataset, an upload may hold entries an editor added without a citation, if marked so.
    uncited: list[str] = []
    file = (_csv_file if kind == transfer.CSV else _toml_file)(name, raw, into, problems, uncited)
    if file is None or problems:
        raise errors.DatasetError(problems)
    incoming_keys = {snapshot.key for snapshot in file.snapshots}
    documents, known = _references(incoming_keys)
    validate_batch([file], problems, stored_documents=documents, stored_snapshots=known)
    if problems:
        raise errors.DatasetError(problems)

    document = SourceDocument.objects.filter(symbol=file.document.symbol).first()
    if document is not None and (fields := transfer.document_differences(stored_document(document), file.document)):
        message = errors.IMPORT_DOCUMENT_DIFFERS.format(symbol=document.symbol, fields=", ".join(fields))
        problems.append(f"{file.name}: [document]: {message}")
    organization = Organization.objects.filter(key=file.organization.key).first()
    if organization is not None and (
        fields := transfer.organization_differences(stored_organization(organization), file.organization)
    ):
        message = errors.IMPORT_ORGANIZATION_DIFFERS.format(key=organization.key, fields=", ".join(fields))
        problems.append(f"{file.name}: [organization]: {message}")
    referenced = incoming_keys | {key for reform in file.reforms for key in (reform.before, reform.after)}
    stored = {s.key: s for s in Snapshot.objects.filter(key__in=referenced).select_related("document", "organization")}
    snapshots = _plan_snapshots(file, stored, problems, may_publish=may_publish)
    reforms = _plan_reforms(file, stored, problems)
    if problems:
        raise errors.DatasetError(problems)
    return ImportPlan(name, kind, file, snapshots, reforms, _digest(raw, into, snapshots, reforms), uncited)


# --- Applying an import ------------------------------------------------------------------------


@transaction.atomic
def apply_import(
    *, name: str, raw: bytes, into: str | None = None, may_publish: bool = False, expected_digest: str | None = None
) -> ImportPlan:
    """Apply an upload in one transaction, exactly as previewed (`expected_digest`), or change nothing."""
    plan = plan_import(name=name, raw=raw, into=into, may_publish=may_publish)
    # Lock the snapshots the upload replaces, then plan again: what is written is what was just checked.
    keys = [p.key for p in plan.snapshots] + [r.after for r in plan.file.reforms]
    list(Snapshot.objects.select_for_update().filter(key__in=keys).values_list("pk", flat=True))
    plan = plan_import(name=name, raw=raw, into=into, may_publish=may_publish)
    if expected_digest is not None and plan.digest != expected_digest:
        raise errors.StructureError(errors.IMPORT_STALE)
    if not plan.changes_anything:
        return plan
    _write(plan)
    return plan


def _write(plan: ImportPlan) -> None:
    file = plan.file
    document = SourceDocument.objects.filter(symbol=file.document.symbol).first()
    if document is None:
        document = SourceDocument.objects.create(
            symbol=file.document.symbol,
            symbol_source=file.document.symbol_source,
            title_en=file.document.title_en,
            title_zh=file.document.title_zh,
            date=file.document.date,
            date_source=file.document.date_source,
            seed_file=file.document.seed_file,
            session=session_of(file.document.symbol),
        )
    organization, _created = Organization.objects.get_or_create(
        key=file.organization.key,
        defaults={"name_en": file.organization.name_en, "name_zh": file.organization.name_zh},
    )
    documents = {d.symbol: d for d in SourceDocument.objects.all()}
    changed_reforms = [p.key for p in plan.reforms if p.action == transfer.REPLACE]
    Reform.objects.filter(key__in=changed_reforms).delete()

    to_publish: list[Snapshot] = []
    actions = {p.key: p.action for p in plan.snapshots}
    for parsed in file.snapshots:
        action = actions[parsed.key]
        if action == transfer.UNCHANGED:
            continue
        if action == transfer.CREATE:
            position = Snapshot.objects.filter(document=document).aggregate(last=Max("position"))["last"]
            snapshot = Snapshot.objects.create(
                key=parsed.key,
                organization=organization,
                document=document,
                status=Snapshot.Status.DRAFT,
                position=0 if position is None else position + 1,
                **_snapshot_fields(parsed, document),
            )
            services.write_snapshot_content(snapshot, parsed, documents, history=f"imported from {plan.name}")
        else:
            snapshot = Snapshot.objects.get(key=parsed.key)
            _replace_content(snapshot, parsed, document, organization, documents, history=f"imported from {plan.name}")
        if parsed.status == Snapshot.Status.PUBLISHED:
            to_publish.append(snapshot)
    for parsed_reform in file.reforms:
        if next(p.action for p in plan.reforms if p.key == parsed_reform.key) != transfer.UNCHANGED:
            # Shared with the dataset loader, so successions are stored the one same way; Reform.save() refuses
            # a reform across organizations or back in time.
            create_reform_from_file(parsed_reform, organization, documents, file.document.symbol)
    services.refresh_content_statistics()
    # Publishing last, through the service, applies its checks to the whole imported content.
    for snapshot in to_publish:
        services.publish_snapshot(snapshot=snapshot)


def _snapshot_fields(parsed: ParsedSnapshot, document: SourceDocument) -> dict:
    return {
        "label_en": parsed.label_en,
        "label_zh": parsed.label_zh,
        "date": parsed.date,
        "sort_date": parsed.date or document.date,
        "stage": parsed.stage,
        "completeness": parsed.completeness,
    }


def _replace_content(
    snapshot: Snapshot,
    parsed: ParsedSnapshot,
    document: SourceDocument,
    organization: Organization,
    documents: dict[str, SourceDocument],
    *,
    history: str,
) -> None:
    """Replace a draft's content whole, keeping the snapshot row and relinking successions by unit key."""
    links = {
        side: list(through.objects.filter(unit__snapshot=snapshot).values_list("succession_id", "unit__key"))
        for side, through in (("from", Succession.from_units.through), ("to", Succession.to_units.through))
    }
    Citation.objects.filter(snapshot=snapshot).delete()
    SecondaryLine.objects.filter(snapshot=snapshot).delete()
    Figure.objects.filter(snapshot=snapshot).delete()
    Unit.objects.filter(snapshot=snapshot).delete()
    for name, value in _snapshot_fields(parsed, document).items():
        setattr(snapshot, name, value)
    snapshot.document = document
    snapshot.organization = organization
    snapshot.save()
    units = services.write_snapshot_content(snapshot, parsed, documents, history=history)
    for side, through in (("from", Succession.from_units.through), ("to", Succession.to_units.through)):
        through.objects.bulk_create(
            through(succession_id=succession_id, unit_id=units[key])
            for succession_id, key in links[side]
            if key in units
        )
