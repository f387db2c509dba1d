"""Pure: two trees in, the impact of a reform out: units, layers, span of control, posts, shared units, lines.

Trees are the selectors' plain dicts (`{units, lines, figures}`, units in tree order, parents first).
Every figure names the unit keys it counts, so a page can link a number to the boxes behind it.
Posts count only what a document states; a side that states none for a row shows "not stated", never 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from structures.diff import NOT_DESCRIBED, UNCHANGED

POSTS_MEASURE = "posts"
# Rows that count different things on each side (what went, what came), so after minus before means nothing.
WITHOUT_DIFFERENCE = {"changed_units", "not_described_units"}
# Grades in the order the documents print their staffing tables; any other grade follows, alphabetically.
GRADE_ORDER = (
    "SG", "DSG", "USG", "ASG", "D-2", "D-1", "P-5", "P-4", "P-3", "P-2/1", "P-2", "P-1",
    "GS(PL)", "GS(OL)", "SS", "LL", "NO", "FS",
)  # fmt: skip


@dataclass(frozen=True)
class SideValue:
    """One side's figure: its value (None when not stated), the unit keys it counts, and whether it is hedged."""

    value: int | float | None
    keys: tuple[str, ...] = ()
    approximate: bool = False


@dataclass(frozen=True)
class ImpactRow:
    """One line of the summary: `metric` names it, `detail` the grade or line type it is about, if any."""

    metric: str
    detail: str
    before: SideValue
    after: SideValue

    @property
    def difference(self) -> int | float | None:
        if self.metric in WITHOUT_DIFFERENCE or self.before.value is None or self.after.value is None:
            return None
        return _round(self.after.value - self.before.value)


@dataclass(frozen=True)
class ImpactSummary:
    rows: tuple[ImpactRow, ...]

    def row(self, metric: str, detail: str = "") -> ImpactRow | None:
        return next((r for r in self.rows if r.metric == metric and r.detail == detail), None)

    def as_dict(self) -> dict[str, Any]:
        """Return the summary as JSON-ready data: `{rows: [{metric, detail, before, after, difference}]}`."""
        return {
            "rows": [
                {
                    "metric": r.metric,
                    "detail": r.detail,
                    "before": {**asdict(r.before), "keys": list(r.before.keys)},
                    "after": {**asdict(r.after), "keys": list(r.after.keys)},
                    "difference": r.difference,
                }
                for r in self.rows
            ]
        }


def impact_summary(
    before: Mapping[str, Any], after: Mapping[str, Any], sides: Mapping[str, Mapping[str, str]] | None = None
) -> ImpactSummary:
    """Return before, after and difference for each measure of the two trees.

    `sides` ({"before": {key: status}, "after": ...}, as the diff gives) adds the units that changed on each
    side and those the other document does not describe.
    """
    measures = {"before": _side_measures(before), "after": _side_measures(after)}
    rows: list[ImpactRow] = []
    for metric in ("units", "layers", "span_mean", "span_max", "shared_units"):
        rows.append(ImpactRow(metric, "", measures["before"][metric], measures["after"][metric]))
    if sides is not None:
        for metric, wanted in (("changed_units", _is_change), ("not_described_units", _is_unstated)):
            by_side = {
                side: tuple(u["key"] for u in tree.get("units", []) if wanted(sides.get(side, {}).get(u["key"], "")))
                for side, tree in (("before", before), ("after", after))
            }
            rows.append(
                ImpactRow(
                    metric,
                    "",
                    SideValue(len(by_side["before"]), by_side["before"]),
                    SideValue(len(by_side["after"]), by_side["after"]),
                )
            )
    rows.append(ImpactRow("lines", "", measures["before"]["lines"], measures["after"]["lines"]))
    line_types = _union(measures["before"]["line_types"], measures["after"]["line_types"])
    for line_type in line_types:
        rows.append(
            ImpactRow(
                "lines_by_type",
                line_type,
                measures["before"]["line_types"].get(line_type, SideValue(0)),
                measures["after"]["line_types"].get(line_type, SideValue(0)),
            )
        )
    posts = {side: _posts(tree) for side, tree in (("before", before), ("after", after))}
    if posts["before"]["total"].keys or posts["after"]["total"].keys:
        rows.append(ImpactRow("posts", "", posts["before"]["total"], posts["after"]["total"]))
        grades = sorted(_union(posts["before"]["grades"], posts["after"]["grades"]), key=_grade_sort_key)
        for grade in grades:
            rows.append(
                ImpactRow(
                    "posts_by_grade",
                    grade,
                    posts["before"]["grades"].get(grade, SideValue(None)),
                    posts["after"]["grades"].get(grade, SideValue(None)),
                )
            )
    return ImpactSummary(tuple(rows))


