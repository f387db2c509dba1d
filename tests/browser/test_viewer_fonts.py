"""Chinese names are drawn with a real CJK font in real Chromium, not as empty boxes (tofu) from a fallback.

Chromium reports, through the DevTools protocol, which installed font drew each glyph of a node's text; the test
fails when fonts-noto-cjk is missing (CI installs it; `fc-list :lang=zh` lists it)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import BEFORE_2017

pytestmark = pytest.mark.browser

DPKO_ZH = "维持和平行动部"
CJK_FONT = "Noto Sans CJK SC"


def fonts_drawing(page: Page, selector: str) -> list[dict]:
    """Return the platform fonts Chromium drew the text in the first element matching `selector` with."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        document = cdp.send("DOM.getDocument", {"depth": 0})
        node = cdp.send("DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": selector})
        return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    finally:
        cdp.detach()


def assert_drawn_with_a_cjk_font(page: Page, selector: str) -> None:
    expect(page.locator(selector)).to_have_text(DPKO_ZH)
    page.evaluate("() => document.fonts.ready.then(() => true)")
    fonts = fonts_drawing(page, selector)
    assert fonts, f"Chromium drew {selector} with no font"
    families = {font["familyName"] for font in fonts}
    assert families == {CJK_FONT}, f"{DPKO_ZH} was drawn with {families}: install fonts-noto-cjk"
    assert sum(font["glyphCount"] for font in fonts) == len(DPKO_ZH)


def test_chinese_unit_names_on_the_drawn_chart_use_a_cjk_font(page):
    page.goto(f"/zh-hans/snapshots/{BEFORE_2017}/")
    expect(page.locator(".chart.chart--drawn")).to_have_count(1)
    assert_drawn_with_a_cjk_font(page, '.chart__viewport .node[data-key="dpko"] .node__name')


def test_chinese_unit_names_in_the_list_shown_without_javascript_use_a_cjk_font(page_without_js):
    page_without_js.goto(f"/zh-hans/snapshots/{BEFORE_2017}/")
    assert_drawn_with_a_cjk_font(page_without_js, '.chart__tree .box[data-key="dpko"] .box__name')
