"""Parse and validate dataset files whole; the caller writes them only when nothing is wrong.

A dataset file is TOML (see dataset/README.md). Every problem is collected, each naming the file,
the entry and what is wrong, and the whole batch is refused if there is even one.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import rtoml

from structures import errors
from structures.gc_pause import gc_paused
from structures.tree import find_cycle

UNKNOWN = "unknown"
UNKNOWN_PARENT = "?"
PROVENANCES = ("printed", "official_record")
STAGES = ("existing", "proposed")
STATUSES = ("draft", "published")
COMPLETENESS = ("complete", "partial")
UNIT_KINDS = [
    "pillar",
    "principal",
    "department",
    "office",
    "division",
    "service",
    "section",
    "unit",
    "team",
    "structure",
    "capacity",
    "component",
    "joint_body",
    "fund",
    "field_presence",
    "intergovernmental",
    "external",
]
LINE_TYPES = [
    "also_reports_to",
    "serves",
    "shared_with",
    "guides",
    "member_of",
    "chairs",
    "administered_by",
    "hosted_by",
    "supports",
    "advises",
    "functional_link",
    "cooperates_with",
]
SUCCESSION_TYPES = [
    "renamed",
    "merged",
    "split",
    "moved",
    "abolished",
    "created",
    "function_transferred",
    "upgraded",
    "downgraded",
    "same_unit",
    "unchanged",
]


@dataclass(frozen=True)
class ParsedCitation:
    document: str
    paragraph: str


@dataclass
class ParsedUnit:
    key: str
    parent: str | None
    parent_unknown: bool
    name_en: str
    name_zh: str
    kind: str
    citations: list[ParsedCitation]
    aliases: list[str] = field(default_factory=list)
    head_en: str = ""
    head_zh: str = ""
    grade: str = ""
    posts: int | None = None
    shared: bool = False
    note_en: str = ""
    note_zh: str = ""


@dataclass
class ParsedLine:
    from_key: str
    to_key: str
    type: str
    citations: list[ParsedCitation]
    qualifier_en: str = ""
    qualifier_zh: str = ""


@dataclass
class ParsedFigure:
    unit: str | None
    measure: str
    value: int | float
    citations: list[ParsedCitation]
    breakdown: dict[str, str] = field(default_factory=dict)
    label_en: str = ""
    label_zh: str = ""
    approximation: str = ""


@dataclass
class ParsedSnapshot:
    key: str
    label_en: str
    label_zh: str
    date: datetime.date | None
    stage: str
    status: str
    completeness: str
    citations: list[ParsedCitation]
    units: list[ParsedUnit] = field(default_factory=list)
    lines: list[ParsedLine] = field(default_factory=list)
    figures: list[ParsedFigure] = field(default_factory=list)


@dataclass
class ParsedSuccession:
    type: str
    from_keys: list[str]
    to_keys: list[str]
    summary_en: str
    summary_zh: str
    citations: list[ParsedCitation]


@dataclass
class ParsedReform:
    key: str
    name_en: str
    name_zh: str
    before: str
    after: str
    citations: list[ParsedCitation]
    successions: list[ParsedSuccession] = field(default_factory=list)


@dataclass
class ParsedDocument:
    symbol: str
    symbol_source: str
    title_en: str
    title_zh: str
    date: datetime.date | None
    date_source: str
    seed_file: str


@dataclass
class ParsedOrganization:
    key: str
    name_en: str
    name_zh: str


@dataclass
class DatasetFile:
    name: str
    document: ParsedDocument
    organization: ParsedOrganization
    snapshots: list[ParsedSnapshot]
    reforms: list[ParsedReform]


# Fields each table may hold: name -> (required, expected Python type).
DOCUMENT_FIELDS = {
    "symbol": (True, str),
    "symbol_source": (True, str),
    "title_en": (True, str),
    "title_zh": (True, str),
    "date": (True, str),
    "date_source": (False, str),
    "seed_file": (False, str),
}
ORGANIZATION_FIELDS = {"key": (True, str), "name_en": (True, str), "name_zh": (True, str)}
SNAPSHOT_FIELDS = {
    "key": (True, str),
    "label_en": (True, str),
    "label_zh": (True, str),
    "date": (True, str),
    "stage": (True, str),
    "status": (True, str),
    "completeness": (True, str),
    "cite": (True, list),
    "uncited": (False, bool),
    "units": (True, list),
    "lines": (False, list),
    "figures": (False, list),
}
UNIT_FIELDS = {
    "key": (True, str),
    "parent": (False, str),
    "name_en": (True, str),
    "name_zh": (True, str),
    "kind": (True, str),
    "cite": (True, list),
    "uncited": (False, bool),
    "aliases": (False, list),
    "head_en": (False, str),
    "head_zh": (False, str),
    "grade": (False, str),
    "posts": (False, int),
    "shared": (False, bool),
    "note_en": (False, str),
    "note_zh": (False, str),
}
LINE_FIELDS = {
    "from": (True, str),
    "to": (True, str),
    "type": (True, str),
    "cite": (True, list),
    "uncited": (False, bool),
    "qualifier_en": (False, str),
    "qualifier_zh": (False, str),
}
APPROXIMATIONS = ("about", "nearly", "more_than", "at_least", "up_to", "less_than")
# Longest text each field may hold (the database columns' sizes), and fields that must be keys.
MAX_LENGTHS = {
    "key": 80, "parent": 80, "from": 80, "to": 80, "unit": 80, "before": 80, "after": 80, "symbol": 100,
    "name_en": 300, "name_zh": 300, "label_en": 300, "label_zh": 300, "head_en": 300, "head_zh": 300,
    "title_en": 500, "title_zh": 500, "qualifier_en": 500, "qualifier_zh": 500, "grade": 40,
    "measure": 200, "seed_file": 200,
}  # fmt: skip
KEY_FIELDS = ("key", "before", "after")
KEY_PATTERN = re.compile(r"^[-a-zA-Z0-9_]+$")
FIGURE_FIELDS = {
    "unit": (False, str),
    "approximation": (False, str),
    "measure": (True, str),
    "value": (True, (int, float)),
    "breakdown": (False, dict),
    "label_en": (False, str),
    "label_zh": (False, str),
    "cite": (True, list),
}
REFORM_FIELDS = {
    "key": (True, str),
    "name_en": (True, str),
    "name_zh": (True, str),
    "before": (True, str),
    "after": (True, str),
    "cite": (True, list),
    "successions": (False, list),
}
SUCCESSION_FIELDS = {
    "type": (True, str),
    "from": (True, list),
    "to": (True, list),
    "summary_en": (True, str),
    "summary_zh": (False, str),
    "cite": (True, list),
}


class _FileReader:
    """Reads one parsed TOML document into dataclasses, recording problems instead of stopping.

    `uncited` is None for dataset files, which cite every entry; for a file exported from the admin it is
    a list that collects the entries marked `uncited = true` (added in a draft without a citation).
    """

    def __init__(self, name: str, problems: list[str], uncited: list[str] | None = None) -> None:
        self.name = name
        self.problems = problems
        self.symbol = ""
        self.uncited = uncited

    def problem(self, entry: str, message: str) -> None:
        self.problems.append(f"{self.name}: {entry}: {message}")

    def fields(self, table: Any, spec: Mapping[str, tuple[bool, Any]], entry: str) -> dict[str, Any]:
        """Return the table's known fields with their types checked; report missing and unknown ones."""
        if not isinstance(table, dict):
            self.problem(entry, errors.DS_BAD_VALUE.format(field=entry, value=table, expected="a table"))
            return {}
        values: dict[str, Any] = {}
        for name, value in table.items():
            if name not in spec:
                self.problem(entry, errors.DS_UNKNOWN_FIELD.format(field=name))
                continue
            expected = spec[name][1]
            if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
                self.problem(entry, errors.DS_BAD_VALUE.format(field=name, value=value, expected=expected.__name__))
                continue
            if isinstance(value, str) and len(value) > MAX_LENGTHS.get(name, 10_000):
                self.problem(entry, errors.DS_TOO_LONG.format(field=name, length=len(value), limit=MAX_LENGTHS[name]))
                continue
            if name in KEY_FIELDS and isinstance(value, str) and not KEY_PATTERN.match(value):
                self.problem(
                    entry, errors.DS_BAD_VALUE.format(field=name, value=value, expected="letters, digits, - and _")
                )
                continue
            values[name] = value
        for name, (required, _type) in spec.items():
            if required and name not in table:
                message = errors.DS_NO_CITATION if name == "cite" else errors.DS_MISSING_FIELD.format(field=name)
                self.problem(entry, message)
        return values

    def choice(self, values: dict[str, Any], name: str, allowed: Iterable[str], entry: str) -> str:
        value = values.get(name, "")
        allowed = tuple(allowed)
        if name in values and value not in allowed:
            self.problem(entry, errors.DS_BAD_VALUE.format(field=name, value=value, expected=" | ".join(allowed)))
        return value

    def date(self, values: dict[str, Any], entry: str) -> datetime.date | None:
        raw = values.get("date", UNKNOWN)
        if raw == UNKNOWN:
            return None
        try:
            return datetime.date.fromisoformat(raw)
        except ValueError:
            self.problem(entry, errors.DS_BAD_DATE.format(value=raw))
            return None

    def citations(self, values: dict[str, Any], entry: str) -> list[ParsedCitation]:
        marked = values.get("uncited", False)
        if marked and self.uncited is None:
            self.problem(entry, errors.DS_UNCITED_IN_DATASET)
            return []
        if "cite" not in values:
            return []
        cited: list[ParsedCitation] = []
        for raw in values["cite"]:
            if not isinstance(raw, str) or not raw.strip():
                self.problem(entry, errors.DS_BAD_VALUE.format(field="cite", value=raw, expected="paragraph text"))
                continue
            document, sep, paragraph = raw.partition("#")
            if not sep:
                document, paragraph = self.symbol, raw
            cited.append(ParsedCitation(document.strip(), paragraph.strip()))
        if marked and cited:
            self.problem(entry, errors.DS_UNCITED_WITH_CITATION)
        elif marked:
            self.uncited.append(entry)
        elif not cited:
            self.problem(entry, errors.DS_NO_CITATION)
        return cited

    def read(self, data: dict[str, Any]) -> DatasetFile:
        top = self.fields(
            data,
            {
                "document": (True, dict),
                "organization": (True, dict),
                "snapshots": (True, list),
                "reforms": (False, list),
            },
            "file",
        )
        doc_values = self.fields(top.get("document", {}), DOCUMENT_FIELDS, "[document]")
        self.symbol = doc_values.get("symbol", "")
        document = ParsedDocument(
            symbol=self.symbol,
            symbol_source=self.choice(doc_values, "symbol_source", PROVENANCES, "[document]"),
            title_en=doc_values.get("title_en", ""),
            title_zh=doc_values.get("title_zh", ""),
            date=self.date(doc_values, "[document]"),
            date_source=self.choice(doc_values, "date_source", PROVENANCES, "[document]"),
            seed_file=doc_values.get("seed_file", ""),
        )
        if document.date is not None and not document.date_source:
            self.problem("[document]", errors.DS_MISSING_FIELD.format(field="date_source"))
        org_values = self.fields(top.get("organization", {}), ORGANIZATION_FIELDS, "[organization]")
        organization = ParsedOrganization(
            key=org_values.get("key", ""),
            name_en=org_values.get("name_en", ""),
            name_zh=org_values.get("name_zh", ""),
        )
        snapshots = [self.snapshot(table, i) for i, table in enumerate(top.get("snapshots", []))]
        reforms = [self.reform(table, i) for i, table in enumerate(top.get("reforms", []))]
        return DatasetFile(self.name, document, organization, snapshots, reforms)

    def snapshot(self, table: Any, index: int) -> ParsedSnapshot:
        entry = f'snapshot "{table.get("key", index + 1)}"' if isinstance(table, dict) else f"snapshot #{index + 1}"
        values = self.fields(table, SNAPSHOT_FIELDS, entry)
        snapshot = ParsedSnapshot(
            key=values.get("key", ""),
            label_en=values.get("label_en", ""),
            label_zh=values.get("label_zh", ""),
            date=self.date(values, entry),
            stage=self.choice(values, "stage", STAGES, entry),
            status=self.choice(values, "status", STATUSES, entry),
            completeness=self.choice(values, "completeness", COMPLETENESS, entry),
            citations=self.citations(values, entry),
        )
        snapshot.units = [self.unit(t, i, entry) for i, t in enumerate(values.get("units", []))]
        snapshot.lines = [self.line(t, i, entry) for i, t in enumerate(values.get("lines", []))]
        snapshot.figures = [self.figure(t, i, entry) for i, t in enumerate(values.get("figures", []))]
        return snapshot

    def figure(self, table: Any, index: int, snapshot_entry: str) -> ParsedFigure:
        entry = f"{snapshot_entry} figure #{index + 1}"
        values = self.fields(table, FIGURE_FIELDS, entry)
        breakdown = values.get("breakdown", {})
        if not all(isinstance(v, str) for v in breakdown.values()):
            self.problem(entry, errors.DS_BAD_VALUE.format(field="breakdown", value=breakdown, expected="text values"))
            breakdown = {}
        value = values.get("value", 0)
        if value < 0:
            self.problem(entry, errors.DS_BAD_VALUE.format(field="value", value=value, expected="a number >= 0"))
        return ParsedFigure(
            unit=values.get("unit") or None,
            measure=values.get("measure", ""),
            value=value,
            citations=self.citations(values, entry),
            breakdown=breakdown,
            label_en=values.get("label_en", ""),
            label_zh=values.get("label_zh", ""),
            approximation=self.choice(values, "approximation", APPROXIMATIONS, entry),
        )

    def unit(self, table: Any, index: int, snapshot_entry: str) -> ParsedUnit:
        label = table.get("key", f"#{index + 1}") if isinstance(table, dict) else f"#{index + 1}"
        entry = f'{snapshot_entry} unit "{label}"'
        values = self.fields(table, UNIT_FIELDS, entry)
        parent = values.get("parent", "") or None
        aliases = values.get("aliases", [])
        if not all(isinstance(alias, str) for alias in aliases):
            self.problem(entry, errors.DS_BAD_VALUE.format(field="aliases", value=aliases, expected="a list of names"))
            aliases = []
        posts = values.get("posts")
        if posts is not None and posts < 0:
            self.problem(entry, errors.DS_BAD_VALUE.format(field="posts", value=posts, expected="a count"))
        return ParsedUnit(
            key=values.get("key", ""),
            parent=None if parent == UNKNOWN_PARENT else parent,
            parent_unknown=parent == UNKNOWN_PARENT,
            name_en=values.get("name_en", ""),
            name_zh=values.get("name_zh", ""),
            kind=self.choice(values, "kind", UNIT_KINDS, entry),
            citations=self.citations(values, entry),
            aliases=aliases,
            head_en=values.get("head_en", ""),
            head_zh=values.get("head_zh", ""),
            grade=values.get("grade", ""),
            posts=posts,
            shared=values.get("shared", False),
            note_en=values.get("note_en", ""),
            note_zh=values.get("note_zh", ""),
        )

    def line(self, table: Any, index: int, snapshot_entry: str) -> ParsedLine:
        if isinstance(table, dict):
            entry = f'{snapshot_entry} line "{table.get("from")} {table.get("type")} {table.get("to")}"'
        else:
            entry = f"{snapshot_entry} line #{index + 1}"
        values = self.fields(table, LINE_FIELDS, entry)
        return ParsedLine(
            from_key=values.get("from", ""),
            to_key=values.get("to", ""),
            type=self.choice(values, "type", LINE_TYPES, entry),
            citations=self.citations(values, entry),
            qualifier_en=values.get("qualifier_en", ""),
            qualifier_zh=values.get("qualifier_zh", ""),
        )

    def reform(self, table: Any, index: int) -> ParsedReform:
        entry = f'reform "{table.get("key", index + 1)}"' if isinstance(table, dict) else f"reform #{index + 1}"
        values = self.fields(table, REFORM_FIELDS, entry)
        reform = ParsedReform(
            key=values.get("key", ""),
            name_en=values.get("name_en", ""),
            name_zh=values.get("name_zh", ""),
            before=values.get("before", ""),
            after=values.get("after", ""),
            citations=self.citations(values, entry),
        )
        reform.successions = [self.succession(t, i, entry) for i, t in enumerate(values.get("successions", []))]
        return reform

    def succession(self, table: Any, index: int, reform_entry: str) -> ParsedSuccession:
        if isinstance(table, dict):
            arrow = f"{', '.join(map(str, table.get('from', [])))} -> {', '.join(map(str, table.get('to', [])))}"
            entry = f"{reform_entry} succession #{index + 1} ({table.get('type')}: {arrow})"
        else:
            entry = f"{reform_entry} succession #{index + 1}"
        values = self.fields(table, SUCCESSION_FIELDS, entry)
        from_keys, to_keys = values.get("from", []), values.get("to", [])
        if not all(isinstance(k, str) for k in (*from_keys, *to_keys)):
            self.problem(
                entry, errors.DS_BAD_VALUE.format(field="from/to", value=[from_keys, to_keys], expected="unit keys")
            )
            from_keys, to_keys = [], []
        elif "from" in values and "to" in values and not from_keys and not to_keys:
            self.problem(entry, errors.DS_EMPTY_SUCCESSION)
        return ParsedSuccession(
            type=self.choice(values, "type", SUCCESSION_TYPES, entry),
            from_keys=from_keys,
            to_keys=to_keys,
            summary_en=values.get("summary_en", ""),
            summary_zh=values.get("summary_zh", ""),
            citations=self.citations(values, entry),
        )


