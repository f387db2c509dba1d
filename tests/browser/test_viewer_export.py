"""Export in real Chromium: SVG and PNG of the whole chart or of the current view, on a screen of
pixel ratio 2, so the PNG of the view is as sharp as the screen shows it."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import SNAPSHOT_2017

pytestmark = pytest.mark.browser


@pytest.fixture
def sharp_page(browser: Browser, live_server, real_dataset) -> Iterator[Page]:
    """Return a page on a screen of device pixel ratio 2, opened on the 2017 chart and zoomed in on DPO."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1400, "height": 900}, device_scale_factor=2, accept_downloads=True
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(SNAPSHOT_2017)
    expect(page.locator(".chart.chart--drawn")).to_have_count(1)
    page.locator(".chart").evaluate("root => root.orgchart.centre('dpo', 1.5)")
    yield page
    context.close()
    assert errors == []


def download(page: Page, kind: str, scope: str) -> bytes:
    page.locator("select[data-export-scope]").select_option(scope)
    with page.expect_download() as info:
        page.locator(f'[data-action="export-{kind}"]').click()
    return info.value, Path(info.value.path()).read_bytes()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def chart(page: Page, expression: str):
    return page.locator(".chart").evaluate(f"root => {{ const c = root.orgchart; return {expression}; }}")


def test_current_view_svg_shows_the_visible_region_and_only_the_boxes_in_it(sharp_page):
    region = chart(sharp_page, "c.visibleRegion()")
    total = chart(sharp_page, "c.state.layout.list.length")
    in_view = chart(
        sharp_page,
        """c.state.layout.list.filter((b) => b.x < c.visibleRegion().x + c.visibleRegion().w
            && b.x + b.w > c.visibleRegion().x && b.y < c.visibleRegion().y + c.visibleRegion().h
            && b.y + b.h > c.visibleRegion().y).map((b) => b.key).sort()""",
    )
    info, data = download(sharp_page, "svg", "view")
    assert info.suggested_filename == "peace-security-2017-proposed-view.svg"
    svg = data.decode("utf-8")
    view_box = [float(n) for n in re.search(r'viewBox="([^"]+)"', svg).group(1).split()]
    assert view_box == pytest.approx([region["x"], region["y"], region["w"], region["h"]], abs=0.01)
    keys = sorted(re.findall(r'<g data-key="([^"]+)"', svg))
    assert keys == in_view
    assert "dpo" in keys
    assert 0 < len(keys) < total
    assert ">Department of Peace" in svg

    _, whole = download(sharp_page, "svg", "chart")
    whole_svg = whole.decode("utf-8")
    width, height = chart(sharp_page, "[c.state.layout.width, c.state.layout.height]")
    assert re.search(r'viewBox="([^"]+)"', whole_svg).group(1) == f"0 0 {width} {height}"
    assert whole_svg.count("<g data-key=") == total


def test_png_of_the_view_has_the_screens_pixels_and_the_whole_chart_png_is_twice_its_size(sharp_page):
    viewport = chart(sharp_page, "[c.viewport.clientWidth, c.viewport.clientHeight]")
    info, view_png = download(sharp_page, "png", "view")
    assert info.suggested_filename == "peace-security-2017-proposed-view.png"
    # Zoomed to 1.5 on a 2x screen: one layout unit is 3 device pixels, so the PNG has the viewport's
    # CSS size times the device pixel ratio, as the screen shows it.
    assert png_size(view_png) == (pytest.approx(2 * viewport[0], abs=2), pytest.approx(2 * viewport[1], abs=2))

    _, whole_png = download(sharp_page, "png", "chart")
    width, height = chart(sharp_page, "[c.state.layout.width, c.state.layout.height]")
    assert png_size(whole_png) == (pytest.approx(2 * width, abs=2), pytest.approx(2 * height, abs=2))

    # The view's picture is not blank: decode it in the page and count dark (text and border) pixels.
    dark = sharp_page.evaluate(
        """async (b64) => {
            const image = new Image();
            image.src = `data:image/png;base64,${b64}`;
            await image.decode();
            const canvas = document.createElement('canvas');
            canvas.width = image.width;
            canvas.height = image.height;
            const ctx = canvas.getContext('2d');
            ctx.drawImage(image, 0, 0);
            const pixels = ctx.getImageData(0, 0, image.width, image.height).data;
            let count = 0;
            for (let i = 0; i < pixels.length; i += 4) if (pixels[i] + pixels[i + 1] + pixels[i + 2] < 200) count += 1;
            return count;
        }""",
        base64.b64encode(view_png).decode("ascii"),
    )
    assert dark > 1000
