"""Pure functions over flat `{key, parent}` rows: ordering, loops and nested-set numbers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


def find_cycle(parent_of: Mapping[str, str | None]) -> list[str] | None:
    """Return one parent chain that loops back on itself (first key repeated at the end), or None."""
    state: dict[str, int] = {}  # 1 = on the current chain, 2 = known to reach a root
    for start in parent_of:
        chain: list[str] = []
        key: str | None = start
        while key is not None and key in parent_of and state.get(key) != 2:
            if state.get(key) == 1:
                loop = chain[chain.index(key) :]
                return [*loop, key]
            state[key] = 1
            chain.append(key)
            key = parent_of[key]
        for seen in chain:
            state[seen] = 2
    return None


def children_index(rows: Iterable[tuple[str, str | None]]) -> dict[str | None, list[str]]:
    """Map each parent key (None for tops) to its children's keys, keeping the input order."""
    index: dict[str | None, list[str]] = {}
    for key, parent in rows:
        index.setdefault(parent, []).append(key)
    return index


def tree_order(rows: Iterable[tuple[str, str | None]]) -> list[str]:
    """Return keys depth-first, every parent before its children, siblings in input order."""
    index = children_index(rows)
    ordered: list[str] = []
    stack = list(reversed(index.get(None, [])))
    while stack:
        key = stack.pop()
        ordered.append(key)
        stack.extend(reversed(index.get(key, [])))
    return ordered


@dataclass(frozen=True)
class NestedSet:
    tree: int  # 0-based index of the tree (one per top unit)
    left: int
    right: int
    level: int


def nested_set_numbers(rows: Iterable[tuple[str, str | None]]) -> dict[str, NestedSet]:
    """Number every key the way django-mptt stores it (lft/rght/level per tree), for bulk inserts."""
    index = children_index(rows)
    numbers: dict[str, NestedSet] = {}
    for tree, top in enumerate(index.get(None, [])):
        counter = 1
        # Iterative walk: (key, level, entering?) so deep trees cannot hit the recursion limit.
        lefts: dict[str, int] = {}
        stack: list[tuple[str, int, bool]] = [(top, 0, True)]
        while stack:
            key, level, entering = stack.pop()
            if entering:
                lefts[key] = counter
                counter += 1
                stack.append((key, level, False))
                stack.extend((child, level + 1, True) for child in reversed(index.get(key, [])))
            else:
                numbers[key] = NestedSet(tree=tree, left=lefts[key], right=counter, level=level)
                counter += 1
    return numbers


def nested_set_problems(rows: Iterable[tuple[str, str | None, int, int, int, int]]) -> list[str]:
    """Name every stored (key, parent, tree_id, lft, rght, level) row that disagrees with its parent links.

    Rows come in stored order (tree_id, lft), which fixes sibling order; a stored tree is valid when
    renumbering it from its parent links alone gives back every stored number, so rebuilding it would
    change nothing.
    """
    rows = list(rows)
    expected = nested_set_numbers((key, parent) for key, parent, *_ in rows)
    tree_ids = sorted({tree_id for _, _, tree_id, *_ in rows})
    problems = []
    for key, _parent, tree_id, left, right, level in rows:
        want = expected.get(key)
        if want is None:
            problems.append(f'unit "{key}" is not reachable from a top unit')
        elif (tree_ids.index(tree_id), left, right, level) != (want.tree, want.left, want.right, want.level):
            problems.append(
                f'unit "{key}" is stored at tree {tree_id} [{left}, {right}] level {level}; '
                f"its parent links put it at [{want.left}, {want.right}] level {want.level}"
            )
    return problems


def nest(rows: Iterable[dict]) -> list[dict]:
    """Give each row (in tree order, with "key" and "parent") a "children" list; return the tops."""
    by_key: dict[str, dict] = {}
    tops: list[dict] = []
    for row in rows:
        node = {**row, "children": []}
        by_key[node["key"]] = node
        parent = by_key.get(node["parent"]) if node["parent"] else None
        (parent["children"] if parent else tops).append(node)
    return tops
