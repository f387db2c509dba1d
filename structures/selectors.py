"""Every read that spans models. Whole trees come from a fixed number of queries, never one per node."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Q

from structures import diff
from structures.models import Citation, Figure, Organization, Reform, SecondaryLine, Snapshot, Succession, Unit

UNDOCS_URL = "https://undocs.org/{language}/{symbol}"


def citation_dict(symbol: str, paragraph: str) -> dict[str, str]:
    return {
        "document": symbol,
        "paragraph": paragraph,
        "url": UNDOCS_URL.format(language="en", symbol=symbol),
        "url_zh": UNDOCS_URL.format(language="zh", symbol=symbol),
    }


def visible_snapshots(*, user) -> Any:
    return Snapshot.objects.visible_to(user).select_related("organization", "document").in_timeline_order()


def get_snapshot(*, key: str, user) -> Snapshot | None:
    return visible_snapshots(user=user).filter(key=key).first()


def snapshot_summary(snapshot: Snapshot) -> dict[str, Any]:
    document = snapshot.document
    return {
        "key": snapshot.key,
        "organization": snapshot.organization.key,
        "label_en": snapshot.label_en,
        "label_zh": snapshot.label_zh,
        "date": snapshot.date.isoformat() if snapshot.date else None,
        "stage": snapshot.stage,
        "status": snapshot.status,
        "completeness": snapshot.completeness,
        "document": document.symbol,
        "document_date": document.date.isoformat() if document.date else None,
    }


def _citations_by_subject(queryset) -> dict[str, dict[int, list]]:
    """Group citations by what they cite: {"unit": {unit_id: [...]}, "line": ..., "figure": ...}."""
    grouped: dict[str, dict[int, list]] = {
        "unit": defaultdict(list),
        "line": defaultdict(list),
        "figure": defaultdict(list),
    }
    rows = queryset.order_by("position", "id").values_list(
        "unit_id", "line_id", "figure_id", "document__symbol", "paragraph"
    )
    for unit_id, line_id, figure_id, symbol, paragraph in rows:
        subject, subject_id = next(
            (n, i) for n, i in (("unit", unit_id), ("line", line_id), ("figure", figure_id)) if i
        )
        grouped[subject][subject_id].append(citation_dict(symbol, paragraph))
    return grouped


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def snapshot_tree(*, snapshot: Snapshot) -> dict[str, Any]:
    """Return `{snapshot, units, lines, figures}`, units in tree order, in four queries whatever the size."""
    unit_rows = list(
        Unit.objects.filter(snapshot=snapshot)
        .order_by("tree_id", "lft")
        .values(
            "id",
            "key",
            "parent__key",
            "parent_unknown",
            "name_en",
            "name_zh",
            "aliases",
            "kind",
            "head_en",
            "head_zh",
            "grade",
            "posts",
            "shared",
            "note_en",
            "note_zh",
            "level",
        )
    )
    line_rows = list(
        SecondaryLine.objects.filter(snapshot=snapshot)
        .order_by("position", "id")
        .values("id", "from_unit__key", "to_unit__key", "type", "qualifier_en", "qualifier_zh")
    )
    figure_rows = list(
        Figure.objects.filter(snapshot=snapshot)
        .order_by("position", "id")
        .values("id", "unit__key", "measure", "value", "breakdown", "label_en", "label_zh")
    )
    cited = _citations_by_subject(
        Citation.objects.filter(Q(unit__snapshot=snapshot) | Q(line__snapshot=snapshot) | Q(figure__snapshot=snapshot))
    )
    units = [
        {
            "key": row["key"],
            "parent": row["parent__key"],
            "parent_unknown": row["parent_unknown"],
            "level": row["level"],
            "name_en": row["name_en"],
            "name_zh": row["name_zh"],
            "aliases": row["aliases"],
            "kind": row["kind"],
            "head": row["head_en"],
            "head_zh": row["head_zh"],
            "grade": row["grade"],
            "posts": row["posts"],
            "shared": row["shared"],
            "note_en": row["note_en"],
            "note_zh": row["note_zh"],
            "citations": cited["unit"].get(row["id"], []),
        }
        for row in unit_rows
    ]
    lines = [
        {
            "from": row["from_unit__key"],
            "to": row["to_unit__key"],
            "type": row["type"],
            "qualifier": row["qualifier_en"],
            "qualifier_zh": row["qualifier_zh"],
            "citations": cited["line"].get(row["id"], []),
        }
        for row in line_rows
    ]
    figures = [
        {
            "unit": row["unit__key"],
            "measure": row["measure"],
            "value": _number(row["value"]),
            "breakdown": row["breakdown"],
            "label_en": row["label_en"],
            "label_zh": row["label_zh"],
            "citations": cited["figure"].get(row["id"], []),
        }
        for row in figure_rows
    ]
    return {"snapshot": snapshot_summary(snapshot), "units": units, "lines": lines, "figures": figures}


def _unit_rows_for_diff(units: list[dict[str, Any]]) -> list[diff.UnitRow]:
    return [
        diff.UnitRow(
            key=u["key"],
            parent=u["parent"],
            name_en=u["name_en"],
            name_zh=u["name_zh"],
            parent_unknown=u["parent_unknown"],
            head_en=u["head"],
            head_zh=u["head_zh"],
            grade=u["grade"],
            posts=u["posts"],
            citations=tuple(diff.Citation(c["document"], c["paragraph"]) for c in u["citations"]),
        )
        for u in units
    ]


def successions_between(*, before: Snapshot, after: Snapshot) -> tuple[Reform | None, list[diff.SuccessionRow]]:
    """Return the reform from `before` to `after` (if one is recorded) and its successions."""
    reform = Reform.objects.filter(before=before, after=after).first()
    if reform is None:
        return None, []
    rows = list(
        Succession.objects.filter(reform=reform).order_by("position").values("id", "type", "summary_en", "summary_zh")
    )
    from_keys: dict[int, list[str]] = defaultdict(list)
    to_keys: dict[int, list[str]] = defaultdict(list)
    through_from = Succession.from_units.through.objects.filter(succession__reform=reform).order_by("id")
    for succession_id, key in through_from.values_list("succession_id", "unit__key"):
        from_keys[succession_id].append(key)
    through_to = Succession.to_units.through.objects.filter(succession__reform=reform).order_by("id")
    for succession_id, key in through_to.values_list("succession_id", "unit__key"):
        to_keys[succession_id].append(key)
    citations: dict[int, list[diff.Citation]] = defaultdict(list)
    cited = Citation.objects.filter(succession__reform=reform).order_by("position", "id")
    for succession_id, symbol, paragraph in cited.values_list("succession_id", "document__symbol", "paragraph"):
        citations[succession_id].append(diff.Citation(symbol, paragraph))
    return reform, [
        diff.SuccessionRow(
            type=row["type"],
            from_keys=tuple(from_keys[row["id"]]),
            to_keys=tuple(to_keys[row["id"]]),
            summary_en=row["summary_en"],
            summary_zh=row["summary_zh"],
            citations=tuple(citations[row["id"]]),
        )
        for row in rows
    ]


def compare_snapshots(*, before: Snapshot, after: Snapshot) -> dict[str, Any]:
    """Return both trees, each unit's status on each side, and the list of changes with citations."""
    before_tree = snapshot_tree(snapshot=before)
    after_tree = snapshot_tree(snapshot=after)
    reform, successions = successions_between(before=before, after=after)
    changeset = diff.diff_snapshots(
        _unit_rows_for_diff(before_tree["units"]),
        _unit_rows_for_diff(after_tree["units"]),
        successions,
        before_partial=before.is_partial,
        after_partial=after.is_partial,
    )
    return {
        "before": before_tree["snapshot"],
        "after": after_tree["snapshot"],
        "reform": reform.key if reform else None,
        "units": changeset.units,
        "sides": {"before": changeset.before, "after": changeset.after},
        "changes": [
            {
                "type": change.type,
                "from": list(change.from_keys),
                "to": list(change.to_keys),
                "summary": change.summary_en,
                "summary_zh": change.summary_zh,
                "inferred": change.inferred,
                "citations": [citation_dict(c.document, c.paragraph) for c in change.citations],
            }
            for change in changeset.changes
        ],
        "trees": {"before": before_tree, "after": after_tree},
    }


def home_index(*, user) -> list[dict[str, Any]]:
    """Return organizations with their reforms and snapshots in timeline order."""
    snapshots = list(visible_snapshots(user=user))
    visible_keys = {s.key for s in snapshots}
    reforms = [
        r
        for r in Reform.objects.select_related("before", "after", "document").order_by("after__sort_date", "key")
        if r.before.key in visible_keys and r.after.key in visible_keys
    ]
    organizations = []
    for organization in Organization.objects.order_by("key"):
        own_snapshots = [s for s in snapshots if s.organization_id == organization.pk]
        if not own_snapshots:
            continue
        organizations.append(
            {
                "organization": organization,
                "snapshots": own_snapshots,
                "reforms": [r for r in reforms if r.organization_id == organization.pk],
            }
        )
    return organizations
