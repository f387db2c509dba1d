"""The timeline page: every snapshot of an organization in order, each step coloured by its change from the last."""

from __future__ import annotations

import re

import pytest

from structures.models import Snapshot

from .conftest import AFTER_2017, BEFORE_2017, build_snapshot

TIMELINE = "/en/timeline/un-secretariat/"


def box_classes(html: str, box_id: str) -> str:
    """Return the class attribute of the <li> that holds the box with this id."""
    match = re.search(r'<li class="([^"]*)"[^>]*>\s*<div class="box" id="' + re.escape(box_id) + '"', html)
    assert match, f"no box {box_id}"
    return match.group(1)


def timeline_keys() -> list[str]:
    return list(Snapshot.objects.published().in_timeline_order().values_list("key", flat=True))


def test_every_step_of_the_timeline_opens(client, dataset):
    keys = timeline_keys()
    assert len(keys) >= 11
    for key in keys:
        response = client.get(TIMELINE, {"at": key})
        assert response.status_code == 200, key
        assert f'aria-current="step" data-key="{key}"' in response.content.decode()


def test_timeline_lists_every_step_as_a_link_in_timeline_order(client, dataset):
    html = client.get(TIMELINE).content.decode()
    listed = re.findall(r'<a href="/en/timeline/un-secretariat/\?at=([\w-]+)"[^>]*data-key=', html)
    assert listed == timeline_keys()


def test_timeline_without_a_step_opens_the_first_and_it_has_no_previous_step(client, dataset):
    html = client.get(TIMELINE).content.decode()
    first, second = timeline_keys()[:2]
    assert f'aria-current="step" data-key="{first}"' in html
    assert 'rel="prev"' not in html
    assert f'<a rel="next" href="/en/timeline/un-secretariat/?at={second}">' in html
    assert 'class="change-list"' not in html
    assert "change--" not in box_classes(html, "chart-" + Snapshot.objects.get(key=first).units.first().key)


def test_timeline_step_colours_each_box_by_its_change_from_the_previous_step(client, dataset):
    html = client.get(TIMELINE, {"at": AFTER_2017}).content.decode()
    assert f'<a rel="prev" href="/en/timeline/un-secretariat/?at={BEFORE_2017}">' in html
    assert "change--merged" in box_classes(html, "chart-dppa")
    assert "change--renamed" in box_classes(html, "chart-dpo")
    assert 'rel="next"' not in html  # the last step


def test_timeline_step_lists_its_changes_with_citations(client, dataset):
    html = client.get(TIMELINE, {"at": AFTER_2017}).content.decode()
    changes = html.split('class="change-list"')[1].split("</ol>")[0]
    assert 'data-to="dppa"' in changes or re.search(r'data-to="[^"]*\bdppa\b', changes)
    assert re.search(r'class="citation" href="https://undocs.org/en/A/72/525"[^>]*>A/72/525 ¶', changes)


def test_timeline_step_shows_the_impact_linked_to_the_boxes_it_counts(client, dataset):
    html = client.get(TIMELINE, {"at": AFTER_2017}).content.decode()
    impact = html.split('<section class="impact"')[1].split("</section>")[0]
    units_row = impact.split('data-metric="units"')[1].split("</tr>")[0]
    after_count = Snapshot.objects.get(key=AFTER_2017).units.count()
    before_count = Snapshot.objects.get(key=BEFORE_2017).units.count()
    assert f'<span class="impact__number">{after_count}</span>' in units_row
    assert f"+{after_count - before_count}" in units_row
    assert '<a href="#chart-dppa" data-key="dppa">' in units_row  # the after side is the chart on this page
    assert 'href="/en/units/dpko/"' in units_row  # the before side links each unit to its history


def test_timeline_refuses_an_unknown_step_by_name(client, dataset):
    response = client.get(TIMELINE, {"at": "no-such-snapshot"})
    assert response.status_code == 404
    assert "No snapshot with key &quot;no-such-snapshot&quot;." in response.content.decode()


def test_timeline_refuses_a_snapshot_of_another_organization_by_name(client, dataset):
    build_snapshot("root Root", key="elsewhere", status="published")
    response = client.get(TIMELINE, {"at": "elsewhere"})
    assert response.status_code == 404
    assert "Snapshot &quot;elsewhere&quot; is not on the timeline of &quot;un-secretariat&quot;." in (
        response.content.decode()
    )


def test_timeline_of_an_unknown_organization_is_refused_by_name(client, dataset):
    response = client.get("/en/timeline/no-such-org/")
    assert response.status_code == 404
    assert "No organization with key &quot;no-such-org&quot;." in response.content.decode()


def test_timeline_hides_draft_snapshots_from_anonymous_readers(client, db):
    build_snapshot("root Root", key="draft-only")
    response = client.get("/en/timeline/test-org/")
    assert response.status_code == 404


def test_home_links_each_organization_to_its_timeline(client, dataset):
    assert 'href="/en/timeline/un-secretariat/"' in client.get("/en/").content.decode()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_timeline_passes_each_step_url_to_the_slider(client, dataset, language):
    html = client.get(f"/{language}/timeline/un-secretariat/", {"at": AFTER_2017}).content.decode()
    assert 'type="range"' in html
    assert f'"url": "/{language}/timeline/un-secretariat/?at={BEFORE_2017}"' in html
