"""Random sequences of edits against a plain in-memory model: the stored trees never drift from it.

A hypothesis state machine creates, moves (to every position, legal or not), deletes and renames units,
copies snapshots into drafts and publishes them. After every step each stored tree equals the model
(keys, parents, sibling order, names), its nested-set numbers are what a rebuild would give, and every
published snapshot is exactly what it was when it was published. Refused steps name their problem and
leave the whole database as it was.
"""

from __future__ import annotations

import itertools
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from structures import errors, services
from structures.models import Citation, Reform, Snapshot, Succession, Unit
from structures.tree import nested_set_problems

from .conftest import build_snapshot

# Hypothesis keeps caches in .hypothesis/ under the working directory; keep the work tree clean.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "orgchart-hypothesis")

# Few enough keys that creates often collide with a unit already there.
UNIT_KEYS = [f"u{i}" for i in range(14)]
NAMES = ["Office", "Division", "Service", "Section", "办公室"]
MAX_SNAPSHOTS = 4
# Positions each way of moving accepts ("" takes the default), and one it refuses.
POSITIONS = {"parent": ["last-child", "first-child", ""], "top": ["last-child", ""], "sibling": ["right", "left", ""]}
WRONG_POSITIONS = {"parent": "left", "top": "middle", "sibling": "first-child"}
UNIT_IDS = itertools.count()