def parse_file(name: str, raw: bytes, problems: list[str], *, uncited: list[str] | None = None) -> DatasetFile | None:
    """Parse one file's bytes; record what is wrong with it and return None if it cannot be read.

    Pass a list as `uncited` to accept entries an export marked `uncited = true` (and collect them there);
    without it, as for the shipped dataset, every entry must be cited.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        problems.append(f"{name}: file: {errors.DS_NOT_UTF8}")
        return None
    try:
        data = _parse_toml(text)
    except tomllib.TOMLDecodeError as exc:
        problems.append(f"{name}: file: {errors.DS_NOT_TOML.format(detail=exc)}")
        return None
    return _FileReader(name, problems, uncited).read(data)


def _parse_toml(text: str) -> dict[str, Any]:
    """Parse TOML with rtoml (compiled; a 100,000-unit file took the standard library's parser 15 s), and with
    tomllib when rtoml refuses the text, so a malformed file is refused in the standard library's words."""
    try:
        return rtoml.loads(text)
    except rtoml.TomlParsingError:
        return tomllib.loads(text)  # raises TOMLDecodeError; or parses, if the two parsers ever disagree


@dataclass(frozen=True)
class KnownSnapshot:
    """A snapshot already stored that a file may refer to: its unit keys."""

    key: str
    unit_keys: frozenset[str]


def validate_batch(
    files: list[DatasetFile],
    problems: list[str],
    *,
    stored_documents: Iterable[str] = (),
    stored_snapshots: Mapping[str, KnownSnapshot] | None = None,
) -> None:
    """Check what spans entries and files: keys, parents, loops, references and cited documents."""
    stored_snapshots = stored_snapshots or {}
    documents: dict[str, str] = {}
    for file in files:
        if file.document.symbol in documents:
            problems.append(
                f"{file.name}: [document]: "
                + errors.DS_DOCUMENT_CLASH.format(symbol=file.document.symbol, other=documents[file.document.symbol])
            )
        documents.setdefault(file.document.symbol, file.name)
    known_documents = set(documents) | set(stored_documents)
    snapshot_units: dict[str, set[str]] = {key: set(s.unit_keys) for key, s in stored_snapshots.items()}
    snapshot_file: dict[str, str] = {}
    reform_file: dict[str, str] = {}

    for file in files:
        for snapshot in file.snapshots:
            entry = f'snapshot "{snapshot.key}"'
            if snapshot.key in snapshot_file:
                problems.append(f"{file.name}: {entry}: {errors.DS_DUPLICATE_KEY.format(key=snapshot.key)}")
            snapshot_file[snapshot.key] = file.name
            snapshot_units[snapshot.key] = _validate_snapshot(file.name, snapshot, problems)
    for file in files:
        for snapshot in file.snapshots:
            entry = f'snapshot "{snapshot.key}"'
            _check_cited(file.name, entry, snapshot.citations, known_documents, problems)
            for unit in snapshot.units:
                _check_cited(file.name, f'{entry} unit "{unit.key}"', unit.citations, known_documents, problems)
            for line in snapshot.lines:
                line_entry = f'{entry} line "{line.from_key} {line.type} {line.to_key}"'
                _check_cited(file.name, line_entry, line.citations, known_documents, problems)
            for index, figure in enumerate(snapshot.figures):
                figure_entry = f"{entry} figure #{index + 1}"
                _check_cited(file.name, figure_entry, figure.citations, known_documents, problems)
        for reform in file.reforms:
            entry = f'reform "{reform.key}"'
            if reform.key in reform_file:
                problems.append(f"{file.name}: {entry}: {errors.DS_DUPLICATE_KEY.format(key=reform.key)}")
            reform_file[reform.key] = file.name
            _check_cited(file.name, entry, reform.citations, known_documents, problems)
            for side in (reform.before, reform.after):
                if side and side not in snapshot_units:
                    problems.append(f"{file.name}: {entry}: {errors.DS_UNKNOWN_SNAPSHOT.format(snapshot=side)}")
            if reform.before and reform.before == reform.after:
                problems.append(f"{file.name}: {entry}: {errors.REFORM_SAME_SNAPSHOT.format(reform=reform.key)}")
            for index, succession in enumerate(reform.successions):
                arrow = f"{', '.join(succession.from_keys)} -> {', '.join(succession.to_keys)}"
                s_entry = f"{entry} succession #{index + 1} ({succession.type}: {arrow})"
                _check_cited(file.name, s_entry, succession.citations, known_documents, problems)
                for keys, side in ((succession.from_keys, reform.before), (succession.to_keys, reform.after)):
                    if side not in snapshot_units:
                        continue
                    for key in keys:
                        if key not in snapshot_units[side]:
                            problems.append(
                                f"{file.name}: {s_entry}: {errors.DS_UNKNOWN_UNIT.format(unit=key, snapshot=side)}"
                            )


def _validate_snapshot(file_name: str, snapshot: ParsedSnapshot, problems: list[str]) -> set[str]:
    entry = f'snapshot "{snapshot.key}"'
    keys: set[str] = set()
    for unit in snapshot.units:
        if unit.key in keys:
            problems.append(f'{file_name}: {entry} unit "{unit.key}": {errors.DS_DUPLICATE_KEY.format(key=unit.key)}')
        keys.add(unit.key)
    parent_of: dict[str, str | None] = {}
    for unit in snapshot.units:
        if unit.parent is not None and unit.parent not in keys:
            problems.append(
                f'{file_name}: {entry} unit "{unit.key}": {errors.DS_UNKNOWN_PARENT.format(parent=unit.parent)}'
            )
            continue
        parent_of[unit.key] = unit.parent
    cycle = find_cycle(parent_of)
    if cycle:
        problems.append(f'{file_name}: {entry} unit "{cycle[0]}": {errors.DS_CYCLE.format(chain=" -> ".join(cycle))}')
    for index, figure in enumerate(snapshot.figures):
        if figure.unit is not None and figure.unit not in keys:
            problems.append(
                f"{file_name}: {entry} figure #{index + 1}: "
                + errors.DS_UNKNOWN_UNIT.format(unit=figure.unit, snapshot=snapshot.key)
            )
    for line in snapshot.lines:
        line_entry = f'{entry} line "{line.from_key} {line.type} {line.to_key}"'
        for key in (line.from_key, line.to_key):
            if key and key not in keys:
                problems.append(
                    f"{file_name}: {line_entry}: {errors.DS_UNKNOWN_UNIT.format(unit=key, snapshot=snapshot.key)}"
                )
    return keys


def _check_cited(
    file_name: str,
    entry: str,
    citations: list[ParsedCitation],
    known_documents: set[str],
    problems: list[str],
) -> None:
    for citation in citations:
        if citation.document not in known_documents:
            problems.append(
                f"{file_name}: {entry}: "
                + errors.DS_BAD_CITATION.format(
                    citation=f"{citation.document}#{citation.paragraph}", document=citation.document
                )
            )


@gc_paused()
def read_dataset(paths: Iterable[Path]) -> list[DatasetFile]:
    """Parse files from disk without validating across them; raise DatasetError on unreadable files."""
    problems: list[str] = []
    files = [parse_file(path.name, path.read_bytes(), problems) for path in paths]
    if problems:
        raise errors.DatasetError(problems)
    return [file for file in files if file is not None]
