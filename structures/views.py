"""Thin page views: fetch with selectors, shape for the templates, render."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import orjson
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse, translate_url
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from structures import errors, exports, selectors
from structures.diff import STATUS_PRECEDENCE
from structures.impact import ImpactSummary
from structures.models import Organization, Snapshot
from structures.outline_html import Outline, render_outline_within
from structures.page_cache import published_page

APPROXIMATION_LABELS = {
    "about": _lazy("about"),
    "nearly": _lazy("nearly"),
    "more_than": _lazy("more than"),
    "at_least": _lazy("at least"),
    "up_to": _lazy("up to"),
    "less_than": _lazy("less than"),
}
CHANGE_TYPES = (
    "merged",
    "split",
    "renamed",
    "moved",
    "created",
    "abolished",
    "upgraded",
    "downgraded",
    "attributes_changed",
    "function_transferred",
    "not_described",
    "unchanged",
)


def _is_chinese() -> bool:
    return (get_language() or "en").startswith("zh")


def _localized(row: dict[str, Any], field: str) -> str:
    """Pick the field in the page's language, falling back to the other when it is empty."""
    english = row.get(f"{field}_en", row.get(field, ""))
    chinese = row.get(f"{field}_zh", "")
    return (chinese or english) if _is_chinese() else (english or chinese)


def _language_links(request: HttpRequest) -> list[dict[str, str]]:
    path = request.get_full_path()
    return [
        {"code": "en", "label": "English", "url": translate_url(path, "en")},
        {"code": "zh-hans", "label": "中文", "url": translate_url(path, "zh-hans")},
    ]


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    outlines = [value for value in context.values() if isinstance(value, Outline)]
    if outlines and PARTS_PARAMETER in request.GET:
        return _outline_parts(request, outlines)
    context = {"language_links": _language_links(request), "is_chinese": _is_chinese(), **context}
    return render(request, template, context, status=status)


def _snapshot_label(snapshot: Snapshot) -> str:
    return snapshot.label_zh if _is_chinese() else snapshot.label_en


