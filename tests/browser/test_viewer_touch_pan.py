"""One-finger touch in real Chromium (real touch input through the DevTools protocol): dragging a finger
across the chart pans the view by as much as the finger moved, keeps the zoom and selects nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import SNAPSHOT_2017

pytestmark = pytest.mark.browser


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


def view(page: Page) -> dict:
    return page.locator(".chart").evaluate("root => root.orgchart.zoom.get()")


def swipe(page: Page, start: tuple[float, float], end: tuple[float, float], steps: int = 10) -> None:
    """Touch one finger at `start` (page coordinates), slide it to `end`, lift it."""
    cdp = page.context.new_cdp_session(page)
    (x0, y0), (x1, y1) = start, end

    def at(step: int) -> list[dict]:
        return [{"x": x0 + (x1 - x0) * step / steps, "y": y0 + (y1 - y0) * step / steps, "id": 1}]

    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": at(0)})
    for step in range(1, steps + 1):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": at(step)})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def test_one_finger_dragged_across_the_chart_pans_the_view_by_as_much(touch_page):
    touch_page.goto(SNAPSHOT_2017)
    expect(touch_page.locator(".chart.chart--drawn")).to_have_count(1)
    viewport = touch_page.locator(".chart__viewport").bounding_box()
    start = view(touch_page)
    # From a unit's box, which a tap would select: a drag must pan instead.
    unit = touch_page.locator(".chart__viewport .node").first
    unit = touch_page.locator(f'.chart__viewport .node[data-key="{unit.get_attribute("data-key")}"]')
    box = unit.bounding_box()
    finger = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert viewport["x"] < finger[0] < viewport["x"] + viewport["width"]

    swipe(touch_page, finger, (finger[0] - 150, finger[1] + 60))

    moved = view(touch_page)
    assert moved["x"] == pytest.approx(start["x"] - 150, abs=1)
    assert moved["y"] == pytest.approx(start["y"] + 60, abs=1)
    assert moved["k"] == pytest.approx(start["k"])
    # What is drawn follows the view, and the page itself did not scroll instead.
    assert unit.bounding_box()["x"] == pytest.approx(box["x"] - 150, abs=1)
    assert touch_page.evaluate("() => [scrollX, scrollY]") == [0, 0]
    expect(touch_page.locator(".node.is-selected")).to_have_count(0)
