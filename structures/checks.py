"""Checks of dataset files against their source texts: names as printed, citations that exist.

Pure functions over parsed files and texts; tests and `manage.py check_dataset` both use them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from structures.importing import DatasetFile, ParsedCitation
from structures.sources import paragraph_text, unwrapped


def cited_entries(file: DatasetFile) -> Iterator[tuple[str, list[ParsedCitation]]]:
    """Yield (entry name, citations) for everything in the file that carries citations."""
    for snapshot in file.snapshots:
        yield f"snapshot {snapshot.key}", snapshot.citations
        for unit in snapshot.units:
            yield f"{snapshot.key}/{unit.key}", unit.citations
        for line in snapshot.lines:
            yield f"{snapshot.key}/{line.from_key} {line.type} {line.to_key}", line.citations
        for index, figure in enumerate(snapshot.figures):
            yield f"{snapshot.key} figure #{index + 1}", figure.citations
    for reform in file.reforms:
        yield f"reform {reform.key}", reform.citations
        for index, succession in enumerate(reform.successions):
            yield f"{reform.key} succession #{index + 1}", succession.citations


def missing_citations(file: DatasetFile, text: str) -> list[str]:
    """Name every citation of the file's own document that points at no part of its text."""
    return [
        f"{entry}: {c.paragraph}"
        for entry, cited in cited_entries(file)
        for c in cited
        if c.document == file.document.symbol and paragraph_text(text, c.paragraph) is None
    ]


def unprinted_names(file: DatasetFile, text: str) -> list[str]:
    """Name every Chinese name or alias that does not appear verbatim in the source text.

    A name the PDF extraction broke across lines (安全和安\\n保部) still counts as printed.
    """
    unwrapped_text = unwrapped(text)
    return sorted(
        {
            f"{snapshot.key}/{unit.key}: {name}"
            for snapshot in file.snapshots
            for unit in snapshot.units
            for name in (unit.name_zh, *unit.aliases)
            if name not in text and name not in unwrapped_text
        }
    )


def names_outside_citations(file: DatasetFile, text: str) -> list[str]:
    """Name every unit whose Chinese name (or an alias) appears in none of the parts it cites."""
    problems = []
    for snapshot in file.snapshots:
        for unit in snapshot.units:
            names = (unit.name_zh, *unit.aliases)
            bodies = [
                unwrapped(paragraph_text(text, c.paragraph) or "")
                for c in unit.citations
                if c.document == file.document.symbol
            ]
            if bodies and not any(name in body for name in names for body in bodies):
                problems.append(f"{snapshot.key}/{unit.key}")
    return problems


def key_conflicts(files: Iterable[DatasetFile]) -> list[str]:
    """Name every Chinese name given to different keys in different snapshots with no succession linking them.

    A name used for several units inside one snapshot is generic (政策, 供资) and ignored; two keys that a
    stated succession connects (DPKO renamed DPO) are different units on purpose.
    """
    files = list(files)
    key_of: dict[str, dict[str, set[str]]] = {}
    linked = _Components()
    for file in files:
        for snapshot in file.snapshots:
            for unit in snapshot.units:
                for name in (unit.name_zh, *unit.aliases):
                    key_of.setdefault(name, {}).setdefault(snapshot.key, set()).add(unit.key)
        for reform in file.reforms:
            for succession in reform.successions:
                keys = [*succession.from_keys, *succession.to_keys]
                for other in keys[1:]:
                    linked.join(keys[0], other)
    conflicts = []
    for name, by_snapshot in key_of.items():
        unambiguous = {next(iter(keys)) for keys in by_snapshot.values() if len(keys) == 1}
        if len({linked.find(key) for key in unambiguous}) > 1:
            conflicts.append(f"{name}: {sorted(unambiguous)}")
    return conflicts


class _Components:
    """Union-find over unit keys."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        root = self.parent.setdefault(key, key)
        while root != self.parent[root]:
            root = self.parent[root]
        self.parent[key] = root
        return root

    def join(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def source_text(file: DatasetFile, seeds_dir: Path) -> str | None:
    path = seeds_dir / file.document.seed_file
    return path.read_text(encoding="utf-8") if file.document.seed_file and path.exists() else None
