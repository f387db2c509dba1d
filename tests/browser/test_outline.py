"""The chart outline in real Chromium: the server's nested list as a WAI-ARIA tree worked from the keyboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from .conftest import SNAPSHOT_2017

pytestmark = pytest.mark.browser

CHART = '.chart[data-side="chart"]'


def item(page: Page, key: str) -> Locator:
    return page.locator(f'{CHART} [role="treeitem"][data-key="{key}"]')


def open_outline(page: Page, url: str = SNAPSHOT_2017) -> Page:
    page.goto(url)
    expect(page.locator(f'{CHART} ul.chart__tree[role="tree"]')).to_have_count(1)
    return page


def start_at(page: Page, key: str) -> None:
    item(page, key).focus()
    expect(item(page, key)).to_be_focused()


def record_reveals(page: Page) -> None:
    page.evaluate(
        "() => { window.reveals = []; document.querySelector('.chart[data-side=\"chart\"]')"
        ".addEventListener('orgchart:reveal', (event) => window.reveals.push(event.detail.key)); }"
    )


def test_outline_gives_each_unit_its_level_position_and_name(page):
    open_outline(page)
    dpo = item(page, "dpo")
    expect(dpo).to_have_attribute("aria-level", "2")
    expect(dpo).to_have_attribute("aria-posinset", "2")
    expect(dpo).to_have_attribute("aria-setsize", "4")
    expect(dpo).to_have_attribute("aria-expanded", "true")
    expect(dpo.locator(':scope > ul[role="group"]')).to_have_count(1)
    expect(item(page, "oma")).not_to_have_attribute("aria-expanded", "true")
    expect(item(page, "oma")).to_have_attribute("aria-level", "3")
    expect(page.get_by_role("treeitem", name="Department of Peace Operations", exact=True)).to_have_count(1)


def test_only_one_outline_item_is_in_the_tab_order_and_it_follows_the_arrows(page):
    open_outline(page)
    tabbable = page.locator(f'{CHART} [role="treeitem"][tabindex="0"]')
    expect(tabbable).to_have_count(1)
    expect(tabbable).to_have_attribute("data-key", "secretary-general")
    expect(page.locator(f"{CHART} .chart__tree .box[tabindex='0']")).to_have_count(0)

    start_at(page, "secretary-general")
    page.keyboard.press("ArrowDown")
    expect(tabbable).to_have_count(1)
    expect(tabbable).to_have_attribute("data-key", "eosg")
    expect(item(page, "eosg")).to_be_focused()


def test_down_and_up_move_to_the_next_and_previous_visible_item(page):
    open_outline(page)
    start_at(page, "secretary-general")
    page.keyboard.press("ArrowDown")
    expect(item(page, "eosg")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(item(page, "high-level-advisory-board-mediation")).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(item(page, "eosg")).to_be_focused()


def test_left_collapses_an_open_item_and_down_then_skips_its_children(page):
    open_outline(page)
    start_at(page, "dpo")
    page.keyboard.press("ArrowLeft")
    expect(item(page, "dpo")).to_have_attribute("aria-expanded", "false")
    expect(item(page, "oma")).to_be_hidden()
    page.keyboard.press("ArrowDown")
    expect(item(page, "regional-political-operational-structure")).to_be_focused()


def test_left_on_a_closed_or_childless_item_moves_to_its_parent(page):
    open_outline(page)
    start_at(page, "police-division")
    page.keyboard.press("ArrowLeft")
    expect(item(page, "orolsi")).to_be_focused()
    page.keyboard.press("ArrowLeft")
    expect(item(page, "orolsi")).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("ArrowLeft")
    expect(item(page, "dpo")).to_be_focused()


def test_right_opens_a_closed_item_then_moves_to_its_first_child(page):
    open_outline(page)
    start_at(page, "dpo")
    page.keyboard.press("ArrowLeft")
    expect(item(page, "oma")).to_be_hidden()
    page.keyboard.press("ArrowRight")
    expect(item(page, "dpo")).to_have_attribute("aria-expanded", "true")
    expect(item(page, "oma")).to_be_visible()
    expect(item(page, "dpo")).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(item(page, "oma")).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(item(page, "oma")).to_be_focused()


def test_home_and_end_go_to_the_first_and_last_visible_item(page):
    open_outline(page)
    start_at(page, "dpo")
    page.keyboard.press("End")
    last = page.locator(f'{CHART} .chart__tree > [role="treeitem"]').last
    expect(last).to_be_focused()
    page.keyboard.press("Home")
    expect(item(page, "secretary-general")).to_be_focused()


def test_enter_selects_the_unit_and_asks_the_chart_to_reveal_it(page):
    open_outline(page)
    record_reveals(page)
    start_at(page, "oma")
    page.keyboard.press("Enter")
    expect(item(page, "oma")).to_have_attribute("aria-selected", "true")
    assert page.evaluate("window.reveals") == ["oma"]

    page.keyboard.press("ArrowDown")
    page.keyboard.press(" ")
    expect(item(page, "orolsi")).to_have_attribute("aria-selected", "true")
    expect(page.locator(f'{CHART} [aria-selected="true"]')).to_have_count(1)
    assert page.evaluate("window.reveals") == ["oma", "orolsi"]


def test_star_opens_every_sibling_of_the_focused_item(page):
    open_outline(page)
    start_at(page, "dppa")
    page.keyboard.press("ArrowLeft")
    start_at(page, "dpo")
    page.keyboard.press("ArrowLeft")
    expect(item(page, "pbso")).to_be_hidden()
    expect(item(page, "oma")).to_be_hidden()
    page.keyboard.press("*")
    expect(item(page, "dppa")).to_have_attribute("aria-expanded", "true")
    expect(item(page, "dpo")).to_have_attribute("aria-expanded", "true")
    expect(item(page, "pbso")).to_be_visible()
    expect(item(page, "oma")).to_be_visible()
    expect(item(page, "dpo")).to_be_focused()


def test_typing_a_letter_moves_to_the_next_unit_whose_name_starts_with_it(page):
    open_outline(page)
    start_at(page, "secretary-general")
    page.keyboard.press("p")
    expect(item(page, "peace-security-pillar")).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("p")
    expect(item(page, "pbso")).to_be_focused()


def test_typing_several_letters_matches_the_whole_prefix(page):
    open_outline(page)
    start_at(page, "secretary-general")
    page.keyboard.type("pol")
    expect(item(page, "pbso-policy")).to_be_focused()


def type_character(page: Page, character: str) -> None:
    """Send a real key press that yields one character, as a Chinese keyboard or input method does.

    Playwright's keyboard knows only a US layout, so this goes through the DevTools protocol instead.
    """
    session = page.context.new_cdp_session(page)
    for kind in ("keyDown", "keyUp"):
        session.send("Input.dispatchKeyEvent", {"type": kind, "key": character, "text": character})
    session.detach()


def test_typing_a_chinese_character_finds_the_chinese_name(page):
    open_outline(page, "/zh-hans/snapshots/peace-security-2017-proposed/")
    start_at(page, "secretary-general")
    type_character(page, "警")
    expect(item(page, "police-division")).to_be_focused()


def test_typing_a_chinese_character_on_the_english_page_uses_the_chinese_name(page):
    open_outline(page)
    start_at(page, "secretary-general")
    type_character(page, "军")
    expect(item(page, "oma")).to_be_focused()


def test_the_charts_selection_opens_the_path_and_selects_the_unit_in_the_outline(page):
    open_outline(page)
    start_at(page, "dpo")
    page.keyboard.press("ArrowLeft")
    expect(item(page, "police-division")).to_be_hidden()
    page.evaluate(
        "() => document.querySelector('.chart[data-side=\"chart\"]').dispatchEvent(new CustomEvent("
        "'orgchart:selected', {detail: {key: 'police-division', side: 'chart'}, bubbles: true}))"
    )
    expect(item(page, "police-division")).to_be_visible()
    expect(item(page, "police-division")).to_have_attribute("aria-selected", "true")
    expect(item(page, "police-division")).to_have_attribute("tabindex", "0")
    expect(item(page, "police-division")).to_be_focused()


def test_clicking_a_unit_on_the_drawn_chart_selects_it_in_the_outline(page):
    open_outline(page)
    page.locator('.chart__viewport .node[data-key="oma"]').click()
    expect(item(page, "oma")).to_have_attribute("aria-selected", "true")
    expect(item(page, "oma")).to_have_attribute("tabindex", "0")


def test_clicking_a_unit_in_the_outline_reveals_it_on_the_chart(page):
    open_outline(page)
    record_reveals(page)
    item(page, "oma").locator(":scope > .box .box__name").click()
    expect(item(page, "oma")).to_have_attribute("aria-selected", "true")
    assert page.evaluate("window.reveals") == ["oma"]


def test_the_focused_item_shows_a_focus_ring_on_its_box(page):
    open_outline(page)
    start_at(page, "secretary-general")
    page.keyboard.press("ArrowDown")
    outline = item(page, "eosg").locator(":scope > .box").evaluate("(box) => getComputedStyle(box).outlineStyle")
    assert outline == "solid"


def test_typing_pinyin_on_the_chinese_page_finds_the_chinese_name(page):
    open_outline(page, "/zh-hans/snapshots/peace-security-2017-proposed/")
    start_at(page, "secretary-general")
    page.keyboard.type("jun")
    expect(item(page, "oma")).to_be_focused()


def test_type_ahead_word_ends_after_a_pause(page):
    open_outline(page)
    found = page.evaluate(
        """async () => {
          const { createTypeAhead } = await import('/static/viewer/a11y-typeahead.js');
          const spellings = [["policy"], ["police division"], ["office"], ["polar"]];
          const typeAhead = createTypeAhead(700);
          const quick = [typeAhead.next("p", 0, spellings, 2), typeAhead.next("o", 100, spellings, 3),
                         typeAhead.next("li", 200, spellings, 3)];
          const afterPause = typeAhead.next("o", 5000, spellings, 0);
          return [...quick, afterPause];
        }"""
    )
    assert found == [3, 3, 0, 2]