def _side_measures(tree: Mapping[str, Any]) -> dict[str, Any]:
    units: Sequence[Mapping[str, Any]] = tree.get("units", [])
    keys = tuple(u["key"] for u in units)
    present = set(keys)
    depth: dict[str, int] = {}
    children: dict[str, list[str]] = {}
    for unit in units:  # parents come first, so a parent's depth is known before its children's
        parent = unit.get("parent")
        depth[unit["key"]] = depth[parent] + 1 if parent in depth else 1
        if parent in present:
            children.setdefault(parent, []).append(unit["key"])
    layers = max(depth.values(), default=0)
    managers = tuple(k for k in keys if k in children)
    spans = [len(children[k]) for k in managers]
    largest = max(managers, key=lambda k: len(children[k]), default=None)  # the first in tree order wins ties
    lines = tree.get("lines", [])
    line_types: dict[str, SideValue] = {}
    for line_type in dict.fromkeys(line["type"] for line in lines):
        typed = [line for line in lines if line["type"] == line_type]
        line_types[line_type] = SideValue(len(typed), _line_keys(typed))
    return {
        "units": SideValue(len(keys), keys),
        "layers": SideValue(layers, tuple(k for k in keys if depth[k] == layers)),
        "span_mean": SideValue(_round(sum(spans) / len(spans)) if spans else None, managers),
        "span_max": SideValue(len(children[largest]) if largest else None, (largest,) if largest else ()),
        "shared_units": SideValue(
            sum(1 for u in units if u.get("shared")), tuple(u["key"] for u in units if u.get("shared"))
        ),
        "lines": SideValue(len(lines), _line_keys(lines)),
        "line_types": line_types,
    }


def _is_change(status: str) -> bool:
    """Say whether a diff status means the unit changed, went or came."""
    return status not in ("", UNCHANGED, NOT_DESCRIBED)


def _is_unstated(status: str) -> bool:
    return status == NOT_DESCRIBED


def _line_keys(lines: Iterable[Mapping[str, Any]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(key for line in lines for key in (line["from"], line["to"])))


def _posts(tree: Mapping[str, Any]) -> dict[str, Any]:
    """Return stated posts: a total over the units that state any, and totals by grade."""
    figures_of: dict[str, list[Mapping[str, Any]]] = {}
    for figure in tree.get("figures", []):
        if figure["measure"] == POSTS_MEASURE and figure.get("unit"):
            figures_of.setdefault(figure["unit"], []).append(figure)
    total, total_keys, total_hedged = 0, [], False
    grades: dict[str, list[Any]] = {}  # grade -> [value, keys, hedged]
    for unit in tree.get("units", []):
        key, figures = unit["key"], figures_of.get(unit["key"], [])
        by_grade = {
            grade: _coarsest([f for f in figures if f.get("breakdown", {}).get("grade") == grade])
            for grade in dict.fromkeys(f["breakdown"]["grade"] for f in figures if "grade" in f.get("breakdown", {}))
        }
        for grade, chosen in by_grade.items():
            entry = grades.setdefault(grade, [0, [], False])
            entry[0] += sum(f["value"] for f in chosen)
            entry[1].append(key)
            entry[2] = entry[2] or any(f.get("approximation") for f in chosen)
        if unit.get("posts") is not None:
            stated, hedged = unit["posts"], False
        elif figures:
            chosen = _coarsest(figures)
            stated, hedged = sum(f["value"] for f in chosen), any(f.get("approximation") for f in chosen)
        else:
            continue
        total += stated
        total_keys.append(key)
        total_hedged = total_hedged or hedged
    return {
        "total": SideValue(_round(total) if total_keys else None, tuple(total_keys), total_hedged),
        "grades": {g: SideValue(_round(v), tuple(k), h) for g, (v, k, h) in grades.items()},
    }


def _coarsest(figures: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Return the figures of one unit to add up without counting a post twice.

    A document may state a total and its parts ({} and {"grade": "P-4"}), or parts along two dimensions
    ({"category": ...} and {"location": ...}): keep the fewest dimensions, and of those the first set stated.
    """
    if not figures:
        return []
    fewest = min(len(f.get("breakdown", {})) for f in figures)
    first = next(frozenset(f.get("breakdown", {})) for f in figures if len(f.get("breakdown", {})) == fewest)
    return [f for f in figures if frozenset(f.get("breakdown", {})) == first]


def _grade_sort_key(grade: str) -> tuple[int, str]:
    return (GRADE_ORDER.index(grade), "") if grade in GRADE_ORDER else (len(GRADE_ORDER), grade)


def _union(*mappings: Mapping[str, Any]) -> list[str]:
    return list(dict.fromkeys(key for mapping in mappings for key in mapping))


def _round(value: int | float) -> int | float:
    """Return whole numbers as int and others to one decimal, so 2.0 reads "2" and 2.333 reads "2.3"."""
    rounded = round(value, 1)
    return int(rounded) if rounded == int(rounded) else rounded
