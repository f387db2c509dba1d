"""static/viewer/search.js, the pure search module, imported as a native ES module in real Chromium."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

UNITS = [
    {
        "key": "dpko",
        "name_en": "Department of Peacekeeping Operations",
        "name_zh": "维持和平行动部",
        "aliases": ["DPKO"],
        "pinyin": ["weichihepingxingdongbu", "wei chi he ping xing dong bu", "wchpxdb"],
    },
    {
        "key": "dpo",
        "name_en": "Department of Peace Operations",
        "name_zh": "和平行动部",
        "aliases": [],
        "pinyin": ["hepingxingdongbu", "he ping xing dong bu", "hpxdb"],
    },
    {
        "key": "orolsi",
        "name_en": "Office of Rule of Law and Security Institutions",
        "name_zh": "法治和安全机构办公室",
        "aliases": ["法治和安全机构厅"],
        "pinyin": ["fazhihenganquanjigoubangongshi", "fa zhi he an quan ji gou ban gong shi", "fzhaqjgbgs"],
    },
    # No aliases and no pinyin fields at all: the module must not need them.
    {"key": "police-division", "name_en": "Police Division", "name_zh": "警务司"},
]


def run(page: Page, expression: str, *args: Any) -> Any:
    """Import search.js in the page and evaluate `expression` with it bound to `search`."""
    return page.evaluate(
        f"async (args) => {{ const search = await import('/static/viewer/search.js'); return ({expression}); }}",
        list(args),
    )


def hits(page: Page, query: str, units: list[dict[str, Any]] = UNITS) -> list[tuple[str, str, str]]:
    found = run(page, "search.searchUnits(args[0], args[1]).map((h) => [h.key, h.field, h.text])", units, query)
    return [tuple(hit) for hit in found]


@pytest.fixture
def blank(page: Page) -> Page:
    page.goto("/en/")
    return page


def test_pinyin_prefix_finds_the_chinese_name(blank):
    assert hits(blank, "weichi") == [("dpko", "pinyin", "weichihepingxingdongbu")]


def test_pinyin_with_spaces_or_capitals_is_read_as_one_word(blank):
    assert [key for key, *_ in hits(blank, "Wei Chi")] == ["dpko"]


def test_pinyin_prefix_ranks_before_pinyin_inside_a_name(blank):
    assert [key for key, *_ in hits(blank, "heping")] == ["dpo", "dpko"]


def test_two_letter_pinyin_matches_only_at_the_start(blank):
    assert hits(blank, "xi") == []
    assert [key for key, *_ in hits(blank, "xingdong")] == ["dpko", "dpo"]


def test_chinese_exact_name_comes_before_names_that_contain_it(blank):
    assert hits(blank, "和平行动部") == [("dpo", "name_zh", "和平行动部"), ("dpko", "name_zh", "维持和平行动部")]


def test_english_name_matches_whole_words_inside_the_name(blank):
    assert hits(blank, "peace operations") == [("dpo", "name_en", "Department of Peace Operations")]
    assert hits(blank, "division") == [("police-division", "name_en", "Police Division")]


def test_prefix_of_a_name_ranks_before_a_word_inside_another(blank):
    units = [
        {"key": "global", "name_en": "Global Focal Point for Police", "name_zh": ""},
        *UNITS,
    ]
    assert [key for key, *_ in hits(blank, "police", units)] == ["police-division", "global"]


def test_alias_and_key_say_why_they_matched(blank):
    assert hits(blank, "法治和安全机构厅") == [("orolsi", "alias", "法治和安全机构厅")]
    assert hits(blank, "orolsi") == [("orolsi", "key", "orolsi")]


def test_full_width_letters_match_as_half_width(blank):
    assert hits(blank, "ＤＰＫＯ") == [("dpko", "alias", "DPKO")]


def test_a_blank_query_finds_nothing(blank):
    assert hits(blank, "   ") == []


def test_bad_input_is_refused_by_name(blank):
    refused = (
        "async () => { const search = await import('/static/viewer/search.js');"
        " const attempts = [() => search.searchUnits('dpko', 'x'), () => search.searchUnits([{name_en: 'A'}], 'a'),"
        " () => search.searchUnits([{key: 'a', aliases: 'A'}], 'a'), () => search.searchUnits([], 7)];"
        " return attempts.map((attempt) => { try { attempt(); return 'accepted'; }"
        " catch (error) { return error.message; } }); }"
    )
    assert blank.evaluate(refused) == [
        "searchUnits: units must be an array, got string",
        "searchUnits: unit 0 has no key",
        'searchUnits: aliases of unit "a" must be an array',
        "searchUnits: query must be a string, got number",
    ]


def test_cycle_wraps_forwards_and_backwards(blank):
    steps = [(3, 2, 1), (3, 0, -1), (3, -1, 1), (3, -1, -1), (0, 0, 1)]
    assert run(blank, "args[0].map((step) => search.cycle(...step))", steps) == [0, 2, 0, 2, -1]
