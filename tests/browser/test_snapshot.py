"""The snapshot page in real Chromium: the list is drawn as a top-down chart whose branches fold."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import SNAPSHOT_2017

pytestmark = pytest.mark.browser


def open_snapshot(page: Page) -> Page:
    page.goto(SNAPSHOT_2017)
    expect(page.locator(".chart.chart--drawn")).to_have_count(1)
    return page


def test_snapshot_draws_children_below_their_parent_and_side_by_side(page):
    open_snapshot(page)
    pillar = page.locator("#chart-peace-security-pillar").bounding_box()
    dppa = page.locator("#chart-dppa").bounding_box()
    dpo = page.locator("#chart-dpo").bounding_box()

    assert dppa["y"] >= pillar["y"] + pillar["height"]
    assert dpo["y"] == pytest.approx(dppa["y"], abs=1)
    assert dpo["x"] >= dppa["x"] + dppa["width"]


def test_snapshot_shows_its_toolbar_and_a_fold_button_only_on_units_with_children(page):
    open_snapshot(page)
    expect(page.locator(".chart__toolbar")).to_be_visible()
    expect(page.locator("#chart-dppa .box__toggle")).to_have_count(1)
    expect(page.locator("#chart-pbso-policy .box__toggle")).to_have_count(0)


def test_snapshot_fold_button_hides_and_shows_a_branch(page):
    open_snapshot(page)
    toggle = page.locator("#chart-dpo .box__toggle")
    toggle.click()
    expect(page.locator("#chart-oma")).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")

    toggle.click()
    expect(page.locator("#chart-oma")).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")


def test_snapshot_collapse_all_and_expand_all(page):
    open_snapshot(page)
    page.locator('[data-action="collapse-all"]').click()
    expect(page.locator("#chart-police-division")).to_be_hidden()
    expect(page.locator("#chart-peace-security-pillar")).to_be_visible()

    page.locator('[data-action="expand-all"]').click()
    expect(page.locator("#chart-police-division")).to_be_visible()
