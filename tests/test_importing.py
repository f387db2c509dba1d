"""Dataset files are validated whole: a bad file is refused by name and nothing is written."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from structures import errors, services
from structures.importing import parse_file
from structures.models import Snapshot, Unit
from structures.tree import nested_set_problems

from .conftest import AFTER_2017, BEFORE_2017, dump_database, load_real_dataset

VALID = """
[document]
symbol = "TEST/2"
symbol_source = "printed"
title_en = "Test document"
title_zh = "测试文件"
date = "2020-01-31"
date_source = "printed"

[organization]
key = "test-org"
name_en = "Test organization"
name_zh = "测试组织"

[[snapshots]]
key = "t-before"
label_en = "Before"
label_zh = "之前"
date = "2020-01-01"
stage = "existing"
status = "published"
completeness = "complete"
cite = ["1"]

[[snapshots.units]]
key = "top"
name_en = "Top"
name_zh = "顶"
kind = "department"
cite = ["1"]

[[snapshots.units]]
key = "child"
parent = "top"
name_en = "Child"
name_zh = "子"
kind = "office"
cite = ["2"]

[[snapshots]]
key = "t-after"
label_en = "After"
label_zh = "之后"
date = "unknown"
stage = "proposed"
status = "published"
completeness = "complete"
cite = ["3"]

[[snapshots.units]]
key = "top"
name_en = "Top"
name_zh = "顶"
kind = "department"
cite = ["3"]

[[reforms]]
key = "t-reform"
name_en = "Reform"
name_zh = "改革"
before = "t-before"
after = "t-after"
cite = ["3"]

