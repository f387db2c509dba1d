"""The viewer's pure modules (tree, layout, diff, permalink, export), imported in real Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from .conftest import module_page_with, run_module_code

pytestmark = pytest.mark.browser

# A page-side helper: rows from a compact {key: parent} object, and a check that no two boxes overlap.
HELPERS = """
  window.rows = (spec) => Object.entries(spec).map(([key, parent]) => ({ key, parent, name_en: key }));
  window.overlaps = (list) => {
    const hits = [];
    for (let i = 0; i < list.length; i += 1) for (let j = i + 1; j < list.length; j += 1) {
      const a = list[i], b = list[j];
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) hits.push([a.key, b.key]);
    }
    return hits;
  };
"""


@pytest.fixture
def module_page(browser: Browser, live_server, transactional_db) -> Iterator[Page]:
    yield from module_page_with(browser, live_server.url, HELPERS)


run = run_module_code


def test_tree_builds_the_hierarchy_paths_depths_and_visible_nodes(module_page):
    result = run(
        module_page,
        """
        const t = await import('/static/viewer/tree.js');
        const tree = t.buildTree(rows({ a: null, b: 'a', c: 'a', d: 'b', e: 'd' }));
        return {
          roots: tree.roots.map((n) => n.key),
          path: t.pathTo(tree, 'e'),
          ancestors: t.ancestorsOf(tree, 'e'),
          depth: t.depthOf(tree, 'e'),
          visible: t.visibleNodes(tree, new Set(['a'])).map((n) => n.key),
          level2: [...t.expandedToLevel(tree, 2)],
          levels: t.levelCount(tree),
        };
        """,
    )
    assert result == {
        "roots": ["a"],
        "path": ["a", "b", "d", "e"],
        "ancestors": ["d", "b", "a"],
        "depth": 3,
        "visible": ["a", "b", "c"],
        "level2": ["a"],
        "levels": 4,
    }


def test_tree_refuses_a_missing_parent_a_duplicate_key_and_a_cycle(module_page):
    errors = run(
        module_page,
        """
        const t = await import('/static/viewer/tree.js');
        const fails = (spec) => { try { t.buildTree(spec); return null; } catch (e) { return e.message; } };
        return [
          fails(rows({ a: null, b: 'zz' })),
          fails([{ key: 'a', parent: null }, { key: 'a', parent: null }]),
          fails(rows({ r: null, a: 'b', b: 'a' })),
        ];
        """,
    )
    assert errors[0] == "missing: zz"
    assert errors[1] == "duplicate: a"
    assert errors[2].startswith("cycle: ")


def test_layout_puts_children_below_their_parent_side_by_side_and_centres_the_parent(module_page):
    result = run(
        module_page,
        """
        const t = await import('/static/viewer/tree.js');
        const l = await import('/static/viewer/layout.js');
        const tree = t.buildTree(rows({ r: null, a: 'r', b: 'r', c: 'r', a1: 'a', a2: 'a', c1: 'c' }));
        const layout = l.layoutTree(tree, t.branchKeys(tree));
        const box = (k) => layout.boxes.get(k);
        const centre = (k) => box(k).x + box(k).w / 2;
        return {
          below: ['a', 'b', 'c'].every((k) => box(k).y >= box('r').y + box('r').h),
          sameLevel: box('a').y === box('b').y && box('b').y === box('c').y && box('a1').y === box('c1').y,
          order: box('a').x < box('b').x && box('b').x < box('c').x,
          parentCentred: Math.abs(centre('r') - (centre('a') + centre('c')) / 2) < 0.5,
          overlaps: overlaps(layout.list),
          links: layout.links.length,
          inside: layout.list.every(
            (b) => b.x >= 0 && b.y >= 0 && b.x + b.w <= layout.width && b.y + b.h <= layout.height),
        };
        """,
    )
    assert result == {
        "below": True,
        "sameLevel": True,
        "order": True,
        "parentCentred": True,
        "overlaps": [],
        "links": 6,
        "inside": True,
    }


def test_layout_left_to_right_puts_children_to_the_right_stacked_vertically(module_page):
    result = run(
        module_page,
        """
        const t = await import('/static/viewer/tree.js');
        const l = await import('/static/viewer/layout.js');
        const tree = t.buildTree(rows({ r: null, a: 'r', b: 'r', a1: 'a' }));
        const layout = l.layoutTree(tree, t.branchKeys(tree), { orientation: 'lr' });
        const box = (k) => layout.boxes.get(k);
        return {
          right: box('a').x >= box('r').x + box('r').w && box('a1').x >= box('a').x + box('a').w,
          column: box('a').x === box('b').x && box('b').y >= box('a').y + box('a').h,
          overlaps: overlaps(layout.list),
        };
        """,
    )
    assert result == {"right": True, "column": True, "overlaps": []}


def test_compact_mode_stacks_25_leaf_children_in_columns(module_page):
    result = run(
        module_page,
        """
        const t = await import('/static/viewer/tree.js');
        const l = await import('/static/viewer/layout.js');
        const spec = { r: null };
        for (let i = 0; i < 25; i += 1) spec[`c${i}`] = 'r';
        const tree = t.buildTree(rows(spec));
        const layout = l.layoutTree(tree, t.branchKeys(tree));
        const wide = l.layoutTree(tree, t.branchKeys(tree), { compactAt: 1000 });
        const kids = layout.list.filter((b) => b.key !== 'r');
        const root = layout.boxes.get('r');
        return {
          width: layout.width,
          wideWidth: wide.width,
          boxWidth: root.w,
          columns: new Set(kids.map((b) => b.x)).size,
          allBelow: kids.every((b) => b.y >= root.y + root.h),
          roles: [...new Set(kids.map((b) => b.role))],
          overlaps: overlaps(layout.list),
        };
        """,
    )
    assert result["wideWidth"] > 25 * result["boxWidth"]
    assert result["width"] < 6 * result["boxWidth"]
    assert 2 <= result["columns"] <= 6
    assert result["allBelow"] is True
    assert result["roles"] == ["compact"]
    assert result["overlaps"] == []


def test_a_wide_row_with_some_branches_stacks_its_leaves_and_keeps_the_branches_in_the_row(module_page):
    result = run(
        module_page,
        """
        const t = await import('/static/viewer/tree.js');
        const l = await import('/static/viewer/layout.js');
        const spec = { r: null };
        for (let i = 0; i < 25; i += 1) spec[`c${i}`] = 'r';
        for (const branch of ['c3', 'c11', 'c20']) for (let j = 0; j < 3; j += 1) spec[`${branch}-${j}`] = branch;
        const tree = t.buildTree(rows(spec));
        const layout = l.layoutTree(tree, t.branchKeys(tree));
        const wide = l.layoutTree(tree, t.branchKeys(tree), { compactAt: 1000 });
        const root = layout.boxes.get('r');
        const children = tree.byKey.get('r').children.map((n) => layout.boxes.get(n.key));
        const role = (key) => layout.boxes.get(key).role;
        const linked = new Set(layout.links.filter((link) => link.from === 'r').map((link) => link.to));
        return {
          width: layout.width,
          wideWidth: wide.width,
          boxWidth: root.w,
          branchRoles: ['c3', 'c11', 'c20'].map(role),
          leafRoles: [...new Set(children.filter((b) => !['c3', 'c11', 'c20'].includes(b.key)).map((b) => b.role))],
          leafColumns: new Set(children.filter((b) => b.role === 'compact').map((b) => b.x)).size,
          allBelow: children.every((b) => b.y >= root.y + root.h),
          everyChildLinked: children.every((b) => linked.has(b.key)),
          overlaps: overlaps(layout.list),
        };
        """,
    )
    assert result["wideWidth"] > 25 * result["boxWidth"]
    # The three branches keep their own width (three boxes each); the 22 leaves take a few columns.
    assert result["width"] < 16 * result["boxWidth"] < result["wideWidth"] / 1.5
    assert 2 <= result["leafColumns"] <= 5
    assert result["branchRoles"] == ["tree", "tree", "tree"]
    assert result["leafRoles"] == ["compact"]
    assert result["allBelow"] is True
    assert result["everyChildLinked"] is True
    assert result["overlaps"] == []


def test_a_shared_unit_is_placed_beside_the_stem_of_the_unit_it_serves(module_page):
    result = run(
        module_page,
        """
        const t = await import('/static/viewer/tree.js');
        const l = await import('/static/viewer/layout.js');
        const rowsWithStaff = rows({ r: null, s: 'r', a: 'r', b: 'r' })
          .map((u) => (u.key === 's' ? { ...u, shared: true } : u));
        const tree = t.buildTree(rowsWithStaff);
        const layout = l.layoutTree(tree, t.branchKeys(tree), { isStaff: (u) => l.isStaffUnit(u) });
        const box = (k) => layout.boxes.get(k);
        const stem = box('r').x + box('r').w / 2;
        return {
          role: box('s').role,
          between: box('s').y >= box('r').y + box('r').h && box('s').y + box('s').h <= box('a').y,
          besideStem: box('s').x >= stem || box('s').x + box('s').w <= stem,
          overlaps: overlaps(layout.list),
        };
        """,
    )
    assert result == {"role": "staff", "between": True, "besideStem": True, "overlaps": []}


def test_units_without_a_stated_place_stand_in_columns_not_one_long_row(module_page):
    result = run(
        module_page,
        """
        const t = await import('/static/viewer/tree.js');
        const l = await import('/static/viewer/layout.js');
        const spec = { r: null, a: 'r' };
        for (let i = 0; i < 16; i += 1) spec[`loose${i}`] = null;
        const tree = t.buildTree(rows(spec));
        const layout = l.layoutTree(tree, t.branchKeys(tree));
        return { width: layout.width, box: layout.boxes.get('r').w, overlaps: overlaps(layout.list) };
        """,
    )
    assert result["width"] < 8 * result["box"]
    assert result["overlaps"] == []


COMPARE = """
  const before = [{ key: 'top', parent: null }, { key: 'dpko', parent: 'top' }, { key: 'dpa', parent: 'top' },
                  { key: 'pbso', parent: 'top' }, { key: 'same', parent: 'top' }];
  const after = [{ key: 'top', parent: null }, { key: 'dpo', parent: 'top' }, { key: 'dppa', parent: 'top' },
                 { key: 'pbso', parent: 'dppa' }, { key: 'same', parent: 'top' }];
  const compare = {
    sides: {
      before: { top: 'unchanged', dpko: 'renamed', dpa: 'merged', pbso: 'merged', same: 'unchanged' },
      after: { top: 'unchanged', dpo: 'renamed', dppa: 'merged', pbso: 'moved', same: 'unchanged' },
    },
    changes: [{ type: 'renamed', from: ['dpko'], to: ['dpo'] },
              { type: 'merged', from: ['dpa', 'pbso'], to: ['dppa'] }],
  };
