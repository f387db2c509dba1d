"""The diff classifies every unit from plain rows, without a database."""

from structures.diff import Citation, SuccessionRow, UnitRow, diff_snapshots


def unit(key, parent=None, name=None, **attributes):
    name = name or key.upper()
    return UnitRow(key=key, parent=parent, name_en=name, name_zh=name, **attributes)


def run(before, after, successions=(), *, before_partial=False, after_partial=False):
    return diff_snapshots(before, after, list(successions), before_partial=before_partial, after_partial=after_partial)


def test_identical_snapshots_are_unchanged_with_no_changes():
    rows = [unit("a"), unit("b", "a")]
    result = run(rows, rows)
    assert result.units == {"a": "unchanged", "b": "unchanged"}
    assert result.changes == []


def test_new_parent_is_moved():
    result = run([unit("a"), unit("b"), unit("c", "a")], [unit("a"), unit("b"), unit("c", "b")])
    assert result.before["c"] == "moved"
    assert result.after["c"] == "moved"
    assert [(c.type, c.from_keys, c.to_keys, c.inferred) for c in result.changes] == [("moved", ("c",), ("c",), True)]
    assert result.changes[0].summary_en == "C moves from A to B."


def test_new_name_is_renamed():
    result = run([unit("a", name="Old")], [unit("a", name="New")])
    assert result.units == {"a": "renamed"}
    assert result.changes[0].summary_en == "Old is renamed New."


def test_changed_grade_head_or_posts_is_attributes_changed():
    result = run([unit("a", grade="D-2", posts=10)], [unit("a", grade="ASG", posts=10)])
    assert result.units == {"a": "attributes_changed"}
    assert "grade" in result.changes[0].summary_en


def test_an_attribute_stated_on_one_side_only_is_not_a_change():
    result = run([unit("a", grade="", posts=None)], [unit("a", grade="ASG", posts=12)])
    assert result.units == {"a": "unchanged"}


def test_missing_from_complete_snapshots_means_created_and_abolished():
    result = run([unit("a"), unit("gone")], [unit("a"), unit("new")])
    assert result.before["gone"] == "abolished"
    assert result.after["new"] == "created"
    assert {(c.type, c.inferred) for c in result.changes} == {("abolished", True), ("created", True)}


def test_missing_from_a_partial_snapshot_is_not_described():
    result = run([unit("a"), unit("gone")], [unit("a"), unit("new")], before_partial=True, after_partial=True)
    assert result.before["gone"] == "not_described"
    assert result.after["new"] == "not_described"
    assert result.changes == []


def test_partial_before_only_hides_creation_not_abolition():
    result = run([unit("a"), unit("gone")], [unit("new")], before_partial=True)
    assert result.after["new"] == "not_described"
    assert result.before["gone"] == "abolished"


def test_merger_marks_every_source_and_the_result():
    citation = Citation("A/72/525", "20(a)")
    merger = SuccessionRow("merged", ("dpa", "pbso"), ("dppa",), "merged", "", (citation,))
    result = run([unit("dpa"), unit("pbso")], [unit("dppa")], [merger], before_partial=True, after_partial=True)
    assert result.before == {"dpa": "merged", "pbso": "merged"}
    assert result.after == {"dppa": "merged"}
    assert result.changes[0].citations == (citation,)
    assert not result.changes[0].inferred


def test_split_marks_the_source_and_each_part():
    split = SuccessionRow("split", ("mmss",), ("mss", "sss"))
    result = run([unit("mmss")], [unit("mss"), unit("sss")], [split])
    assert result.before == {"mmss": "split"}
    assert result.after == {"mss": "split", "sss": "split"}


def test_succession_wins_over_key_matching():
    # Same key on both sides, same parent and name: key matching alone would say unchanged.
    upgrade = SuccessionRow("upgraded", ("a",), ("a",))
    result = run([unit("a")], [unit("a")], [upgrade])
    assert result.units == {"a": "upgraded"}
    assert [c.inferred for c in result.changes] == [False]


def test_stated_rename_is_not_repeated_as_an_inferred_change():
    rename = SuccessionRow("renamed", ("dpko",), ("dpo",), "DPKO becomes DPO")
    result = run([unit("dpko")], [unit("dpo")], [rename])
    assert result.units == {"dpko": "renamed", "dpo": "renamed"}
    assert len(result.changes) == 1


def test_children_of_a_renamed_parent_have_not_moved():
    rename = SuccessionRow("renamed", ("dpko",), ("dpo",))
    result = run([unit("dpko"), unit("oma", "dpko")], [unit("dpo"), unit("oma", "dpo")], [rename])
    assert result.units["oma"] == "unchanged"


def test_function_transfer_alone_does_not_change_a_unit_status():
    transfer = SuccessionRow("function_transferred", ("a",), ("b",))
    result = run([unit("a"), unit("b")], [unit("a"), unit("b")], [transfer])
    assert result.units == {"a": "unchanged", "b": "unchanged"}
    assert [c.type for c in result.changes] == ["function_transferred"]


def test_strongest_status_wins_when_a_unit_has_several_successions():
    merger = SuccessionRow("merged", ("dpa", "pbso"), ("dppa",))
    move = SuccessionRow("moved", ("pbso",), ("pbso",))
    before = [unit("dpa"), unit("pbso")]
    after = [unit("dppa"), unit("pbso", "dppa")]
    result = run(before, after, [merger, move], before_partial=True, after_partial=True)
    assert result.before["pbso"] == "merged"
    assert result.after["pbso"] == "moved"
    assert result.units["pbso"] == "merged"


def test_unknown_parent_is_never_reported_as_a_move():
    result = run([unit("a"), unit("b", "a")], [unit("a"), unit("b", None, parent_unknown=True)])
    assert result.units["b"] == "unchanged"


def test_abolished_by_succession_in_a_partial_snapshot_is_still_abolished():
    abolition = SuccessionRow("abolished", ("gone",), ())
    result = run([unit("gone")], [], [abolition], after_partial=True)
    assert result.units == {"gone": "abolished"}
