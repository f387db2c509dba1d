"""Pure: snapshots written as dataset TOML or a CSV of units, a CSV read back, and what an import would change.

No ORM here: callers pass the parsed structures of structures/importing.py, so an upload is checked by the
same rules as the shipped dataset files, and the preview is a plain function of stored and incoming data.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

import tomli_w

from structures import errors
from structures.importing import (
    UNKNOWN,
    UNKNOWN_PARENT,
    DatasetFile,
    ParsedCitation,
    ParsedDocument,
    ParsedFigure,
    ParsedLine,
    ParsedOrganization,
    ParsedReform,
    ParsedSnapshot,
    ParsedUnit,
    _FileReader,
)
from structures.tree import tree_order

# An upload larger than this is refused before it is parsed: the largest shipped file is ~250 kB.
MAX_IMPORT_BYTES = 5 * 1024 * 1024

TOML = "toml"
DRAFT = "draft"
CSV = "csv"

UNIT_CSV_COLUMNS = (
    "key", "parent", "name_en", "name_zh", "kind", "head_en", "head_zh", "grade", "posts", "shared",
    "aliases", "note_en", "note_zh", "citations",
)  # fmt: skip
UNIT_CSV_REQUIRED = ("key", "parent", "name_en", "name_zh", "kind", "citations")
# The API's tree.csv (structures/exports.py) can be edited and uploaded too: its extra columns are
# informational ("snapshot", "level") or another spelling of ours ("head", "parent_unknown").
CSV_IGNORED_COLUMNS = ("snapshot", "level")
CSV_COLUMN_ALIASES = {"head": "head_en"}
CSV_PARENT_UNKNOWN = "parent_unknown"
CSV_LIST_SEPARATOR = "; "
CSV_CITATION_MARK = " ¶"
# The citations cell of a unit added in a draft without a citation, so importing the CSV again accepts it.
CSV_UNCITED = "(uncited)"
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection, OWASP); a leading
# apostrophe neutralises it. Cells that already start with one get another, so reading back is lossless.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
TRUE_WORDS = ("true", "yes", "1")
FALSE_WORDS = ("false", "no", "0", "")

# --- Writing -----------------------------------------------------------------------------------


def _cite(citations: Iterable[ParsedCitation], symbol: str) -> list[str]:
    """Write citations as a dataset file does: the file's own paragraphs bare, others as `SYMBOL#part`."""
    return [
        c.paragraph if c.document == symbol and "#" not in c.paragraph else f"{c.document}#{c.paragraph}"
        for c in citations
    ]


def _date(value: datetime.date | None) -> str:
    return value.isoformat() if value else UNKNOWN


def _optional(table: dict[str, Any], **values: Any) -> dict[str, Any]:
    """Add the values that differ from the format's defaults, so files stay as terse as hand-written ones."""
    table.update({name: value for name, value in values.items() if value not in ("", None, False, [], {})})
    return table


def _cite_table(table: dict[str, Any], citations: list[ParsedCitation], symbol: str) -> dict[str, Any]:
    """Add an entry's citations; an entry without any (added in a draft) is marked, so an import accepts it."""
    table["cite"] = _cite(citations, symbol)
    if not citations:
        table["uncited"] = True
    return table


def _unit_table(unit: ParsedUnit, symbol: str) -> dict[str, Any]:
    table: dict[str, Any] = {"key": unit.key}
    if unit.parent_unknown:
        table["parent"] = UNKNOWN_PARENT
    elif unit.parent:
        table["parent"] = unit.parent
    table.update(name_en=unit.name_en, name_zh=unit.name_zh)
    _optional(table, aliases=list(unit.aliases))
    table["kind"] = unit.kind
    _optional(
        table,
        head_en=unit.head_en,
        head_zh=unit.head_zh,
        grade=unit.grade,
        posts=unit.posts,
        shared=unit.shared,
        note_en=unit.note_en,
        note_zh=unit.note_zh,
    )
    return _cite_table(table, unit.citations, symbol)


def _line_table(line: ParsedLine, symbol: str) -> dict[str, Any]:
    table = {"from": line.from_key, "to": line.to_key, "type": line.type}
    _optional(table, qualifier_en=line.qualifier_en, qualifier_zh=line.qualifier_zh)
    return _cite_table(table, line.citations, symbol)


