"""Touch and the minimap in real Chromium: a two-finger pinch (real touch input through the DevTools
protocol) zooms about the fingers; the minimap shows on large charts only, frames the view, and pressing
or dragging on it moves the view."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import SNAPSHOT_2017

pytestmark = pytest.mark.browser

LARGE = "/en/snapshots/peacekeeping-2010/"
SMALL = "/en/snapshots/security-2004/"


@pytest.fixture
def touch_page(browser: Browser, live_server, real_dataset) -> Iterator[Page]:
    """Return a page on a touch screen; the test fails if any script on it throws."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900}, has_touch=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def open_chart(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator(".chart.chart--drawn")).to_have_count(1)


def view(page: Page) -> dict:
    return page.locator(".chart").evaluate("root => root.orgchart.zoom.get()")


def under(page: Page, x: float, y: float) -> tuple[float, float]:
    """Return the layout point under the viewport point (x, y)."""
    v = view(page)
    return (x - v["x"]) / v["k"], (y - v["y"]) / v["k"]


def pinch(page: Page, centre: tuple[float, float], start: float, end: float, steps: int = 8) -> None:
    """Touch two fingers `start` px apart about `centre` (page coordinates), spread them to `end`, lift them."""
    cdp = page.context.new_cdp_session(page)
    cx, cy = centre

    def points(gap: float) -> list[dict]:
        return [{"x": cx - gap / 2, "y": cy, "id": 1}, {"x": cx + gap / 2, "y": cy, "id": 2}]

    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": points(start)})
    for step in range(1, steps + 1):
        gap = start + (end - start) * step / steps
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": points(gap)})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def test_pinching_out_zooms_in_about_the_fingers_and_pinching_in_zooms_out(touch_page):
    open_chart(touch_page, SNAPSHOT_2017)
    viewport = touch_page.locator(".chart__viewport").bounding_box()
    # Off the middle, so zooming about the viewport's centre would fail the test.
    local = (viewport["width"] * 0.3, viewport["height"] * 0.6)
    centre = (viewport["x"] + local[0], viewport["y"] + local[1])
    start = view(touch_page)
    anchor = under(touch_page, *local)

    pinch(touch_page, centre, 100, 200)
    zoomed = view(touch_page)
    assert zoomed["k"] == pytest.approx(start["k"] * 2, rel=0.03)
    assert under(touch_page, *local) == pytest.approx(anchor, abs=1.5)
    # What is drawn follows: a box is as wide on screen as its layout width times the new zoom.
    box = touch_page.locator(".chart__viewport .node").first
    layout_width = box.evaluate("el => parseFloat(el.style.width)")
    assert box.bounding_box()["width"] == pytest.approx(layout_width * zoomed["k"], abs=1)

    pinch(touch_page, centre, 240, 120)
    assert view(touch_page)["k"] == pytest.approx(start["k"], rel=0.03)
    assert under(touch_page, *local) == pytest.approx(anchor, abs=1.5)
    expect(touch_page.locator(".node.is-selected")).to_have_count(0)


def test_the_minimap_shows_on_a_large_chart_only(page):
    open_chart(page, LARGE)
    expect(page.locator(".chart__minimap")).to_be_visible()
    open_chart(page, SMALL)
    expect(page.locator(".chart__minimap")).to_be_hidden()


MINIMAP_FRAME = """
canvas => {
  // The bounding box of the frame's blue (#0b57d0) pixels, in CSS pixels of the minimap.
  const { width, height } = canvas;
  const data = canvas.getContext('2d').getImageData(0, 0, width, height).data;
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) {
    const i = (y * width + x) * 4;
    if (data[i + 3] > 200 && data[i + 2] > 150 && data[i] < 80 && data[i + 1] < 130) {
      x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
    }
  }
  const r = width / canvas.clientWidth;
  return { x: x0 / r, y: y0 / r, w: (x1 - x0 + 1) / r, h: (y1 - y0 + 1) / r };
}
"""


def minimap_scale(page: Page) -> float:
    return page.locator(".chart").evaluate(
        "root => { const l = root.orgchart.state.layout; return Math.min(180 / l.width, 120 / l.height); }"
    )


