"""Render a chart's accessible nested list (the outline shown with JS off) in one pass over its rows.

The markup is exactly what templates/structures/_unit.html gives, included once per unit; a recursive template
include costs seconds on a 10,000-unit chart, this a few tens of milliseconds. tests/test_outline_html.py
renders both on the real dataset and on a synthetic one and requires the same text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape as _escape  # what django.utils.html.escape calls, without wrapping each piece
from typing import Any

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

KEY_PLACEHOLDER = "outline-key-placeholder"


def _e(value: Any) -> str:
    return _escape(str(value))


@dataclass
class Outline:
    """A chart's outline: the `<li>` items the page lists, and the HTML of the parts it holds back, by unit key.

    A held-back part is the complete list of a unit's children; the unit's item carries a link to the page with
    that unit opened instead (what a reader without JavaScript follows), which the viewer replaces with the part.
    """

    html: SafeString
    parts: dict[str, str] = field(default_factory=dict)
    side: str = ""
    # Where the viewer fetches `parts` (the page's own URL asking for them), set by the view.
    parts_url: str = ""
    # The keys of the units the page lists, and of each unit whose children it holds back, how many units are below.
    listed: list[str] = field(default_factory=list)
    held: dict[str, int] = field(default_factory=dict)
    # The listed units' chart data (exports.head_of), when the page carries it for the viewer's first drawing.
    head: dict[str, Any] | None = None


def render_outline(rows: Iterable[dict[str, Any]], *, side: str, is_chinese: bool) -> SafeString:
    """Return the `<li>` items of a chart's whole outline, one per top unit with its descendants nested inside.

    `rows` are display rows in tree order (views._chart_rows): key, parent, unit, name, other_name, head, note,
    status, status_label, lines, figures. A row whose parent is not an earlier row is a top, as in tree.nest().
    """
    return render_outline_within(rows, side=side, is_chinese=is_chinese, budget=None).html


def render_outline_within(
    rows: Iterable[dict[str, Any]],
    *,
    side: str,
    is_chinese: bool,
    budget: int | None,
    open_key: str | None = None,
    rest_url: str = "?open={key}",
) -> Outline:
    """Return the outline down to the deepest level that keeps it within `budget` units (None: no limit), the rest
    held back (settings.ORGCHART_OUTLINE_BUDGET says why).

    The units on the way to `open_key` (and its children) are always listed. `rest_url` is the link a held-back
    part's placeholder gives, with `{key}` for the unit whose children it holds.
    """
    children: dict[str, list[dict[str, Any]]] = {}
    depth: dict[str, int] = {}
    parent_of: dict[str, str | None] = {}
    tops: list[dict[str, Any]] = []
    per_depth: dict[int, int] = {}
    for row in rows:
        key, parent = row["key"], row["parent"]
        if parent and parent in children:
            children[parent].append(row)
            depth[key] = depth[parent] + 1
            parent_of[key] = parent
        else:
            tops.append(row)
            depth[key] = 1
            parent_of[key] = None
        children[key] = []
        per_depth[depth[key]] = per_depth.get(depth[key], 0) + 1
    listed_levels = _levels_within(per_depth, budget)
    always_open: set[str] = set()
    for up in _ancestry(open_key, parent_of):
        always_open.add(up)
    # Translations and the history URL once per chart, not once per unit.
    history_url = reverse("unit-lineage", args=[KEY_PLACEHOLDER])
    before_key, after_key = (_e(part) for part in history_url.split(KEY_PLACEHOLDER))
    strings: dict[str, Any] = {
        "shared_html": f'<span class="badge badge--shared">{_e(gettext("shared"))}</span>',
        "placement_html": f'<span class="badge badge--placement">{_e(gettext("placement not stated"))}</span>',
        "history": _e(gettext("History")),
        "other_lang": "en" if is_chinese else "zh-Hans",
        "side": _e(side),
        "history_before": before_key,
        "history_after": after_key,
        "url": "url_zh" if is_chinese else "url",
        "posts": {},  # posts count -> its translated text, as a chart repeats a few dozen counts
    }
    cut = _Cut(listed_levels, always_open, depth, rest_url, {}, [], {})
    out: list[str] = []
    for top in tops:
        _unit(top, children, strings, out, cut)
    # every value went through _e
    return Outline(mark_safe("".join(out)), cut.parts, side, listed=cut.listed, held=cut.held)


def _levels_within(per_depth: dict[int, int], budget: int | None) -> int | None:
    """Return how many levels fit in `budget` units (at least one), or None when the whole outline does."""
    if budget is None or sum(per_depth.values()) <= budget:
        return None
    listed, levels = 0, 0
    for level in sorted(per_depth):
        listed += per_depth[level]
        if listed > budget:
            break
        levels = level
    return max(levels, 1)


def _ancestry(key: str | None, parent_of: dict[str, str | None]) -> list[str]:
    found: list[str] = []
    while key is not None and key in parent_of:
        found.append(key)
        key = parent_of[key]
    return found


@dataclass
class _Cut:
    levels: int | None  # units deeper than this are held back, None: nothing is
    always_open: set[str]
    depth: dict[str, int]
    rest_url: str
    parts: dict[str, str]
    listed: list[str]
    held: dict[str, int]

    def holds_back_children_of(self, key: str) -> bool:
        return self.levels is not None and self.depth[key] >= self.levels and key not in self.always_open


def _descendant_count(key: str, children: dict[str, list[dict[str, Any]]]) -> int:
    count, stack = 0, [key]
    while stack:
        below = children[stack.pop()]
        count += len(below)
        stack.extend(row["key"] for row in below)
    return count


def _citation_links(citations: list[dict[str, str]], url: str, *, first_attribute: str) -> list[str]:
    if first_attribute == "class":
        return [
            f'<a class="citation" href="{_e(c[url])}" rel="noopener">{_e(c["document"])} ¶{_e(c["paragraph"])}</a>'
            for c in citations
        ]
    return [
        f'<a href="{_e(c[url])}" class="citation" rel="noopener">{_e(c["document"])} ¶{_e(c["paragraph"])}</a>'
        for c in citations
    ]


def _posts_html(posts: int) -> str:
    text = ngettext("%(posts)s post", "%(posts)s posts", posts) % {"posts": _e(posts)}
    return f'<span class="box__posts">{text}</span>'


def _qualifier(line: dict[str, Any]) -> str:
    return f" ({_e(line['qualifier_text'])})" if line["qualifier_text"] else ""


def _unit(node: dict[str, Any], children: dict[str, list], s: dict[str, Any], out: list[str], cut: _Cut | None) -> None:
    """Append one unit's `<li>` (and, recursively, its children's) to `out`."""
    unit = node["unit"]
    key = _e(node["key"])
    status = node["status"]
    shared, unknown = unit["shared"], unit["parent_unknown"]
    classes = "unit"
    if status:
        classes += f" change--{_e(status)}"
    if unknown:
        classes += " unit--placement-unknown"
    if shared:
        classes += " unit--shared"
    status_attribute = f' data-status="{_e(status)}"' if status else ""
    name, other = node["name"], node["other_name"]
    other_html = (
        f'<span class="box__other-name" lang="{s["other_lang"]}">{_e(other)}</span>' if other and other != name else ""
    )
    head, grade = node["head"], unit["grade"]
    head_html = ""
    if head or grade:
        grade_html = f' <span class="box__grade">({_e(grade)})</span>' if grade else ""
        head_html = f'<span class="box__head">{_e(head)}{grade_html}</span>'
    posts = unit["posts"]
    posts_html = ""
    if posts is not None:
        posts_html = s["posts"].get(posts) or s["posts"].setdefault(posts, _posts_html(posts))
    figures = node["figures"]
    figures_html = ""
    if figures:
        count = len(figures)
        summary = ngettext("%(n)s figure", "%(n)s figures", count) % {"n": count}
        items = "".join(
            f"<li>{_e(f['text'])} {''.join(_citation_links(f['citations'], s['url'], first_attribute='class'))}</li>"
            for f in figures
        )
        figures_html = f'<details class="box__figures"><summary>{summary}</summary><ul>{items}</ul></details>'
    note = node["note"]
    note_html = f'<span class="box__note">{_e(note)}</span>' if note else ""
    status_html = f'<span class="box__status status-label">{_e(node["status_label"])}</span>' if status else ""
    lines_html = ""
    if node["lines"]:
        refs = "".join(
            f'<span class="line-ref" data-from="{_e(line["from"])}" data-to="{_e(line["to"])}" '
            f'data-type="{_e(line["type"])}">{_e(line["label"])}{_qualifier(line)} → {_e(line["to_name"])}</span>'
            for line in node["lines"]
        )
        lines_html = f'<span class="box__lines">{refs}</span>'
    sources = ", ".join(_citation_links(unit["citations"], s["url"], first_attribute="href"))
    if cut is not None:
        cut.listed.append(node["key"])
    out.append(
        f'<li class="{classes}" data-key="{key}"{status_attribute}>\n'
        f'  <div class="box" id="{s["side"]}-{key}" tabindex="0" data-key="{key}">\n'
        f'    <span class="box__name">{_e(name)}</span>\n'
        f"    {other_html}\n"
        f"    {head_html}\n"
        f"    {posts_html}\n"
        f"    {s['shared_html'] if shared else ''}\n"
        f"    {s['placement_html'] if unknown else ''}\n"
        f"    {status_html}\n"
        f"    {figures_html}\n"
        f"    {note_html}\n"
        f"    {lines_html}\n"
        f'    <a class="box__history" href="{s["history_before"]}{key}{s["history_after"]}">{s["history"]}</a>\n'
        f'    <span class="box__sources">{sources}</span>\n'
        f"  </div>\n"
        f"  "
    )
    below = children[node["key"]]
    if below and cut is not None and cut.holds_back_children_of(node["key"]):
        part: list[str] = []
        for child in below:
            _unit(child, children, s, part, None)
        cut.parts[node["key"]] = "".join(part)
        count = cut.held[node["key"]] = _descendant_count(node["key"], children)
        text = ngettext("Show the %(n)s unit below", "Show the %(n)s units below", count) % {"n": count}
        href = _e(cut.rest_url.format(key=node["key"]) + f"#{s['side']}-{node['key']}")
        out.append(f'<ul data-outline-rest="{key}"><li class="outline-rest"><a href="{href}">{text}</a></li></ul>')
    elif below:
        out.append("<ul>")
        for child in below:
            _unit(child, children, s, out, cut)
        out.append("</ul>")
    out.append("\n</li>\n")
