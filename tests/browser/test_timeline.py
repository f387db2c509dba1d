"""The timeline in real Chromium: the slider moves through the snapshots with the keyboard; links work with JS off."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from structures.models import Snapshot

pytestmark = pytest.mark.browser

TIMELINE = "/en/timeline/un-secretariat/"


def first_two_steps() -> list[str]:
    return list(Snapshot.objects.published().in_timeline_order().values_list("key", flat=True)[:2])


def test_arrow_right_on_the_timeline_slider_opens_the_next_snapshot(page):
    first, second = first_two_steps()
    page.goto(f"{TIMELINE}?at={first}")
    slider = page.get_by_role("slider")
    expect(slider).to_be_visible()
    slider.focus()
    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(rf"\?at={re.escape(second)}$"))
    expect(page.locator('.step-list a[aria-current="step"]')).to_have_attribute("data-key", second)
    expect(page.get_by_role("slider")).to_have_value("1")


def test_timeline_without_javascript_hides_the_slider_and_steps_by_links(page_without_js):
    page = page_without_js
    first, second = first_two_steps()
    page.goto(TIMELINE)
    expect(page.get_by_role("slider")).to_have_count(0)
    page.locator('a[rel="next"]').click()
    expect(page).to_have_url(re.compile(rf"\?at={re.escape(second)}$"))
    expect(page.locator('a[rel="prev"]')).to_have_attribute("href", f"{TIMELINE}?at={first}")
