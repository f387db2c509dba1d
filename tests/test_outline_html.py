"""The outline (the chart as a nested list, shown with JS off) is the markup _unit.html gives, built in one pass."""

from __future__ import annotations

import html
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import engines
from django.utils import translation

from structures import selectors, services, views
from structures.importing import read_dataset
from structures.models import Snapshot
from structures.outline_html import Outline, render_outline, render_outline_within
from structures.synthetic import snapshot_key
from structures.tree import nest

from .conftest import AFTER_2017, BEFORE_2017, build_snapshot

# The outline as the templates rendered it before: _unit.html included once per unit, recursively.
REFERENCE = engines["django"].from_string('{% for node in nodes %}{% include "structures/_unit.html" %}{% endfor %}')


def _both(tree: dict, side: str, statuses: dict[str, str] | None, language: str) -> tuple[str, str]:
    with translation.override(language):
        rows = views._chart_rows(tree, statuses)
        chinese = language.startswith("zh")
        built = render_outline(rows, side=side, is_chinese=chinese)
        expected = REFERENCE.render({"nodes": nest(rows), "side": side, "is_chinese": chinese})
    return built, expected


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_real_snapshot_outline_is_the_template_markup(dataset, language):
    snapshots = list(Snapshot.objects.all())
    assert len(snapshots) >= 5
    pages = []
    for snapshot in snapshots:
        built, expected = _both(selectors.snapshot_tree(snapshot=snapshot), "chart", None, language)
        assert built == expected, snapshot.key
        pages.append(built)
    # Every optional part of a unit's box occurs somewhere, so each branch of the builder was compared.
    for part in ("box__other-name", "box__grade", "badge--shared", "badge--placement",
                 "box__figures", "box__note", "line-ref", "citation"):  # fmt: skip
        assert any(part in page for page in pages), part


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_compared_outlines_carry_the_same_statuses_as_the_template(dataset, language):
    before = Snapshot.objects.get(key=BEFORE_2017)
    after = Snapshot.objects.get(key=AFTER_2017)
    result = selectors.compare_snapshots(before=before, after=after)
    for side in ("before", "after"):
        built, expected = _both(result["trees"][side], side, result["sides"][side], language)
        assert 'data-status="' in built
        assert built == expected


def test_a_synthetic_organization_outline_is_the_template_markup(db, tmp_path):
    call_command("generate_dataset", size=1000, seed=3, out=tmp_path, stdout=None)
    services.load_dataset(files=read_dataset([tmp_path / "SYNTHETIC-1000.toml"]))
    before = Snapshot.objects.get(key=snapshot_key(1000, 0))
    after = Snapshot.objects.get(key=snapshot_key(1000, 1))
    result = selectors.compare_snapshots(before=before, after=after)
    for language in ("en", "zh-hans"):
        built, expected = _both(result["trees"]["after"], "after", result["sides"]["after"], language)
        assert built.count("<li ") >= 1000
        assert "box__posts" in built  # the real dataset states no posts; these units do
        assert built == expected


def test_markup_in_a_name_stays_text_in_the_outline(db):
    payload = "<b>&\"x'</b>"
    snapshot = build_snapshot(f"top Top\n  evil {payload}", key="markup")
    built, expected = _both(selectors.snapshot_tree(snapshot=snapshot), "chart", None, "en")
    assert "&lt;b&gt;&amp;&quot;x&#x27;&lt;/b&gt;" in built
    assert payload not in built
    assert built == expected


def test_a_unit_whose_parent_is_outside_the_rows_is_a_top_as_in_nest():
    unit = {
        "key": "orphan", "parent": "gone", "parent_unknown": False, "level": 1, "name_en": "Orphan", "name_zh": "",
        "aliases": [], "kind": "", "head": "", "head_zh": "", "grade": "", "posts": 2, "shared": True,
        "note_en": "", "note_zh": "", "pinyin": [], "citations": [],
    }  # fmt: skip
    tree = {"units": [unit], "lines": [], "figures": []}
    built, expected = _both(tree, "chart", None, "en")
    assert built.startswith('<li class="unit unit--shared" data-key="orphan">')
    assert built == expected


# ---------- A large outline is listed down to a budget; the rest is held back, whole, by unit ----------