def _figure_table(figure: ParsedFigure, symbol: str) -> dict[str, Any]:
    table = _optional({}, unit=figure.unit, approximation=figure.approximation)
    table.update(measure=figure.measure, value=figure.value)
    _optional(table, breakdown=dict(figure.breakdown), label_en=figure.label_en, label_zh=figure.label_zh)
    table["cite"] = _cite(figure.citations, symbol)
    return table


def _snapshot_table(snapshot: ParsedSnapshot, symbol: str) -> dict[str, Any]:
    table: dict[str, Any] = {
        "key": snapshot.key,
        "label_en": snapshot.label_en,
        "label_zh": snapshot.label_zh,
        "date": _date(snapshot.date),
        "stage": snapshot.stage,
        "status": snapshot.status,
        "completeness": snapshot.completeness,
    }
    _cite_table(table, snapshot.citations, symbol)
    table["units"] = [_unit_table(unit, symbol) for unit in snapshot.units]
    _optional(
        table,
        lines=[_line_table(line, symbol) for line in snapshot.lines],
        figures=[_figure_table(figure, symbol) for figure in snapshot.figures],
    )
    return table


def _reform_table(reform: ParsedReform, symbol: str) -> dict[str, Any]:
    table: dict[str, Any] = {
        "key": reform.key,
        "name_en": reform.name_en,
        "name_zh": reform.name_zh,
        "before": reform.before,
        "after": reform.after,
        "cite": _cite(reform.citations, symbol),
    }
    successions = []
    for succession in reform.successions:
        row = {"type": succession.type, "from": succession.from_keys, "to": succession.to_keys}
        row["summary_en"] = succession.summary_en
        _optional(row, summary_zh=succession.summary_zh)
        row["cite"] = _cite(succession.citations, symbol)
        successions.append(row)
    return _optional(table, successions=successions)


def dataset_toml(file: DatasetFile) -> str:
    """Return the file in the shipped dataset format (dataset/README.md), readable by `parse_file`."""
    document = file.document
    symbol = document.symbol
    data: dict[str, Any] = {
        "document": _optional(
            {
                "symbol": symbol,
                "symbol_source": document.symbol_source,
                "title_en": document.title_en,
                "title_zh": document.title_zh,
                "date": _date(document.date),
            },
            date_source=document.date_source,
            seed_file=document.seed_file,
        ),
        "organization": {
            "key": file.organization.key,
            "name_en": file.organization.name_en,
            "name_zh": file.organization.name_zh,
        },
        "snapshots": [_snapshot_table(snapshot, symbol) for snapshot in file.snapshots],
    }
    _optional(data, reforms=[_reform_table(reform, symbol) for reform in file.reforms])
    return tomli_w.dumps(data)


def _csv_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def units_csv(snapshot: ParsedSnapshot) -> str:
    """Return one row per unit in the given (tree) order; citations as `A/72/525 ¶20(b)` joined by `; `."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(UNIT_CSV_COLUMNS)
    for unit in snapshot.units:
        row = {
            "key": unit.key,
            "parent": UNKNOWN_PARENT if unit.parent_unknown else unit.parent or "",
            "name_en": unit.name_en,
            "name_zh": unit.name_zh,
            "kind": unit.kind,
            "head_en": unit.head_en,
            "head_zh": unit.head_zh,
            "grade": unit.grade,
            "posts": "" if unit.posts is None else str(unit.posts),
            "shared": "true" if unit.shared else "false",
            "aliases": CSV_LIST_SEPARATOR.join(unit.aliases),
            "note_en": unit.note_en,
            "note_zh": unit.note_zh,
            "citations": CSV_LIST_SEPARATOR.join(
                f"{c.document}{CSV_CITATION_MARK}{c.paragraph}" for c in unit.citations
            )
            or CSV_UNCITED,
        }
        writer.writerow([_csv_cell(row[column]) for column in UNIT_CSV_COLUMNS])
    return out.getvalue()


# --- Reading -----------------------------------------------------------------------------------


def upload_format(name: str, problems: list[str]) -> str | None:
    """Return TOML or CSV from the file name, or record why the file cannot be imported."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix in (TOML, CSV):
        return suffix
    problems.append(f"{name}: file: {errors.IMPORT_UNKNOWN_FORMAT.format(suffix='.' + suffix if suffix else '')}")
    return None


