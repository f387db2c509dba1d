"""Every read that spans models. Whole trees come from a fixed number of queries, never one per node."""

from __future__ import annotations

import functools
import logging
import operator
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import orjson
from django.db import connection
from django.db.models import Count, F, Q

from structures import diff
from structures.chart_sql import cited_pairs_sql, units_json_sql
from structures.impact import ImpactSummary, impact_summary
from structures.lineage import Appearance, Lineage, SuccessionEvent, build_lineage
from structures.models import (
    Citation,
    Figure,
    Organization,
    Reform,
    SecondaryLine,
    Snapshot,
    SourceDocument,
    Succession,
    Unit,
)
from structures.row_stream import can_stream, streamed_rows

logger = logging.getLogger(__name__)

UNDOCS_URL = "https://undocs.org/{language}/{symbol}"


def citation_url(language: str, symbol: str) -> str:
    return UNDOCS_URL.format(language=language, symbol=symbol)


def citation_dict(symbol: str, paragraph: str) -> dict[str, str]:
    return {
        "document": symbol,
        "paragraph": paragraph,
        "url": citation_url("en", symbol),
        "url_zh": citation_url("zh", symbol),
    }


def visible_snapshots(*, user) -> Any:
    return Snapshot.objects.visible_to(user).select_related("organization", "document").in_timeline_order()


def get_snapshot(*, key: str, user) -> Snapshot | None:
    """Return the snapshot with its organization and document, if the user may see it, in one query.

    The ORM's SQL is compiled once per process: compiling it took ten times longer than running it, about
    a millisecond on every request for a chart (README, Performance).
    """
    staff = user is not None and user.is_active and user.is_staff
    sql, params, key_index = _snapshot_by_key_sql(connection.vendor, staff=staff)
    params = [*params]
    params[key_index] = key
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    values = iter(row)
    snapshot, organization, document = (
        model.from_db(connection.alias, None, [next(values) for _ in model._meta.concrete_fields])
        for model in (Snapshot, Organization, SourceDocument)
    )
    snapshot.organization, snapshot.document = organization, document
    return snapshot


@functools.cache
def _snapshot_by_key_sql(vendor: str, *, staff: bool) -> tuple[str, tuple[Any, ...], int]:
    marker = "\x00key\x00"  # no real key holds it: keys are slugs
    snapshots = Snapshot.objects.all() if staff else Snapshot.objects.published()
    query = snapshots.select_related("organization", "document").filter(key=marker).order_by()
    sql, params = query.query.sql_with_params()
    return sql, params, params.index(marker)


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


UNIT_COLUMNS = (
    "id", "key", "parent__key", "parent_unknown", "name_en", "name_zh", "aliases", "kind",
    "head_en", "head_zh", "grade", "posts", "shared", "note_en", "note_zh", "level", "pinyin",
)  # fmt: skip