"""


def test_merged_view_is_the_union_with_statuses_and_succession_arrows(module_page):
    result = run(
        module_page,
        COMPARE
        + """
        const d = await import('/static/viewer/diff.js');
        const merged = d.mergeTrees(before, after, compare);
        const byKey = Object.fromEntries(merged.units.map((u) => [u.key, u]));
        return {
          keys: merged.units.map((u) => u.key).sort(),
          dpko: [byKey.dpko.presence, byKey.dpko.status],
          dpo: [byKey.dpo.presence, byKey.dpo.status],
          pbso: [byKey.pbso.presence, byKey.pbso.parent, byKey.pbso.status],
          arrows: merged.arrows.map((a) => `${a.from}>${a.to}:${a.type}`),
          changedOnly: d.changedOnly(merged.units).map((u) => u.key).sort(),
        };
        """,
    )
    assert result["keys"] == ["dpa", "dpko", "dpo", "dppa", "pbso", "same", "top"]
    assert result["dpko"] == ["before", "renamed"]
    assert result["dpo"] == ["after", "renamed"]
    assert result["pbso"] == ["both", "dppa", "moved"]
    assert result["arrows"] == ["dpko>dpo:renamed", "dpa>dppa:merged", "pbso>dppa:merged"]
    assert result["changedOnly"] == ["dpa", "dpko", "dpo", "dppa", "pbso", "top"]


def test_morph_plan_moves_successors_from_their_predecessors_and_fades_what_goes(module_page):
    result = run(
        module_page,
        COMPARE
        + """
        const d = await import('/static/viewer/diff.js');
        const t = await import('/static/viewer/tree.js');
        const l = await import('/static/viewer/layout.js');
        const lay = (units) => { const tree = t.buildTree(units); return l.layoutTree(tree, t.branchKeys(tree)); };
        const [b, a] = [lay(before), lay(after)];
        const plan = Object.fromEntries(d.morphPlan(b, a, d.successionArrows(compare)).map((s) => [s.key, s]));
        const at = (layout, key) => ({ x: layout.boxes.get(key).x, y: layout.boxes.get(key).y });
        return {
          dpoFrom: JSON.stringify(plan.dpo.from) === JSON.stringify(at(b, 'dpko')),
          dpoTo: JSON.stringify(plan.dpo.to) === JSON.stringify(at(a, 'dpo')),
          dpkoGoes: plan.dpko.to === null,
          sameStays: JSON.stringify(plan.same.from) === JSON.stringify(at(b, 'same')),
        };
        """,
    )
    assert result == {"dpoFrom": True, "dpoTo": True, "dpkoGoes": True, "sameStays": True}


def test_permalink_state_survives_a_round_trip_through_the_hash(module_page):
    result = run(
        module_page,
        """
        const p = await import('/static/viewer/permalink.js');
        const branches = new Set(['a', 'b', 'c', 'd']);
        const state = { mode: 'merged', unit: 'dpo', side: 'after', orientation: 'lr',
                        view: { x: 12.4, y: -30, k: 0.75 }, expanded: new Set(['a', 'b', 'c']), branches,
                        changedOnly: true };
        const hash = p.writeState(state);
        const back = p.readState('#' + hash, branches);
        return { hash, back: { ...back, expanded: [...back.expanded].sort() } };
        """,
    )
    assert result["hash"] == "m=merged&u=dpo&s=after&o=lr&v=12%2C-30%2C0.75&c=d&f=1"
    assert result["back"] == {
        "mode": "merged",
        "unit": "dpo",
        "side": "after",
        "orientation": "lr",
        "view": {"x": 12, "y": -30, "k": 0.75},
        "expanded": ["a", "b", "c"],
        "changedOnly": True,
    }


def test_svg_export_holds_every_name_as_text_chinese_included_and_escapes_markup(module_page):
    svg = run(
        module_page,
        """
        const t = await import('/static/viewer/tree.js');
        const l = await import('/static/viewer/layout.js');
        const e = await import('/static/viewer/export.js');
        const units = [{ key: 'r', parent: null, name: '维持和平行动部' },
                       { key: 'a', parent: 'r', name: '<b>A & B</b>' }];
        const tree = t.buildTree(units);
        const layout = l.layoutTree(tree, t.branchKeys(tree));
        const byKey = new Map(units.map((u) => [u.key, u]));
        return e.chartSvg({ layout, units: byKey, text: (u) => ({ name: u.name, head: '' }) });
        """,
    )
    assert svg.startswith("<svg")
    assert ">维持和平行动部</text>" in svg
    assert "&lt;b&gt;A &amp; B&lt;/b&gt;" in svg
    assert "<b>" not in svg


def test_counts_are_grouped_by_thousands_as_english_and_chinese_write_them(module_page):
    values = [0, 7, 999, 1000, 1830, 12345, 1234567, -4500, 1234.5, "2500"]
    shown = run(
        module_page,
        f"""
        const {{ grouped }} = await import('/static/viewer/text.js');
        const intl = (locale, v) => new Intl.NumberFormat(locale).format(v);
        return {values!r}.map((v) => [grouped(v), intl('en', v), intl('zh-CN', v)]);
        """,
    )
    for ours, english, chinese in shown:
        assert ours == english == chinese
    assert shown[4][0] == "1,830"
