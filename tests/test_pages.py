"""Server-rendered pages: they work with JS off, in English and in Chinese."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from .conftest import AFTER_2017, BEFORE_2017

COMPARE = f"/en/compare/?before={BEFORE_2017}&after={AFTER_2017}"


def box_classes(html: str, box_id: str) -> str:
    """Return the class attribute of the <li> that holds the box with this id."""
    match = re.search(r'<li class="([^"]*)"[^>]*>\s*<div class="box" id="' + re.escape(box_id) + '"', html)
    assert match, f"no box {box_id}"
    return match.group(1)


def test_root_redirects_to_a_language(client, dataset):
    response = client.get("/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/en/"


def test_home_links_to_the_2017_comparison_and_its_snapshots(client, dataset):
    html = client.get("/en/").content.decode()
    assert f"/en/compare/?before={BEFORE_2017}&amp;after={AFTER_2017}" in html
    assert f"/en/snapshots/{AFTER_2017}/" in html
    assert "Restructuring of the peace and security pillar (2017 proposal)" in html


def test_compare_page_colours_changes_on_both_charts_without_js(client, dataset):
    html = client.get(COMPARE).content.decode()
    assert "change--renamed" in box_classes(html, "before-dpko")
    assert "change--renamed" in box_classes(html, "after-dpo")
    assert "change--merged" in box_classes(html, "before-dpa")
    assert "change--merged" in box_classes(html, "before-pbso")
    assert "change--merged" in box_classes(html, "after-dppa")
    assert "change--not_described" in box_classes(html, "after-oma")


def test_compare_page_lists_each_change_with_its_citation(client, dataset):
    html = client.get(COMPARE).content.decode()
    changes = html[html.index('class="change-list"') :]
    assert "The Department of Peacekeeping Operations becomes the Department of Peace Operations" in changes
    assert 'href="https://undocs.org/en/A/72/525"' in changes
    assert "A/72/525 ¶20(b)" in changes


def test_compare_page_in_chinese_shows_printed_names_and_chinese_interface(client, dataset):
    html = client.get(f"/zh-hans/compare/?before={BEFORE_2017}&after={AFTER_2017}").content.decode()
    assert "维持和平行动部" in html
    assert "和平行动部" in html
    assert "比较" in html  # interface text
    assert 'href="https://undocs.org/zh/A/72/525"' in html
    assert '<html lang="zh-Hans">' in html


def test_language_switch_keeps_the_page(client, dataset):
    html = client.get(COMPARE).content.decode()
    assert f'href="/zh-hans/compare/?before={BEFORE_2017}&amp;after={AFTER_2017}"' in html


def test_snapshot_page_shows_the_nested_list_with_secondary_lines(client, dataset):
    html = client.get(f"/en/snapshots/{AFTER_2017}/").content.decode()
    assert "Department of Political and Peacebuilding Affairs" in html
    assert 'class="badge badge--shared"' in html
    assert 'data-type="also_reports_to"' in html
    assert 'data-type="chairs"' in html


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/en/compare/", 400, "Query parameter &quot;before&quot; is required."),
        (f"/en/compare/?before={BEFORE_2017}&after=nope", 404, "No snapshot with key &quot;nope&quot;."),
        ("/en/snapshots/nope/", 404, "No snapshot with key &quot;nope&quot;."),
    ],
)
def test_bad_page_parameters_get_a_page_naming_the_problem(client, dataset, url, status, message):
    response = client.get(url)
    assert response.status_code == status
    assert message in response.content.decode()


@pytest.mark.parametrize("name", ["home", "search", "dataset-report", "api-snapshots", "api-schema", "api-docs"])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_named_page_without_arguments_answers_200(client, dataset, name, language):
    with translation.override(language):
        url = reverse(name)
    assert client.get(url).status_code == 200


def test_admin_needs_login_and_lists_every_model(client, dataset, admin_client):
    assert client.get("/admin/").status_code == 302
    html = admin_client.get("/admin/").content.decode()
    for model in (
        "organization",
        "sourcedocument",
        "reform",
        "snapshot",
        "unit",
        "succession",
        "secondaryline",
        "citation",
    ):
        assert f"/admin/structures/{model}/" in html


def test_admin_shows_a_published_snapshot_read_only_with_its_units(admin_client, dataset):
    from structures.models import Snapshot

    snapshot = Snapshot.objects.get(key=AFTER_2017)
    html = admin_client.get(f"/admin/structures/snapshot/{snapshot.pk}/change/").content.decode()
    assert "Department of Peace Operations" in html
    assert 'name="label_en"' not in html  # read-only: no input


@pytest.mark.parametrize(
    "url",
    [
        f"/en/snapshots/{AFTER_2017}/",
        f"/en/compare/?before={BEFORE_2017}&after={AFTER_2017}",
        "/en/timeline/un-secretariat/",
    ],
)
def test_chart_pages_preload_every_viewer_module_so_the_browser_fetches_them_at_once(client, dataset, url):
    html = client.get(url).content.decode()
    preloaded = re.findall(r'<link rel="modulepreload" href="([^"]+)">', html)
    imports = set()
    for path in Path(settings.BASE_DIR, "static", "viewer").glob("*.js"):
        imports |= {f"/static/viewer/{name}" for name in re.findall(r'from "\./([\w-]+\.js)"', path.read_text())}
    assert "/static/viewer/main.js" in preloaded
    assert imports - {"/static/viewer/timeline.js"} <= set(preloaded)
    assert len(preloaded) == len(set(preloaded))