def _unit_dict(row: dict[str, Any], citations: list[dict[str, str]]) -> dict[str, Any]:
    """Shape one unit row (UNIT_COLUMNS) as the API presents a unit."""
    return {
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
        "pinyin": row["pinyin"],
        "citations": citations,
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


# What a chart reads of each unit (_tree_sql).
CHART_UNIT_COLUMNS = (
    "id", "key", "name_en", "name_zh", "kind", "head_en", "head_zh", "grade", "note_en", "note_zh", "aliases",
    "pinyin", "parent_unknown", "shared", "level", "posts", "tree_id", "lft", "parent_id",
)  # fmt: skip


def _tree_sql(units_sql: str | None = None) -> str:
    """Return one statement for a whole chart: units, lines and figures, each row joined to one of its citations.

    A UNION ALL of three parts with aligned columns (part, id, two keys, texts, JSON, numbers, sort keys,
    citation, parent id), so the chart costs one query after the snapshot's, whatever its size. Given `units_sql`
    (a scalar subquery, see chart_sql), the units come as one row holding that value (in `t8`, which no other
    part fills) in place of a row each.

    A unit's row carries its parent's id, not its key: the reader names the parent from the units before it, as
    every parent comes before its children. Joining the parent in made PostgreSQL hash both sides and sort every
    row before sending the first (README, Performance).
    """
    quote = connection.ops.quote_name
    unit, line, figure, citation, document = (
        quote(model._meta.db_table) for model in (Unit, SecondaryLine, Figure, Citation, SourceDocument)
    )
    if units_sql is None:
        if connection.vendor == "postgresql":
            # The units in tree order on their own (read so through the index, or sorted), then each unit's
            # citations read in their order through the index, unit by unit: rows leave as they are read, and
            # the reader shapes the first while the last are read. Joined, the planner hashed the citations and
            # sorted every row before sending one. Ordered subqueries are kept as they are, not joined.
            columns = ", ".join(quote(column) for column in CHART_UNIT_COLUMNS)
            source = f"""(SELECT {columns} FROM {unit} WHERE snapshot_id = %s ORDER BY tree_id, lft) u
                LEFT JOIN LATERAL (SELECT c.position, c.id, c.paragraph, d.symbol FROM {citation} c
                JOIN {document} d ON d.id = c.document_id WHERE c.unit_id = u.id ORDER BY c.position, c.id) c ON TRUE"""
            cited_symbol, where = "c.symbol", ""
        else:
            source = f"""{unit} u LEFT JOIN {citation} c ON c.unit_id = u.id
                LEFT JOIN {document} d ON d.id = c.document_id"""
            cited_symbol, where = "d.symbol", "WHERE u.snapshot_id = %s"
        units = f"""
        SELECT 0 AS part, u.id AS id, u.{quote("key")} AS k1, NULL AS k2, u.name_en AS t1,
               u.name_zh AS t2, u.kind AS t3, u.head_en AS t4, u.head_zh AS t5, u.grade AS t6, u.note_en AS t7,
               u.note_zh AS t8, u.aliases AS j1, u.pinyin AS j2, u.parent_unknown AS b1, u.shared AS b2,
               u.level AS n1, u.posts AS n2, CAST(NULL AS NUMERIC) AS value, u.tree_id AS s1, u.lft AS s2,
               c.position AS cp, c.id AS ci, {cited_symbol} AS symbol, c.paragraph AS paragraph,
               u.parent_id AS parent_id
        FROM {source}
        {where}"""
    else:
        # PostgreSQL types a UNION's columns from its first parts, so these NULLs carry the unit columns' types.
        def null(name: str) -> str:
            return f"CAST(NULL AS {Unit._meta.get_field(name).db_type(connection)})"

        units = f"""
        SELECT 0 AS part, 0 AS id, NULL AS k1, NULL AS k2, NULL AS t1, NULL AS t2, NULL AS t3, NULL AS t4,
               NULL AS t5, NULL AS t6, NULL AS t7, {units_sql} AS t8, {null("aliases")} AS j1, {null("pinyin")} AS j2,
               {null("parent_unknown")} AS b1, {null("shared")} AS b2, {null("level")} AS n1, {null("posts")} AS n2,
               CAST(NULL AS NUMERIC) AS value, {null("tree_id")} AS s1, {null("lft")} AS s2, NULL AS cp,
               NULL AS ci, NULL AS symbol, NULL AS paragraph, NULL AS parent_id"""
    order = "ORDER BY part, s1, s2, cp, ci"
    if connection.vendor == "postgresql" and units_sql is None:
        # The units come in tree order from their own ordered read above, so this sorts nothing, and each unit's
        # citations follow it in their order: putting them in order again, unit by unit, cost 8-11% of a 1k or a
        # 100k chart's request. The whole UNION sorted at once had been sorted in one process, spilling 100k
        # units' rows to disk. None of these orders is promised (a subquery's passed on, a UNION's without ORDER
        # BY), so the readers check them (_tree_from_stream) or sort (chart_rows) by every key.
        units = f"SELECT * FROM ({units} ORDER BY s1, s2) units_in_order"
        order = ""

    # The few lines and figures look their keys and symbols up one by one rather than join for them: planning
    # the joins took PostgreSQL longer than reading them (a 1k chart: planning 1.03 -> 0.69 ms).
    def key_of(unit_id: str) -> str:
        return f"(SELECT k.{quote('key')} FROM {unit} k WHERE k.id = {unit_id})"

    symbol = f"(SELECT d.symbol FROM {document} d WHERE d.id = c.document_id)"
    return f"""{units}
        UNION ALL
        SELECT 1, l.id, {key_of("l.from_unit_id")}, {key_of("l.to_unit_id")}, l.qualifier_en, l.qualifier_zh, l.type,
               NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, l.position, l.id, c.position,
               c.id, {symbol}, c.paragraph, NULL
        FROM {line} l LEFT JOIN {citation} c ON c.line_id = l.id
        WHERE l.snapshot_id = %s
        UNION ALL
        SELECT 2, f.id, {key_of("f.unit_id")}, NULL, f.measure, f.label_en, f.label_zh, f.approximation, NULL, NULL,
               NULL, NULL, f.breakdown, NULL, NULL, NULL, NULL, NULL, f.value, f.position, f.id, c.position, c.id,
               {symbol}, c.paragraph, NULL
        FROM {figure} f LEFT JOIN {citation} c ON c.figure_id = f.id
        WHERE f.snapshot_id = %s
        {order}
    """


# A chart row's sort keys: part, then s1, s2, cp, ci (_tree_sql).
CHART_ORDER = operator.itemgetter(0, 19, 20, 21, 22)


def chart_rows(cursor: Any) -> list[tuple]:
    """Fetch _tree_sql's rows in its order. On PostgreSQL only the units come sorted; rows in order but for a few
    lines and figures sort in one pass (17 ms for 100k units, where the statement got 110-340 ms faster)."""
    rows = cursor.fetchall()
    if connection.vendor == "postgresql":
        rows.sort(key=CHART_ORDER)
    return rows


def _json(value: Any) -> Any:
    # Raw rows carry JSON as text on SQLite and on PostgreSQL as Django's psycopg setup leaves it.
    if value == "[]":
        return []  # most units have no aliases: skip the parser
    return orjson.loads(value) if isinstance(value, (str, bytes)) else value


def snapshot_tree(*, snapshot: Snapshot) -> dict[str, Any]:
    """Return `{snapshot, units, lines, figures}`, units in tree order, in one query whatever the size."""
    with connection.cursor() as cursor:
        cursor.execute(_tree_sql(), [snapshot.pk] * 3)
        tree = _tree_from_rows(snapshot, chart_rows(cursor))
    for field in ("aliases", "pinyin"):
        for unit, value in zip(tree["units"], _json_column([unit[field] for unit in tree["units"]]), strict=True):
            unit[field] = value
    return tree


def snapshot_tree_rendered(*, snapshot: Snapshot) -> dict[str, Any]:
    """Return snapshot_tree's content for orjson, in one query whatever the size.

    SQLite writes the units' JSON itself (chart_sql), faster than Python builds it. PostgreSQL writing it cost
    more than Python building the units and passing their stored JSON columns through unparsed (README,
    Performance: 10,000 units in 164 ms against 116).
    """
    if can_stream():
        try:
            with streamed_rows(_tree_sql(), [snapshot.pk] * 3) as rows:
                return _tree_from_stream(snapshot, rows)
        except RowsOutOfOrder:
            logger.warning("Snapshot %s: chart rows came out of order; read again and sorted.", snapshot.key)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_tree_sql(), [snapshot.pk] * 3)
            return _tree_from_rows(snapshot, chart_rows(cursor), stored_json_as_is=True)
    units_sql, params = units_json_sql((citation_url("en", ""), citation_url("zh", "")))
    with connection.cursor() as cursor:
        cursor.execute(_tree_sql(units_sql), [*params, snapshot.pk, snapshot.pk, snapshot.pk])
        return _tree_from_rows(snapshot, chart_rows(cursor))


