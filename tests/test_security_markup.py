"""A name holding HTML or script is shown as text everywhere: pages, embeds, admin, JSON, CSV and JSON-LD."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.contrib.auth.models import User
from django.test import Client

from structures.models import Unit

from .conftest import build_snapshot

PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"
SPEC = f"top Top\n  evil {PAYLOAD}"


@pytest.fixture
def marked_up(db):
    build_snapshot(SPEC, key="markup-before", status="published")
    build_snapshot(SPEC + "\n  plain Plain", key="markup-after", status="published")
    build_snapshot(SPEC, key="markup-draft")


@pytest.mark.parametrize(
    "url",
    [
        "/en/snapshots/markup-after/",
        "/en/compare/?before=markup-before&after=markup-after",
        "/en/units/evil/",
        "/en/search/?q=alert",
        "/zh-hans/snapshots/markup-after/",
        "/en/embed/snapshots/markup-after/",
        "/en/embed/compare/?before=markup-before&after=markup-after",
    ],
)
def test_pages_show_markup_in_a_name_as_text(client, marked_up, url):
    html = client.get(url).content.decode()
    assert PAYLOAD not in html
    assert "<img src=x" not in html
    assert ESCAPED in html


@pytest.fixture
def admin_client(client, marked_up):
    client.force_login(User.objects.create_superuser("admin", password="x"))
    return client


@pytest.mark.parametrize("snapshot", ["markup-after", "markup-draft"])  # read-only and editable forms
def test_admin_shows_markup_in_a_name_as_text(admin_client, snapshot):
    unit = Unit.objects.get(snapshot__key=snapshot, key="evil")
    for url in (
        "/admin/structures/unit/?q=alert",
        f"/admin/structures/unit/{unit.pk}/change/",
        f"/admin/structures/snapshot/{unit.snapshot_id}/change/",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert PAYLOAD not in html, url
        assert "<img src=x" not in html, url
        assert "alert(1)" in html, url  # shown, as text


@pytest.mark.parametrize(
    "url",
    [
        "/api/snapshots/markup-after/tree/",
        "/api/snapshots/markup-after/tree.jsonld",
        "/api/compare.jsonld?before=markup-before&after=markup-after",
        "/api/units/evil/lineage/",
        "/api/search/?q=alert",
    ],
)
def test_json_carries_the_name_as_a_string_that_browsers_will_not_run(marked_up, url):
    response = Client().get(url)
    assert response["Content-Type"].split(";")[0] in ("application/json", "application/ld+json")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert PAYLOAD in json.dumps(response.json(), ensure_ascii=False)


def test_csv_carries_the_name_as_a_cell_that_browsers_will_not_run(marked_up):
    response = Client().get("/api/snapshots/markup-after/tree.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["name_en"] for row in rows if row["key"] == "evil"] == [PAYLOAD]
