"""Security: production settings, the Content Security Policy, framing, CORS, throttling, and no draft leaks."""

from __future__ import annotations

import itertools
import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from rest_framework.test import APIClient

from structures.models import Organization, Reform, SourceDocument

from .conftest import AFTER_2017, BEFORE_2017, build_snapshot

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    "/en/",
    f"/en/snapshots/{AFTER_2017}/",
    f"/en/compare/?before={BEFORE_2017}&after={AFTER_2017}",
    "/en/units/dpo/",
    "/en/search/?q=dpo",
    "/en/report/",
    "/zh-hans/",
    "/api/docs/",
    "/admin/login/",
    f"/en/embed/snapshots/{AFTER_2017}/",
    f"/en/embed/compare/?before={BEFORE_2017}&after={AFTER_2017}",
]
EMBEDS = [page for page in PAGES if "/embed/" in page]


@pytest.fixture
def client():
    return APIClient()


def production_env(**overrides: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DJANGO_SETTINGS_MODULE="orgchart.settings_production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="orgchart.example.org",
        DATABASE_URL="sqlite:////tmp/orgchart-deploy-check.sqlite3",
        CACHE_URL="locmem://",
    )
    env.update(overrides)
    return env


def test_production_settings_pass_check_deploy_with_no_warning():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "Set the environment variable DJANGO_SECRET_KEY" in result.stderr


