"""Browser fixtures: real headless Chromium (never skipped) driving the live server over the real dataset."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import connection
from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import DatasetCopy, load_real_dataset, restore_real_dataset

# Playwright's sync API keeps an asyncio loop in this thread, which Django would otherwise take for async code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

BEFORE_2017 = "peace-security-2017-before"
AFTER_2017 = "peace-security-2017-proposed"
COMPARE_2017 = f"/en/compare/?before={BEFORE_2017}&after={AFTER_2017}"
SNAPSHOT_2017 = f"/en/snapshots/{AFTER_2017}/"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: install it (apt-get install chromium) to run browser tests")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class _Shared:
    """The real dataset committed to the test database, shared by consecutive browser tests that only read it."""

    counts: dict[str, int] = {}
    next_shares_it = False
    contents: dict[str, list] | None = None  # every table's rows just after the dataset was stored


def _database_contents() -> dict[str, list]:
    quote = connection.ops.quote_name
    contents = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {quote(table)}")
            contents[table] = sorted(cursor.fetchall(), key=repr)
    return contents


def _store(copy: DatasetCopy | None) -> dict[str, int]:
    return load_real_dataset() if copy is None else restore_real_dataset(copy)


def _flush() -> None:
    """Empty the database as pytest-django does after a transactional test."""
    call_command("flush", verbosity=0, interactive=False, reset_sequences=False, allow_cascade=False)
    _Shared.contents = None


def _stores_its_own_data(item: pytest.Item) -> bool:
    return "_django_db_helper" in item.fixturenames or item.get_closest_marker("django_db") is not None


@pytest.fixture
def real_dataset(request: pytest.FixtureRequest, django_db_blocker, real_dataset_copy) -> Iterator[dict[str, int]]:
    """The shipped dataset, committed to the database the live server reads.

    Stored once and kept for the next test only if this one left every table exactly as it found it;
    otherwise the database is emptied after it, as after any transactional test, and stored afresh.
    """
    if _stores_its_own_data(request.node):
        # The test asked for transactional_db (or db) itself: it is flushed after the test, as pytest-django does.
        request.getfixturevalue("transactional_db")
        yield _store(real_dataset_copy)
        return
    with django_db_blocker.unblock():
        if _Shared.contents is None:
            _Shared.counts = _store(real_dataset_copy)
            _Shared.contents = _database_contents()
        yield dict(_Shared.counts)
        # After the last of a run of tests sharing it, or after a test that changed anything, empty the
        # database as pytest-django does after a transactional test.
        if not _Shared.next_shares_it or _database_contents() != _Shared.contents:
            _flush()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """Tell real_dataset, which is torn down next, whether the next test shares the dataset."""
    _Shared.next_shares_it = (
        nextitem is not None and "real_dataset" in nextitem.fixturenames and not _stores_its_own_data(nextitem)
    )
    return (yield)


@pytest.fixture(autouse=True)
def _live_server_helper(request: pytest.FixtureRequest) -> Iterator[None]:
    """pytest-django's helper, except that tests over the shared real dataset are not flushed after each."""
    if "live_server" not in request.fixturenames:
        yield
        return
    if "real_dataset" not in request.fixturenames:
        request.getfixturevalue("transactional_db")
    live_server = request.getfixturevalue("live_server")
    live_server._live_server_modified_settings.enable()
    yield
    live_server._live_server_modified_settings.disable()


def _open_page(browser: Browser, base_url: str, *, javascript: bool) -> Iterator[Page]:
    context = browser.new_context(
        base_url=base_url, java_script_enabled=javascript, viewport={"width": 1400, "height": 900}, locale="en-GB"
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


@pytest.fixture
def page(browser: Browser, live_server, real_dataset) -> Iterator[Page]:
    """Return a fresh page with JavaScript on; the test fails if any script on it throws."""
    yield from _open_page(browser, live_server.url, javascript=True)


@pytest.fixture
def page_without_js(browser: Browser, live_server, real_dataset) -> Iterator[Page]:
    yield from _open_page(browser, live_server.url, javascript=False)


def module_page_with(browser: Browser, base_url: str, setup: str) -> Iterator[Page]:
    """Yield a page on the live server where the viewer's modules can be imported, after running `setup` there."""
    for page in _open_page(browser, base_url, javascript=True):
        page.goto("/en/search/")
        page.evaluate(f"() => {{ {setup} }}")
        yield page


def run_module_code(page: Page, body: str):
    """Evaluate an async function body that may `await import(...)` the viewer's modules."""
    return page.evaluate(f"async () => {{ {body} }}")
