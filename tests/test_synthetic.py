"""Synthetic benchmark data: seeded, shaped like a real secretariat, loadable through the real dataset path."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from structures import selectors, services
from structures.importing import read_dataset
from structures.models import Snapshot, Unit
from structures.synthetic import MAX_FAN_OUT, generate_dataset, generate_units, snapshot_key

CJK = re.compile(r"[\u4e00-\u9fff]")


def _subtree_sizes(units, level):
    """Count units under each unit of `level` (itself included)."""
    parent_of = {u.key: u.parent for u in units}
    level_of = {u.key: u.level for u in units}
    sizes: Counter[str] = Counter()
    for unit in units:
        key = unit.key
        while level_of[key] > level:
            key = parent_of[key]
        if level_of[key] == level:
            sizes[key] += 1
    return sizes


def test_the_same_seed_writes_the_same_file(tmp_path):
    call_command("generate_dataset", size=300, seed=7, out=tmp_path / "a", stdout=None)
    call_command("generate_dataset", size=300, seed=7, out=tmp_path / "b", stdout=None)
    call_command("generate_dataset", size=300, seed=8, out=tmp_path / "c", stdout=None)
    first = (tmp_path / "a" / "SYNTHETIC-300.toml").read_bytes()
    assert first == (tmp_path / "b" / "SYNTHETIC-300.toml").read_bytes()
    assert first != (tmp_path / "c" / "SYNTHETIC-300.toml").read_bytes()


@pytest.mark.parametrize(("size", "seed"), [(1000, 1), (1000, 2), (5000, 3), (10_000, 4)])
def test_generated_organizations_have_a_realistic_shape(size, seed):
    units = generate_units(size=size, seed=seed)
    assert len(units) == size
    assert len({u.key for u in units}) == size
    levels = max(u.level for u in units) + 1
    assert 6 <= levels <= 9
    fan_out = Counter(u.parent for u in units if u.parent)
    assert max(fan_out.values()) <= MAX_FAN_OUT
    departments = sorted(_subtree_sizes(units, 1).values())
    assert departments[-1] >= 3 * departments[len(departments) // 2]  # a few departments far larger
    assert all(CJK.search(u.name_zh) for u in units)  # real Chinese text, so fonts are measured
    seen: set[str] = set()
    for unit in units:  # tree order: parents first
        assert unit.parent is None or unit.parent in seen
        seen.add(unit.key)


def test_each_reform_changes_a_few_percent_of_units_in_every_way():
    dataset = generate_dataset(size=2000, seed=5, snapshots=3)
    for before, after, successions in zip(dataset.snapshots, dataset.snapshots[1:], dataset.reforms, strict=False):
        touched = {k for s in successions for k in (*s.from_keys, *s.to_keys)}
        assert 0.01 * len(before) <= len(touched) <= 0.1 * len(before)
        assert {s.type for s in successions} == {"renamed", "moved", "merged", "split", "created", "abolished"}
        before_keys, after_keys = {u.key for u in before}, {u.key for u in after}
        for s in successions:
            assert set(s.from_keys) <= before_keys
            assert set(s.to_keys) <= after_keys
        assert max(Counter(u.parent for u in after if u.parent).values()) <= MAX_FAN_OUT


def test_a_generated_dataset_loads_and_compares_like_the_real_one(db, tmp_path):
    call_command("generate_dataset", size=1000, seed=1, out=tmp_path, stdout=None)
    counts = services.load_dataset(files=read_dataset([tmp_path / "SYNTHETIC-1000.toml"]))
    assert counts["snapshots"] == 2
    before = Snapshot.objects.get(key=snapshot_key(1000, 0))
    after = Snapshot.objects.get(key=snapshot_key(1000, 1))
    assert before.document.symbol == "SYN/1000"
    assert "Synthetic" in before.document.title_en
    assert Unit.objects.filter(snapshot=before).count() == 1000
    tree = selectors.snapshot_tree(snapshot=before)
    assert all(u["citations"][0]["document"] == "SYN/1000" for u in tree["units"])

    comparison = selectors.compare_snapshots(before=before, after=after)
    stated = generate_dataset(size=1000, seed=1).reforms[0]
    renamed = next(s for s in stated if s.type == "renamed")
    merged = next(s for s in stated if s.type == "merged")
    assert comparison["units"][renamed.from_keys[0]] == "renamed"
    assert all(comparison["units"][k] == "merged" for k in (*merged.from_keys, *merged.to_keys))

    lineage = selectors.unit_lineage(key=renamed.to_keys[0], user=None)
    assert [e["type"] for e in lineage.events] == ["renamed"]
    assert [p["key"] for p in lineage.predecessors] == renamed.from_keys


def test_synthetic_files_are_refused_in_the_real_dataset_directory(tmp_path):
    with pytest.raises(CommandError, match="never go into dataset/"):
        call_command("generate_dataset", size=100, out=tmp_path / "dataset", stdout=None)