def _chart_rows(tree: dict[str, Any], statuses: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Turn a selector tree into rows in tree order carrying display text in the page's language."""
    chinese = _is_chinese()  # once: get_language() per unit cost a second on a 10,000-unit chart

    def pick(english: str, in_chinese: str) -> str:
        return (in_chinese or english) if chinese else (english or in_chinese)

    names = {unit["key"]: pick(unit["name_en"], unit["name_zh"]) for unit in tree["units"]}
    line_labels = line_type_labels()
    lines_from: dict[str, list[dict[str, Any]]] = {}
    for line in tree["lines"]:
        lines_from.setdefault(line["from"], []).append(
            {
                **line,
                "label": line_labels.get(line["type"], line["type"]),
                "qualifier_text": pick(line["qualifier"], line["qualifier_zh"]),
                "to_name": names.get(line["to"], line["to"]),
            }
        )
    figures_of: dict[str | None, list[dict[str, Any]]] = {}
    for figure in tree.get("figures", []):
        figures_of.setdefault(figure["unit"], []).append(_figure_display(figure))
    statuses = statuses or {}
    labels = {status: status_label(status) for status in set(statuses.values())}
    return [
        {
            "key": unit["key"],
            "parent": unit["parent"],
            "unit": unit,
            "name": names[unit["key"]],
            "other_name": unit["name_en"] if chinese else unit["name_zh"],
            "head": pick(unit["head"], unit["head_zh"]),
            "note": pick(unit["note_en"], unit["note_zh"]),
            "status": (status := statuses.get(unit["key"], "")),
            "status_label": labels[status] if status else "",
            "lines": lines_from.get(unit["key"], []),
            "figures": figures_of.get(unit["key"], []),
        }
        for unit in tree["units"]
    ]


def _chart_outline(
    request: HttpRequest,
    tree: dict[str, Any],
    side: str,
    statuses: dict[str, str] | None = None,
    *,
    charts_on_page: int = 1,
    with_head: bool = False,
    **page_query: str,
) -> Outline:
    """Render the chart's accessible nested list (what _chart.html shows with JS off), a large one in parts.

    The page's outline budget is shared by the charts on it. `?open=<unit key>` lists that unit's children
    and the way to it, whatever their depth; the page's own query (`page_query`) is kept in the links that
    open a held-back part.
    """
    rest_url = "?" + "".join(f"{urlencode({name: value})}&" for name, value in page_query.items()) + "open={key}"
    outline = render_outline_within(
        _chart_rows(tree, statuses),
        side=side,
        is_chinese=_is_chinese(),
        budget=settings.ORGCHART_OUTLINE_BUDGET // charts_on_page,
        open_key=request.GET.get("open", "").strip() or None,
        rest_url=rest_url,
    )
    if outline.parts:
        query = request.GET.copy()
        query[PARTS_PARAMETER] = side
        outline.parts_url = f"{request.path}?{query.urlencode()}"
        if with_head:
            outline.head = exports.head_of(tree, outline.listed, outline.held)
    return outline


# A chart page asked for with ?parts=<side> answers the HTML its outline holds back, by unit key, as JSON: the
# viewer fetches it once the page is drawn, so the page itself carries only the listed levels.
PARTS_PARAMETER = "parts"


def _outline_parts(request: HttpRequest, outlines: list[Outline]) -> HttpResponse:
    side = request.GET[PARTS_PARAMETER]
    for outline in outlines:
        if outline.side == side:
            return HttpResponse(orjson.dumps(outline.parts), content_type="application/json")
    sides = ", ".join(outline.side for outline in outlines)
    return _error(request, errors.API_BAD_CHOICE.format(name=PARTS_PARAMETER, value=side, choices=sides), 400)


def _figure_display(figure: dict[str, Any]) -> dict[str, Any]:
    """Return a figure with one line of text: label or measure, value, and the slice it counts."""
    label = _localized(figure, "label") or figure["measure"]
    slice_text = ", ".join(f"{value}" for value in figure["breakdown"].values())
    hedge = APPROXIMATION_LABELS.get(figure.get("approximation", ""), "")
    value = f"{hedge} {figure['value']:,}" if hedge else f"{figure['value']:,}"
    return {**figure, "text": f"{label}{f' ({slice_text})' if slice_text else ''}: {value}"}


def home(request: HttpRequest) -> HttpResponse:
    organizations = selectors.home_index(user=request.user)
    for entry in organizations:
        entry["name"] = _localized(
            {"name_en": entry["organization"].name_en, "name_zh": entry["organization"].name_zh}, "name"
        )
        entry["snapshot_items"] = [{"snapshot": s, "label": _snapshot_label(s)} for s in entry["snapshots"]]
        entry["reform_items"] = [
            {"reform": r, "name": r.name_zh if _is_chinese() else r.name_en} for r in entry["reforms"]
        ]
    return _page(request, "structures/home.html", {"organizations": organizations})


def snapshot_chart(request: HttpRequest, key: str) -> HttpResponse:
    snapshot = selectors.get_snapshot(key=key, user=request.user)
    if snapshot is None:
        return _error(request, errors.API_UNKNOWN_SNAPSHOT.format(key=key), 404)
    return published_page(request, [snapshot], lambda: _snapshot_page(request, snapshot))


def _snapshot_page(request: HttpRequest, snapshot: Snapshot) -> HttpResponse:
    tree = selectors.snapshot_tree(snapshot=snapshot)
    return _page(
        request,
        "structures/snapshot.html",
        {
            "snapshot": snapshot,
            "label": _snapshot_label(snapshot),
            "outline": _chart_outline(request, tree, "chart", with_head=True),
            "snapshot_figures": [_figure_display(f) for f in tree["figures"] if f["unit"] is None],
            "viewer_strings": viewer_strings(),
        },
    )


def compare(request: HttpRequest) -> HttpResponse:
    keys = {name: request.GET.get(name, "").strip() for name in ("before", "after")}
    for name, value in keys.items():
        if not value:
            return _error(request, errors.API_MISSING_PARAMETER.format(name=name), 400)
    if keys["before"] == keys["after"]:
        return _error(request, errors.API_SAME_SNAPSHOT, 400)
    snapshots = {}
    for name, value in keys.items():
        snapshots[name] = selectors.get_snapshot(key=value, user=request.user)
        if snapshots[name] is None:
            return _error(request, errors.API_UNKNOWN_SNAPSHOT.format(key=value), 404)
    before, after = snapshots["before"], snapshots["after"]
    if before.organization_id != after.organization_id:
        return _error(request, errors.API_DIFFERENT_ORGANIZATIONS.format(before=before.key, after=after.key), 400)
    return published_page(request, [before, after], lambda: _compare_page(request, before, after, keys))


def _compare_page(request: HttpRequest, before: Snapshot, after: Snapshot, keys: dict[str, str]) -> HttpResponse:
    result = selectors.compare_snapshots(before=before, after=after)
    counts: dict[str, int] = {}
    for side in ("before", "after"):
        for status in result["sides"][side].values():
            counts[status] = counts.get(status, 0) + 1
    legend = [
        {"status": status, "label": status_label(status), "count": counts.get(status, 0)}
        for status in STATUS_PRECEDENCE
        if counts.get(status)
    ]
    changes = [
        {
            **change,
            "label": status_label(change["type"]),
            "text": change["summary_zh"] if _is_chinese() and change["summary_zh"] else change["summary"],
        }
        for change in result["changes"]
    ]
    return _page(
        request,
        "structures/compare.html",
        {
            "before": before,
            "after": after,
            "before_label": _snapshot_label(before),
            "after_label": _snapshot_label(after),
            **{
                f"{side}_outline": _chart_outline(
                    request,
                    result["trees"][side],
                    side,
                    result["sides"][side],
                    charts_on_page=2,
                    with_head=True,
                    **keys,
                )
                for side in ("before", "after")
            },
            "impact": impact_table(
                selectors.impact_of_comparison(result), result["trees"], {"before": "before", "after": "after"}
            ),
            "legend": legend,
            "changes": changes,
            # Names come with the trees the page fetches: the page need not carry 10,000 of them again.
            "compare_data": {"sides": result["sides"], "changes": changes},
            "viewer_strings": viewer_strings(),
        },
    )


def _error(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return _page(request, "structures/error.html", {"message": message, "status": status}, status=status)


def status_label(status: str) -> str:
    labels = {
        "merged": _("merged"),
        "split": _("split"),
        "renamed": _("renamed"),
        "moved": _("moved"),
        "created": _("created"),
        "abolished": _("abolished"),
        "upgraded": _("upgraded"),
        "downgraded": _("downgraded"),
        "attributes_changed": _("attributes changed"),
        "function_transferred": _("function transferred"),
        "same_unit": _("same unit"),
        "not_described": _("not described"),
        "unchanged": _("unchanged"),
    }
    return labels.get(status, status)


def viewer_strings() -> dict[str, Any]:
    """Return the interface text the JS viewer needs, in the page's language."""
    return {
        "expand": _("Expand"),
        "collapse": _("Collapse"),
        "loading": _("Loading"),
        "expandAll": _("Expand all"),
        "collapseAll": _("Collapse all"),
        "noChange": _("No recorded change for this unit."),
        "counterparts": _("Counterparts on the other chart"),
        "sources": _("Sources"),
        "close": _("Close"),
        "statuses": {status: status_label(status) for status in CHANGE_TYPES},
        "lineTypes": line_type_labels(),
        "approximations": {hedge: str(label) for hedge, label in APPROXIMATION_LABELS.items()},
    }


def line_type_labels() -> dict[str, str]:
    return {
        "also_reports_to": _("also reports to"),
        "serves": _("serves"),
        "shared_with": _("shared with"),
        "guides": _("guides"),
        "member_of": _("member of"),
        "chairs": _("chairs"),
        "administered_by": _("administered by"),
        "hosted_by": _("hosted by"),
        "supports": _("supports"),
        "advises": _("advises"),
        "functional_link": _("functional link"),
        "cooperates_with": _("cooperates with"),
    }


def _unit_refs(units: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{"key": u["key"], "name": _localized(u, "name")} for u in units]


def unit_lineage(request: HttpRequest, key: str) -> HttpResponse:
    lineage = selectors.unit_lineage(key=key, user=request.user)
    if lineage is None:
        return _error(request, errors.API_UNKNOWN_UNIT.format(key=key), 404)
    latest = lineage.appearances[-1].unit
    appearances = [
        {
            "snapshot": a.snapshot,
            "label": a.snapshot["label_zh"] if _is_chinese() else a.snapshot["label_en"],
            "unit": a.unit,
            "name": _localized(a.unit, "name"),
            "head": _localized({"head_en": a.unit["head"], "head_zh": a.unit["head_zh"]}, "head"),
        }
        for a in lineage.appearances
    ]
    events = [
        {
            **event,
            "label": status_label(event["type"]),
            "text": event["summary_zh"] if _is_chinese() and event["summary_zh"] else event["summary"],
            "from_refs": _unit_refs(event["from"]),
            "to_refs": _unit_refs(event["to"]),
        }
        for event in lineage.events
    ]

    return _page(
        request,
        "structures/unit_lineage.html",
        {
            "key": key,
            "name": _localized(latest, "name"),
            "aliases": sorted(
                {n for a in lineage.appearances for n in (a.unit["name_en"], a.unit["name_zh"], *a.unit["aliases"])}
            ),
            "appearances": appearances,
            "events": events,
            "predecessors": _unit_refs(lineage.predecessors),
            "successors": _unit_refs(lineage.successors),
        },
    )


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    results = selectors.search_units(query=query, user=request.user) if query else []
    for result in results:
        result["name"] = _localized(result, "name")
    return _page(request, "structures/search.html", {"query": query, "results": results})


def report(request: HttpRequest) -> HttpResponse:
    return _page(request, "structures/report.html", {"documents": selectors.dataset_report(user=request.user)})


def impact_metric_label(metric: str, detail: str) -> str:
    """Return the row label of one impact measure in the page's language."""
    if metric == "lines_by_type":
        return line_type_labels().get(detail, detail)
    if metric == "posts_by_grade":
        return _("Posts at grade %(grade)s") % {"grade": detail}
    labels = {
        "units": _("Units"),
        "layers": _("Layers"),
        "span_mean": _("Span of control (mean)"),
        "span_max": _("Span of control (largest)"),
        "shared_units": _("Shared units"),
        "changed_units": _("Units changed, gone or new"),
        "not_described_units": _("Units the other document does not describe"),
        "lines": _("Secondary lines"),
        "posts": _("Posts stated"),
    }
    return labels.get(metric, metric)


# Units a figure lists by name; it counts the rest (all are in the cell's data-keys, which the chart highlights).
# Listing all 10,000 units of a large comparison made its page 2 MB heavier and slow to open.
IMPACT_LINKS_LISTED = 100


def impact_table(
    summary: ImpactSummary, trees: dict[str, dict[str, Any]], anchors: dict[str, str | None]
) -> list[dict[str, Any]]:
    """Shape an impact summary for templates/structures/_impact.html: labels, values and links to the units.

    `anchors` names, per side, the chart on the same page whose boxes the links jump to (`#<anchor>-<key>`);
    a side without one links each unit to its history page.
    """
    names = {side: {u["key"]: _localized(u, "name") for u in trees[side]["units"]} for side in ("before", "after")}
    rows = []
    for row in summary.rows:
        cells = []
        for side, value in (("before", row.before), ("after", row.after)):
            anchor = anchors.get(side)
            cells.append(
                {
                    "side": side,
                    "text": _impact_value_text(value.value, approximate=value.approximate),
                    "keys": " ".join(value.keys),
                    "count": len(value.keys),
                    "links": [
                        {
                            "key": key,
                            "name": names[side].get(key, key),
                            "href": f"#{anchor}-{key}" if anchor else reverse("unit-lineage", args=[key]),
                        }
                        for key in value.keys[:IMPACT_LINKS_LISTED]
                    ],
                    "more": max(0, len(value.keys) - IMPACT_LINKS_LISTED),
                }
            )
        difference = row.difference
        rows.append(
            {
                "metric": row.metric,
                "detail": row.detail,
                "label": impact_metric_label(row.metric, row.detail),
                "is_part": row.metric in ("lines_by_type", "posts_by_grade"),
                "cells": cells,
                "difference": difference,
                "trend": "" if not difference else ("up" if difference > 0 else "down"),
                "difference_text": "" if difference is None else (f"{difference:+,}" if difference else "0"),
            }
        )
    return rows


def _impact_value_text(value: int | float | None, *, approximate: bool) -> str:
    if value is None:
        return _("not stated")
    return _("about %(value)s") % {"value": f"{value:,}"} if approximate else f"{value:,}"


def _change_items(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add to each change of a comparison its status label and summary in the page's language."""
    return [
        {
            **change,
            "label": status_label(change["type"]),
            "text": change["summary_zh"] if _is_chinese() and change["summary_zh"] else change["summary"],
        }
        for change in changes
    ]


def timeline(request: HttpRequest, key: str) -> HttpResponse:
    organization, snapshots = selectors.organization_timeline(key=key, user=request.user)
    if organization is None or not snapshots:
        return _error(request, errors.API_UNKNOWN_ORGANIZATION.format(key=key), 404)
    keys = [snapshot.key for snapshot in snapshots]
    at = request.GET.get("at", "").strip() or keys[0]
    if at not in keys:
        elsewhere = selectors.get_snapshot(key=at, user=request.user)
        message = errors.SNAPSHOT_NOT_ON_TIMELINE if elsewhere else errors.API_UNKNOWN_SNAPSHOT
        return _error(request, message.format(key=at, organization=key), 404)
    return published_page(request, snapshots, lambda: _timeline_page(request, organization, snapshots, at))


def _timeline_page(
    request: HttpRequest, organization: Organization, snapshots: list[Snapshot], at: str
) -> HttpResponse:
    keys = [snapshot.key for snapshot in snapshots]
    index = keys.index(at)
    step = selectors.timeline_step(snapshots=snapshots, index=index)
    comparison = step["comparison"]
    statuses = comparison["sides"]["after"] if comparison else None
    base = reverse("timeline", args=[organization.key])
    steps = [
        {
            "index": i,
            "key": s.key,
            "label": _snapshot_label(s),
            "url": f"{base}?at={s.key}",
            "document": s.document.symbol,
            "date": s.date,
            "current": i == index,
        }
        for i, s in enumerate(snapshots)
    ]
    counts: dict[str, int] = {}
    for status in (statuses or {}).values():
        counts[status] = counts.get(status, 0) + 1
    impact = None
    if comparison:
        impact = impact_table(
            selectors.impact_of_comparison(comparison), comparison["trees"], {"before": None, "after": "chart"}
        )
    return _page(
        request,
        "structures/timeline.html",
        {
            "organization": organization,
            "organization_name": _localized({"name_en": organization.name_en, "name_zh": organization.name_zh}, "name"),
            "steps": steps,
            "step": steps[index],
            "snapshot": step["snapshot"],
            "previous_step": steps[index - 1] if index > 0 else None,
            "next_step": steps[index + 1] if index + 1 < len(steps) else None,
            "outline": _chart_outline(request, step["tree"], "chart", statuses, at=at),
            # The drawn chart reads this; each unit carries its status so the JS can colour it too.
            "chart_tree": {
                **step["tree"],
                "units": [{**u, "status": (statuses or {}).get(u["key"], "")} for u in step["tree"]["units"]],
            },
            "legend": [
                {"status": s, "label": status_label(s), "count": counts[s]} for s in STATUS_PRECEDENCE if counts.get(s)
            ],
            "changes": _change_items(comparison["changes"]) if comparison else [],
            "impact": impact,
            "before_label": steps[index - 1]["label"] if index > 0 else "",
            "after_label": steps[index]["label"],
            "timeline_data": [{"key": s["key"], "url": s["url"], "label": s["label"]} for s in steps],
            "viewer_strings": viewer_strings(),
        },
    )
