"""Browser fixtures: real headless Chromium (never skipped) driving the live server over the real dataset."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, sync_playwright

from structures import services
from structures.importing import read_dataset

# Playwright's sync API keeps an asyncio loop in this thread, which Django would otherwise take for async code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
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


@pytest.fixture
def real_dataset(transactional_db) -> dict[str, int]:
    """Load the shipped dataset into the database the live server reads."""
    return services.load_dataset(files=read_dataset(sorted(settings.DATASET_DIR.glob("*.toml"))))


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
