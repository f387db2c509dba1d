"""Pure: a unit's history across snapshots, from its appearances and the successions that touch it."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Appearance:
    """The unit as one snapshot shows it; `order` is the snapshot's place in its timeline."""

    order: int
    snapshot: dict[str, Any]
    unit: dict[str, Any]


@dataclass(frozen=True)
class SuccessionEvent:
    """A stated succession that names the unit on either side."""

    order: int  # the timeline place of the succession's after snapshot
    reform: str
    before: str
    after: str
    type: str
    from_units: tuple[tuple[str, str, str], ...]  # (key, name_en, name_zh)
    to_units: tuple[tuple[str, str, str], ...]
    summary_en: str
    summary_zh: str
    citations: tuple[dict[str, str], ...]


@dataclass
class Lineage:
    key: str
    appearances: list[Appearance]
    events: list[dict[str, Any]] = field(default_factory=list)
    predecessors: list[dict[str, str]] = field(default_factory=list)
    successors: list[dict[str, str]] = field(default_factory=list)


def build_lineage(key: str, appearances: Sequence[Appearance], successions: Sequence[SuccessionEvent]) -> Lineage:
    """Order the unit's appearances and events in time; infer renames and moves nobody stated."""
    ordered = sorted(appearances, key=lambda a: a.order)
    stated = sorted(successions, key=lambda s: s.order)
    lineage = Lineage(key=key, appearances=ordered)
    events: list[tuple[int, dict[str, Any]]] = []
    stated_pairs = set()
    for succession in stated:
        stated_pairs.add((succession.before, succession.after))
        into = key in {k for k, _, _ in succession.to_units}
        out_of = key in {k for k, _, _ in succession.from_units}
        # A unit on both sides (split into itself and a new unit; moved) goes "through" the change.
        direction = "through" if into and out_of else ("in" if into else "out")
        events.append(
            (
                succession.order,
                {
                    "type": succession.type,
                    "direction": direction,
                    "reform": succession.reform,
                    "before": succession.before,
                    "after": succession.after,
                    "from": [_unit_ref(u) for u in succession.from_units],
                    "to": [_unit_ref(u) for u in succession.to_units],
                    "summary": succession.summary_en,
                    "summary_zh": succession.summary_zh,
                    "citations": list(succession.citations),
                    "inferred": False,
                },
            )
        )
        if into:
            lineage.predecessors += [_unit_ref(u) for u in succession.from_units if u[0] != key]
        if out_of:
            lineage.successors += [_unit_ref(u) for u in succession.to_units if u[0] != key]
    for previous, current in itertools.pairwise(ordered):
        if (previous.snapshot["key"], current.snapshot["key"]) in stated_pairs:
            continue
        events += [(current.order, event) for event in _inferred(previous, current)]
    lineage.events = [event for _, event in sorted(events, key=lambda pair: pair[0])]
    lineage.predecessors = _unique(lineage.predecessors)
    lineage.successors = _unique(lineage.successors)
    return lineage


def _inferred(previous: Appearance, current: Appearance) -> list[dict[str, Any]]:
    """Name changes and parent changes between two consecutive appearances that no succession states."""
    old, new = previous.unit, current.unit
    base = {
        "direction": "in",
        "reform": None,
        "before": previous.snapshot["key"],
        "after": current.snapshot["key"],
        "from": [{"key": old["key"], "name_en": old["name_en"], "name_zh": old["name_zh"]}],
        "to": [{"key": new["key"], "name_en": new["name_en"], "name_zh": new["name_zh"]}],
        "citations": list(new.get("citations", [])),
        "inferred": True,
    }
    events = []
    if (old["name_en"], old["name_zh"]) != (new["name_en"], new["name_zh"]):
        events.append(
            {
                **base,
                "type": "renamed",
                "summary": f"Named {old['name_en']} in {previous.snapshot['key']}, "
                f"{new['name_en']} in {current.snapshot['key']}.",
                "summary_zh": f"由{old['name_zh']}改称{new['name_zh']}。",
            }
        )
    known = not old.get("parent_unknown") and not new.get("parent_unknown")
    if known and old.get("parent") != new.get("parent"):
        events.append(
            {
                **base,
                "type": "moved",
                "summary": f"Placed under {old.get('parent') or 'the top'} in {previous.snapshot['key']}, "
                f"under {new.get('parent') or 'the top'} in {current.snapshot['key']}.",
                "summary_zh": f"上级单位由{old.get('parent') or '顶层'}变为{new.get('parent') or '顶层'}。",
            }
        )
    return events


def _unit_ref(unit: tuple[str, str, str]) -> dict[str, str]:
    key, name_en, name_zh = unit
    return {"key": key, "name_en": name_en, "name_zh": name_zh}


def _unique(refs: list[dict[str, str]]) -> list[dict[str, str]]:
    seen: set[str] = set()
    unique = []
    for ref in refs:
        if ref["key"] not in seen:
            seen.add(ref["key"])
            unique.append(ref)
    return unique
