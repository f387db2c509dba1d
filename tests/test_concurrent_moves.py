"""Several editors moving units of one draft at the same time: the tree stays valid and no move is lost.

Each thread has its own database connection and runs random moves, many of them conflicting (the same
units, cycles that only arise from another thread's move). move_unit locks the snapshot row, so moves
run one at a time; each thread notes a committed move while it still holds that lock, which gives the
order the lock granted them. Replaying that order on a plain model must give back the stored tree.
"""

from __future__ import annotations

import copy
import itertools
import random
import threading
import time
from dataclasses import dataclass

import pytest
from django.db import OperationalError, connection, connections, transaction

from structures import errors, services
from structures.models import Unit
from structures.tree import nested_set_problems

from .conftest import build_snapshot

THREADS = 4
MOVES_PER_THREAD = 25
UNITS = 200
TOPS = 3
HOT = 12  # half the moves pick among these units, so threads keep colliding
SQLITE_RETRIES = 200


@dataclass(frozen=True)
class Move:
    unit: str
    how: str  # "first-child", "last-child" (under target), "left", "right" (beside target), "top"
    target: str | None


class TreeModel:
    """Children lists per parent (None: the tops), moved the way move_unit documents."""

    def __init__(self, rows: list[tuple[str, str | None]]) -> None:
        self.children: dict[str | None, list[str]] = {None: []}
        self.parent: dict[str, str | None] = {}
        for key, parent in rows:
            self.children.setdefault(parent, []).append(key)
            self.parent[key] = parent

    def is_under(self, key: str, ancestor: str) -> bool:
        while key is not None:
            if key == ancestor:
                return True
            key = self.parent[key]
        return False

    def refusal(self, move: Move) -> str | None:
        """Return the message move_unit gives for `move` on this tree, or None when it is allowed."""
        if move.how in {"left", "right"}:
            if self.parent[move.target] is None:
                return errors.MOVE_BESIDE_TOP.format(unit=move.unit, sibling=move.target)
            if move.target == move.unit:
                return errors.MOVE_BESIDE_ITSELF.format(unit=move.unit)
            new_parent = self.parent[move.target]
        else:
            new_parent = move.target
        if new_parent is None:
            return None
        if new_parent == move.unit:
            return errors.MOVE_UNDER_ITSELF.format(unit=move.unit)
        if self.is_under(new_parent, move.unit):
            return errors.MOVE_UNDER_DESCENDANT.format(unit=move.unit, parent=new_parent)
        return None

    def apply(self, move: Move) -> None:
        if move.how == "top" and self.parent[move.unit] is None:
            return  # a top moved to the top stays where it is
        self.children[self.parent[move.unit]].remove(move.unit)
        new_parent = self.parent[move.target] if move.how in {"left", "right"} else move.target
        siblings = self.children.setdefault(new_parent, [])
        if move.how in {"left", "right"}:
            siblings.insert(siblings.index(move.target) + (move.how == "right"), move.unit)
        elif move.how == "first-child":
            siblings.insert(0, move.unit)
        else:  # last-child, or a new top: tops are ordered by tree number, so it goes last
            siblings.append(move.unit)
        self.parent[move.unit] = new_parent

    def shape(self) -> dict[str | None, list[str]]:
        return {parent: keys for parent, keys in self.children.items() if keys or parent is None}


def random_spec(rng: random.Random) -> str:
    """Return a build_snapshot spec of UNITS units in TOPS trees, each unit under a random earlier one."""
    depth: dict[int, int] = {}
    order: list[int] = []  # depth-first order, so the indented spec nests each unit under its parent
    children: dict[int | None, list[int]] = {}
    for i in range(UNITS):
        parent = None if i < TOPS else rng.randrange(i)
        children.setdefault(parent, []).append(i)
    stack = [(top, 0) for top in reversed(children[None])]
    while stack:
        i, level = stack.pop()
        depth[i] = level
        order.append(i)
        stack.extend((child, level + 1) for child in reversed(children.get(i, [])))
    return "\n".join(f"{'  ' * depth[i]}n{i} Unit {i}" for i in order)


def random_move(rng: random.Random, keys: list[str]) -> Move:
    pool = keys[:HOT] if rng.random() < 0.5 else keys
    how = rng.choice(["first-child", "last-child", "left", "right", "top"])
    return Move(rng.choice(pool), how, None if how == "top" else rng.choice(pool))


