"""The tidy layout (static/viewer/layout.js, contour.js) imported in real Chromium: contour packing on the
real dataset and a synthetic chart of ~3,000 units, and a unit with two parents drawn between them."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import SNAPSHOT_2017, module_page_with, run_module_code

pytestmark = pytest.mark.browser

# Page-side checks shared by the tests: rows from {key: parent}, overlapping boxes, parents not centred
# over their children, and connector segments that run through a box they do not join.
HELPERS = """
  window.rows = (spec) => Object.entries(spec).map(([key, parent]) => ({ key, parent, name_en: key }));
  window.overlaps = (list) => {
    const hits = [];
    const sorted = [...list].sort((a, b) => a.x - b.x);
    for (let i = 0; i < sorted.length; i += 1) {
      for (let j = i + 1; j < sorted.length && sorted[j].x < sorted[i].x + sorted[i].w; j += 1) {
        const a = sorted[i], b = sorted[j];
        if (a.y < b.y + b.h && b.y < a.y + a.h) hits.push([a.key, b.key]);
      }
    }
    return hits;
  };
  window.offCentre = (layout, tree, orientation = 'td') => {
    const bad = [];
    const mid = (box) => (orientation === 'td' ? box.x + box.w / 2 : box.y + box.h / 2);
    const kids = new Map();
    for (const link of layout.links) {
      if (link.kind !== 'tree') continue;
      if (!kids.has(link.from)) kids.set(link.from, []);
      kids.get(link.from).push(mid(layout.boxes.get(link.to)));
    }
    for (const [key, centres] of kids) {
      const span = (Math.min(...centres) + Math.max(...centres)) / 2;
      if (Math.abs(mid(layout.boxes.get(key)) - span) > 0.5) bad.push(key);
    }
    return bad;
  };
  window.crossings = (layout) => {
    const hits = [];
    for (const link of layout.links) {
      for (let i = 0; i < link.points.length - 1; i += 1) {
        const [[x0, y0], [x1, y1]] = [link.points[i], link.points[i + 1]];
        const [lx, hx, ly, hy] = [Math.min(x0, x1), Math.max(x0, x1), Math.min(y0, y1), Math.max(y0, y1)];
        for (const box of layout.list) {
          if (box.key === link.from || box.key === link.to) continue;
          if (lx < box.x + box.w - 0.5 && hx > box.x + 0.5 && ly < box.y + box.h - 0.5 && hy > box.y + 0.5) {
            hits.push([link.from, link.to, box.key]);
          }
        }
      }
    }
    return hits;
  };
  window.layOut = async (units, lines, options = {}) => {
    const t = await import('/static/viewer/tree.js');
    const l = await import('/static/viewer/layout.js');
    const tree = t.buildTree(units);
    const layout = l.layoutTree(tree, t.branchKeys(tree), {
      isStaff: (u) => l.isStaffUnit(u, lines), coParents: l.coParentsOf(lines), ...options,
    });
    return { tree, layout };
  };
"""

# A synthetic chart of ~3,000 units with uneven fan-out: deep narrow chains beside wide shallow
# branches, shared units beside stems, and rows of 20+ leaves that go compact.
SYNTHETIC = """
  const units = [{ key: 'top', parent: null, name_en: 'Top' }];
  let seed = 7;
  const next = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return Math.floor(seed / 65536) % n; };
  const grow = (key, depth) => {
    if (depth >= 6 || units.length >= 3000) return;
    const fan = depth === 0 ? 12 : [0, 1, 1, 2, 3, 5, 8, 22][next(8)];
    for (let i = 0; i < fan && units.length < 3000; i += 1) {
      const child = `u${units.length}`;
      units.push({ key: child, parent: key, name_en: child, shared: fan < 20 && next(9) === 0 });
      if (fan < 20) grow(child, depth + 1);
    }
  };
  while (units.length < 2900) grow('top', 0);
