"""The snapshot page in real Chromium: the chart is drawn from its data, top-down, and its branches fold."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from .conftest import SNAPSHOT_2017

pytestmark = pytest.mark.browser


def open_snapshot(page: Page) -> Page:
    page.goto(SNAPSHOT_2017)
    expect(page.locator(".chart.chart--drawn")).to_have_count(1)
    return page


def node(page: Page, key: str) -> Locator:
    return page.locator(f'.chart__viewport .node[data-key="{key}"]')


def fit(page: Page) -> None:
    page.locator('[data-action="fit"]').click()


def test_snapshot_draws_children_below_their_parent_and_side_by_side(page):
    open_snapshot(page)
    fit(page)
    pillar = node(page, "peace-security-pillar").bounding_box()
    dppa = node(page, "dppa").bounding_box()
    dpo = node(page, "dpo").bounding_box()

    assert dppa["y"] >= pillar["y"] + pillar["height"]
    assert dpo["y"] == pytest.approx(dppa["y"], abs=1)
    assert dpo["x"] >= dppa["x"] + dppa["width"]


def test_snapshot_boxes_show_name_head_and_grade_and_badges(page):
    open_snapshot(page)
    page.locator(".chart").evaluate("root => root.orgchart.centre('dpo')")
    dpo = node(page, "dpo")
    expect(dpo.locator(".node__name")).to_have_text("Department of Peace Operations")
    expect(dpo.locator(".node__head")).to_contain_text("Under-Secretary-General")
    expect(dpo.locator(".node__head")).to_contain_text("(USG)")
    page.locator(".chart").evaluate("root => root.orgchart.centre('peace-security-pillar')")
    expect(node(page, "peace-security-pillar").locator(".badge--placement")).to_have_text("placement not stated")


def test_snapshot_shows_its_toolbar_and_a_fold_button_only_on_units_with_children(page):
    open_snapshot(page)
    expect(page.locator(".chart__toolbar")).to_be_visible()
    fit(page)
    expect(node(page, "dppa").locator(".node__toggle")).to_have_count(1)
    expect(node(page, "pbso-policy").locator(".node__toggle")).to_have_count(0)


def test_snapshot_fold_button_hides_and_shows_a_branch(page):
    open_snapshot(page)
    fit(page)
    toggle = node(page, "dpo").locator(".node__toggle")
    toggle.click()
    expect(node(page, "oma")).to_have_count(0)
    expect(node(page, "dpo")).to_have_class(re.compile(r"\bis-collapsed\b"))

    toggle.click()
    expect(node(page, "oma")).to_have_count(1)
    expect(node(page, "dpo")).not_to_have_class(re.compile(r"\bis-collapsed\b"))


def test_snapshot_collapse_all_and_expand_all(page):
    open_snapshot(page)
    page.locator('[data-action="collapse-all"]').click()
    fit(page)
    expect(node(page, "police-division")).to_have_count(0)
    expect(node(page, "peace-security-pillar")).to_be_visible()

    page.locator('[data-action="expand-all"]').click()
    fit(page)
    expect(node(page, "police-division")).to_have_count(1)


def test_snapshot_without_javascript_is_the_nested_list(page_without_js):
    page = page_without_js
    page.goto(SNAPSHOT_2017)
    expect(page.locator(".chart__viewport")).to_have_count(0)
    expect(page.locator('li[data-key="dpo"] > ul > li[data-key="oma"] > #chart-oma')).to_be_visible()