def _tree_from_rows(snapshot: Snapshot, rows: list[tuple], *, stored_json_as_is: bool = False) -> dict[str, Any]:
    """Shape _tree_sql's rows as snapshot_tree's content. With `stored_json_as_is`, each unit's stored JSON columns
    (aliases, pinyin) are left as the text they are, for orjson to write as they are (`orjson.Fragment`): parsing
    them only to write them again took 118 ms of a 100k tree, and wrapping them in a pass of their own 50 more."""
    units: list[dict[str, Any]] | orjson.Fragment = []
    lines: list[dict[str, Any]] = []
    figures: list[dict[str, Any]] = []
    citations: dict[tuple[str, str], dict[str, str]] = {}  # one dict per paragraph, shared by what cites it
    keys: dict[int, str] = {}  # the units read so far by id, which name each unit's parent (_tree_sql)
    current_part = current_pk = None
    cited: list[dict[str, str]] = []
    for part, pk, k1, k2, t1, t2, t3, t4, t5, t6, t7, t8, j1, j2, b1, b2, n1, n2, value, *_, symbol, para, up in rows:
        if pk != current_pk or part != current_part:
            current_part, current_pk, cited = part, pk, []
            if part == 0 and pk == 0:  # the units as the database wrote them
                units = orjson.Fragment(t8)
            elif part == 0:
                if stored_json_as_is:
                    j1, j2 = orjson.Fragment(j1), orjson.Fragment(j2)
                keys[pk] = k1
                units.append(
                    {
                        "key": k1, "parent": keys.get(up), "parent_unknown": bool(b1), "level": n1, "name_en": t1,
                        "name_zh": t2, "aliases": j1, "kind": t3, "head": t4, "head_zh": t5, "grade": t6,
                        "posts": n2, "shared": bool(b2), "note_en": t7, "note_zh": t8, "pinyin": j2,
                        "citations": cited,
                    }
                )  # fmt: skip
            elif part == 1:
                lines.append(
                    {"from": k1, "to": k2, "type": t3, "qualifier": t1, "qualifier_zh": t2, "citations": cited}
                )
            else:
                figures.append(
                    {
                        "unit": k1, "measure": t1, "value": _number(Decimal(str(value))), "approximation": t4,
                        "breakdown": _json(j1), "label_en": t2, "label_zh": t3, "citations": cited,
                    }
                )  # fmt: skip
        if symbol is not None:
            citation = citations.get((symbol, para))
            if citation is None:
                citation = citations[(symbol, para)] = citation_dict(symbol, para)
            cited.append(citation)
    return {"snapshot": snapshot_summary(snapshot), "units": units, "lines": lines, "figures": figures}