"""


@pytest.fixture
def module_page(browser: Browser, live_server, transactional_db) -> Iterator[Page]:
    yield from module_page_with(browser, live_server.url, HELPERS)


run = run_module_code


def test_every_real_snapshot_lays_out_without_overlaps_with_parents_centred_both_ways(real_dataset, module_page):
    result = run(
        module_page,
        """
        const snapshots = await (await fetch('/api/snapshots/')).json();
        const report = {};
        for (const snapshot of snapshots) {
          const data = await (await fetch(`/api/snapshots/${snapshot.key}/tree/`)).json();
          for (const orientation of ['td', 'lr']) {
            const { tree, layout } = await layOut(data.units, data.lines, { orientation });
            report[`${snapshot.key} ${orientation}`] = {
              boxes: layout.list.length === data.units.length,
              overlaps: overlaps(layout.list),
              offCentre: offCentre(layout, tree, orientation),
              crossings: crossings(layout),
            };
          }
        }
        return report;
        """,
    )
    assert len(result) == 24
    clean = {"boxes": True, "overlaps": [], "offCentre": [], "crossings": []}
    assert {name: checks for name, checks in result.items() if checks != clean} == {}


def test_a_3000_unit_chart_lays_out_without_overlaps_or_connectors_through_boxes(module_page):
    result = run(
        module_page,
        SYNTHETIC
        + """
        const report = { units: units.length };
        for (const orientation of ['td', 'lr']) {
          const { tree, layout } = await layOut(units, [], { orientation });
          report[orientation] = {
            boxes: layout.list.length,
            roles: [...new Set(layout.list.map((b) => b.role))].sort(),
            overlaps: overlaps(layout.list).length,
            offCentre: offCentre(layout, tree, orientation).length,
            crossings: crossings(layout).length,
          };
        }
        return report;
        """,
    )
    assert 2900 <= result["units"] <= 3000
    for orientation in ("td", "lr"):
        checks = result[orientation]
        assert checks["boxes"] == result["units"]
        assert checks["roles"] == ["compact", "staff", "tree"]
        assert checks == {**checks, "overlaps": 0, "offCentre": 0, "crossings": 0}


def test_a_small_subtree_tucks_into_a_wide_neighbours_empty_space(module_page):
    # a's only child a1 fans out into six leaves two levels down; b is a leaf. Packing bounding boxes
    # would put b right of a's whole six-wide bottom row; contours let b stand above that row.
    result = run(
        module_page,
        """
        const spec = { r: null, a: 'r', b: 'r', a1: 'a' };
        for (let i = 0; i < 6; i += 1) spec[`x${i}`] = 'a1';
        const whole = (await layOut(rows(spec), [])).layout;
        const aAlone = (await layOut(rows({ a: null, a1: 'a', ...Object.fromEntries(
          Object.entries(spec).filter(([k]) => k.startsWith('x'))) }), [])).layout;
        const box = (k) => whole.boxes.get(k);
        const row = ['x0', 'x5'].map(box);
        const margin = 32, gap = 24;
        return {
          overlaps: overlaps(whole.list),
          bBesideA: box('b').y === box('a').y && box('b').x > box('a').x + box('a').w,
          bAboveTheRow: box('b').x < row[1].x + row[1].w && box('b').x + box('b').w > row[0].x,
          width: whole.width,
          boundingBoxWidth: (aAlone.width - 2 * margin) + gap + box('b').w + 2 * margin,
          boxWidth: box('b').w,
        };
        """,
    )
    assert result["overlaps"] == []
    assert result["bBesideA"] is True
    assert result["bAboveTheRow"] is True
    # The saving is at least one box: the whole chart is no wider than a's subtree alone.
    assert result["width"] <= result["boundingBoxWidth"] - result["boxWidth"]


def test_a_unit_that_also_reports_to_two_siblings_stands_between_them(module_page):
    result = run(
        module_page,
        """
        const units = rows({ r: null, p: 'r', q: 'r', u: 'r', p1: 'p', p2: 'p', q1: 'q' })
          .map((u) => (u.key === 'u' ? { ...u, shared: true } : u));
        const lines = ['p', 'q'].map((to) => ({ from: 'u', to, type: 'also_reports_to' }));
        const { layout } = await layOut(units, lines);
        const plain = (await layOut(units, [])).layout;
        const box = (k) => layout.boxes.get(k);
        const centre = (k) => box(k).x + box(k).w / 2;
        return {
          sameRow: box('u').y === box('p').y && box('u').y === box('q').y,
          between: box('p').x + box('p').w < box('u').x && box('u').x + box('u').w < box('q').x,
          centred: Math.abs(centre('u') - (centre('p') + centre('q')) / 2) < 0.5,
          role: box('u').role,
          overlaps: overlaps(layout.list),
          withoutLinesItIsStaff: plain.boxes.get('u').role,
        };
        """,
    )
    assert result == {
        "sameRow": True,
        "between": True,
        "centred": True,
        "role": "tree",
        "overlaps": [],
        "withoutLinesItIsStaff": "staff",
    }


@pytest.mark.parametrize(
    "spec",
    [
        "{ a: null, a1: 'a', u: 'a', a2: 'a', b: null, b1: 'b', v: 'b', b2: 'b' }",
        "{ top: null, a: 'top', a1: 'a', u: 'a', a2: 'a', b: 'top', b1: 'b', v: 'b', b2: 'b' }",
    ],
    ids=["two trees", "two departments of one parent"],
)
def test_a_unit_that_also_reports_to_its_parents_sibling_stands_between_its_two_parents_a_level_below(
    module_page, spec
):
    result = run(
        module_page,
        f"""
        const units = rows({spec});
        const also = (from, to) => ({{ from, to, type: 'also_reports_to' }});
        const lines = [also('u', 'b'), also('v', 'a')];
        const {{ layout }} = await layOut(units, lines);
        const box = (k) => layout.boxes.get(k);
        const centre = (k) => box(k).x + box(k).w / 2;
        const hangsFrom = (child, parent) => layout.links.some((l) => l.from === parent && l.to === child);
        return {{
          uBetweenItsParents: centre('a') < centre('u') && centre('u') < centre('b'),
          vBetweenItsParents: centre('a') < centre('v') && centre('v') < centre('b'),
          uPastItsSiblings: centre('u') > centre('a2'),
          vBeforeItsSiblings: centre('v') < centre('b1'),
          aLevelBelow: box('u').y === box('a1').y && box('v').y === box('b1').y,
          linkedToFirstParents: hangsFrom('u', 'a') && hangsFrom('v', 'b'),
          overlaps: overlaps(layout.list),
          crossings: crossings(layout),
        }};
        """,
    )
    assert result == {
        "uBetweenItsParents": True,
        "vBetweenItsParents": True,
        "uPastItsSiblings": True,
        "vBeforeItsSiblings": True,
        "aLevelBelow": True,
        "linkedToFirstParents": True,
        "overlaps": [],
        "crossings": [],
    }


def test_the_dpko_offices_that_also_report_to_dfs_stand_between_dpko_and_dfs_in_2010(real_dataset, module_page):
    result = run(
        module_page,
        """
        const data = await (await fetch('/api/snapshots/peacekeeping-2010/tree/')).json();
        const { layout } = await layOut(data.units, data.lines);
        const box = (k) => layout.boxes.get(k);
        const centre = (k) => box(k).x + box(k).w / 2;
        const [low, high] = [centre('dpko'), centre('dfs')].sort((p, q) => p - q);
        return ['dpko-office-of-chief-of-staff', 'dpet'].map((key) => ({
          key,
          between: low < centre(key) && centre(key) < high,
          below: box(key).y > box('dpko').y + box('dpko').h,
        }));
        """,
    )
    assert result == [
        {"key": "dpko-office-of-chief-of-staff", "between": True, "below": True},
        {"key": "dpet", "between": True, "below": True},
    ]


def test_the_regional_structure_is_drawn_between_dppa_and_dpo_with_dashed_lines_to_both(page):
    page.goto(SNAPSHOT_2017)
    expect(page.locator(".chart.chart--drawn")).to_have_count(1)
    page.locator('[data-action="fit"]').click()
    node = lambda key: page.locator(f'.chart__viewport .node[data-key="{key}"]')  # noqa: E731
    regional, dppa, dpo = (node(k).bounding_box() for k in ("regional-political-operational-structure", "dppa", "dpo"))
    assert regional["y"] == pytest.approx(dppa["y"], abs=1)
    assert regional["y"] == pytest.approx(dpo["y"], abs=1)
    assert dppa["x"] + dppa["width"] < regional["x"]
    assert regional["x"] + regional["width"] < dpo["x"]

    lines = page.locator('g.chart__line.line--also_reports_to[data-from="regional-political-operational-structure"]')
    expect(lines).to_have_count(2)
    for index in range(2):
        path = lines.nth(index).locator("path")
        # Horizontal: the line leaves a side of the box and meets the other box's facing side at the same height.
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.get_attribute("d"))]
        assert numbers[1] == pytest.approx(numbers[-1], abs=0.5)
        assert path.evaluate("p => getComputedStyle(p).strokeDasharray") not in ("none", "")
    connectors = page.locator(".chart__connectors").first
    assert connectors.evaluate("p => getComputedStyle(p).strokeDasharray") == "none"


def test_a_layout_built_on_the_previous_one_matches_one_laid_out_afresh_after_every_fold_change(module_page):
    # 60 fold changes on a ~3,000-unit chart with second parents (siblings and parents' siblings): toggles of
    # shown and hidden units, whole levels, everything open. Each layout is built on the one before it.
    result = run(
        module_page,
        SYNTHETIC
        + """
        const t = await import('/static/viewer/tree.js');
        const l = await import('/static/viewer/layout.js');
        const tree = t.buildTree(units);
        const lines = [];
        for (const node of tree.byKey.values()) {
          const parent = node.parent;
          if (!parent || !parent.parent || next(40)) continue;
          const aunts = parent.parent.children.filter((other) => other !== parent);
          const siblings = parent.children.filter((other) => other !== node);
          const pool = next(2) ? aunts : siblings;
          if (pool.length) lines.push({ from: node.key, to: pool[next(pool.length)].key, type: 'also_reports_to' });
        }
        const options = { isStaff: (u) => l.isStaffUnit(u, lines), coParents: l.coParentsOf(lines) };
        const branches = [...t.branchKeys(tree)];
        let expanded = t.expandedToLevel(tree, 3);
        let previous = l.layoutTree(tree, expanded, options);
        const drawn = (layout) => JSON.stringify([layout.list, layout.links, layout.width, layout.height]);
        const differing = [];
        for (let step = 0; step < 60; step += 1) {
          const choice = next(10);
          if (choice === 0) expanded = new Set(branches);
          else if (choice === 1) expanded = t.expandedToLevel(tree, 2 + next(4));
          else {
            const key = branches[next(branches.length)];
            if (expanded.has(key)) expanded.delete(key); else expanded.add(key);
          }
          const built = l.layoutTree(tree, expanded, { ...options, previous });
          if (drawn(built) !== drawn(l.layoutTree(tree, expanded, options))) differing.push(step);
          previous = built;
        }
        return { lines: lines.length, shown: previous.list.length, differing };
        """,
    )
    assert result["lines"] >= 20
    assert result["differing"] == []


def test_a_long_line_is_cut_into_pieces_that_join_end_to_end_with_their_dashes_in_step(module_page):
    result = run(
        module_page,
        """
        const g = await import('/static/viewer/geometry.js');
        const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
        document.body.append(svg);
        const path = (d) => {
          const element = document.createElementNS('http://www.w3.org/2000/svg', 'path');
          element.setAttribute('d', d);
          svg.append(element);
          return element;
        };
        const box = (left, top) => ({ left, top, width: 200, height: 90 });
        const short = g.connect(box(0, 0), box(600, 400));
        const long = g.connect(box(0, 0), box(90000, 900));
        const pieces = g.curvePieces(long);
        const elements = pieces.map(({ d }) => path(d));
        const ends = elements.map((e) => [e.getPointAtLength(0), e.getPointAtLength(e.getTotalLength())]);
        const whole = path(long.d);
        let before = 0;
        const offsetErrors = pieces.map(({ offset }, i) => {
          const error = Math.abs(offset - before) / whole.getTotalLength();
          before += elements[i].getTotalLength();
          return error;
        });
        const gap = (a, b) => Math.hypot(a.x - b.x, a.y - b.y);
        return {
          short: g.curvePieces(short).map(({ d }) => d),
          shortWhole: short.d,
          count: pieces.length,
          longest: Math.max(...elements.map((element) => element.getTotalLength())),
          joins: ends.slice(1).map(([start], i) => gap(start, ends[i][1])),
          startGap: gap(ends[0][0], whole.getPointAtLength(0)),
          endGap: gap(ends.at(-1)[1], whole.getPointAtLength(whole.getTotalLength())),
          lengthRatio: before / whole.getTotalLength(),
          worstOffsetError: Math.max(...offsetErrors),
        };
        """,
    )
    assert result["short"] == [result["shortWhole"]]
    assert result["count"] >= 10
    assert result["longest"] < 12_000  # about 8,000 px each: cut at equal steps of the curve parameter
    assert max(result["joins"]) < 0.2
    assert result["startGap"] < 0.2
    assert result["endGap"] < 0.2
    assert result["lengthRatio"] == pytest.approx(1, abs=0.001)
    # The dashes of a piece start where those of the piece before it stopped, within a dash (10 px) at 90,000 px.
    assert result["worstOffsetError"] * 90_000 < 10
