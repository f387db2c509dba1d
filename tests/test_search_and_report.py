"""Search finds units by any name or spelling; the dataset report counts what each document holds."""

from io import StringIO

from django.core.management import call_command
from rest_framework.test import APIClient

from structures.models import Unit


def test_search_finds_a_chinese_spelling_variant_kept_as_alias(dataset):
    body = APIClient().get("/api/search/", {"q": "法治和安全机构厅"}).json()
    assert [r["key"] for r in body["results"]] == ["orolsi"]
    assert body["results"][0]["name_zh"] == "法治和安全机构办公室"


def test_search_matches_english_names_case_insensitively(dataset):
    keys = [r["key"] for r in APIClient().get("/api/search/", {"q": "peace operations"}).json()["results"]]
    assert "dpo" in keys


def test_search_lists_each_unit_once_with_every_snapshot_it_appears_in(dataset):
    results = APIClient().get("/api/search/", {"q": "建设和平支助办公室"}).json()["results"]
    pbso = [r for r in results if r["key"] == "pbso"]
    assert len(pbso) == 1
    stored = Unit.objects.filter(key="pbso").values_list("snapshot__key", flat=True)
    assert sorted(pbso[0]["snapshots"]) == sorted(stored)


def test_search_without_a_query_is_refused_by_name(dataset):
    response = APIClient().get("/api/search/")
    assert response.status_code == 400
    assert response.json() == {"detail": 'Query parameter "q" is required.'}


def test_search_page_links_results_to_their_lineage(client, dataset):
    html = client.get("/en/search/", {"q": "常设首长小组"}).content.decode()
    assert 'href="/en/units/standing-principals-group/"' in html


def test_dataset_report_command_counts_units_and_uncited_entries(dataset):
    out = StringIO()
    call_command("dataset_report", stdout=out)
    text = out.getvalue()
    assert "A/72/525 (official_record)" in text
    assert "peace-security-2017-proposed [partial, date unknown]" in text
    assert "0 uncited entries" in text


def test_dataset_report_page_shows_each_document(client, dataset):
    html = client.get("/en/report/").content.decode()
    assert "A/72/525" in html
    assert '<strong class="uncited-count">0</strong>' in html
