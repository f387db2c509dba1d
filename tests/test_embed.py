"""Embed pages: the chart or comparison without the site around it, a credit link, and the script-tag loader."""

from __future__ import annotations

from .conftest import AFTER_2017, BEFORE_2017


def test_embedded_chart_shows_the_chart_without_the_site_header(client, dataset):
    html = client.get(f"/en/embed/snapshots/{AFTER_2017}/").content.decode()
    assert 'class="embed"' in html
    assert 'data-key="dpo"' in html
    assert "site-header" not in html
    assert f'href="/en/snapshots/{AFTER_2017}/" target="_blank"' in html
    assert "/static/embed/frame.js" in html


def test_embedded_comparison_links_to_the_full_comparison_in_its_language(client, dataset):
    html = client.get(f"/zh-hans/embed/compare/?before={BEFORE_2017}&after={AFTER_2017}").content.decode()
    assert 'data-side="before"' in html
    assert 'data-side="after"' in html
    assert f'href="/zh-hans/compare/?before={BEFORE_2017}&amp;after={AFTER_2017}"' in html


def test_embedded_comparison_with_a_missing_parameter_names_it(client, dataset):
    response = client.get(f"/en/embed/compare/?before={BEFORE_2017}")
    assert response.status_code == 400
    assert "Query parameter &quot;after&quot; is required." in response.content.decode()


def test_full_pages_keep_their_header(client, dataset):
    assert "site-header" in client.get(f"/en/snapshots/{AFTER_2017}/").content.decode()


def test_the_script_tag_loader_is_served_as_a_static_file(client, db):
    response = client.get("/static/embed/orgchart-embed.js")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"data-orgchart-snapshot" in body
