"""Printing a drawn chart (and so saving it as PDF) in real Chromium: a large chart is paginated by whole
subtrees, one A4 landscape sheet each, no box cut by a page edge, every unit on some page, the list after."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import SNAPSHOT_2017

pytestmark = pytest.mark.browser

LARGE = "/en/snapshots/peacekeeping-2010/"
# A4 landscape less the 12 mm margins of site.css's @page chart, in CSS pixels (96 per inch).
SHEET_WIDTH = (297 - 24) / 25.4 * 96
SHEET_HEIGHT = (210 - 24) / 25.4 * 96


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def open_chart(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator(".chart.chart--drawn")).to_have_count(1)


def print_layout(page: Page) -> None:
    """Lay the page out as the printer does: print media, the sheet's width, and the browser's beforeprint."""
    page.set_viewport_size({"width": round(SHEET_WIDTH), "height": round(SHEET_HEIGHT)})
    page.emulate_media(media="print")
    page.evaluate("() => dispatchEvent(new Event('beforeprint'))")


def test_saving_a_large_chart_as_pdf_gives_a_sheet_per_chart_page_then_the_list(page):
    open_chart(page, LARGE)
    plain = pdf_pages(page.pdf(prefer_css_page_size=True))
    # The browser fires beforeprint for page.pdf() too; count what it drew by drawing it again.
    chart_pages = page.locator(".chart").evaluate("root => root.orgchart.preparePrint()")
    assert chart_pages >= 3
    # The title sheet, one sheet per chart page (each starts a sheet and fits on it), then the list.
    page.locator(".chart__canvas").evaluate("list => { list.style.display = 'none'; }")
    without_list = pdf_pages(page.pdf(prefer_css_page_size=True))
    assert without_list == 1 + chart_pages
    assert plain > without_list


def test_each_printed_chart_page_fits_a_sheet_and_every_unit_is_on_a_page(page):
    open_chart(page, LARGE)
    laid_out = sorted(page.locator(".chart").evaluate("root => root.orgchart.state.layout.list.map((b) => b.key)"))
    print_layout(page)
    sections = page.locator(".chart__page")
    count = sections.count()
    assert count >= 3
    for index in range(count):
        box = sections.nth(index).bounding_box()
        assert box["width"] <= SHEET_WIDTH + 1
        assert box["height"] <= SHEET_HEIGHT
        # Whole boxes only: every box drawn on a page lies inside that page's picture.
        outside = (
            sections.nth(index)
            .locator("svg")
            .evaluate(
                """svg => {
                const [x, y, w, h] = svg.getAttribute('viewBox').split(' ').map(Number);
                return [...svg.querySelectorAll('g[data-key] > rect')].filter((r) => {
                  const [rx, ry, rw, rh] = ['x', 'y', 'width', 'height'].map((a) => Number(r.getAttribute(a)));
                  return rx < x || ry < y || rx + rw > x + w || ry + rh > y + h;
                }).length;
            }"""
            )
        )
        assert outside == 0
    printed = page.locator(".chart__page g[data-key]").evaluate_all("gs => [...new Set(gs.map((g) => g.dataset.key))]")
    assert sorted(printed) == laid_out
    # The list is still printed, after the drawn pages, as the readable outline.
    expect(page.locator(".chart__tree")).to_be_visible()
    assert page.locator(".chart__tree").bounding_box()["y"] > sections.last.bounding_box()["y"]
    expect(page.locator(".chart__viewport")).to_be_hidden()


def test_a_folded_unit_on_a_printed_page_names_the_page_its_subtree_continues_on(page):
    open_chart(page, LARGE)
    print_layout(page)
    first = page.locator(".chart__page").first
    expect(first.locator(".chart__page-title")).to_contain_text("Department of Peacekeeping Operations")
    note = first.locator("text", has_text="continued on chart page").first
    target = int(re.search(r"page (\d+)", note.text_content()).group(1))
    unit = note.locator("xpath=..").get_attribute("data-key")
    name = page.locator(".chart").evaluate(f"root => root.orgchart.state.units.get('{unit}').name_en")
    continued = page.locator(f'.chart__page[data-page="{target}"]')
    expect(continued.locator(f'g[data-key="{unit}"]')).to_have_count(1)
    expect(continued.locator(".chart__page-title")).to_contain_text(name)


def test_a_chart_that_fits_a_sheet_prints_as_one_page(page):
    open_chart(page, "/en/snapshots/security-2004/")
    print_layout(page)
    expect(page.locator(".chart__page")).to_have_count(1)
    expect(page.locator(".chart__page-title")).to_have_text(page.locator(".chart").get_attribute("data-title"))


def test_after_printing_the_pages_are_removed_and_the_screen_shows_the_drawn_chart(page):
    open_chart(page, SNAPSHOT_2017)
    page.pdf(prefer_css_page_size=True)
    expect(page.locator(".chart__page")).to_have_count(0)
    expect(page.locator(".chart__viewport")).to_be_visible()
