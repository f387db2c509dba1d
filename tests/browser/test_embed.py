"""Embedding from another origin: the example page's iframe, script-tag embed and cross-origin API call all work."""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "embed.html"
EXAMPLE_ORCHART_ORIGIN = "http://127.0.0.1:8000"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def other_site(tmp_path, live_server) -> Iterator[str]:
    """Serve examples/embed.html, pointed at the live server, from another origin; return its URL."""
    (tmp_path / "embed.html").write_text(EXAMPLE.read_text().replace(EXAMPLE_ORCHART_ORIGIN, live_server.url))
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/embed.html"
    server.shutdown()
    server.server_close()


def csp_violations(page: Page) -> list[str]:
    found: list[str] = []
    page.on(
        "console", lambda message: found.append(message.text) if "Content Security Policy" in message.text else None
    )
    return found


def test_the_example_page_embeds_a_chart_by_iframe_from_another_origin(page, other_site, live_server):
    assert not other_site.startswith(live_server.url)
    violations = csp_violations(page)
    page.goto(other_site)
    frame = page.frame_locator("#iframe-embed")
    expect(frame.locator(".chart .box[data-key='dpo']").first).to_be_visible()
    expect(frame.locator(".site-header")).to_have_count(0)
    assert violations == []


def test_the_script_tag_inserts_a_comparison_that_grows_to_its_content(page, other_site):
    page.goto(other_site)
    container = page.locator("#script-embed")
    container.scroll_into_view_if_needed()
    frame_element = container.locator("iframe.orgchart-embed")
    expect(frame_element).to_have_count(1)
    frame = page.frame_locator("#script-embed iframe")
    expect(frame.locator(".chart[data-side='before']")).to_be_visible()
    expect(frame.locator(".chart[data-side='after'] .box[data-key='dppa']").first).to_be_visible()
    expect(frame_element).not_to_have_attribute("height", "700")  # resized to the height the page reported


def test_the_example_page_reads_the_api_across_origins(page, other_site):
    page.goto(other_site)
    expect(page.locator("#api-units li").first).to_be_visible()
    expect(page.locator("#api-units")).to_contain_text("Department of Peace Operations")


def test_links_inside_an_embed_open_in_a_new_tab(page, other_site):
    page.goto(other_site)
    expect(page.frame_locator("#iframe-embed").locator(".embed__credit a")).to_have_attribute("target", "_blank")
    frame = page.frame(url=re.compile(r"/en/embed/snapshots/"))
    frame.wait_for_load_state()
    # Click a unit's History link; the test's own listener, last in line, keeps the frame where it is.
    target = frame.evaluate(
        """() => {
          const link = document.querySelector(".box__history");
          window.addEventListener("click", (event) => event.preventDefault(), { once: true });
          link.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true }));
          return [link.target, link.rel];
        }"""
    )
    assert target == ["_blank", "noopener"]