def check_size(name: str, size: int, problems: list[str]) -> bool:
    """Record a problem and return False when a file is too large (or empty) to import."""
    if size > MAX_IMPORT_BYTES:
        problems.append(f"{name}: file: {errors.IMPORT_TOO_LARGE.format(size=size, limit=MAX_IMPORT_BYTES)}")
        return False
    if size == 0:
        problems.append(f"{name}: file: {errors.IMPORT_EMPTY}")
        return False
    return True


def _uncell(value: str) -> str:
    return value[1:] if value.startswith("'") else value


def _csv_header(name: str, header: list[str], problems: list[str]) -> list[str] | None:
    columns = [CSV_COLUMN_ALIASES.get(cell.strip(), cell.strip()) for cell in header]
    known = (*UNIT_CSV_COLUMNS, *CSV_IGNORED_COLUMNS, CSV_PARENT_UNKNOWN)
    found = len(problems)
    for column, count in Counter(columns).items():
        if count > 1:
            problems.append(f"{name}: header: {errors.CSV_DUPLICATE_COLUMN.format(column=column)}")
        if column not in known:
            expected = ", ".join(UNIT_CSV_COLUMNS)
            problems.append(f"{name}: header: {errors.CSV_UNKNOWN_COLUMN.format(column=column, expected=expected)}")
    for column in UNIT_CSV_REQUIRED:
        if column not in columns:
            problems.append(f"{name}: header: {errors.CSV_MISSING_COLUMN.format(column=column)}")
    return columns if len(problems) == found else None


def _unit_table_from_row(name: str, entry: str, cells: dict[str, str], problems: list[str]) -> dict[str, Any]:
    """Turn one CSV row into the table a dataset file would hold, so the file reader checks it alike."""
    table: dict[str, Any] = {}
    for column in ("key", "name_en", "name_zh", "kind", "head_en", "head_zh", "grade", "note_en", "note_zh"):
        if cells.get(column, "") != "" or column in UNIT_CSV_REQUIRED:
            table[column] = cells.get(column, "")
    parent = cells.get("parent", "")
    if cells.get(CSV_PARENT_UNKNOWN, "").strip().lower() in TRUE_WORDS and not parent:
        parent = UNKNOWN_PARENT
    if parent:
        table["parent"] = parent
    if cells.get("aliases", ""):
        table["aliases"] = cells["aliases"].split(CSV_LIST_SEPARATOR.strip())
        table["aliases"] = [alias.strip() for alias in table["aliases"]]
    posts = cells.get("posts", "").strip()
    if posts:
        try:
            table["posts"] = int(posts)
        except ValueError:
            problems.append(
                f"{name}: {entry}: " + errors.DS_BAD_VALUE.format(field="posts", value=posts, expected="a count")
            )
    shared = cells.get("shared", "").strip().lower()
    if shared in TRUE_WORDS:
        table["shared"] = True
    elif shared not in FALSE_WORDS:
        problems.append(
            f"{name}: {entry}: " + errors.DS_BAD_VALUE.format(field="shared", value=shared, expected="true or false")
        )
    cite = []
    if cells.get("citations", "").strip() == CSV_UNCITED:
        table["cite"], table["uncited"] = [], True
        return table
    for raw in cells.get("citations", "").split(CSV_LIST_SEPARATOR.strip()):
        if not raw.strip():
            continue
        document, mark, paragraph = raw.strip().partition(CSV_CITATION_MARK.strip())
        if not mark or not document.strip() or not paragraph.strip():
            problems.append(f"{name}: {entry}: {errors.CSV_BAD_CITATION.format(citation=raw.strip())}")
            continue
        cite.append(f"{document.strip()}#{paragraph.strip()}")
    table["cite"] = cite
    return table


