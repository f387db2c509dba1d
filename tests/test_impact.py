"""The impact summary counts units, layers, span of control, posts, shared units and lines on both sides."""

from __future__ import annotations

from django.core.management import call_command

from structures import selectors, services
from structures.impact import impact_summary
from structures.importing import read_dataset
from structures.models import Snapshot, Unit
from structures.synthetic import snapshot_key
from structures.views import IMPACT_LINKS_LISTED

from .conftest import AFTER_2017, BEFORE_2017


def unit(key: str, parent: str | None = None, **extra) -> dict:
    return {"key": key, "parent": parent, "shared": False, "posts": None, **extra}


def posts(unit_key: str, value: int, approximation: str = "", **breakdown: str) -> dict:
    return {
        "unit": unit_key,
        "measure": "posts",
        "value": value,
        "approximation": approximation,
        "breakdown": breakdown,
    }


# a
#   b (10 posts stated, and 4 P-4 + 6 P-3)
#     d (P-4: 2 regular budget + 1 extrabudgetary)
#     e (5 posts on the unit itself)
#   c (shared)
BEFORE = {
    "units": [unit("a"), unit("b", "a"), unit("d", "b"), unit("e", "b", posts=5), unit("c", "a", shared=True)],
    "lines": [
        {"from": "b", "to": "c", "type": "serves"},
        {"from": "d", "to": "c", "type": "also_reports_to"},
    ],
    "figures": [
        posts("b", 10),
        posts("b", 4, grade="P-4"),
        posts("b", 6, grade="P-3"),
        posts("d", 2, grade="P-4", fund="RB"),
        posts("d", 1, grade="P-4", fund="XB"),
        {"unit": "b", "measure": "filled posts", "value": 7, "approximation": "", "breakdown": {}},
    ],
}
# a gains g; b gains f; no posts stated, no lines.
AFTER = {
    "units": [
        unit("a"),
        unit("b", "a"),
        unit("d", "b"),
        unit("e", "b"),
        unit("f", "b"),
        unit("c", "a"),
        unit("g", "a"),
    ],
    "lines": [],
    "figures": [],
}


def test_impact_counts_units_and_links_every_unit_it_counts():
    row = impact_summary(BEFORE, AFTER).row("units")
    assert (row.before.value, row.after.value, row.difference) == (5, 7, 2)
    assert row.after.keys == ("a", "b", "d", "e", "f", "c", "g")


def test_impact_counts_layers_and_links_the_deepest_units():
    row = impact_summary(BEFORE, AFTER).row("layers")
    assert (row.before.value, row.after.value, row.difference) == (3, 3, 0)
    assert row.before.keys == ("d", "e")


def test_impact_gives_mean_and_largest_span_of_control_with_the_unit_that_has_it():
    summary = impact_summary(BEFORE, AFTER)
    mean, largest = summary.row("span_mean"), summary.row("span_max")
    assert (mean.before.value, mean.after.value, mean.difference) == (2, 3, 1)
    assert mean.before.keys == ("a", "b")
    assert (largest.after.value, largest.after.keys) == (3, ("a",))  # a and b both have 3: the first in tree order


def test_impact_rounds_a_fractional_mean_span_to_one_decimal():
    tree = {"units": [unit("a"), unit("b", "a"), unit("c", "a"), unit("d", "b")], "lines": [], "figures": []}
    assert impact_summary(tree, tree).row("span_mean").before.value == 1.5


def test_impact_counts_shared_units_and_secondary_lines_by_type():
    summary = impact_summary(BEFORE, AFTER)
    shared = summary.row("shared_units")
    assert (shared.before.value, shared.before.keys, shared.after.value, shared.difference) == (1, ("c",), 0, -1)
    assert (summary.row("lines").before.value, summary.row("lines").difference) == (2, -2)
    serves = summary.row("lines_by_type", "serves")
    assert (serves.before.value, serves.before.keys, serves.after.value) == (1, ("b", "c"), 0)
    assert summary.row("lines_by_type", "also_reports_to").before.keys == ("d", "c")


def test_impact_adds_posts_by_grade_without_counting_a_total_and_its_parts_twice():
    summary = impact_summary(BEFORE, AFTER)
    total = summary.row("posts")
    # b: its stated total (10), not 10 + 4 + 6; d: both fund parts of P-4; e: the unit's own count.
    assert (total.before.value, total.before.keys) == (18, ("b", "d", "e"))
    p4 = summary.row("posts_by_grade", "P-4")
    assert (p4.before.value, p4.before.keys) == (7, ("b", "d"))
    assert summary.row("posts_by_grade", "P-3").before.value == 6