def stored_rows(snapshot) -> list[tuple]:
    return list(
        Unit.objects.filter(snapshot=snapshot)
        .order_by("tree_id", "lft")
        .values_list("key", "parent__key", "tree_id", "lft", "rght", "level")
    )


def is_sqlite_lock(exc: OperationalError) -> bool:
    # Threads share SQLite's in-memory test database through its shared cache, which refuses a
    # conflicting table lock at once ("database table is locked") instead of waiting like PostgreSQL.
    return connection.vendor == "sqlite" and "locked" in str(exc)


@pytest.mark.django_db(transaction=True)
def test_concurrent_moves_in_one_draft_leave_a_valid_tree_and_lose_no_move():
    rng = random.Random(20240607)
    snapshot = build_snapshot(random_spec(rng), key="concurrent-draft")
    initial = stored_rows(snapshot)
    keys = [row[0] for row in initial]
    plans = [[random_move(rng, keys) for _ in range(MOVES_PER_THREAD)] for _ in range(THREADS)]

    committed: dict[int, Move] = {}  # lock-grant order -> move
    refused: list[tuple[Move, str, int, int]] = []  # move, message, order numbers given out before and after it
    failures: list[BaseException] = []
    order = itertools.count()
    given_out = [0]  # order numbers given out so far
    log_lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def run_one(move: Move) -> None:
        for attempt in itertools.count():
            with log_lock:
                before = given_out[0]
            seq = None
            try:
                units = {key: Unit.objects.get(snapshot=snapshot, key=key) for key in {move.unit, move.target} - {None}}
                arguments = {}
                if move.how in {"left", "right"}:
                    arguments = {"sibling": units[move.target], "position": move.how}
                elif move.how != "top":
                    arguments = {"new_parent": units[move.target], "position": move.how}
                with transaction.atomic():
                    services.move_unit(unit=units[move.unit], **arguments)
                    # Still inside the transaction: the snapshot lock is held until the commit below.
                    with log_lock:
                        seq = next(order)
                        given_out[0] = seq + 1
                        committed[seq] = move
                return
            except errors.InvalidMoveError as exc:
                with log_lock:
                    refused.append((move, str(exc), before, given_out[0]))
                return
            except OperationalError as exc:
                if seq is not None:
                    with log_lock:
                        del committed[seq]  # the commit itself failed: the move did not happen
                if not is_sqlite_lock(exc) or attempt >= SQLITE_RETRIES:
                    raise
                time.sleep(random.uniform(0, 0.002 * min(attempt + 1, 10)))

    def editor(plan: list[Move]) -> None:
        try:
            start.wait(timeout=30)
            for move in plan:
                run_one(move)
        except BaseException as exc:  # reported by the main thread
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=editor, args=(plan,)) for plan in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not [t for t in threads if t.is_alive()], "an editor thread is stuck (deadlock?)"
    assert failures == []

    final = stored_rows(snapshot)
    assert nested_set_problems(final) == []
    assert sorted(row[0] for row in final) == sorted(keys)  # every unit still there, once
    assert len(committed) + len(refused) == THREADS * MOVES_PER_THREAD

    # Replay the committed moves in the order the lock granted them: each was allowed on the tree the
    # previous one left, and together they give exactly the stored tree, so no move was lost or misapplied.
    model = TreeModel([(key, parent) for key, parent, *_ in initial])
    models = []  # models[i]: the tree after every committed move numbered below i
    for seq in range(given_out[0] + 1):
        models.append(copy.deepcopy(model))
        if seq in committed:
            move = committed[seq]
            assert model.refusal(move) is None, (seq, move, model.refusal(move))
            model.apply(move)
    final_shape: dict[str | None, list[str]] = {None: []}
    for key, parent, *_ in final:
        final_shape.setdefault(parent, []).append(key)
    assert final_shape == model.shape()

    # Each refusal was right on one of the trees that stood while it waited for and held the lock.
    for move, message, low, high in refused:
        assert message in {models[i].refusal(move) for i in range(low, high + 1)}, (move, message, low, high)
    # Both outcomes happened, so the run did mix legal moves with ones refused by name.
    assert committed
    assert refused