# Fast enough for CI on SQLite and PostgreSQL; derandomized so every run tries the same sequences.
MACHINE_SETTINGS = settings(
    max_examples=50,
    stateful_step_count=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@dataclass
class SnapshotModel:
    """What a snapshot should hold: its children in order under each parent (None: the tops)."""

    published: bool = False
    partial: bool = True
    source: str | None = None  # the snapshot it was copied from, whose units publishing must account for
    children: dict[str | None, list[str]] = field(default_factory=lambda: {None: []})
    names: dict[str, str] = field(default_factory=dict)
    # Each unit's identity (a unit deleted and created again under its key is another unit), and the
    # identities of the source's units when this snapshot was copied: its successions name those.
    ids: dict[str, int] = field(default_factory=dict)
    origin: frozenset[int] = frozenset()

    def parent_of(self, key: str) -> str | None:
        return next(parent for parent, keys in self.children.items() if key in keys)

    def subtree(self, key: str) -> list[str]:
        keys = [key]
        for child in self.children.get(key, []):
            keys += self.subtree(child)
        return keys

    def is_top(self, key: str) -> bool:
        return key in self.children[None]

    def add(self, key: str, name: str, parent: str | None) -> None:
        self.children.setdefault(parent, []).append(key)
        self.names[key] = name
        self.ids[key] = next(UNIT_IDS)

    def delete(self, key: str) -> None:
        self.children[self.parent_of(key)].remove(key)
        for gone in self.subtree(key):
            self.children.pop(gone, None)
            del self.names[gone]
            del self.ids[gone]

    def copy(self, *, partial: bool, source: str) -> SnapshotModel:
        return SnapshotModel(
            partial=partial,
            source=source,
            children={parent: list(keys) for parent, keys in self.children.items()},
            names=dict(self.names),
            ids={key: next(UNIT_IDS) for key in self.ids},
            origin=frozenset(self.ids.values()),
        )

    def shape(self) -> dict[str | None, list[str]]:
        return {parent: keys for parent, keys in self.children.items() if keys or parent is None}


def stored_rows(snapshot_key: str) -> list[tuple]:
    return list(
        Unit.objects.filter(snapshot__key=snapshot_key)
        .order_by("tree_id", "lft")
        .values_list("key", "parent__key", "tree_id", "lft", "rght", "level", "name_en")
    )


def stored_shape(rows: list[tuple]) -> dict[str | None, list[str]]:
    shape: dict[str | None, list[str]] = {None: []}
    for key, parent, *_ in rows:
        shape.setdefault(parent, []).append(key)
    return shape


def succession_links(**filters) -> list[tuple]:
    """Return (reform, succession, side, snapshot, unit) for every unit a succession names."""
    links = []
    for side, through in (("from", Succession.from_units.through), ("to", Succession.to_units.through)):
        rows = through.objects.filter(**filters).values_list(
            "succession__reform__key", "succession__position", "unit__snapshot__key", "unit__key"
        )
        links += [(reform, position, side, snapshot, unit) for reform, position, snapshot, unit in rows]
    return sorted(links)


def published_record(snapshot_key: str) -> tuple:
    """Return everything publication freezes: status, content hash, tree rows and incoming successions."""
    snapshot = Snapshot.objects.get(key=snapshot_key)
    links = succession_links(succession__reform__after=snapshot)
    return snapshot.status, snapshot.content_hash, stored_rows(snapshot_key), links


def stored_facts() -> tuple:
    """Return every stored fact these edits can touch, keyed by names rather than primary keys.

    A leaner dump_database() (no per-row Python) that keeps tree ids too: refused steps compare it before and after.
    """
    return (
        sorted(Snapshot.objects.values_list("key", "status", "completeness", "content_hash", "position")),
        list(
            Unit.objects.order_by("snapshot__key", "tree_id", "lft").values_list(
                "snapshot__key", "key", "parent__key", "name_en", "kind", "tree_id", "lft", "rght", "level"
            )
        ),
        sorted(Reform.objects.values_list("key", "before__key", "after__key")),
        sorted(Succession.objects.values_list("reform__key", "position", "type")),
        succession_links(),
        sorted(Citation.objects.values_list("unit__snapshot__key", "unit__key", "document__symbol", "paragraph")),
    )


class TreeEditingMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        # Each example runs inside a transaction rolled back in teardown, so it starts from an empty database.
        self._example = transaction.atomic()
        self._example.__enter__()
        self.model: dict[str, SnapshotModel] = {}
        self.frozen: dict[str, tuple] = {}
        self.copies = 0

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._example.__exit__(None, None, None)

    # --- helpers ---------------------------------------------------------------------------------

    def unit(self, snapshot_key: str, key: str) -> Unit:
        return Unit.objects.get(snapshot__key=snapshot_key, key=key)

    def all_units(self) -> list[tuple[str, str]]:
        return [(s, key) for s in sorted(self.model) for key in sorted(self.model[s].names)]

    def draw_snapshot(self, data, *, with_units: bool = False) -> str:
        """Draw a snapshot, mostly a draft (edits to published ones are all refused alike)."""
        keys = [s for s in sorted(self.model) if self.model[s].names or not with_units]
        drafts = [s for s in keys if not self.model[s].published]
        if drafts and data.draw(st.integers(0, 7), label="any snapshot") != 0:
            return data.draw(st.sampled_from(drafts), label="draft")
        return data.draw(st.sampled_from(keys), label="snapshot")

    def draw_unit(self, data) -> tuple[str, str]:
        snapshot_key = self.draw_snapshot(data, with_units=True)
        return snapshot_key, data.draw(st.sampled_from(sorted(self.model[snapshot_key].names)), label="unit")

    def draw_target(self, data, snapshot_key: str) -> tuple[str, str]:
        """Draw a parent or sibling: mostly from `snapshot_key`, sometimes from another snapshot (refused)."""
        own = [(s, k) for s, k in self.all_units() if s == snapshot_key]
        elsewhere = [(s, k) for s, k in self.all_units() if s != snapshot_key]
        if elsewhere and data.draw(st.integers(0, 9), label="elsewhere") == 0:
            return data.draw(st.sampled_from(elsewhere), label="target elsewhere")
        return data.draw(st.sampled_from(own), label="target")

    def expect(self, action, refusal: tuple[type[errors.StructureError], str] | None):
        """Run `action`; if a refusal is expected, check its type and message and that nothing changed."""
        if refusal is None:
            return action()
        kind, message = refusal
        before = stored_facts()
        with pytest.raises(errors.StructureError) as refused:
            action()
        assert type(refused.value) is kind, refused.value
        assert str(refused.value) == message
        assert stored_facts() == before
        return None

    def published_refusal(self, snapshot_key: str):
        if self.model[snapshot_key].published:
            return errors.PublishedSnapshotError, errors.SNAPSHOT_PUBLISHED.format(snapshot=snapshot_key)
        return None

    def placement_refusal(self, unit: tuple[str, str], parent: tuple[str, str] | None):
        """Mirror Unit.placement_error: the message for `unit` under `parent`, or None."""
        if parent is None:
            return None
        (snapshot_key, key), (parent_snapshot, parent_key) = unit, parent
        if parent_snapshot != snapshot_key:
            return errors.InvalidMoveError, errors.PARENT_IN_OTHER_SNAPSHOT.format(unit=key, parent=parent_key)
        if parent_key == key:
            return errors.InvalidMoveError, errors.MOVE_UNDER_ITSELF.format(unit=key)
        if parent_key in self.model[snapshot_key].subtree(key):
            return errors.InvalidMoveError, errors.MOVE_UNDER_DESCENDANT.format(unit=key, parent=parent_key)
        return None

    # --- rules -----------------------------------------------------------------------------------

    @initialize(parents=st.lists(st.integers(-1, 12), max_size=8))
    def build_first_draft(self, parents: list[int]) -> None:
        """Start from one draft whose unit i hangs under an earlier unit, or is a top (-1)."""
        snapshot = build_snapshot("", key="s0")
        model = self.model["s0"] = SnapshotModel()
        for i, wanted in enumerate(parents):
            parent = f"u{wanted % i}" if wanted >= 0 and i else None
            services.create_unit(
                snapshot=snapshot,
                key=f"u{i}",
                name_en="Office",
                name_zh="办公室",
                kind="office",
                parent=self.unit("s0", parent) if parent else None,
            )
            model.add(f"u{i}", "Office", parent)

    @rule(data=st.data(), key=st.sampled_from(UNIT_KEYS), top=st.integers(0, 3))
    def create(self, data, key: str, top: int) -> None:
        snapshot_key = self.draw_snapshot(data)
        model = self.model[snapshot_key]
        parent = self.draw_target(data, snapshot_key) if model.names and top else None
        refusal = self.published_refusal(snapshot_key)
        if refusal is None and key in model.names:
            refusal = errors.StructureError, errors.DUPLICATE_UNIT_KEY.format(snapshot=snapshot_key, unit=key)
        if refusal is None and parent and parent[0] != snapshot_key:
            # full_clean() reports a foreign parent as a plain StructureError, not a move error.
            refusal = errors.StructureError, errors.PARENT_IN_OTHER_SNAPSHOT.format(unit=key, parent=parent[1])
        self.expect(
            lambda: services.create_unit(
                snapshot=Snapshot.objects.get(key=snapshot_key),
                key=key,
                name_en="New",
                name_zh="新",
                kind="section",
                parent=self.unit(*parent) if parent else None,
            ),
            refusal,
        )
        if refusal is None:
            model.add(key, "New", parent[1] if parent else None)

    @precondition(lambda self: self.all_units())
    @rule(data=st.data())
    def move_under(self, data) -> None:
        self.move(data, "parent")

    @precondition(lambda self: self.all_units())
    @rule(data=st.data())
    def move_beside(self, data) -> None:
        self.move(data, "sibling")

    @precondition(lambda self: self.all_units())
    @rule(data=st.data())
    def move_to_top(self, data) -> None:
        self.move(data, "top")

    def move(self, data, how: str) -> None:
        snapshot_key, key = self.draw_unit(data)
        model = self.model[snapshot_key]
        if data.draw(st.integers(0, 9), label="wrong position") == 0:
            position = WRONG_POSITIONS[how]
        else:
            position = data.draw(st.sampled_from(POSITIONS[how]), label="position")
        target = None if how == "top" else self.draw_target(data, snapshot_key)
        refusal = self.published_refusal(snapshot_key)
        new_parent: tuple[str, str] | None = None
        if how == "sibling":
            position = position or "right"
            target_model = self.model[target[0]]
            if refusal is None and position not in {"left", "right"}:
                choices = "left, right"
                refusal = errors.InvalidMoveError, errors.MOVE_BAD_POSITION.format(position=position, choices=choices)
            if refusal is None and target_model.is_top(target[1]):
                refusal = errors.InvalidMoveError, errors.MOVE_BESIDE_TOP.format(unit=key, sibling=target[1])
            if refusal is None and target == (snapshot_key, key):
                refusal = errors.InvalidMoveError, errors.MOVE_BESIDE_ITSELF.format(unit=key)
            if refusal is None:
                new_parent = (target[0], target_model.parent_of(target[1]))
        else:
            position = position or "last-child"
            if refusal is None and position not in {"first-child", "last-child"}:
                choices = "first-child, last-child"
                refusal = errors.InvalidMoveError, errors.MOVE_BAD_POSITION.format(position=position, choices=choices)
            new_parent = target
        refusal = refusal or self.placement_refusal((snapshot_key, key), new_parent)
        if how == "sibling":
            arguments = {"sibling": self.unit(*target), "position": position}
        else:
            arguments = {"new_parent": self.unit(*target) if target else None, "position": position}
        self.expect(lambda: services.move_unit(unit=self.unit(snapshot_key, key), **arguments), refusal)
        if refusal is not None or (how == "top" and model.is_top(key)):
            return  # a top unit moved to the top stays where it is
        model.children[model.parent_of(key)].remove(key)
        siblings = model.children.setdefault(new_parent[1] if new_parent else None, [])
        if how == "sibling":
            siblings.insert(siblings.index(target[1]) + (position == "right"), key)
        elif how == "parent" and position == "first-child":
            siblings.insert(0, key)
        else:  # a new top goes after the others whatever the position: tops are ordered by tree number
            siblings.append(key)

    @precondition(lambda self: self.all_units())
    @rule(data=st.data())
    def delete(self, data) -> None:
        snapshot_key, key = self.draw_unit(data)
        model = self.model[snapshot_key]
        refusal = self.published_refusal(snapshot_key)
        doomed = {model.ids[k] for k in model.subtree(key)}
        holders = sorted(
            s for s, m in self.model.items() if m.published and m.source == snapshot_key and m.origin & doomed
        )
        if refusal is None and holders:
            # Published copies of this draft name these units in their successions.
            message = errors.SNAPSHOT_PUBLISHED.format(snapshot='", "'.join(holders))
            refusal = errors.PublishedSnapshotError, message
        self.expect(lambda: services.delete_unit(unit=self.unit(snapshot_key, key)), refusal)
        if refusal is None:
            self.model[snapshot_key].delete(key)

    @precondition(lambda self: self.all_units())
    @rule(data=st.data(), name=st.sampled_from(NAMES))
    def rename(self, data, name: str) -> None:
        snapshot_key, key = self.draw_unit(data)
        refusal = self.published_refusal(snapshot_key)
        self.expect(lambda: services.update_unit(unit=self.unit(snapshot_key, key), name_en=name), refusal)
        if refusal is None:
            self.model[snapshot_key].names[key] = name

    @precondition(lambda self: len(self.model) < MAX_SNAPSHOTS)
    @rule(data=st.data(), partial=st.booleans(), reuse_key=st.integers(0, 9))
    def copy(self, data, *, partial: bool, reuse_key: int) -> None:
        source = data.draw(st.sampled_from(sorted(self.model)), label="source")
        if reuse_key == 0:
            key = data.draw(st.sampled_from(sorted(self.model)), label="taken key")
            refusal = errors.StructureError, errors.SNAPSHOT_KEY_TAKEN.format(key=key)
        else:
            self.copies += 1
            key, refusal = f"copy{self.copies}", None
        completeness = Snapshot.Completeness.PARTIAL if partial else Snapshot.Completeness.COMPLETE
        self.expect(
            lambda: services.start_draft(
                source=Snapshot.objects.get(key=source),
                key=key,
                label_en=key,
                label_zh=key,
                completeness=completeness,
            ),
            refusal,
        )
        if refusal is None:
            self.model[key] = self.model[source].copy(partial=partial, source=source)

    # Publishing the last draft would leave nothing to edit, so one draft always stays.
    @precondition(lambda self: sum(not m.published for m in self.model.values()) >= 2)
    @rule(data=st.data())
    def publish(self, data) -> None:
        snapshot_key = data.draw(st.sampled_from(sorted(self.model)), label="snapshot")
        model = self.model[snapshot_key]
        refusal = self.published_refusal(snapshot_key)
        if refusal is None and not model.partial:
            kept = set(model.names)
            missing = [k for k in self.stored_keys_in_order(model.source) if k not in kept]
            if missing:
                message = errors.PUBLISH_UNACCOUNTED.format(
                    snapshot=snapshot_key, count=len(missing), before=model.source, units=", ".join(missing)
                )
                refusal = errors.StructureError, message
        self.expect(lambda: services.publish_snapshot(snapshot=Snapshot.objects.get(key=snapshot_key)), refusal)
        if refusal is None:
            model.published = True
            self.frozen[snapshot_key] = published_record(snapshot_key)

    def stored_keys_in_order(self, snapshot_key: str) -> list[str]:
        """Return the model's keys of a snapshot in tree order (the order publishing lists them in)."""
        model = self.model[snapshot_key]
        return [k for top in model.children[None] for k in model.subtree(top)]

    # --- invariants ------------------------------------------------------------------------------

    @invariant()
    def every_stored_tree_equals_the_model_and_is_valid(self) -> None:
        assert set(Snapshot.objects.values_list("key", flat=True)) == set(self.model)
        for snapshot_key, model in self.model.items():
            rows = stored_rows(snapshot_key)
            assert nested_set_problems(row[:6] for row in rows) == [], snapshot_key
            assert stored_shape(rows) == model.shape(), snapshot_key
            assert {row[0]: row[6] for row in rows} == model.names, snapshot_key

    @invariant()
    def published_snapshots_never_change(self) -> None:
        for snapshot_key, record in self.frozen.items():
            assert published_record(snapshot_key) == record, snapshot_key


def test_random_edit_sequences_keep_every_tree_equal_to_the_model(db):
    run_state_machine_as_test(TreeEditingMachine, settings=MACHINE_SETTINGS)


def test_delete_refuses_a_draft_unit_that_a_published_copy_names_in_its_successions(db):
    """Found by the machine: the cascade used to drop the published copy's "unchanged" succession links."""
    draft = build_snapshot("dpo Peace operations\n  oma Military affairs", key="draft")
    copy = services.start_draft(source=draft, key="copy", label_en="Copy", label_zh="副本", completeness="partial")
    services.publish_snapshot(snapshot=copy)
    before = stored_facts()
    with pytest.raises(errors.PublishedSnapshotError) as refused:
        services.delete_unit(unit=Unit.objects.get(snapshot=draft, key="dpo"))
    assert str(refused.value) == errors.SNAPSHOT_PUBLISHED.format(snapshot="copy")
    assert stored_facts() == before
    # A unit added to the draft after the copy is named by no succession, so it may go.
    added = services.create_unit(
        snapshot=draft,
        key="new",
        name_en="New",
        name_zh="新",
        kind="office",
        parent=Unit.objects.get(key="oma", snapshot=draft),
    )
    services.delete_unit(unit=added)
    assert stored_facts() == before
