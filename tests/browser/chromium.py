"""The headless Chromium both the browser tests and `make bench` drive: Debian's, with the same switches."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    # Each new page also built the browser's own omnibox popup (a WebUI page of ~400 modules) in a renderer of its
    # own, which took a CPU for most of a second while the page opened: a headless browser never shows it, and on
    # a two-CPU machine it slowed every page measured. Chromium adds these to Playwright's own disabled features.
    "--disable-features=WebUIOmniboxPopup",
]