class RowsOutOfOrder(Exception):
    """A chart's unit rows did not come in tree order, so they cannot be shaped as they arrive."""


def _tree_from_stream(snapshot: Snapshot, rows: Iterable[tuple]) -> dict[str, Any]:
    """Shape _tree_sql's rows as snapshot_tree_rendered's content while they arrive (PostgreSQL, row_stream).

    The units come sorted by the statement and are built in the order they come, each parent named from the
    units before it; a unit out of tree order or a citation out of its order raises RowsOutOfOrder. The few
    lines and figures, which the statement leaves unordered, are kept and sorted at the end. Each paragraph's
    citation is written once (an `orjson.Fragment`) and its bytes copied wherever it is cited, and the stored
    JSON columns pass through as they are (_tree_from_rows).
    """
    fragment = orjson.Fragment
    units: list[dict[str, Any]] = []
    others: list[tuple] = []
    citations: dict[tuple[str, str], orjson.Fragment] = {}
    keys: dict[int, str] = {}
    current_pk = None
    cited: list[orjson.Fragment] = []
    unit_order: tuple[int, int] = (-1, -1)
    citation_order: tuple[int, int] | None = None
    for row in rows:
        part, pk, k1, _, t1, t2, t3, t4, t5, t6, t7, t8, j1, j2, b1, b2, n1, n2, _, s1, s2, cp, ci, symbol, para, up = (
            row
        )
        if part:
            others.append(row)
            continue
        if pk != current_pk:
            if (s1, s2) <= unit_order:
                raise RowsOutOfOrder
            unit_order, citation_order, current_pk, cited = (s1, s2), None, pk, []
            keys[pk] = k1
            units.append(
                {
                    "key": k1, "parent": keys.get(up), "parent_unknown": b1, "level": n1, "name_en": t1, "name_zh": t2,
                    "aliases": fragment(j1), "kind": t3, "head": t4, "head_zh": t5, "grade": t6, "posts": n2,
                    "shared": b2, "note_en": t7, "note_zh": t8, "pinyin": fragment(j2), "citations": cited,
                }
            )  # fmt: skip
        if symbol is not None:
            if citation_order is not None and (cp, ci) <= citation_order:
                raise RowsOutOfOrder
            citation_order = (cp, ci)
            citation = citations.get((symbol, para))
            if citation is None:
                citation = citations[(symbol, para)] = fragment(orjson.dumps(citation_dict(symbol, para)))
            cited.append(citation)
    others.sort(key=CHART_ORDER)
    return _tree_from_rows(snapshot, others) | {"units": units}