def read_units_csv(
    name: str, raw: bytes, problems: list[str], *, uncited: list[str] | None = None
) -> list[ParsedUnit] | None:
    """Read a CSV of units (one row per unit) into parsed units; record every problem, naming its row.

    `uncited` collects the rows marked "(uncited)" (see parse_file); without it such rows are refused.
    """
    try:
        # utf-8-sig: spreadsheets often start a UTF-8 CSV with a byte-order mark.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(f"{name}: file: {errors.DS_NOT_UTF8}")
        return None
    found = len(problems)
    rows = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(rows, None)
        if header is None:
            problems.append(f"{name}: file: {errors.CSV_NO_HEADER}")
            return None
        columns = _csv_header(name, header, problems)
        if columns is None:
            return None
        units: list[ParsedUnit] = []
        reader = _FileReader(name, problems, uncited)
        for index, row in enumerate(rows):
            if not any(cell.strip() for cell in row):
                continue
            entry = f"row {index + 2}"  # as a spreadsheet numbers it: the header is row 1
            if len(row) != len(columns):
                problems.append(
                    f"{name}: {entry}: {errors.CSV_ROW_WIDTH.format(found=len(row), expected=len(columns))}"
                )
                continue
            cells = {column: _uncell(cell) for column, cell in zip(columns, row, strict=True)}
            table = _unit_table_from_row(name, f'{entry} unit "{cells.get("key", "")}"', cells, problems)
            units.append(reader.unit(table, index, entry))
    except csv.Error as exc:
        problems.append(f"{name}: row {rows.line_num}: {errors.CSV_NOT_CSV.format(detail=exc)}")
        return None
    if not units and len(problems) == found:
        problems.append(f"{name}: file: {errors.CSV_NO_ROWS}")
    return units if len(problems) == found else None


# --- Comparing ---------------------------------------------------------------------------------

UNIT_ATTRIBUTES = ("kind", "aliases", "head_en", "head_zh", "grade", "posts", "shared", "note_en", "note_zh")
SNAPSHOT_ATTRIBUTES = ("label_en", "label_zh", "date", "stage", "status", "completeness")

# What a preview line says happened to a unit, a line, a figure or the snapshot itself.
ADDED = "added"
REMOVED = "removed"
RENAMED = "renamed"
MOVED = "moved"
CHANGED = "changed"
REORDERED = "reordered"

CREATE = "create"
REPLACE = "replace"
UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Change:
    """One line of an import preview: what (`subject`) changes how (`type`), and from what to what."""

    type: str
    subject: str
    detail: str = ""


@dataclass
class SnapshotPlan:
    key: str
    action: str
    status: str
    units: int
    changes: list[Change] = field(default_factory=list)


@dataclass
class ReformPlan:
    key: str
    action: str
    successions: int
    changes: list[Change] = field(default_factory=list)


def _citations_text(citations: Iterable[ParsedCitation]) -> str:
    return "; ".join(f"{c.document} ¶{c.paragraph}" for c in citations)


