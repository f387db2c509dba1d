"""Pure diff: two snapshots' units plus the successions between them in, a ChangeSet out.

No ORM and no request here: callers pass plain rows, so the rules are tested without a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

# Unit statuses, strongest first: when several apply to one unit, the first one wins.
MERGED = "merged"
SPLIT = "split"
ABOLISHED = "abolished"
CREATED = "created"
RENAMED = "renamed"
MOVED = "moved"
UPGRADED = "upgraded"
DOWNGRADED = "downgraded"
ATTRIBUTES_CHANGED = "attributes_changed"
NOT_DESCRIBED = "not_described"
UNCHANGED = "unchanged"
STATUS_PRECEDENCE = (
    MERGED,
    SPLIT,
    ABOLISHED,
    CREATED,
    RENAMED,
    MOVED,
    UPGRADED,
    DOWNGRADED,
    ATTRIBUTES_CHANGED,
    NOT_DESCRIBED,
    UNCHANGED,
)

# Succession types that say what a unit became. A function transfer moves work, not the unit,
# and "same unit" only records evidence of identity, so neither sets a status by itself.
STATUS_OF_SUCCESSION = {
    "merged": MERGED,
    "split": SPLIT,
    "abolished": ABOLISHED,
    "created": CREATED,
    "renamed": RENAMED,
    "moved": MOVED,
    "upgraded": UPGRADED,
    "downgraded": DOWNGRADED,
}
# Successions through which a parent keeps its identity, so its children have not moved.
CONTINUING_TYPES = {"renamed", "moved", "merged", "split", "upgraded", "downgraded", "same_unit", "unchanged"}
# Identity recorded when a draft is copied: it links a unit to its copy and says nothing else, so
# what an editor then changes is still found by matching, and it is never listed as a change.
IDENTITY_ONLY = "unchanged"
COMPARED_ATTRIBUTES = ("head_en", "head_zh", "grade", "posts")


# Citations and unit rows are named tuples, not frozen dataclasses: a compare builds one per unit on each side,
# and a frozen dataclass's __init__ cost more than the whole diff on a 10,000-unit snapshot.
class Citation(NamedTuple):
    document: str
    paragraph: str


class UnitRow(NamedTuple):
    key: str
    parent: str | None
    name_en: str
    name_zh: str
    parent_unknown: bool = False
    head_en: str = ""
    head_zh: str = ""
    grade: str = ""
    posts: int | None = None
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class SuccessionRow:
    type: str
    from_keys: tuple[str, ...]
    to_keys: tuple[str, ...]
    summary_en: str = ""
    summary_zh: str = ""
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Change:
    type: str
    from_keys: tuple[str, ...]
    to_keys: tuple[str, ...]
    summary_en: str
    summary_zh: str
    citations: tuple[Citation, ...]
    # True when the change is inferred by matching keys rather than stated by a succession.
    inferred: bool = False


@dataclass
class ChangeSet:
    before: dict[str, str] = field(default_factory=dict)
    after: dict[str, str] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)

    @property
    def units(self) -> dict[str, str]:
        """Return one status per key: the stronger of its before and after statuses."""
        merged = dict(self.before)
        for key, status in self.after.items():
            known = merged.get(key)
            # Most units keep their status on both sides: no ranking needed (100k units: 170 ms of a comparison).
            merged[key] = status if known is None or known == status else strongest([known, status])
        return merged


_RANK = {status: rank for rank, status in enumerate(STATUS_PRECEDENCE)}


def strongest(statuses: Iterable[str]) -> str:
    return min(statuses, key=_RANK.__getitem__)


def diff_snapshots(
    before: Sequence[UnitRow],
    after: Sequence[UnitRow],
    successions: Sequence[SuccessionRow],
    *,
    before_partial: bool,
    after_partial: bool,
) -> ChangeSet:
    """Classify every unit of both snapshots and list the changes, successions first."""
    before_by_key = {row.key: row for row in before}
    after_by_key = {row.key: row for row in after}
    stated_out: dict[str, list[str]] = {}
    stated_in: dict[str, list[str]] = {}
    successors: dict[str, set[str]] = {}
    for succession in successions:
        status = STATUS_OF_SUCCESSION.get(succession.type)
        for key in succession.from_keys:
            if status:
                stated_out.setdefault(key, []).append(status)
            if succession.type in CONTINUING_TYPES:
                successors.setdefault(key, set()).update(succession.to_keys)
        for key in succession.to_keys:
            if status:
                stated_in.setdefault(key, []).append(status)

    result = ChangeSet(changes=[_change_from_succession(s) for s in successions if s.type != IDENTITY_ONLY])

    # A key in both snapshots is matched once, from whichever side first needs it.
    matched: dict[str, str] = {}
    before_status, gone = result.before, NOT_DESCRIBED if after_partial else ABOLISHED
    for row in before:
        key = row.key
        if key in stated_out:
            before_status[key] = strongest(stated_out[key])
        elif (new := after_by_key.get(key)) is not None:
            before_status[key] = matched[key] = UNCHANGED if row == new else _matched_status(row, new, successors)
        else:
            before_status[key] = gone
    after_status, arrived = result.after, NOT_DESCRIBED if before_partial else CREATED
    for row in after:
        key = row.key
        if key in stated_in:
            after_status[key] = strongest(stated_in[key])
        elif (old := before_by_key.get(key)) is not None:
            after_status[key] = matched.get(key) or _matched_status(old, row, successors)
        else:
            after_status[key] = arrived

    result.changes.extend(_inferred_changes(result, before, after, before_by_key, after_by_key))
    return result


def _matched_status(old: UnitRow, new: UnitRow, successors: dict[str, set[str]]) -> str:
    if not old.parent_unknown and not new.parent_unknown and not _same_parent(old, new, successors):
        return MOVED
    if (old.name_en, old.name_zh) != (new.name_en, new.name_zh):
        return RENAMED
    if (old.head_en, old.head_zh, old.grade, old.posts) != (new.head_en, new.head_zh, new.grade, new.posts) and (
        _changed_attributes(old, new)
    ):
        return ATTRIBUTES_CHANGED
    return UNCHANGED


def _same_parent(old: UnitRow, new: UnitRow, successors: dict[str, set[str]]) -> bool:
    if old.parent == new.parent:
        return True
    if old.parent is None or new.parent is None:
        return False
    return new.parent in successors.get(old.parent, set())


def _changed_attributes(old: UnitRow, new: UnitRow) -> list[str]:
    """Name the attributes both snapshots state and that differ; an unstated one is unknown."""
    changed = []
    for name in COMPARED_ATTRIBUTES:
        old_value, new_value = getattr(old, name), getattr(new, name)
        if old_value not in ("", None) and new_value not in ("", None) and old_value != new_value:
            changed.append(name)
    return changed


def _change_from_succession(succession: SuccessionRow) -> Change:
    return Change(
        type=succession.type,
        from_keys=succession.from_keys,
        to_keys=succession.to_keys,
        summary_en=succession.summary_en,
        summary_zh=succession.summary_zh,
        citations=succession.citations,
    )


def _inferred_changes(
    result: ChangeSet,
    before: Sequence[UnitRow],
    after: Sequence[UnitRow],
    before_by_key: dict[str, UnitRow],
    after_by_key: dict[str, UnitRow],
) -> list[Change]:
    """Describe changes found by key matching, citing where the new state is stated."""
    changes: list[Change] = []
    stated = {key for change in result.changes for key in (*change.from_keys, *change.to_keys)}
    for row in before:
        status = result.before[row.key]
        if row.key in stated or status in (UNCHANGED, NOT_DESCRIBED):
            continue
        if status == ABOLISHED:
            changes.append(
                Change(
                    ABOLISHED,
                    (row.key,),
                    (),
                    f"{row.name_en} no longer appears.",
                    f"{row.name_zh}不再出现。",
                    row.citations,
                    inferred=True,
                )
            )
            continue
        new = after_by_key[row.key]
        changes.append(_inferred_match_change(status, row, new, before_by_key, after_by_key))
    for row in after:
        if row.key in stated or result.after[row.key] != CREATED:
            continue
        changes.append(
            Change(
                CREATED,
                (),
                (row.key,),
                f"{row.name_en} appears.",
                f"{row.name_zh}出现。",
                row.citations,
                inferred=True,
            )
        )
    return changes


def _inferred_match_change(
    status: str,
    old: UnitRow,
    new: UnitRow,
    before_by_key: dict[str, UnitRow],
    after_by_key: dict[str, UnitRow],
) -> Change:
    if status == MOVED:
        old_parent = before_by_key[old.parent].name_en if old.parent else "the top"
        new_parent = after_by_key[new.parent].name_en if new.parent else "the top"
        summary_en = f"{new.name_en} moves from {old_parent} to {new_parent}."
        old_parent_zh = before_by_key[old.parent].name_zh if old.parent else "顶层"
        new_parent_zh = after_by_key[new.parent].name_zh if new.parent else "顶层"
        summary_zh = f"{new.name_zh}从{old_parent_zh}移至{new_parent_zh}。"
    elif status == RENAMED:
        summary_en = f"{old.name_en} is renamed {new.name_en}."
        summary_zh = f"{old.name_zh}更名为{new.name_zh}。"
    else:
        names = ", ".join(_changed_attributes(old, new))
        summary_en = f"{new.name_en}: {names} changed."
        summary_zh = f"{new.name_zh}：{names}有变化。"
    return Change(status, (old.key,), (new.key,), summary_en, summary_zh, new.citations, inferred=True)