def _json_column(values: list[Any]) -> list[Any]:
    """Decode one JSON column of many rows in one parser call: on 10,000 units the calls cost more than parsing."""
    if all(isinstance(value, str) for value in values):
        return orjson.loads(f"[{','.join(values)}]")
    return [_json(value) for value in values]


def _unit_rows_for_diff(units: list[dict[str, Any]]) -> list[diff.UnitRow]:
    # By identity: snapshot_tree shares one dict per paragraph, so a 10,000-unit tree has a few hundred.
    cited: dict[int, diff.Citation] = {}
    for unit in units:
        for c in unit["citations"]:
            if id(c) not in cited:
                cited[id(c)] = diff.Citation(c["document"], c["paragraph"])
    return [
        diff.UnitRow(
            u["key"],
            u["parent"],
            u["name_en"],
            u["name_zh"],
            u["parent_unknown"],
            u["head"],
            u["head_zh"],
            u["grade"],
            u["posts"],
            tuple([cited[id(c)] for c in u["citations"]]),
        )
        for u in units
    ]


def unit_rows_for_diff(*snapshots: Snapshot) -> list[list[diff.UnitRow]]:
    """Return each snapshot's units as the diff reads them, in tree order, in one query for all of them.

    Only the compared fields are read, a row a unit, its citations as JSON the database wrote: a comparison
    that sends no trees needs no unit dicts.
    """
    quote = connection.ops.quote_name
    unit = quote(Unit._meta.db_table)
    ids = [snapshot.pk for snapshot in snapshots]
    sql = f"""
        SELECT u.snapshot_id, u.{quote("key")}, p.{quote("key")}, u.name_en, u.name_zh, u.parent_unknown, u.head_en,
               u.head_zh, u.grade, u.posts, {cited_pairs_sql()}
        FROM {unit} u LEFT JOIN {unit} p ON p.id = u.parent_id AND p.snapshot_id = u.snapshot_id
        WHERE u.snapshot_id IN ({", ".join(["%s"] * len(ids))})
        ORDER BY u.snapshot_id, u.tree_id, u.lft
    """
    by_snapshot: dict[int, list[diff.UnitRow]] = {pk: [] for pk in ids}
    if can_stream():  # shaped while they arrive: the statement sends them in order as it reads the index
        with streamed_rows(sql, ids) as rows:
            _shape_rows_for_diff(rows, by_snapshot)
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, ids)
            _shape_rows_for_diff(cursor.fetchall(), by_snapshot)
    return [by_snapshot[pk] for pk in ids]


def _shape_rows_for_diff(rows: Iterable[tuple], by_snapshot: dict[int, list[diff.UnitRow]]) -> None:
    # Units citing the same paragraphs share one parsed tuple: a 10,000-unit tree cites a few hundred.
    parsed: dict[str | None, tuple[diff.Citation, ...]] = {None: (), "[]": ()}
    make = diff.UnitRow._make  # 10,000 rows a side: the plain constructor's keyword handling shows
    for snapshot_id, key, parent, name_en, name_zh, unknown, head_en, head_zh, grade, posts, cited in rows:
        citations = parsed.get(cited)
        if citations is None:
            citations = parsed[cited] = tuple(diff.Citation(*pair) for pair in orjson.loads(cited))
        by_snapshot[snapshot_id].append(
            make((key, parent, name_en, name_zh, bool(unknown), head_en, head_zh, grade, posts, citations))
        )


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


