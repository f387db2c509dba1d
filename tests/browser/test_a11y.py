"""Accessibility in real Chromium: an axe-core audit of every page in both languages, and the status colours.

axe-core comes bundled in axe-playwright-python (no npm). A page passes when axe finds no serious or critical
violation; the failure message is axe's own report, naming each rule, element and fix.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import Page, expect

from structures.diff import STATUS_PRECEDENCE
from structures.views import CHANGE_TYPES

from .conftest import AFTER_2017, BEFORE_2017

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
ORGANIZATION = "un-secretariat"
PAGES = {
    "home": "/{lang}/",
    "snapshot": f"/{{lang}}/snapshots/{AFTER_2017}/",
    "compare": f"/{{lang}}/compare/?before={BEFORE_2017}&after={AFTER_2017}",
    "unit-lineage": "/{lang}/units/dpo/",
    "search": "/{lang}/search/?q=peace",
    "search-empty": "/{lang}/search/",
    "report": "/{lang}/report/",
    "timeline": f"/{{lang}}/timeline/{ORGANIZATION}/",
    "not-found": "/{lang}/snapshots/no-such-snapshot/",
    "embed-snapshot": f"/{{lang}}/embed/snapshots/{AFTER_2017}/",
    "embed-compare": f"/{{lang}}/embed/compare/?before={BEFORE_2017}&after={AFTER_2017}",
}
LANGUAGES = ("en", "zh-hans")


def assert_no_blocking_violation(page: Page) -> None:
    """Run axe on the page as it is now; fail with axe's report if it finds a serious or critical violation."""
    results = Axe().run(page)
    results.response["violations"] = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    if results.response["violations"]:
        pytest.fail(f"{page.url}\n{results.generate_report()}", pytrace=False)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_serious_accessibility_violation(page, name, language):
    page.goto(PAGES[name].format(lang=language))
    expect(page.locator("body")).to_be_visible()
    assert_no_blocking_violation(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_snapshot_with_search_results_and_a_selected_unit_has_no_serious_violation(page, language):
    page.goto(PAGES["snapshot"].format(lang=language))
    page.locator("[data-chart-search] input").fill("peace" if language == "en" else "和平")
    expect(page.locator('[data-chart-search] [role="option"]').first).to_be_visible()
    page.locator('[role="treeitem"][data-key="oma"]').focus()
    page.keyboard.press("Enter")
    expect(page.locator('[role="treeitem"][aria-selected="true"]')).to_have_count(1)
    assert_no_blocking_violation(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_compare_with_a_selected_unit_and_the_merged_view_has_no_serious_violation(page, language):
    page.goto(PAGES["compare"].format(lang=language))
    page.locator('.chart[data-side="after"] [role="treeitem"][data-key="dpo"]').focus()
    page.keyboard.press("Enter")
    expect(page.locator("#change-details")).to_be_visible()
    assert_no_blocking_violation(page)
    page.locator('[data-mode="merged"]').click()
    expect(page.locator(".compare__merged")).to_be_visible()
    assert_no_blocking_violation(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_compare_in_morph_mode_has_no_serious_violation(page, language):
    page.goto(PAGES["compare"].format(lang=language))
    page.locator('.compare-modes [data-mode="morph"]').click()
    expect(page.locator('.compare-modes [data-mode="morph"]')).to_have_attribute("aria-pressed", "true")
    expect(page.locator('.chart[data-side="merged"]')).to_have_attribute("data-morph", "done", timeout=5000)
    expect(page.locator(".chart__morph .node").first).to_be_attached()
    assert_no_blocking_violation(page)


# ---------- Status colours: WCAG AA contrast, and an icon for every change type ----------


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: tuple[int, int, int], two: tuple[int, int, int]) -> float:
    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def colours(css: str) -> list[tuple[int, int, int]]:
    """Return the opaque rgb() colours in a computed CSS value (a colour or a gradient's stops)."""
    found = re.findall(r"rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)", css)
    return [(int(r), int(g), int(b)) for r, g, b, alpha in found if alpha in ("", "1")]


def styled_statuses() -> set[str]:
    return set(re.findall(r"^\.change--(\w+)\s*\{", Path(settings.BASE_DIR, "static/css/site.css").read_text(), re.M))


STATUSES = sorted(set(STATUS_PRECEDENCE) | set(CHANGE_TYPES) | {"same_unit"})
STATUS_STYLES = """(statuses) => {
  // The markup of _unit.html (a unit in the outline) and of the compare page's change list, one per status.
  const main = document.querySelector("main");
  const style = (el, pseudo = null) => getComputedStyle(el, pseudo);
  return Object.fromEntries(statuses.map((status) => {
    const holder = document.createElement("div");
    holder.innerHTML = `<ul class="chart__tree"><li class="unit change--${status}"><div class="box">`
      + `<span class="box__name">x</span><span class="box__other-name">x</span>`
      + `<span class="box__status status-label">x</span></div></li></ul>`
      + `<ol class="change-list"><li class="change change--${status}"><span class="status-label">x</span></li></ol>`;
    main.append(holder);
    const box = holder.querySelector(".box");
    const labels = Array.from(holder.querySelectorAll(".status-label"));
    const result = {
      labels: labels.map((label) => [style(label).color, style(label).backgroundColor]),
      icons: labels.map((label) => style(label, "::before").content),
      border: style(box).borderTopColor, boxText: style(box.children[0]).color, boxMuted: style(box.children[1]).color,
      boxBackground: style(box).backgroundColor + " " + style(box).backgroundImage,
    };
    holder.remove();
    return [status, result];
  }));
}"""


@pytest.fixture
def status_styles(page: Page) -> dict[str, dict[str, str]]:
    page.goto(PAGES["snapshot"].format(lang="en"))
    return page.evaluate(STATUS_STYLES, STATUSES)


def test_every_change_type_has_a_style(status_styles):
    assert set(STATUSES) <= styled_statuses()


def test_every_change_type_has_its_own_icon_besides_its_colour(status_styles):
    for status, style in status_styles.items():
        assert style["icons"][0] == style["icons"][1], f"{status}: the chart and the change list differ"
    icons = {status: style["icons"][0] for status, style in status_styles.items()}
    assert all(icon not in ("", "none", '""') for icon in icons.values()), icons
    assert len(set(icons.values())) == len(icons), icons


@pytest.mark.parametrize("status", STATUSES)
def test_status_colours_meet_wcag_aa_contrast(status_styles, status):
    style = status_styles[status]
    white = (255, 255, 255)
    for text, background in style["labels"]:
        assert contrast(colours(text)[0], colours(background)[0]) >= 4.5, f"status label text {text} on {background}"
    assert contrast(colours(style["border"])[0], white) >= 3, "box border against the page (non-text contrast)"
    for background in colours(style["boxBackground"]):
        assert contrast(colours(style["boxText"])[0], background) >= 4.5, "unit name on the status background"
        assert contrast(colours(style["boxMuted"])[0], background) >= 4.5, "other-language name on the background"


@pytest.mark.parametrize("name", ["snapshot", "compare", "timeline"])
def test_page_without_the_viewer_has_no_serious_accessibility_violation(page, name):
    # axe runs as a script, so instead of turning JavaScript off the viewer's modules are not served.
    page.route("**/static/viewer/**", lambda route: route.abort())
    page.goto(PAGES[name].format(lang="en"))
    expect(page.locator(".chart--drawn")).to_have_count(0)
    assert_no_blocking_violation(page)