[[reforms.successions]]
type = "abolished"
from = ["child"]
to = []
summary_en = "Child goes."
cite = ["3"]
"""


def load_text(text: str | bytes, name: str = "test.toml") -> dict[str, int]:
    problems: list[str] = []
    raw = text.encode() if isinstance(text, str) else text
    parsed = parse_file(name, raw, problems)
    if problems:
        raise errors.DatasetError(problems)
    return services.load_dataset(files=[parsed])


def refused(text: str | bytes) -> str:
    """Load `text` over the real dataset; assert it is refused and nothing changed; return the message."""
    load_real_dataset()
    before = dump_database()
    with pytest.raises(errors.DatasetError) as caught:
        load_text(text)
    assert dump_database() == before
    return str(caught.value)


def test_valid_file_loads(db):
    counts = load_text(VALID)
    assert counts["units"] == 3
    assert Snapshot.objects.get(key="t-after").date is None


def test_loading_twice_gives_the_same_database(db):
    load_real_dataset()
    first = dump_database()
    load_real_dataset()
    assert dump_database() == first


def test_loaded_trees_are_valid_mptt_trees(dataset):
    for snapshot in Snapshot.objects.all():
        rows = Unit.objects.filter(snapshot=snapshot).order_by("tree_id", "lft")
        stored = rows.values_list("key", "parent__key", "tree_id", "lft", "rght", "level")
        assert nested_set_problems(stored) == [], snapshot.key


def test_unknown_parent_is_refused(db):
    message = refused(VALID.replace('parent = "top"', 'parent = "nowhere"'))
    assert 'test.toml: snapshot "t-before" unit "child": unknown parent "nowhere"' in message


def test_duplicate_key_is_refused(db):
    message = refused(VALID.replace('key = "child"', 'key = "top"'))
    assert 'test.toml: snapshot "t-before" unit "top": duplicate key "top"' in message


def test_cycle_is_refused(db):
    looped = VALID.replace(
        'key = "top"\nname_en = "Top"\nname_zh = "顶"\nkind = "department"\ncite = ["1"]',
        'key = "top"\nparent = "child"\nname_en = "Top"\nname_zh = "顶"\nkind = "department"\ncite = ["1"]',
    )
    assert looped != VALID
    message = refused(looped)
    assert 'test.toml: snapshot "t-before" unit' in message
    assert "parent chain loops back to itself" in message
    assert "top" in message
    assert "child" in message


def test_succession_naming_a_missing_unit_is_refused(db):
    message = refused(VALID.replace('from = ["child"]', 'from = ["ghost"]'))
    assert 'test.toml: reform "t-reform" succession #1 (abolished: ghost -> ): ' in message
    assert 'names unit "ghost", which snapshot "t-before" does not have' in message


def test_entry_without_citation_is_refused(db):
    message = refused(VALID.replace('kind = "office"\ncite = ["2"]', 'kind = "office"'))
    assert 'test.toml: snapshot "t-before" unit "child": has no citation' in message


def test_empty_citation_list_is_refused(db):
    message = refused(VALID.replace('cite = ["2"]', "cite = []"))
    assert 'unit "child": has no citation' in message


def test_citation_of_an_unknown_document_is_refused(db):
    message = refused(VALID.replace('cite = ["2"]', 'cite = ["X/99#4"]'))
    assert 'unit "child": citation "X/99#4" names unknown document "X/99"' in message


def test_unknown_field_and_bad_choice_are_refused(db):
    message = refused(VALID.replace('kind = "office"', 'kind = "bureau"\ncolour = "red"'))
    assert 'unit "child": field "kind" is \'bureau\'' in message
    assert 'unit "child": unknown field "colour"' in message


def test_malformed_toml_is_refused(db):
    message = refused(VALID + "\n[[snapshots.units]\n")
    assert "test.toml: file: not a valid dataset file" in message


def test_file_that_is_not_utf8_is_refused(db):
    message = refused(VALID.encode("utf-16"))
    assert "test.toml: file: not UTF-8 text" in message


def test_every_problem_is_reported_at_once(db):
    broken = VALID.replace('parent = "top"', 'parent = "nowhere"').replace('from = ["child"]', 'from = ["ghost"]')
    message = refused(broken)
    assert "unknown parent" in message
    assert 'names unit "ghost"' in message


def test_load_command_reports_problems_and_loads_nothing(db, tmp_path):
    load_real_dataset()
    before = dump_database()
    bad = tmp_path / "bad.toml"
    bad.write_text(VALID.replace('parent = "top"', 'parent = "nowhere"'), encoding="utf-8")
    with pytest.raises(CommandError, match=r'bad.toml: snapshot "t-before" unit "child": unknown parent "nowhere"'):
        call_command("load_dataset", str(bad))
    assert dump_database() == before


def test_reloading_replaces_what_a_document_held(db):
    load_text(VALID)
    load_text(VALID.replace('name_en = "Child"', 'name_en = "Renamed child"'))
    assert Unit.objects.get(snapshot__key="t-before", key="child").name_en == "Renamed child"
    assert Unit.objects.filter(snapshot__key="t-before").count() == 2


def test_real_dataset_holds_the_2017_snapshots(dataset):
    assert set(Snapshot.objects.values_list("key", flat=True)) >= {BEFORE_2017, AFTER_2017}


FIGURES = VALID.replace(
    '[[snapshots]]\nkey = "t-after"',
    """[[snapshots.figures]]
unit = "child"
measure = "posts"
value = 5
label_en = "Posts"
label_zh = "员额"
cite = ["2"]

[[snapshots.figures]]
unit = "child"
measure = "posts"
value = 3
breakdown = { grade = "P-4" }
cite = ["2"]

[[snapshots.figures]]
measure = "posts"
value = 40
label_en = "Posts in the whole structure"
cite = ["1"]

[[snapshots]]
key = "t-after\"""",
)


def test_figures_load_with_their_citations_and_show_in_the_api_and_chart(db, client):
    assert FIGURES != VALID
    assert load_text(FIGURES)["figures"] == 3
    figures = client.get("/api/snapshots/t-before/tree/").json()["figures"]
    assert [(f["unit"], f["value"], f["breakdown"]) for f in figures] == [
        ("child", 5, {}),
        ("child", 3, {"grade": "P-4"}),
        (None, 40, {}),
    ]
    assert figures[0]["citations"][0]["paragraph"] == "2"
    html = client.get("/en/snapshots/t-before/").content.decode()
    assert "Posts: 5" in html
    assert "posts (P-4): 3" in html
    assert "Posts in the whole structure: 40" in html


def test_figure_of_an_unknown_unit_is_refused(db):
    message = refused(
        FIGURES.replace('unit = "child"\nmeasure = "posts"\nvalue = 5', 'unit = "ghost"\nmeasure = "posts"\nvalue = 5')
    )
    assert 'test.toml: snapshot "t-before" figure #1: names unit "ghost"' in message