def compare_snapshots(*, before: Snapshot, after: Snapshot, with_trees: bool = True) -> dict[str, Any]:
    """Return each unit's status on each side, the list of changes with citations, and both trees.

    Without `with_trees`, the comparison reads only what the diff compares and has no "trees".
    """
    if with_trees:
        trees = {"before": snapshot_tree(snapshot=before), "after": snapshot_tree(snapshot=after)}
        before_rows, after_rows = (_unit_rows_for_diff(trees[side]["units"]) for side in ("before", "after"))
    else:
        before_rows, after_rows = unit_rows_for_diff(before, after)
    reform, successions = successions_between(before=before, after=after)
    changeset = diff.diff_snapshots(
        before_rows, after_rows, successions, before_partial=before.is_partial, after_partial=after.is_partial
    )
    comparison = {
        "before": snapshot_summary(before),
        "after": snapshot_summary(after),
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
    }
    if with_trees:
        comparison["trees"] = trees
    return comparison


def home_index(*, user) -> list[dict[str, Any]]:
    """Return organizations with their reforms and snapshots in timeline order."""
    snapshots = list(visible_snapshots(user=user))
    visible_keys = {s.key for s in snapshots}
    reforms = [
        r
        for r in Reform.objects.select_related("before", "after", "document").order_by(
            F("after__sort_date").asc(nulls_first=True), "key"
        )
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


def unit_lineage(*, key: str, user) -> Lineage | None:
    """Return every appearance of the unit in date order and every succession into or out of it."""
    order = {snapshot.key: index for index, snapshot in enumerate(visible_snapshots(user=user))}
    summaries = {s.key: s for s in visible_snapshots(user=user).filter(units__key=key)}
    rows = [
        row
        for row in Unit.objects.filter(key=key).values(*UNIT_COLUMNS, "snapshot__key")
        if row["snapshot__key"] in order
    ]
    if not rows:
        return None
    unit_citations = _citations_by_subject(Citation.objects.filter(unit__id__in=[row["id"] for row in rows]))["unit"]
    appearances = [
        Appearance(
            order=order[row["snapshot__key"]],
            snapshot=snapshot_summary(summaries[row["snapshot__key"]]),
            unit=_unit_dict(row, unit_citations.get(row["id"], [])),
        )
        for row in rows
    ]
    successions = list(
        Succession.objects.filter(Q(from_units__key=key) | Q(to_units__key=key))
        .exclude(type=Succession.Type.UNCHANGED)
        .distinct()
        .values("id", "type", "summary_en", "summary_zh", "reform__key", "reform__before__key", "reform__after__key")
    )
    successions = [s for s in successions if s["reform__before__key"] in order and s["reform__after__key"] in order]
    ids = [s["id"] for s in successions]
    sides: dict[str, dict[int, list[tuple[str, str, str]]]] = {"from": defaultdict(list), "to": defaultdict(list)}
    for side, through in (("from", Succession.from_units.through), ("to", Succession.to_units.through)):
        linked = through.objects.filter(succession_id__in=ids).order_by("id")
        for succession_id, *unit in linked.values_list("succession_id", "unit__key", "unit__name_en", "unit__name_zh"):
            sides[side][succession_id].append(tuple(unit))
    cited: dict[int, list[dict[str, str]]] = defaultdict(list)
    rows_cited = Citation.objects.filter(succession_id__in=ids).order_by("position", "id")
    for succession_id, symbol, paragraph in rows_cited.values_list("succession_id", "document__symbol", "paragraph"):
        cited[succession_id].append(citation_dict(symbol, paragraph))
    events = [
        SuccessionEvent(
            order=order[s["reform__after__key"]],
            reform=s["reform__key"],
            before=s["reform__before__key"],
            after=s["reform__after__key"],
            type=s["type"],
            from_units=tuple(sides["from"][s["id"]]),
            to_units=tuple(sides["to"][s["id"]]),
            summary_en=s["summary_en"],
            summary_zh=s["summary_zh"],
            citations=tuple(cited[s["id"]]),
        )
        for s in successions
    ]
    return build_lineage(key, appearances, events)


SEARCH_LIMIT = 50


def search_units(*, query: str, user, limit: int = SEARCH_LIMIT) -> list[dict[str, Any]]:
    """Find units by English or Chinese name, alias or key, one result per key, newest name first."""
    needle = query.strip().lower()
    if not needle:
        return []
    snapshots = list(visible_snapshots(user=user))
    order = {snapshot.pk: index for index, snapshot in enumerate(snapshots)}
    keys = {snapshot.pk: snapshot.key for snapshot in snapshots}
    rows = Unit.objects.filter(snapshot_id__in=order, search_text__contains=needle).values_list(
        "key", "name_en", "name_zh", "aliases", "snapshot_id"
    )
    found: dict[str, dict[str, Any]] = {}
    for key, name_en, name_zh, aliases, snapshot_id in sorted(rows, key=lambda r: order[r[4]]):
        result = found.setdefault(key, {"key": key, "names": [], "snapshots": []})
        result.update(name_en=name_en, name_zh=name_zh)  # the latest appearance names the result
        for name in (name_en, name_zh, *aliases):
            if name not in result["names"]:
                result["names"].append(name)
        result["snapshots"].append(keys[snapshot_id])
    results = sorted(found.values(), key=lambda r: (not _exact(r, needle), r["name_en"].lower()))
    return results[:limit]


def _exact(result: dict[str, Any], needle: str) -> bool:
    return result["key"] == needle or any(name.lower() == needle for name in result["names"])


def dataset_report(*, user=None, include_drafts: bool = False) -> list[dict[str, Any]]:
    """Per document: its snapshots and reforms with counts, unknowns and uncited entries.

    Drafts are counted only for staff users or when `include_drafts` (the management command).
    """
    visible = Snapshot.objects.all() if include_drafts else Snapshot.objects.visible_to(user)
    snapshots = (
        visible.select_related("document")
        .annotate(
            unit_count=Count("units", distinct=True),
            line_count=Count("lines", distinct=True),
            figure_count=Count("figures", distinct=True),
        )
        .in_timeline_order()
    )
    unknown_parents: dict[int, list[str]] = defaultdict(list)
    for snapshot_id, key in (
        Unit.objects.filter(parent_unknown=True).order_by("tree_id").values_list("snapshot_id", "key")
    ):
        unknown_parents[snapshot_id].append(key)
    visible_keys = {s.key for s in snapshots}
    reforms = [
        r
        for r in Reform.objects.annotate(succession_count=Count("successions")).select_related(
            "document", "before", "after"
        )
        if r.before.key in visible_keys and r.after.key in visible_keys
    ]
    uncited = {
        "units": Unit.objects.filter(citations__isnull=True, snapshot__in=visible),
        "lines": SecondaryLine.objects.filter(citations__isnull=True, snapshot__in=visible),
        "successions": Succession.objects.filter(citations__isnull=True, reform__after__in=visible).exclude(
            type=Succession.Type.UNCHANGED
        ),
        "figures": Figure.objects.filter(citations__isnull=True, snapshot__in=visible),
        "snapshots": visible.filter(citations__isnull=True),
    }
    uncited_by_document: dict[str, dict[str, int]] = defaultdict(dict)
    document_path = {
        "units": "snapshot__document__symbol",
        "lines": "snapshot__document__symbol",
        "successions": "reform__document__symbol",
        "figures": "snapshot__document__symbol",
        "snapshots": "document__symbol",
    }
    for name, queryset in uncited.items():
        for symbol, count in (
            queryset.values_list(document_path[name]).annotate(n=Count("pk")).values_list(document_path[name], "n")
        ):
            uncited_by_document[symbol][name] = count
    report = []
    for document in SourceDocument.objects.all():
        own = [s for s in snapshots if s.document_id == document.pk]
        own_reforms = [r for r in reforms if r.document_id == document.pk]
        if not own and not own_reforms:
            continue  # a document known only through drafts is not shown to who cannot see them
        report.append(
            {
                "document": document,
                "snapshots": [
                    {
                        "snapshot": s,
                        "units": s.unit_count,
                        "lines": s.line_count,
                        "figures": s.figure_count,
                        "date_unknown": s.date is None,
                        "unknown_parents": unknown_parents.get(s.pk, []),
                    }
                    for s in own
                ],
                "reforms": [{"reform": r, "successions": r.succession_count} for r in own_reforms],
                "totals": {
                    "snapshots": len(own),
                    "units": sum(s.unit_count for s in own),
                    "lines": sum(s.line_count for s in own),
                    "figures": sum(s.figure_count for s in own),
                    "successions": sum(r.succession_count for r in own_reforms),
                    "unknown_parents": sum(len(unknown_parents.get(s.pk, [])) for s in own),
                    "unknown_dates": sum(1 for s in own if s.date is None),
                    "uncited": sum(uncited_by_document[document.symbol].values()),
                },
            }
        )
    return report


def impact_of_comparison(comparison: dict[str, Any]) -> ImpactSummary:
    """Return the impact summary (units, layers, span, posts, shared units, lines) of a compare_snapshots result."""
    return impact_summary(comparison["trees"]["before"], comparison["trees"]["after"], comparison["sides"])


def organization_timeline(*, key: str, user) -> tuple[Organization | None, list[Snapshot]]:
    """Return the organization and the snapshots this user may see, in timeline order, in two queries."""
    organization = Organization.objects.filter(key=key).first()
    if organization is None:
        return None, []
    return organization, list(visible_snapshots(user=user).filter(organization=organization))


def timeline_step(*, snapshots: list[Snapshot], index: int) -> dict[str, Any]:
    """Return one step of a timeline: its tree, and its changes from the previous step (none for the first)."""
    current = snapshots[index]
    previous = snapshots[index - 1] if index > 0 else None
    if previous is None:
        return {"snapshot": current, "previous": None, "tree": snapshot_tree(snapshot=current), "comparison": None}
    comparison = compare_snapshots(before=previous, after=current)
    return {"snapshot": current, "previous": previous, "tree": comparison["trees"]["after"], "comparison": comparison}


# --- Read API lists (appended for the public API) ------------------------------------------------


def organization_summary(organization: Organization) -> dict[str, Any]:
    return {"key": organization.key, "name_en": organization.name_en, "name_zh": organization.name_zh}


def visible_organizations(*, user) -> Any:
    """Return organizations that have a snapshot this user may read, by key."""
    visible = Snapshot.objects.visible_to(user)
    return Organization.objects.filter(snapshots__in=visible).distinct().order_by("key")


def document_summary(document: SourceDocument) -> dict[str, Any]:
    return {
        "symbol": document.symbol,
        "title_en": document.title_en,
        "title_zh": document.title_zh,
        "date": document.date.isoformat() if document.date else None,
        "session": document.session,
        "url": document.url_en,
        "url_zh": document.url_zh,
    }


def visible_documents(*, user, organization: str | None = None) -> Any:
    """Return documents behind a snapshot this user may read, in timeline order."""
    visible = Snapshot.objects.visible_to(user)
    if organization is not None:
        visible = visible.filter(organization__key=organization)
    return SourceDocument.objects.filter(snapshots__in=visible).distinct()


def reform_summary(reform: Reform) -> dict[str, Any]:
    return {
        "key": reform.key,
        "organization": reform.organization.key,
        "name_en": reform.name_en,
        "name_zh": reform.name_zh,
        "document": reform.document.symbol,
        "before": reform.before.key,
        "after": reform.after.key,
    }


def visible_reforms(*, user) -> Any:
    """Return reforms whose two snapshots this user may read, in timeline order."""
    visible = Snapshot.objects.visible_to(user)
    return (
        Reform.objects.filter(before__in=visible, after__in=visible)
        .select_related("organization", "document", "before", "after")
        .distinct()
    )


def visible_snapshot_versions(*, user) -> list[tuple[str, str, str]]:
    """Return (key, status, content hash) of every snapshot this user may read, in one query."""
    return list(visible_snapshots(user=user).values_list("key", "status", "content_hash"))