def test_the_minimap_frames_the_part_of_the_chart_in_view(page):
    open_chart(page, LARGE)
    page.locator(".chart").evaluate(
        "root => { const c = root.orgchart; c.zoom.centreOn(c.state.layout.width / 2, c.state.layout.height / 2, 1);"
        " c.drawNow(); }"
    )
    scale = minimap_scale(page)
    v = view(page)
    viewport = page.locator(".chart__viewport").evaluate("el => [el.clientWidth, el.clientHeight]")
    frame = page.locator(".chart__minimap").evaluate(MINIMAP_FRAME)
    # Compare centres and sizes: the frame's 1.5 px stroke straddles the rectangle's edges.
    w, h = viewport[0] / v["k"] * scale, viewport[1] / v["k"] * scale
    expected = (-v["x"] / v["k"] * scale + w / 2, -v["y"] / v["k"] * scale + h / 2)
    assert (frame["x"] + frame["w"] / 2, frame["y"] + frame["h"] / 2) == pytest.approx(expected, abs=1)
    assert (frame["w"], frame["h"]) == pytest.approx((w, h), abs=2.5)

    page.locator('[data-action="zoom-out"]').click()
    page.locator(".chart").evaluate("root => root.orgchart.drawNow()")
    wider = page.locator(".chart__minimap").evaluate(MINIMAP_FRAME)
    assert wider["w"] > frame["w"] * 1.2


def test_pressing_and_dragging_on_the_minimap_moves_the_view_there(page):
    open_chart(page, LARGE)
    page.locator(".chart").evaluate("root => root.orgchart.centre('dpko', 1)")
    # Centring may scroll the page on the next frame; the minimap is measured, and clicked, after that.
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    expect(page.locator(".chart__minimap")).to_be_visible()
    scale = minimap_scale(page)
    # The drawing's origin, inside the minimap's border.
    minimap = page.locator(".chart__minimap").evaluate(
        "c => ({ x: c.getBoundingClientRect().left + c.clientLeft, y: c.getBoundingClientRect().top + c.clientTop })"
    )
    viewport = page.locator(".chart__viewport").evaluate("el => [el.clientWidth, el.clientHeight]")
    middle = (viewport[0] / 2, viewport[1] / 2)

    target = (150, 20)
    page.mouse.click(minimap["x"] + target[0], minimap["y"] + target[1])
    assert under(page, *middle) == pytest.approx((target[0] / scale, target[1] / scale), abs=1 / scale)

    page.mouse.move(minimap["x"] + 40, minimap["y"] + 10)
    page.mouse.down()
    page.mouse.move(minimap["x"] + 80, minimap["y"] + 15, steps=5)
    assert under(page, *middle) == pytest.approx((80 / scale, 15 / scale), abs=1 / scale)
    page.mouse.move(minimap["x"] + 100, minimap["y"] + 25, steps=5)
    page.mouse.up()
    assert under(page, *middle) == pytest.approx((100 / scale, 25 / scale), abs=1 / scale)
    # Using the minimap pans; it never selects a unit.
    expect(page.locator(".node.is-selected")).to_have_count(0)


def test_the_minimap_shows_every_unit_where_it_stands_and_nothing_between(page):
    open_chart(page, LARGE)
    page.locator(".chart").evaluate("root => root.orgchart.drawNow()")
    seen = page.locator(".chart").evaluate(
        """root => {
          const canvas = root.querySelector('.chart__minimap');
          const layout = root.orgchart.state.layout;
          const k = Math.min(180 / layout.width, 120 / layout.height) * (canvas.width / 180);
          const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          const at = (x, y) => [...data.slice((Math.floor(y) * canvas.width + Math.floor(x)) * 4).slice(0, 4)];
          const grey = ([r, g, b, a]) => a === 255 && r === 0x8c && g === 0x95 && b === 0x9f;
          const blue = ([r, g, b]) => b > 150 && r < 80;
          const centres = layout.list.map((box) => at((box.x + box.w / 2) * k, (box.y + box.h / 2) * k));
          // Grey pixels that no box (grown by a pixel) covers.
          let stray = 0;
          let painted = 0;
          for (let y = 0; y < canvas.height; y += 1) {
            for (let x = 0; x < canvas.width; x += 1) {
              const i = (y * canvas.width + x) * 4;
              if (!grey([data[i], data[i + 1], data[i + 2], data[i + 3]])) continue;
              painted += 1;
              const covered = layout.list.some((box) => x >= box.x * k - 1 && x <= (box.x + box.w) * k + 1
                && y >= box.y * k - 1 && y <= (box.y + box.h) * k + 1);
              if (!covered) stray += 1;
            }
          }
          return { units: centres.length, shown: centres.filter((p) => grey(p) || blue(p)).length, painted, stray };
        }"""
    )
    assert seen["units"] > 40
    assert seen["shown"] == seen["units"]
    assert seen["painted"] > seen["units"]
    assert seen["stray"] == 0
