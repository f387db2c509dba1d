"""Pinyin finds Chinese names: "weichi" finds 维持和平行动部, by full syllables, spaced syllables or initials."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from structures import services
from structures.pinyin import pinyin_forms

from .conftest import build_snapshot


def search_keys(query: str) -> list[str]:
    response = APIClient().get("/api/search/", {"q": query})
    assert response.status_code == 200
    return [result["key"] for result in response.json()["results"]]


def test_pinyin_forms_give_joined_spaced_and_initial_spellings_without_tones():
    assert pinyin_forms("维持和平行动部") == ["weichihepingxingdongbu", "wei chi he ping xing dong bu", "wchpxdb"]


def test_pinyin_forms_read_a_heteronym_in_context():
    assert pinyin_forms("行动")[0] == "xingdong"
    assert pinyin_forms("银行")[0] == "yinhang"


def test_pinyin_forms_leave_out_what_is_not_chinese():
    assert pinyin_forms("DPKO") == []
    assert pinyin_forms("维和部（DPKO）") == ["weihebu", "wei he bu", "whb"]


@pytest.mark.parametrize("query", ["weichi", "wchpxdb", "WeiChi", "weichihepingxingdongbu", "wei chi he ping"])
def test_search_finds_dpko_by_the_pinyin_of_its_chinese_name(dataset, query):
    assert "dpko" in search_keys(query)


def test_search_by_english_name_still_finds_dpko(dataset):
    assert "dpko" in search_keys("department of peacekeeping operations")


def test_pinyin_that_matches_no_name_finds_nothing(dataset):
    assert search_keys("zzxqqz") == []


def test_a_unit_edited_through_the_services_is_found_by_the_pinyin_of_its_alias(db):
    snapshot = build_snapshot("root 总部\n  desk 非洲司")
    services.update_unit(unit=snapshot.units.get(key="desk"), aliases=["非洲二司"])
    services.publish_snapshot(snapshot=snapshot)
    assert search_keys("fzes") == ["desk"]
    assert search_keys("feizhousi") == ["desk"]


def test_search_page_lists_a_pinyin_hit_with_its_lineage_link(client, dataset):
    html = client.get("/en/search/", {"q": "weichi"}).content.decode()
    assert 'href="/en/units/dpko/"' in html