class ScriptFinder(HTMLParser):
    """Collect inline executable scripts and inline event handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self._inline_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.problems += [f"<{tag} {name}=…>" for name, _ in attrs if name.startswith("on")]
        if tag == "script" and not values.get("src") and values.get("type") != "application/json":
            self._inline_script = True
        self.problems += [
            f"<{tag} href=javascript:…>" for name, v in attrs if name == "href" and "javascript:" in (v or "")
        ]

    def handle_data(self, data: str) -> None:
        if self._inline_script and data.strip():
            self.problems.append(f"inline script: {data.strip()[:60]}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._inline_script = False


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_a_policy_that_forbids_inline_script_and_uses_none(client, dataset, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'"
    assert "unsafe" not in response["Content-Security-Policy"]
    finder = ScriptFinder()
    finder.feed(response.content.decode())
    assert finder.problems == []


@pytest.mark.parametrize("url", [page for page in PAGES if page not in EMBEDS])
def test_pages_other_than_embeds_cannot_be_framed(client, dataset, url):
    response = client.get(url)
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("url", EMBEDS)
def test_embed_pages_may_be_framed_by_any_site(client, dataset, url):
    response = client.get(url)
    assert "X-Frame-Options" not in response
    assert "frame-ancestors *" in response["Content-Security-Policy"]


def test_embed_pages_may_be_framed_only_by_the_configured_sites(client, dataset):
    with override_settings(EMBED_FRAME_ANCESTORS=["https://news.example.org"]):
        response = client.get(EMBEDS[0])
    assert response["Content-Security-Policy"].endswith("frame-ancestors https://news.example.org")


def test_the_read_api_answers_other_origins_without_credentials(client, dataset):
    response = client.get(f"/api/snapshots/{AFTER_2017}/tree/", HTTP_ORIGIN="https://news.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(
        "/api/snapshots/",
        HTTP_ORIGIN="https://news.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert "if-none-match" in preflight["Access-Control-Allow-Headers"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


def test_pages_do_not_answer_other_origins(client, dataset):
    response = client.get("/en/", HTTP_ORIGIN="https://news.example.org")
    assert "Access-Control-Allow-Origin" not in response


def test_anonymous_api_use_is_throttled_with_a_json_429(client, db):
    cache.clear()
    with override_settings(API_ANON_RATE="3/minute"):
        statuses = [client.get("/api/snapshots/").status_code for _ in range(4)]
        refused = client.get("/api/organizations/")
        staff = User.objects.create_user("editor", password="x", is_staff=True)
        client.force_authenticate(staff)
        staff_status = client.get("/api/snapshots/").status_code
    cache.clear()
    assert statuses == [200, 200, 200, 429]
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Request was throttled.")
    assert "Retry-After" in refused
    assert staff_status == 200


# --- No endpoint leaks a draft -----------------------------------------------------------------

MARKER = "Zyxhidden"  # every name of the draft data carries it; no error message echoes it


@pytest.fixture
def drafts(dataset):
    first = build_snapshot(f"secret-top {MARKER} top\n  secret-unit {MARKER} unit", key="secret-draft-a")
    second = build_snapshot(f"secret-top {MARKER} top renamed", key="secret-draft-b")
    Organization.objects.filter(key="test-org").update(name_en=f"{MARKER} org", name_zh=MARKER)
    SourceDocument.objects.filter(symbol="TEST/1").update(title_en=f"{MARKER} doc", title_zh=MARKER)
    for snapshot in (first, second):
        snapshot.label_en = f"{MARKER} label"
        snapshot.save()
    Reform.objects.create(
        organization=first.organization,
        key="secret-reform",
        name_en=f"{MARKER} reform",
        name_zh=MARKER,
        document=first.document,
        before=first,
        after=second,
    )


ARGUMENTS = {
    "key": ["secret-draft-a", "secret-unit", "secret-top", "test-org", "secret-reform"],
    "symbol": ["TEST/1"],
    "rest": ["snapshots/secret-draft-a/tree/"],
    "unit_key": ["secret-unit"],  # the write API's paths (GET answers 405 there)
    "line_id": [1],
    "succession_id": [1],
    "citation_id": [1],
}
QUERIES = [
    "",
    "?before=secret-draft-a&after=secret-draft-b",
    f"?before={BEFORE_2017}&after=secret-draft-a",
    f"?q={MARKER.lower()}",  # search ignores case; the echoed query does not match the marker
    "?q=secret",
    "?root=secret-unit",
    "?organization=test-org",
    "?document=TEST/1",
    "?status=draft",
]


def _patterns(resolver: URLResolver) -> list[URLPattern]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name != "admin":  # the admin answers staff only; tests/test_admin.py covers it
                found += _patterns(entry)
        else:
            found.append(entry)
    return found


def every_url() -> list[str]:
    """Return every named URL of the project, with each of its parameters set to each draft value."""
    urls = []
    with translation.override("en"):
        for pattern in _patterns(get_resolver()):
            names = list(pattern.pattern.regex.groupindex)
            unknown = [name for name in names if name not in ARGUMENTS]
            assert not unknown, f"{pattern.name}: no draft value for URL parameter {unknown}; add one to ARGUMENTS"
            if not names:
                urls.append(reverse(pattern.name))
                continue
            for values in itertools.product(*(ARGUMENTS[name] for name in names)):
                urls.append(reverse(pattern.name, kwargs=dict(zip(names, values, strict=True))))
    return urls


def test_no_endpoint_shows_a_draft_to_an_anonymous_client(client, drafts):
    staff = APIClient()
    staff.force_authenticate(User.objects.create_user("editor", password="x", is_staff=True))
    assert MARKER in staff.get("/api/snapshots/secret-draft-a/tree/").content.decode()  # the marker is findable
    leaks = []
    urls = every_url()
    assert "/api/snapshots/secret-draft-a/tree.csv" in urls
    for url in urls:
        for query in QUERIES:
            response = client.get(url + query)
            if response.status_code == 200 and not response.streaming and MARKER in response.content.decode():
                leaks.append(url + query)
    assert leaks == [], "\n".join(leaks)


def test_draft_responses_are_never_stored_by_shared_caches(drafts):
    staff = APIClient()
    staff.force_authenticate(User.objects.create_user("editor", password="x", is_staff=True))
    for url in ["/api/snapshots/secret-draft-a/tree/", "/api/compare/?before=secret-draft-a&after=secret-draft-b"]:
        response = staff.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-cache"
        assert "ETag" not in response


def test_templates_hold_no_inline_executable_script():
    for template in (ROOT / "templates").rglob("*.html"):
        for tag in re.findall(r"<script\b[^>]*>", template.read_text()):
            assert "src=" in tag or 'type="application/json"' in tag, f"{template}: {tag}"


def test_a_nul_character_in_a_query_is_refused_by_name_on_every_database(client, dataset):
    response = client.get("/api/reforms/", {"organization": "un\x00secretariat"})
    assert response.status_code == 400
    assert response.json() == {"detail": 'Query parameter "organization" contains a NUL character.'}
    page = client.get("/en/search/", {"q": "dp\x00ko"})
    assert page.status_code == 400
    assert 'Query parameter "q" contains a NUL character.' in page.content.decode()
