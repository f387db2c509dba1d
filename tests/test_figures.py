"""Stated figures: totals agree with their parts, in the shipped data and in the pure check."""

from decimal import Decimal

from structures.figures import FigureRow, mismatched_totals
from structures.models import Figure


def row(value, **breakdown):
    return FigureRow("s", "dss", "posts", Decimal(value), breakdown)


def test_parts_that_add_up_pass():
    assert mismatched_totals([row(10), row(4, grade="P-4"), row(6, grade="P-3")]) == []


def test_parts_that_do_not_add_up_are_named():
    problems = mismatched_totals([row(10), row(4, grade="P-4"), row(5, grade="P-3")])
    assert problems == ["s/dss posts {}: total 10 but its parts by grade add up to 9"]


def test_nested_totals_are_checked_at_every_level():
    figures = [
        row(10),
        row(7, location="headquarters"),
        row(3, location="field"),
        row(4, location="headquarters", grade="P-4"),
        row(2, location="headquarters", grade="P-3"),
    ]
    assert mismatched_totals(figures) == [
        "s/dss posts {'location': 'headquarters'}: total 7 but its parts by grade add up to 6"
    ]


def test_figures_of_other_units_or_measures_are_not_mixed():
    other = FigureRow("s", "dpko", "posts", Decimal(99), {"grade": "P-4"})
    assert mismatched_totals([row(10), other]) == []


def test_every_total_in_the_dataset_agrees_with_its_parts(dataset):
    rows = [
        FigureRow(f.snapshot.key, f.unit.key if f.unit else None, f.measure, f.value, f.breakdown)
        for f in Figure.objects.select_related("snapshot", "unit")
    ]
    assert mismatched_totals(rows) == []