def test_impact_shows_posts_a_side_does_not_state_as_not_stated_never_zero():
    summary = impact_summary(BEFORE, AFTER)
    assert summary.row("posts").after.value is None
    assert summary.row("posts_by_grade", "P-4").after.value is None
    assert summary.row("posts_by_grade", "P-4").difference is None


def test_impact_leaves_out_posts_when_neither_side_states_any():
    assert [r.metric for r in impact_summary(AFTER, AFTER).rows if r.metric.startswith("posts")] == []


def test_impact_lists_grades_in_staffing_table_order_then_other_grades():
    tree = {
        "units": [unit("a")],
        "lines": [],
        "figures": [posts("a", 1, grade="GS(OL)"), posts("a", 1, grade="X-9"), posts("a", 1, grade="D-1")],
    }
    grades = [r.detail for r in impact_summary(tree, tree).rows if r.metric == "posts_by_grade"]
    assert grades == ["D-1", "GS(OL)", "X-9"]


def test_impact_marks_a_hedged_post_count_as_approximate():
    tree = {"units": [unit("a")], "lines": [], "figures": [posts("a", 100, "more_than")]}
    row = impact_summary(tree, AFTER).row("posts")
    assert (row.before.value, row.before.approximate) == (100, True)


def test_impact_lists_changed_and_undescribed_units_on_each_side_without_a_difference():
    sides = {"before": {"a": "unchanged", "b": "renamed", "c": "not_described"}, "after": {"g": "created"}}
    summary = impact_summary(BEFORE, AFTER, sides)
    changed = summary.row("changed_units")
    assert (changed.before.keys, changed.after.keys, changed.difference) == (("b",), ("g",), None)
    assert summary.row("not_described_units").before.keys == ("c",)


def test_impact_of_an_empty_tree_has_no_span_of_control():
    empty = {"units": [], "lines": [], "figures": []}
    summary = impact_summary(empty, AFTER)
    assert (summary.row("units").before.value, summary.row("layers").before.value) == (0, 0)
    assert summary.row("span_mean").before.value is None
    assert summary.row("span_mean").difference is None


def test_impact_summary_serializes_to_json_ready_rows():
    data = impact_summary(BEFORE, AFTER).as_dict()
    units = next(r for r in data["rows"] if r["metric"] == "units")
    assert units == {
        "metric": "units",
        "detail": "",
        "before": {"value": 5, "keys": ["a", "b", "d", "e", "c"], "approximate": False},
        "after": {"value": 7, "keys": ["a", "b", "d", "e", "f", "c", "g"], "approximate": False},
        "difference": 2,
    }


def test_impact_of_the_2017_reform_counts_every_unit_and_both_new_departments(dataset):
    before = Snapshot.objects.get(key=BEFORE_2017)
    after = Snapshot.objects.get(key=AFTER_2017)
    summary = selectors.impact_of_comparison(selectors.compare_snapshots(before=before, after=after))
    units = summary.row("units")
    assert units.before.value == Unit.objects.filter(snapshot=before).count()
    assert units.after.value == Unit.objects.filter(snapshot=after).count()
    assert units.difference == units.after.value - units.before.value
    assert {"dppa", "dpo"} <= set(units.after.keys)
    assert {"dpa", "dpko"} <= set(units.before.keys)
    assert {"dppa", "dpo"} <= set(summary.row("changed_units").after.keys)
    assert summary.row("shared_units").after.keys == ("regional-political-operational-structure",)


def test_compare_page_shows_the_impact_summary_linked_to_the_units(client, dataset):
    html = client.get(
        "/en/compare/?before=peace-security-2017-before&after=peace-security-2017-proposed"
    ).content.decode()
    impact = html[html.index('class="impact"') :]
    assert "Span of control (mean)" in impact
    assert 'data-metric="units"' in impact


def test_a_large_comparison_lists_a_hundred_units_per_figure_and_counts_the_rest(client, db, tmp_path):
    call_command("generate_dataset", size=1000, seed=3, out=tmp_path, stdout=None)
    services.load_dataset(files=read_dataset([tmp_path / "SYNTHETIC-1000.toml"]))
    before, after = snapshot_key(1000, 0), snapshot_key(1000, 1)
    html = client.get(f"/en/compare/?before={before}&after={after}").content.decode()
    units_row = html.split('data-metric="units"')[1].split("</tr>")[0]
    before_cell = units_row.split('data-side="before"')[1].split("</td>")[0]
    counted = len(before_cell.split('data-keys="')[1].split('"')[0].split())
    assert counted == Snapshot.objects.get(key=before).units.count() > IMPACT_LINKS_LISTED
    assert before_cell.count("<li><a ") == IMPACT_LINKS_LISTED
    assert f"{counted:,} units counted" in before_cell or f"{counted} units counted" in before_cell
    assert f"and {counted - IMPACT_LINKS_LISTED} more units" in before_cell