def _synthetic_rows(tmp_path) -> list[dict]:
    call_command("generate_dataset", size=1000, seed=3, out=tmp_path, stdout=None)
    services.load_dataset(files=read_dataset([tmp_path / "SYNTHETIC-1000.toml"]))
    tree = selectors.snapshot_tree(snapshot=Snapshot.objects.get(key=snapshot_key(1000, 0)))
    with translation.override("en"):
        return views._chart_rows(tree)


def _restored(outline: Outline) -> str:
    """Put every held-back part back in place of the link that stands for it."""
    html = str(outline.html)
    pattern = re.compile(
        r'<ul data-outline-rest="([^"]+)"><li class="outline-rest"><a href="[^"]*">[^<]*</a></li></ul>'
    )
    while match := pattern.search(html):
        html = html[: match.start()] + f"<ul>{outline.parts[match.group(1)]}</ul>" + html[match.end() :]
    return html


def test_a_large_outline_lists_whole_levels_within_the_budget_and_holds_back_the_rest(db, tmp_path):
    rows = _synthetic_rows(tmp_path)
    with translation.override("en"):
        whole = render_outline(rows, side="chart", is_chinese=False)
        outline = render_outline_within(rows, side="chart", is_chinese=False, budget=200)
    listed = re.findall(r'<li class="unit[^"]*" data-key="([^"]+)"', outline.html)
    assert 0 < len(listed) <= 200
    depth_of = {}
    for row in rows:
        depth_of[row["key"]] = depth_of.get(row["parent"], 0) + 1
    deepest = max(depth_of[key] for key in listed)
    assert {key for key, depth in depth_of.items() if depth <= deepest} == set(listed), "whole levels, no gaps"
    assert outline.parts
    assert all(depth_of[key] == deepest for key in outline.parts)
    assert _restored(outline) == whole, "the parts put back are the whole outline, byte for byte"
    assert 'href="?open=' in outline.html
    assert "units below</a>" in outline.html


def test_opening_a_deep_unit_lists_the_way_to_it_and_its_children(db, tmp_path):
    rows = _synthetic_rows(tmp_path)
    parent_of = {row["key"]: row["parent"] for row in rows}
    parents = {row["parent"] for row in rows}
    deep = max((row for row in rows if row["key"] in parents), key=lambda row: len(_ancestors(row["key"], parent_of)))
    child = next(row["key"] for row in rows if row["parent"] == deep["key"])
    with translation.override("en"):
        outline = render_outline_within(
            rows, side="chart", is_chinese=False, budget=50, open_key=deep["key"], rest_url="?a=1&open={key}"
        )
    for key in [*_ancestors(deep["key"], parent_of), deep["key"], child]:
        assert f'data-key="{key}"' in outline.html
    assert 'href="?a=1&amp;open=' in outline.html
    with translation.override("en"):
        assert _restored(outline) == render_outline(rows, side="chart", is_chinese=False)


def _ancestors(key: str, parent_of: dict) -> list[str]:
    found = []
    while parent_of.get(key):
        key = parent_of[key]
        found.append(key)
    return found


def test_a_small_outline_is_listed_whole(dataset):
    tree = selectors.snapshot_tree(snapshot=Snapshot.objects.get(key=AFTER_2017))
    with translation.override("en"):
        rows = views._chart_rows(tree)
        outline = render_outline_within(rows, side="chart", is_chinese=False, budget=settings.ORGCHART_OUTLINE_BUDGET)
        assert outline.parts == {}
        assert outline.html == render_outline(rows, side="chart", is_chinese=False)


def test_a_chart_page_answers_its_held_back_parts_as_json_and_names_a_bad_side(client, dataset, settings):
    settings.ORGCHART_OUTLINE_BUDGET = 8
    page = client.get(f"/en/snapshots/{AFTER_2017}/").content.decode()
    url = re.search(r'data-parts-url="([^"]+)"', page).group(1).replace("&amp;", "&")
    parts = client.get(url).json()
    held_back = re.findall(r'<ul data-outline-rest="([^"]+)">', page)
    assert held_back
    assert sorted(parts) == sorted(held_back)
    assert all('<li class="unit' in html for html in parts.values())
    response = client.get(f"/en/snapshots/{AFTER_2017}/?parts=sideways")
    assert response.status_code == 400
    assert 'Query parameter "parts" is "sideways"; expected one of: chart.' in html.unescape(response.content.decode())