def _shown(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "[" + ", ".join(map(str, value)) + "]"
    return "—" if value in ("", None) else str(value)


def _from_to(old: Any, new: Any) -> str:
    return f"{_shown(old)} → {_shown(new)}"


def _unit_order(units: list[ParsedUnit]) -> list[str]:
    """Return keys in tree order (parents first, siblings in the given order), as the tree will store them."""
    return tree_order((unit.key, unit.parent) for unit in units)


def _figure_value(value: int | float | Decimal) -> Decimal:
    # The database keeps two decimal places (Figure.value), so compare what it would store.
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _line_row(line: ParsedLine) -> tuple:
    return (line.from_key, line.type, line.to_key, line.qualifier_en, line.qualifier_zh, tuple(line.citations))


def _figure_row(figure: ParsedFigure) -> tuple:
    breakdown = tuple(sorted(figure.breakdown.items()))
    return (figure.unit, figure.measure, _figure_value(figure.value), figure.approximation, breakdown,
            figure.label_en, figure.label_zh, tuple(figure.citations))  # fmt: skip


def _unit_row(unit: ParsedUnit) -> tuple:
    attributes = tuple(tuple(v) if isinstance(v, list) else v for v in (getattr(unit, a) for a in UNIT_ATTRIBUTES))
    return (unit.key, unit.parent, unit.parent_unknown, unit.name_en, unit.name_zh, attributes, tuple(unit.citations))


def snapshot_content(snapshot: ParsedSnapshot) -> tuple:
    """Return everything an import would store for a snapshot, in stored order, to test two for identity."""
    units = {unit.key: unit for unit in snapshot.units}
    return (
        tuple(getattr(snapshot, a) for a in SNAPSHOT_ATTRIBUTES),
        tuple(snapshot.citations),
        tuple(_unit_row(units[key]) for key in _unit_order(snapshot.units)),
        tuple(_line_row(line) for line in snapshot.lines),
        tuple(_figure_row(figure) for figure in snapshot.figures),
    )


def _unit_changes(stored: list[ParsedUnit], incoming: list[ParsedUnit]) -> list[Change]:
    old = {unit.key: unit for unit in stored}
    new = {unit.key: unit for unit in incoming}
    changes: list[Change] = []
    for key in _unit_order(incoming):
        unit = new[key]
        if key not in old:
            changes.append(Change(ADDED, key, f"{unit.name_en} / {unit.name_zh}"))
            continue
        was = old[key]
        if (was.name_en, was.name_zh) != (unit.name_en, unit.name_zh):
            detail = _from_to(f"{was.name_en} / {was.name_zh}", f"{unit.name_en} / {unit.name_zh}")
            changes.append(Change(RENAMED, key, detail))
        if (was.parent, was.parent_unknown) != (unit.parent, unit.parent_unknown):
            parents = [UNKNOWN_PARENT if u.parent_unknown else u.parent or "(top)" for u in (was, unit)]
            changes.append(Change(MOVED, key, "parent " + _from_to(*parents)))
        for attribute in UNIT_ATTRIBUTES:
            before, after = getattr(was, attribute), getattr(unit, attribute)
            if before != after:
                changes.append(Change(CHANGED, key, f"{attribute}: {_from_to(before, after)}"))
        if was.citations != unit.citations:
            detail = f"citations: {_from_to(_citations_text(was.citations), _citations_text(unit.citations))}"
            changes.append(Change(CHANGED, key, detail))
    changes += [Change(REMOVED, key, f"{old[key].name_en} / {old[key].name_zh}") for key in _unit_order(stored)
                if key not in new]  # fmt: skip
    return changes


def _sibling_changes(stored: list[ParsedUnit], incoming: list[ParsedUnit]) -> list[Change]:
    """Name each parent whose children (those kept under it) come in another order."""

    def children(units: list[ParsedUnit], keep: set[str]) -> dict[str | None, list[str]]:
        index: dict[str | None, list[str]] = {}
        for unit in units:
            if unit.key in keep:
                index.setdefault(unit.parent, []).append(unit.key)
        return index

    placed_old = {(u.key, u.parent) for u in stored}
    kept = {u.key for u in incoming if (u.key, u.parent) in placed_old}
    old, new = children(stored, kept), children(incoming, kept)
    return [
        Change(REORDERED, parent or "(top)", _from_to(old.get(parent, []), keys))
        for parent, keys in new.items()
        if old.get(parent, []) != keys
    ]


def _multiset_changes(label: str, old: list[tuple], new: list[tuple], describe) -> list[Change]:
    gone, came = Counter(old) - Counter(new), Counter(new) - Counter(old)
    changes = [Change(REMOVED, label, describe(row)) for row in old if gone.pop(row, 0)]
    changes += [Change(ADDED, label, describe(row)) for row in new if came.pop(row, 0)]
    return changes


def _describe_line(row: tuple) -> str:
    text = f"{row[0]} {row[1]} {row[2]}"
    return text + (f" ({row[3]})" if row[3] else "")


def _describe_figure(row: tuple) -> str:
    breakdown = ", ".join(f"{k}={v}" for k, v in row[4])
    return f"{row[0] or '(snapshot)'}: {row[1]} = {row[2].normalize():f}" + (f" [{breakdown}]" if breakdown else "")


def snapshot_changes(
    stored: ParsedSnapshot | None,
    incoming: ParsedSnapshot,
    *,
    context: tuple[tuple[str, str, str], ...] = (),
) -> list[Change]:
    """List what storing `incoming` over `stored` changes; empty when nothing does.

    `context` adds (field, stored, incoming) facts the parsed snapshot does not hold (its document,
    its organization).
    """
    if stored is None:
        return [Change(ADDED, unit.key, f"{unit.name_en} / {unit.name_zh}") for unit in incoming.units]
    changes = [
        Change(CHANGED, "(snapshot)", f"{name}: {_from_to(before, after)}")
        for name, before, after in context
        if before != after
    ]
    for attribute in SNAPSHOT_ATTRIBUTES:
        before, after = getattr(stored, attribute), getattr(incoming, attribute)
        if before != after:
            changes.append(Change(CHANGED, "(snapshot)", f"{attribute}: {_from_to(before, after)}"))
    if stored.citations != incoming.citations:
        detail = _from_to(_citations_text(stored.citations), _citations_text(incoming.citations))
        changes.append(Change(CHANGED, "(snapshot)", f"citations: {detail}"))
    changes += _unit_changes(stored.units, incoming.units)
    changes += _sibling_changes(stored.units, incoming.units)
    old_lines, new_lines = [_line_row(x) for x in stored.lines], [_line_row(x) for x in incoming.lines]
    changes += _multiset_changes("line", old_lines, new_lines, _describe_line)
    old_figures, new_figures = [_figure_row(x) for x in stored.figures], [_figure_row(x) for x in incoming.figures]
    changes += _multiset_changes("figure", old_figures, new_figures, _describe_figure)
    if not changes and snapshot_content(stored) != snapshot_content(incoming):
        # Same rows in another order (lines, figures): still a change, so "no change" always means identical.
        changes.append(Change(REORDERED, "(snapshot)", "order of lines or figures"))
    return changes


def reform_content(reform: ParsedReform) -> tuple:
    """Return a reform as stored: successions' unit sets are unordered in the database."""
    return (
        reform.name_en,
        reform.name_zh,
        reform.before,
        reform.after,
        tuple(reform.citations),
        tuple(
            (
                s.type,
                tuple(sorted(s.from_keys)),
                tuple(sorted(s.to_keys)),
                s.summary_en,
                s.summary_zh,
                tuple(s.citations),
            )
            for s in reform.successions
        ),
    )


def reform_changes(stored: ParsedReform | None, incoming: ParsedReform) -> list[Change]:
    """List what storing `incoming` over `stored` changes, one line per succession added or removed."""

    def describe(row: tuple) -> str:
        return f"{row[0]}: {', '.join(row[1]) or '—'} → {', '.join(row[2]) or '—'}"

    old_rows = list(reform_content(stored)[5]) if stored else []
    new_rows = list(reform_content(incoming)[5])
    changes = []
    if stored is not None:
        for index, name in enumerate(("name_en", "name_zh", "before", "after")):
            if reform_content(stored)[index] != reform_content(incoming)[index]:
                before, after = reform_content(stored)[index], reform_content(incoming)[index]
                changes.append(Change(CHANGED, "(reform)", f"{name}: {_from_to(before, after)}"))
        if stored.citations != incoming.citations:
            detail = _from_to(_citations_text(stored.citations), _citations_text(incoming.citations))
            changes.append(Change(CHANGED, "(reform)", f"citations: {detail}"))
    changes += _multiset_changes("succession", old_rows, new_rows, describe)
    if stored is not None and not changes and reform_content(stored) != reform_content(incoming):
        changes.append(Change(REORDERED, "(reform)", "order of successions"))
    return changes


def into_draft(snapshot: ParsedSnapshot, key: str) -> ParsedSnapshot:
    """Return the snapshot as content for the draft `key`: importing into a draft keeps it a draft."""
    return replace(snapshot, key=key, status=DRAFT)


def document_differences(stored: ParsedDocument, incoming: ParsedDocument) -> list[str]:
    return [name for name in ParsedDocument.__dataclass_fields__ if getattr(stored, name) != getattr(incoming, name)]


def organization_differences(stored: ParsedOrganization, incoming: ParsedOrganization) -> list[str]:
    names = ParsedOrganization.__dataclass_fields__
    return [name for name in names if getattr(stored, name) != getattr(incoming, name)]
