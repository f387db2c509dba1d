"""What a drawn box and a secondary line say, in real Chromium over the real dataset: post counts the documents
state (with their hedge), the shared badge, a line's qualifier, and the same text in the exported SVG."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, Route, expect

pytestmark = pytest.mark.browser

# A/61/531 para. 8: the Department of Safety and Security has 1,830 posts, a figure (not a unit field) of its own.
SECURITY_2006 = "security-2006"
SNAPSHOT_2006 = f"/en/snapshots/{SECURITY_2006}/"
COMPARE_2006 = f"/en/compare/?before={SECURITY_2006}&after=security-2007-proposed"
DSS_ADVISES = "advises (on all matters related to the security and safety of UN system civilian personnel)"


def open_chart(page: Page, url: str, charts: int = 1) -> Page:
    page.goto(url)
    expect(page.locator(".chart[data-chart].chart--drawn")).to_have_count(charts)
    return page


def chart(page: Page, side: str = "chart") -> Locator:
    return page.locator(f'.chart[data-side="{side}"]')


def shown_box(page: Page, key: str, side: str = "chart") -> Locator:
    chart(page, side).evaluate(f"root => root.orgchart.centre({json.dumps(key)})")
    return chart(page, side).locator(f'.chart__viewport .node[data-key="{key}"]')


def test_a_unit_whose_document_states_its_post_count_shows_it_in_its_box(page):
    open_chart(page, SNAPSHOT_2006)
    expect(shown_box(page, "dss").locator(".node__posts")).to_have_text("1,830 posts")
    # Its parts by location are slices, not the unit's count; a unit no document counts shows none.
    expect(shown_box(page, "dss").locator(".node__posts")).to_have_count(1)
    expect(shown_box(page, "dro").locator(".node__posts")).to_have_count(0)


def test_a_hedged_post_count_keeps_its_hedge_in_english_and_chinese(page):
    def hedged(route: Route) -> None:
        tree = route.fetch().json()
        for figure in tree["figures"]:
            if figure["unit"] == "dss" and figure["measure"] == "posts" and not figure["breakdown"]:
                figure["approximation"] = "more_than"
        route.fulfill(json=tree)

    page.route(re.compile(rf"/api/snapshots/{SECURITY_2006}/tree/"), hedged)
    open_chart(page, SNAPSHOT_2006)
    expect(shown_box(page, "dss").locator(".node__posts")).to_have_text("more than 1,830 posts")
    open_chart(page, f"/zh-hans/snapshots/{SECURITY_2006}/")
    expect(shown_box(page, "dss").locator(".node__posts")).to_have_text("超过 1,830 个员额")


def test_a_shared_unit_shows_the_shared_badge(page):
    open_chart(page, SNAPSHOT_2006)
    expect(shown_box(page, "crisis-coordination-centre").locator(".badge--shared")).to_have_text("shared")


def test_a_secondary_line_shows_its_type_and_qualifier_in_its_label_and_all_of_it_on_hover(page):
    open_chart(page, SNAPSHOT_2006)
    line = chart(page).locator('g.chart__line[data-from="dss"][data-to="secretary-general"]')
    expect(line.locator("text")).to_have_text("advises (on all matters related…)")
    expect(line.locator("title")).to_have_text(DSS_ADVISES)


def test_exported_svg_of_a_compared_chart_carries_posts_badges_status_and_line_qualifiers(
    browser, live_server, real_dataset
):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1400, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_chart(page, COMPARE_2006, charts=2)
    before = chart(page, "before")
    status = before.evaluate("root => root.orgchart.state.units.get('dss').status")
    label = shown_box(page, "dss", "before").locator(".node__status").inner_text()
    assert status
    with page.expect_download() as info:
        before.locator('[data-action="export-svg"]').click()
    svg = Path(info.value.path()).read_text(encoding="utf-8")
    context.close()
    assert errors == []

    dss = re.search(r'<g data-key="dss">.*?</g>', svg, re.S).group(0)
    assert ">1,830 posts</tspan>" in dss
    assert f">{label}</tspan>" in dss
    shared = re.search(r'<g data-key="crisis-coordination-centre">.*?</g>', svg, re.S).group(0)
    assert ">⇄ shared</tspan>" in shared
    assert f"<title>{DSS_ADVISES}</title>" in svg
    assert ">advises (on all matters related…)</text>" in svg


# Every shown label's box, every drawn unit box, and the crowded labels, read from the drawn chart.
LABEL_BOXES = """root => {
  const rect = (r) => ({ x: r.x, y: r.y, w: r.width, h: r.height });
  const texts = [...root.querySelectorAll('.chart__line text')];
  const shown = texts.filter((t) => getComputedStyle(t).display !== 'none').map((t) => rect(t.getBBox()));
  const boxes = root.orgchart.state.layout.list.map((b) => ({ x: b.x, y: b.y, w: b.w, h: b.h }));
  return { shown, boxes, total: texts.length, crowded: texts.filter((t) => t.classList.contains('is-crowded')).length };
}"""


def overlapping(a: dict, b: dict, slack: float = 1.0) -> bool:
    return (
        a["x"] + slack < b["x"] + b["w"]
        and b["x"] + slack < a["x"] + a["w"]
        and a["y"] + slack < b["y"] + b["h"]
        and b["y"] + slack < a["y"] + a["h"]
    )


def test_line_labels_cover_neither_each_other_nor_a_box_and_crowded_ones_show_with_their_unit(page):
    open_chart(page, SNAPSHOT_2006)
    drawn = chart(page).evaluate(LABEL_BOXES)
    assert drawn["total"] > 20
    assert len(drawn["shown"]) > drawn["total"] / 3
    for i, label in enumerate(drawn["shown"]):
        assert not any(overlapping(label, other) for other in drawn["shown"][i + 1 :]), label
        assert not any(overlapping(label, box) for box in drawn["boxes"]), label

    crowded = chart(page).locator(".chart__line:has(text.is-crowded)").first
    unit = crowded.get_attribute("data-from")
    expect(crowded.locator("text")).to_be_hidden()
    shown_box(page, unit).click()
    expect(crowded.locator("text")).to_be_visible()
