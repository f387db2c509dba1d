"""Compare modes in real Chromium: views kept in sync side by side, the merged view with succession
arrows, the "changed only" filter, the before -> after morph and a compare permalink."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from .conftest import COMPARE_2017

pytestmark = pytest.mark.browser


def open_compare(page: Page, suffix: str = "") -> Page:
    page.goto(COMPARE_2017 + suffix)
    expect(page.locator(".chart[data-chart].chart--drawn")).to_have_count(2)
    return page


def chart(page: Page, side: str) -> Locator:
    return page.locator(f'.chart[data-side="{side}"]')


def laid_out(page: Page, side: str) -> list[str]:
    return chart(page, side).evaluate("root => [...root.orgchart.state.layout.boxes.keys()]")


def view(page: Page, side: str) -> dict:
    return chart(page, side).evaluate("root => root.orgchart.zoom.get()")


def test_zoom_and_pan_on_one_side_move_the_other_side_the_same_way(page):
    open_compare(page)
    before, after = view(page, "before"), view(page, "after")
    chart(page, "before").locator('[data-action="zoom-in"]').click()
    assert view(page, "after")["k"] == pytest.approx(after["k"] * 1.25)
    assert view(page, "before")["k"] == pytest.approx(before["k"] * 1.25)

    start = view(page, "after")
    box = chart(page, "before").locator(".chart__viewport").bounding_box()
    x, y = box["x"] + 30, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 80, y - 40, steps=8)
    page.mouse.up()
    moved = view(page, "after")
    assert moved["x"] == pytest.approx(start["x"] + 80, abs=2)
    assert moved["y"] == pytest.approx(start["y"] - 40, abs=2)


def test_merged_view_shows_the_union_of_both_charts_and_succession_arrows(page):
    open_compare(page)
    page.locator('.compare-modes [data-mode="merged"]').click()
    merged = chart(page, "merged")
    expect(merged).to_be_visible()
    expect(page.locator(".compare")).to_be_hidden()
    keys = set(laid_out(page, "merged"))
    assert {"dpko", "dpa", "pbso", "dpo", "dppa"} <= keys
    assert keys == set(laid_out(page, "before")) | set(laid_out(page, "after"))

    merged.evaluate("root => root.orgchart.centre('dpko')")
    expect(merged.locator('.node[data-key="dpko"]')).to_have_class(re.compile(r"\bpresence--before\b"))
    expect(merged.locator('.node[data-key="dpko"]')).to_have_class(re.compile(r"\bchange--renamed\b"))
    for source, target in (("dpko", "dpo"), ("dpa", "dppa"), ("pbso", "dppa")):
        arrow = merged.locator(f'g.chart__arrow[data-from="{source}"][data-to="{target}"]')
        expect(arrow).to_have_count(1)
        expect(arrow.locator("path")).to_have_attribute("marker-end", re.compile("succession-arrow"))


def test_clicking_a_change_in_the_merged_view_selects_and_centres_its_units(page):
    open_compare(page)
    page.locator('.compare-modes [data-mode="merged"]').click()
    page.locator(".change-list > li.change--renamed .status-label").first.click()
    merged = chart(page, "merged")
    expect(merged.locator('.node[data-key="dpo"]')).to_be_in_viewport()
    expect(merged.locator('.node[data-key="dpko"]')).to_have_class(re.compile(r"\bis-selected\b"))


def test_changed_only_hides_unchanged_units_but_keeps_the_units_above_the_changes(page):
    open_compare(page)
    assert "pbso-policy" in laid_out(page, "after")
    page.locator('[data-filter="changed-only"]').check()

    after = laid_out(page, "after")
    assert "pbso-policy" not in after
    assert {"dpo", "dppa", "peace-security-pillar"} <= set(after)
    leaf_statuses = chart(page, "after").evaluate(
        "root => [...root.orgchart.state.tree.byKey.values()]"
        ".filter((n) => !n.children.length).map((n) => n.data.status)"
    )
    assert leaf_statuses
    assert not {"unchanged", "not_described", ""} & set(leaf_statuses)
    expect(page.locator(".change-list > li.change--renamed").first).to_be_visible()

    page.locator('[data-filter="changed-only"]').uncheck()
    assert "pbso-policy" in laid_out(page, "after")


def test_the_morph_ends_with_every_box_at_its_place_in_the_after_chart(page):
    open_compare(page)
    page.locator('.compare-modes [data-mode="morph"]').click()
    merged = chart(page, "merged")
    expect(merged).to_have_attribute("data-morph", "done", timeout=5000)
    final = merged.evaluate(
        """root => Object.fromEntries([...root.querySelectorAll('.chart__morph .node')].map((box) => {
            const m = new DOMMatrix(getComputedStyle(box).transform);
            const opacity = getComputedStyle(box).opacity;
            return [box.dataset.key, { x: m.e, y: m.f, opacity, phase: box.dataset.phase }];
        }))"""
    )
    target = chart(page, "after").evaluate(
        "root => Object.fromEntries([...root.orgchart.state.layout.boxes].map(([k, b]) => [k, { x: b.x, y: b.y }]))"
    )
    for key, place in target.items():
        assert final[key]["x"] == pytest.approx(place["x"], abs=0.5), key
        assert final[key]["y"] == pytest.approx(place["y"], abs=0.5), key
        assert final[key]["opacity"] == "1"
    assert final["dpo"]["phase"] == "move"
    assert final["dpko"]["phase"] == "exit"
    assert final["dpko"]["opacity"] == "0"


def test_a_compare_permalink_restores_the_mode_the_filter_and_the_selection(page):
    open_compare(page, "#m=merged&u=dppa&s=merged&f=1")
    merged = chart(page, "merged")
    expect(merged).to_be_visible()
    expect(page.locator('.compare-modes [data-mode="merged"]')).to_have_attribute("aria-pressed", "true")
    expect(page.locator('[data-filter="changed-only"]')).to_be_checked()
    expect(merged.locator('.node[data-key="dppa"]')).to_have_class(re.compile(r"\bis-selected\b"))
    assert "pbso-policy" not in laid_out(page, "merged")
    expect(page.locator("#change-details")).to_contain_text("Department of Political and Peacebuilding Affairs")
