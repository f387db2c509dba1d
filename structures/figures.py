"""Pure checks over stated figures: where a document gives a total and its parts, they must agree."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class FigureRow:
    snapshot: str
    unit: str | None
    measure: str
    value: Decimal
    breakdown: Mapping[str, str]


def mismatched_totals(figures: Iterable[FigureRow]) -> list[str]:
    """Describe every total whose parts along one dimension are stated and do not add up to it."""
    groups: dict[tuple, list[FigureRow]] = {}
    for figure in figures:
        groups.setdefault((figure.snapshot, figure.unit, figure.measure), []).append(figure)
    problems = []
    for (snapshot, unit, measure), rows in groups.items():
        for total in rows:
            families: dict[str, list[FigureRow]] = {}
            for part in rows:
                extra = set(part.breakdown) - set(total.breakdown)
                if len(extra) != 1 or any(part.breakdown.get(k) != v for k, v in total.breakdown.items()):
                    continue
                families.setdefault(extra.pop(), []).append(part)
            for dimension, parts in families.items():
                added = sum((p.value for p in parts), Decimal(0))
                if added != total.value:
                    where = f"{snapshot}/{unit or '(snapshot)'} {measure} {dict(total.breakdown)}"
                    problems.append(f"{where}: total {total.value} but its parts by {dimension} add up to {added}")
    return problems
