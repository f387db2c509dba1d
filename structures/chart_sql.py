"""SQL by which the database itself assembles what a chart reads.

On SQLite, turning 10,000 rows into Python dicts and then into JSON cost about three times reading the rows
(README, Performance); the database builds the same values in C while it reads them.

- `units_json_sql` (SQLite): a snapshot's units as one JSON array, exactly what `selectors.snapshot_tree` gives
  for each unit, keys in the same order, units in tree order, citations in their stored order. PostgreSQL
  wrote the same array slower than Python builds it (selectors.snapshot_tree_rendered).
- `cited_pairs_sql`: a unit's citations as a JSON array of [document, paragraph] pairs, for the diff.

Tests compare both with the Python readers on both databases (tests/test_chart_reads.py).
"""

from __future__ import annotations

from django.db import connection

from structures.models import Citation, SourceDocument, Unit

# The keys of a unit, each with the SQL that reads it from `u` (the unit) and `p` (its parent).
UNIT_FIELDS = (
    ("key", 'u."key"'),
    ("parent", 'p."key"'),
    ("parent_unknown", "u.parent_unknown"),
    ("level", "u.level"),
    ("name_en", "u.name_en"),
    ("name_zh", "u.name_zh"),
    ("aliases", "u.aliases"),
    ("kind", "u.kind"),
    ("head", "u.head_en"),
    ("head_zh", "u.head_zh"),
    ("grade", "u.grade"),
    ("posts", "u.posts"),
    ("shared", "u.shared"),
    ("note_en", "u.note_en"),
    ("note_zh", "u.note_zh"),
    ("pinyin", "u.pinyin"),
)
BOOLEAN_FIELDS = {"parent_unknown", "shared"}
JSON_FIELDS = {"aliases", "pinyin"}


def units_json_sql(url_prefixes: tuple[str, str]) -> tuple[str, list[str]]:
    """Return (SQL, params) of a scalar subquery on SQLite: the units of the snapshot `%s` that follows the params.

    `url_prefixes` are what a citation's `url` and `url_zh` start with, the document symbol following. The value
    is a BLOB, which Python hands over as bytes for orjson to embed.
    """
    tables = {model: connection.ops.quote_name(model._meta.db_table) for model in (Unit, Citation, SourceDocument)}
    return _sqlite(tables[Unit], tables[Citation], tables[SourceDocument]), list(url_prefixes)


def _sqlite(unit: str, citation: str, document: str) -> str:
    # json() marks text as JSON, so json_object embeds it rather than quoting it, but parses it to do so. Values
    # that never change are parsed once per statement (SQLite computes constant expressions once), which made a
    # 1k chart's units 8% faster (5.18 -> 4.77 ms): booleans, and the empty aliases most units have.
    def value(name: str, column: str) -> str:
        if name in BOOLEAN_FIELDS:  # SQLite keeps booleans as 0 and 1
            return f"CASE WHEN {column} THEN json('true') ELSE json('false') END"
        if name == "aliases":
            return f"CASE {column} WHEN '[]' THEN json_array() ELSE json({column}) END"
        if name in JSON_FIELDS:
            return f"json({column})"
        return column

    fields = ", ".join(f"'{name}', {value(name, column)}" for name, column in UNIT_FIELDS)
    # An aggregate reads an ordered subquery in its order: SQLite does not flatten such a subquery into it. Each
    # citation's object is built inside the aggregate, which takes it as JSON without parsing it again.
    cited = f"""json((SELECT json_group_array(json_object('document', symbol, 'paragraph', paragraph,
                                                        'url', %s || symbol, 'url_zh', %s || symbol)) FROM (
        SELECT d.symbol, c.paragraph FROM {citation} c JOIN {document} d ON d.id = c.document_id
        WHERE c.unit_id = u.id ORDER BY c.position, c.id)))"""
    # As bytes: Python would decode megabytes of text only for orjson to encode them again.
    return f"""(SELECT CAST('[' || COALESCE(group_concat(one, ','), '') || ']' AS BLOB) FROM (
        SELECT json_object({fields}, 'citations', {cited}) AS one
        FROM {unit} u LEFT JOIN {unit} p ON p.id = u.parent_id AND p.snapshot_id = u.snapshot_id
        WHERE u.snapshot_id = %s ORDER BY u.tree_id, u.lft))"""


def cited_pairs_sql() -> str:
    """Return a correlated subquery: the citations of unit `u` as JSON `[[document, paragraph], ...]`, in order."""
    citation, document = (connection.ops.quote_name(model._meta.db_table) for model in (Citation, SourceDocument))
    if connection.vendor == "postgresql":
        return f"""(SELECT json_agg(json_build_array(symbol, paragraph))::text FROM (
            SELECT d.symbol, c.paragraph FROM {citation} c JOIN {document} d ON d.id = c.document_id
            WHERE c.unit_id = u.id ORDER BY c.position, c.id) one)"""
    return f"""(SELECT json_group_array(json(one)) FROM (
        SELECT json_array(d.symbol, c.paragraph) AS one FROM {citation} c JOIN {document} d ON d.id = c.document_id
        WHERE c.unit_id = u.id ORDER BY c.position, c.id))"""
