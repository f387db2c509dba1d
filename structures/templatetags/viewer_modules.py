"""`viewer_module_preloads`: a <link rel="modulepreload"> for every module the chart viewer imports.

Without them the browser finds the viewer's modules one import level at a time, a round trip per level, after
the page has arrived; listed in the page's head, they are all fetched while the page is still arriving.
"""

from __future__ import annotations

import functools
import posixpath
import re
from pathlib import Path

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

register = template.Library()

STATIC_FOLDER = "static"
# Static imports and re-exports: `import … from "./x.js"`, `export … from "./x.js"` and `import "./x.js"`.
IMPORT = re.compile(
    r'^\s*(?:import|export)\b[^;"]*?\bfrom\s+"(\.{1,2}/[^"]+\.js)"|^\s*import\s+"(\.{1,2}/[^"]+\.js)"', re.M
)


@functools.cache
def imported_modules(entry: str) -> tuple[str, ...]:
    """Return the entry module and every module it imports, directly or not, as paths under static/."""
    found: list[str] = []
    waiting = [entry]
    while waiting:
        name = waiting.pop()
        if name in found:
            continue
        found.append(name)
        text = Path(settings.BASE_DIR, STATIC_FOLDER, name).read_text(encoding="utf-8")
        for match in IMPORT.finditer(text):
            relative = match.group(1) or match.group(2)
            waiting.append(posixpath.normpath(posixpath.join(posixpath.dirname(name), relative)))
    return tuple(found)


@register.simple_tag
def viewer_module_preloads(entry: str = "viewer/main.js") -> SafeString:
    entry_url, *others = imported_modules(entry)
    # The entry goes through the static storage (hashed in production); the modules it imports are asked for
    # by the plain names in its import statements, relative to it.
    urls = [static(entry_url), *(f"{settings.STATIC_URL}{name}" for name in others)]
    return format_html_join("\n", '<link rel="modulepreload" href="{}">', ((url,) for url in urls))
