"""The outline (the chart as a nested list, shown with JS off) is the markup _unit.html gives, built in one pass."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.template import engines
from django.utils import translation

from structures import selectors, services, views
from structures.importing import read_dataset
from structures.models import Snapshot
from structures.outline_html import render_outline
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
