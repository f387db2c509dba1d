"""The drawn chart in real Chromium: zoom, pan, fit, levels, orientation, breadcrumbs, the reveal/selected
events, permalinks, export, the minimap and virtualization of a chart of thousands of units."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from .conftest import SNAPSHOT_2017

pytestmark = pytest.mark.browser


def open_snapshot(page: Page, suffix: str = "") -> Page:
    page.goto(SNAPSHOT_2017 + suffix)
    expect(page.locator(".chart.chart--drawn")).to_have_count(1)
    return page


def node(page: Page, key: str) -> Locator:
    return page.locator(f'.chart__viewport .node[data-key="{key}"]')


def view(page: Page) -> dict:
    return page.locator(".chart").evaluate("root => root.orgchart.zoom.get()")


def stage_transform(page: Page) -> str:
    return page.locator(".chart__stage").evaluate("stage => stage.style.transform")


def inside(inner: dict, outer: dict) -> bool:
    return (
        inner["x"] >= outer["x"] - 1
        and inner["y"] >= outer["y"] - 1
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 1
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 1
    )


def test_zoom_buttons_change_the_transform_of_the_drawn_layer(page):
    open_snapshot(page)
    start = view(page)
    page.locator('[data-action="zoom-in"]').click()
    expect(page.locator(".chart__stage")).not_to_have_attribute("style", re.compile(rf"scale\({start['k']}\)"))
    assert view(page)["k"] == pytest.approx(start["k"] * 1.25)
    # The browser keeps six significant digits of the scale it is given.
    drawn = float(re.search(r"scale\(([\d.e-]+)\)", stage_transform(page)).group(1))
    assert drawn == pytest.approx(view(page)["k"], rel=1e-5)

    page.locator('[data-action="zoom-out"]').click()
    page.locator('[data-action="zoom-out"]').click()
    assert view(page)["k"] == pytest.approx(start["k"] * 0.8)


def test_the_wheel_zooms_about_the_pointer(page):
    open_snapshot(page)
    box = page.locator(".chart__viewport").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    start = view(page)
    page.mouse.wheel(0, -300)
    page.wait_for_function("k => document.querySelector('.chart').orgchart.zoom.get().k > k", arg=start["k"])
    page.mouse.wheel(0, 600)
    page.wait_for_function("k => document.querySelector('.chart').orgchart.zoom.get().k < k", arg=start["k"])


def test_dragging_pans_the_chart_and_does_not_select(page):
    open_snapshot(page)
    box = page.locator(".chart__viewport").bounding_box()
    start = view(page)
    x, y = box["x"] + 40, box["y"] + box["height"] - 40
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 60, y - 50, steps=6)
    page.mouse.move(x + 120, y - 100, steps=6)
    page.mouse.up()
    moved = view(page)
    assert moved["x"] == pytest.approx(start["x"] + 120, abs=2)
    assert moved["y"] == pytest.approx(start["y"] - 100, abs=2)
    assert moved["k"] == start["k"]
    expect(page.locator(".node.is-selected")).to_have_count(0)


def test_fit_shows_every_box_inside_the_viewport(page):
    open_snapshot(page)
    page.locator('[data-action="zoom-in"]').click()
    page.locator('[data-action="fit"]').click()
    viewport = page.locator(".chart__viewport").bounding_box()
    total = page.locator(".chart").evaluate("root => root.orgchart.state.layout.list.length")
    boxes = page.locator(".chart__viewport .node")
    expect(boxes).to_have_count(total)
    for index in range(total):
        assert inside(boxes.nth(index).bounding_box(), viewport)


def test_clicking_a_box_selects_it_and_shows_breadcrumbs_to_the_root(page):
    open_snapshot(page)
    page.locator(".chart").evaluate("root => root.orgchart.centre('oma')")
    node(page, "oma").click()
    expect(node(page, "oma")).to_have_class(re.compile(r"\bis-selected\b"))
    crumbs = page.locator(".chart__breadcrumbs button")
    expect(crumbs).to_have_text(["Peace and security pillar", "Department of Peace Operations", re.compile("Military")])
    expect(crumbs.last).to_have_attribute("aria-current", "location")

    crumbs.nth(1).click()
    expect(node(page, "dpo")).to_have_class(re.compile(r"\bis-selected\b"))
    expect(node(page, "dpo")).to_be_in_viewport()
    expect(crumbs).to_have_count(2)


def test_levels_shown_collapses_the_chart_to_that_level(page):
    open_snapshot(page)
    page.locator('select[data-action="level"]').select_option("2")
    page.locator('[data-action="fit"]').click()
    expect(node(page, "dpo")).to_have_count(1)
    expect(node(page, "oma")).to_have_count(0)
    expect(node(page, "dpo")).to_have_class(re.compile(r"\bis-collapsed\b"))

    page.locator('select[data-action="level"]').select_option("3")
    page.locator('[data-action="fit"]').click()
    expect(node(page, "oma")).to_have_count(1)


def test_orientation_toggle_draws_the_chart_left_to_right(page):
    open_snapshot(page)
    button = page.locator('[data-action="orientation"]')
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    page.locator('[data-action="fit"]').click()
    pillar = node(page, "peace-security-pillar").bounding_box()
    dppa = node(page, "dppa").bounding_box()
    dpo = node(page, "dpo").bounding_box()
    assert dppa["x"] >= pillar["x"] + pillar["width"]
    assert dpo["x"] == pytest.approx(dppa["x"], abs=1)
    assert dpo["y"] >= dppa["y"] + dppa["height"]


def test_reveal_event_expands_selects_and_centres_and_the_chart_announces_the_selection(page):
    open_snapshot(page)
    page.locator('[data-action="collapse-all"]').click()
    expect(node(page, "oma")).to_have_count(0)
    detail = page.evaluate(
        """() => new Promise((resolve) => {
            document.addEventListener('orgchart:selected', (e) => resolve(e.detail), { once: true });
            document.querySelector('.chart[data-chart]')
              .dispatchEvent(new CustomEvent('orgchart:reveal', { detail: { key: 'oma' } }));
        })"""
    )
    assert detail == {"key": "oma", "side": "chart"}
    expect(node(page, "oma")).to_have_class(re.compile(r"\bis-selected\b"))
    viewport = page.locator(".chart__viewport").bounding_box()
    oma = node(page, "oma").bounding_box()
    assert oma["x"] + oma["width"] / 2 == pytest.approx(viewport["x"] + viewport["width"] / 2, abs=2)
    assert oma["y"] + oma["height"] / 2 == pytest.approx(viewport["y"] + viewport["height"] / 2, abs=2)


def reveal(page: Page, key: str) -> None:
    page.locator(".chart[data-chart]").evaluate(
        "(root, key) => root.dispatchEvent(new CustomEvent('orgchart:reveal', { detail: { key } }))", key
    )


def test_a_unit_revealed_while_its_chart_is_scrolled_off_screen_brings_the_chart_back(page):
    open_snapshot(page)
    chart_viewport = page.locator(".chart__viewport")
    page.evaluate("() => document.body.style.paddingBottom = '3000px'")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    expect(chart_viewport).not_to_be_in_viewport()
    reveal(page, "oma")
    expect(node(page, "oma")).to_have_class(re.compile(r"\bis-selected\b"))
    expect(chart_viewport).to_be_in_viewport()
    # On screen already, a reveal leaves the page where it is.
    scrolled = page.evaluate("window.scrollY")
    reveal(page, "dpo")
    expect(node(page, "dpo")).to_have_class(re.compile(r"\bis-selected\b"))
    assert page.evaluate("window.scrollY") == scrolled


def test_the_url_keeps_the_view_and_a_shared_link_opens_the_same_view(page):
    open_snapshot(page)
    page.locator('[data-action="orientation"]').click()
    page.locator(".chart").evaluate("root => root.orgchart.centre('dpo')")
    node(page, "dpo").locator(".node__toggle").click()
    page.locator(".chart").evaluate("root => root.orgchart.centre('dppa')")
    node(page, "dppa").click()
    page.locator('[data-action="zoom-in"]').click()
    expected = view(page)
    # The address follows the view a moment later: wait for the zoomed view, not just the selection.
    expect(page).to_have_url(re.compile(rf"#.*u=dppa.*v=[^&]*%2C{re.escape(str(round(expected['k'], 3)))}(&|$)"))
    url = page.url
    assert "o=lr" in url
    assert "c=dpo" in url

    fresh = page.context.new_page()
    fresh.goto(url)
    expect(fresh.locator(".chart.chart--drawn")).to_have_count(1)
    expect(fresh.locator('[data-action="orientation"]')).to_have_attribute("aria-pressed", "true")
    expect(fresh.locator('.node[data-key="dppa"]')).to_have_class(re.compile(r"\bis-selected\b"))
    expect(fresh.locator('.node[data-key="dpo"]')).to_have_class(re.compile(r"\bis-collapsed\b"))
    restored = fresh.locator(".chart").evaluate("root => root.orgchart.zoom.get()")
    assert restored["k"] == pytest.approx(expected["k"], abs=0.001)
    assert restored["x"] == pytest.approx(expected["x"], abs=1)
    assert restored["y"] == pytest.approx(expected["y"], abs=1)


def test_svg_export_downloads_the_whole_chart_with_unit_names_as_text(page):
    open_snapshot(page)
    with page.expect_download() as info:
        page.locator('[data-action="export-svg"]').click()
    download = info.value
    assert download.suggested_filename == "peace-security-2017-proposed.svg"
    svg = Path(download.path()).read_text(encoding="utf-8")
    assert svg.startswith("<svg")
    assert ">Department of Peace Operations</text>" in svg or "Department of Peace" in svg
    assert svg.count("<g data-key=") == page.locator(".chart").evaluate(
        "root => root.orgchart.state.layout.list.length"
    )


def test_chinese_svg_export_holds_the_chinese_names(page):
    page.goto(SNAPSHOT_2017.replace("/en/", "/zh-hans/"))
    expect(page.locator(".chart.chart--drawn")).to_have_count(1)
    with page.expect_download() as info:
        page.locator('[data-action="export-svg"]').click()
    assert "和平行动部" in Path(info.value.path()).read_text(encoding="utf-8")


def test_png_export_downloads_a_png_at_twice_the_size(page):
    open_snapshot(page)
    with page.expect_download() as info:
        page.locator('[data-action="export-png"]').click()
    data = Path(info.value.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(data[16:20], "big")
    layout_width = page.locator(".chart").evaluate("root => root.orgchart.state.layout.width")
    assert width == pytest.approx(2 * layout_width, abs=2)


def test_json_and_csv_links_point_at_the_snapshot_data(page):
    open_snapshot(page)
    expect(page.locator('a[data-export="json"]')).to_have_attribute(
        "href", "/api/snapshots/peace-security-2017-proposed/tree/"
    )
    expect(page.locator('a[data-export="csv"]')).to_have_attribute(
        "href", "/api/snapshots/peace-security-2017-proposed/tree.csv"
    )


SYNTHETIC = """
async () => {
  const { createChart } = await import('/static/viewer/chart.js');
  const units = [{ key: 'top', parent: null, name_en: 'Top' }];
  for (let d = 0; d < 30; d += 1) {
    units.push({ key: `d${d}`, parent: 'top', name_en: `Department ${d}` });
    for (let v = 0; v < 10; v += 1) {
      units.push({ key: `d${d}v${v}`, parent: `d${d}`, name_en: `Division ${d}.${v}` });
      for (let s = 0; s < 9; s += 1) {
        units.push({ key: `d${d}v${v}s${s}`, parent: `d${d}v${v}`, name_en: `Section ${d}.${v}.${s}` });
      }
    }
  }
  const root = document.createElement('div');
  root.className = 'chart';
  root.dataset.side = 'synthetic';
  root.append(document.createElement('nav'));
  root.firstChild.className = 'chart__breadcrumbs';
  root.firstChild.append(document.createElement('ol'));
  document.querySelector('main').prepend(root);
  const chart = createChart(root, { units, strings: { statuses: {}, lineTypes: {} }, chinese: false });
  chart.setExpanded(chart.state.branches);
  chart.select('d17v4s8');
  chart.drawNow();
  return { units: units.length, laidOut: chart.state.layout.list.length, drawn: root.querySelectorAll('.node').length };
}
"""


def test_a_3000_unit_chart_draws_only_the_boxes_in_view_and_the_centred_unit_is_visible(page):
    open_snapshot(page)
    counts = page.evaluate(SYNTHETIC)
    assert counts["units"] == 3031
    assert counts["laidOut"] == 3031
    assert 0 < counts["drawn"] < 300
    synthetic = page.locator('.chart[data-side="synthetic"]')
    target = synthetic.locator('.node[data-key="d17v4s8"]')
    expect(target).to_have_count(1)
    assert inside(target.bounding_box(), synthetic.locator(".chart__viewport").bounding_box())
    expect(synthetic.locator(".chart__breadcrumbs button")).to_have_count(4)
    expect(synthetic.locator(".chart__minimap")).to_be_visible()

    synthetic.evaluate("root => root.orgchart.centre('d2v0s0')")
    synthetic.evaluate("root => root.orgchart.drawNow()")
    expect(synthetic.locator('.node[data-key="d2v0s0"]')).to_have_count(1)
    expect(synthetic.locator('.node[data-key="d17v4s8"]')).to_have_count(0)
    assert synthetic.locator(".node").count() < 300


def test_a_wide_charts_connectors_and_a_line_across_it_are_drawn_where_the_view_is_and_not_elsewhere(page):
    # A dashed line from the first department to the last crosses the whole chart. What is painted must be
    # drawn wherever the view goes, but only there: all of a 10k chart's connectors and lines took a second to
    # paint on every change (bench: collapsing a large subtree).
    open_snapshot(page)
    line = "lines: [{ from: 'd0', to: 'd29', type: 'guidance' }], strings"
    page.evaluate(SYNTHETIC.replace("strings", line, 1))
    synthetic = page.locator('.chart[data-side="synthetic"]')
    check = """async (root, key) => {
      const { connect } = await import('/static/viewer/geometry.js');
      const chart = root.orgchart;
      chart.centre(key);
      chart.drawNow();
      const { layout } = chart.state;
      const viewport = root.querySelector('.chart__viewport').getBoundingClientRect();
      const svg = root.querySelector('svg.chart__links');
      const toChart = (x, y) => {
        const m = svg.getScreenCTM().inverse();
        return new DOMPoint(x, y).matrixTransform(m);
      };
      const [a, b] = [toChart(viewport.left, viewport.top), toChart(viewport.right, viewport.bottom)];
      const inView = ([x, y]) => x > a.x && x < b.x && y > a.y && y < b.y;
      const connectors = [...root.querySelectorAll('.chart__connectors')];
      const drawn = (paths, [x, y]) => paths.some((path) => path.isPointInStroke(new DOMPoint(x, y)));
      const ends = layout.links.map((link) => link.points.at(-1)).filter(inView);
      const pieces = [...root.querySelectorAll('.chart__line path')];
      const rect = (box) => ({ left: box.x, top: box.y, width: box.w, height: box.h });
      const [p0, p1, p2, p3] = connect(rect(layout.boxes.get('d0')), rect(layout.boxes.get('d29'))).controls;
      const curve = [];
      for (let i = 0; i <= 20000; i += 1) {
        const t = i / 20000, u = 1 - t;
        const w = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
        curve.push([0, 1].map((c) => w[0] * p0[c] + w[1] * p1[c] + w[2] * p2[c] + w[3] * p3[c]));
      }
      const lineInView = curve.filter(inView);
      // Where the line runs, not where its dashes fall.
      for (const piece of pieces) piece.style.strokeDasharray = 'none';
      return {
        links: layout.links.length,
        endsInView: ends.length,
        endsDrawn: ends.filter((point) => drawn(connectors, point)).length,
        commands: connectors.reduce((sum, path) => sum + path.getAttribute('d').split('M').length - 1, 0),
        linePieces: pieces.length,
        linePointsInView: lineInView.length,
        linePointsDrawn: lineInView.filter((point) => drawn(pieces, point)).length,
        lineLength: pieces.reduce((sum, path) => sum + path.getTotalLength(), 0),
        chartWidth: layout.width,
      };
    }"""
    for key in ("d17v4s8", "d0", "d29"):
        seen = synthetic.evaluate(check, key)
        assert seen["endsInView"] >= 4, key
        assert seen["endsDrawn"] == seen["endsInView"], key
        assert seen["commands"] < seen["links"] / 3, key
        assert seen["linePointsInView"] > 10, key
        assert seen["linePointsDrawn"] == seen["linePointsInView"], key
        # The part of the line drawn is about the view's width (one piece either side), not the chart's.
        assert seen["lineLength"] < seen["chartWidth"] / 3, key
