"""A whole tree as the API builds it (the database writing the units on SQLite, chart_sql; Python passing their stored
JSON through on PostgreSQL) holds the units snapshot_tree reads, exactly:
same values, same key order, units in tree order and citations in their stored order, on SQLite and PostgreSQL."""

from __future__ import annotations

import orjson
import pytest

from structures import selectors, services
from structures.models import Citation, Reform, SecondaryLine, Snapshot, SourceDocument, Unit
from tests.conftest import build_snapshot

pytestmark = pytest.mark.django_db


def both_ways(snapshot: Snapshot) -> tuple[dict, dict]:
    """Return the tree as Python reads it and as the API sends it, each as JSON parsed back."""
    python = orjson.loads(orjson.dumps(selectors.snapshot_tree(snapshot=snapshot)))
    database = orjson.loads(orjson.dumps(selectors.snapshot_tree_rendered(snapshot=snapshot)))
    return python, database


def test_every_snapshot_of_the_dataset_reads_the_same_either_way(dataset):
    snapshots = list(Snapshot.objects.all())
    assert len(snapshots) >= 5
    for snapshot in snapshots:
        python, database = both_ways(snapshot)
        assert database == python, snapshot.key
        # The same keys in the same order, so embedding sites see one shape whichever path answered.
        assert [list(unit) for unit in database["units"]] == [list(unit) for unit in python["units"]]


def test_units_come_in_tree_order_after_moves_and_citations_in_their_order():
    snapshot = build_snapshot("a Alpha\n  b Beta\n  c Gamma\nd Delta")
    units = {unit.key: unit for unit in Unit.objects.filter(snapshot=snapshot)}
    # Move the first-made units last, so the order of rows on disk is not the tree's order.
    services.move_unit(unit=units["a"], new_parent=units["d"])
    services.move_unit(unit=units["b"], sibling=units["c"], position="right")
    later, earlier = (
        SourceDocument.objects.create(symbol=symbol, symbol_source="printed", title_en=symbol, title_zh=symbol)
        for symbol in ("A/2", "A/1")
    )
    Citation.objects.create(unit=units["c"], document=later, paragraph="9", position=2)
    Citation.objects.create(unit=units["c"], document=earlier, paragraph="3", position=1)
    Citation.objects.create(unit=units["c"], document=later, paragraph="1", position=2)
    services.update_unit(
        unit=units["d"],
        name_en='Quotes " back\\slash\nnew line \t tab',
        name_zh="维持和平行动部 😀",
        aliases=["DPKO", "维和部"],
        head_en="Under-Secretary-General",
        grade="USG",
        posts=12,
        shared=True,
        parent_unknown=True,
    )

    python, database = both_ways(snapshot)

    assert database == python
    order = list(Unit.objects.filter(snapshot=snapshot).order_by("tree_id", "lft").values_list("key", flat=True))
    assert [unit["key"] for unit in database["units"]] == order == ["d", "a", "c", "b"]
    cited = next(unit for unit in database["units"] if unit["key"] == "c")["citations"]
    assert [(c["document"], c["paragraph"]) for c in cited] == [("A/1", "3"), ("A/2", "9"), ("A/2", "1")]
    assert cited[0]["url"] == "https://undocs.org/en/A/1"
    assert cited[0]["url_zh"] == "https://undocs.org/zh/A/1"
    delta = database["units"][0]
    assert delta["name_en"] == 'Quotes " back\\slash\nnew line \t tab'
    assert delta["name_zh"] == "维持和平行动部 😀"
    assert (delta["aliases"], delta["posts"], delta["shared"], delta["parent_unknown"]) == (
        ["DPKO", "维和部"],
        12,
        True,
        True,
    )
    assert (database["units"][1]["shared"], database["units"][1]["parent_unknown"], database["units"][1]["posts"]) == (
        False,
        False,
        None,
    )


def test_an_empty_snapshot_has_no_units_either_way():
    snapshot = build_snapshot("")
    python, database = both_ways(snapshot)
    assert database == python
    assert database["units"] == []


def test_the_tree_api_sends_the_units_the_database_wrote(client, dataset):
    snapshot = Snapshot.objects.filter(status="published").order_by("key").last()
    body = client.get(f"/api/snapshots/{snapshot.key}/tree/").json()
    assert body == orjson.loads(orjson.dumps(selectors.snapshot_tree(snapshot=snapshot)))


def test_a_comparison_without_trees_finds_what_the_one_with_trees_finds(dataset):
    """The compare API reads only the compared fields; every reform of the dataset must diff the same."""
    reforms = list(Reform.objects.select_related("before", "after"))
    assert len(reforms) >= 4
    for reform in reforms:
        with_trees = selectors.compare_snapshots(before=reform.before, after=reform.after)
        lean = selectors.compare_snapshots(before=reform.before, after=reform.after, with_trees=False)
        assert with_trees.pop("trees")
        assert lean == with_trees, reform.key
        assert lean["changes"], reform.key


def test_units_read_for_the_diff_keep_tree_order_and_citation_order():
    before = build_snapshot("a Alpha\n  b Beta\nc Gamma", key="before")
    after = build_snapshot("c Gamma\n  a Alpha\n  b Beta", key="after")
    units = {unit.key: unit for unit in Unit.objects.filter(snapshot=after)}
    services.move_unit(unit=units["b"], new_parent=units["a"])
    one, two = (
        SourceDocument.objects.create(symbol=symbol, symbol_source="printed", title_en=symbol, title_zh=symbol)
        for symbol in ("A/1", "A/2")
    )
    Citation.objects.create(unit=units["b"], document=two, paragraph="4", position=1)
    Citation.objects.create(unit=units["b"], document=one, paragraph="7", position=0)

    rows_before, rows_after = selectors.unit_rows_for_diff(before, after)

    assert [row.key for row in rows_before] == ["a", "b", "c"]
    assert [(row.key, row.parent) for row in rows_after] == [("c", None), ("a", "c"), ("b", "a")]
    assert rows_after[2].citations == (("A/1", "7"), ("A/2", "4"))
    assert rows_after[0].citations == ()


def test_a_snapshot_is_found_with_its_organization_and_document_in_one_query(
    dataset, django_assert_num_queries, admin_user
):
    published = Snapshot.objects.select_related("organization", "document").filter(status="published").first()
    draft = build_snapshot("a Alpha", key="a-draft")
    with django_assert_num_queries(1):
        found = selectors.get_snapshot(key=published.key, user=None)
        assert (found.pk, found.organization.key, found.document.symbol) == (
            published.pk,
            published.organization.key,
            published.document.symbol,
        )
    assert found.date == published.date
    assert found.status == published.status
    assert selectors.get_snapshot(key=draft.key, user=None) is None
    assert selectors.get_snapshot(key=draft.key, user=admin_user).pk == draft.pk
    assert selectors.get_snapshot(key="no-such-snapshot", user=admin_user) is None


def test_lines_come_in_their_order_with_their_citations_in_order_however_they_were_stored():
    """PostgreSQL returns a chart's lines unsorted (only its units are sorted in the statement); the reader sorts."""
    snapshot = build_snapshot("a Alpha\n  b Beta\n  c Gamma")
    units = {unit.key: unit for unit in Unit.objects.filter(snapshot=snapshot)}
    document = SourceDocument.objects.create(symbol="A/1", symbol_source="printed", title_en="A/1", title_zh="A/1")
    # Made last-first, so neither the order of ids nor the order on disk is the lines' order.
    for position, (source, target) in reversed(list(enumerate([("b", "c"), ("c", "b"), ("a", "c")]))):
        line = SecondaryLine.objects.create(
            snapshot=snapshot, from_unit=units[source], to_unit=units[target], type="serves", position=position
        )
        for paragraph, at in (("9", 2), ("1", 0), ("5", 1)):
            Citation.objects.create(line=line, document=document, paragraph=f"{position}.{paragraph}", position=at)

    for tree in both_ways(snapshot):
        assert [(line["from"], line["to"]) for line in tree["lines"]] == [("b", "c"), ("c", "b"), ("a", "c")]
        for position, line in enumerate(tree["lines"]):
            assert [c["paragraph"] for c in line["citations"]] == [f"{position}.1", f"{position}.5", f"{position}.9"]
