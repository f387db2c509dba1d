"""Pure: a snapshot tree cut to a subtree, and trees and comparisons as CSV and as W3C ORG JSON-LD."""

from __future__ import annotations

import csv
import io
from typing import Any

ORG_CONTEXT = {
    "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
CSV_COLUMNS = (
    "snapshot", "key", "parent", "level", "name_en", "name_zh", "aliases", "kind", "head", "head_zh",
    "grade", "posts", "shared", "parent_unknown", "citations",
)  # fmt: skip
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection, OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class UnknownRootError(LookupError):
    pass


def subtree(tree: dict[str, Any], *, root: str | None, depth: int | None) -> dict[str, Any]:
    """Return the tree cut to `root` and what lies at most `depth` levels below it (below the tops without root).

    Lines keep both ends inside; figures keep their unit inside (whole-snapshot figures only for the whole tree).
    """
    if root is None and depth is None:
        return tree
    units = tree["units"]
    if root is not None:
        start = next((i for i, unit in enumerate(units) if unit["key"] == root), None)
        if start is None:
            raise UnknownRootError(root)
        top_level = units[start]["level"]
        kept = [units[start]]
        inside = {root}
        for unit in units[start + 1 :]:
            if unit["parent"] not in inside:
                if unit["level"] <= top_level:
                    break
                continue
            if depth is None or unit["level"] - top_level <= depth:
                kept.append(unit)
                inside.add(unit["key"])
    else:
        kept = [unit for unit in units if depth is None or unit["level"] <= depth]
        inside = {unit["key"] for unit in kept}
    return {
        "snapshot": tree["snapshot"],
        "units": kept,
        "lines": [line for line in tree["lines"] if line["from"] in inside and line["to"] in inside],
        "figures": [f for f in tree["figures"] if f["unit"] in inside or (f["unit"] is None and root is None)],
    }


def head_of(tree: dict[str, Any], listed: list[str], held: dict[str, int]) -> dict[str, Any]:
    """Return the tree cut to the `listed` units (a page's outline), in the tree's own order and form.

    Each unit whose children were cut away carries `held`: how many units are below it in the whole tree, so a
    chart drawn from the head can show it closed with its count. Lines and figures are kept as subtree keeps them.
    """
    inside = set(listed)
    units = [
        {**unit, "held": held[unit["key"]]} if unit["key"] in held else unit
        for unit in tree["units"]
        if unit["key"] in inside
    ]
    return {
        "snapshot": tree["snapshot"],
        "units": units,
        "lines": [line for line in tree["lines"] if line["from"] in inside and line["to"] in inside],
        "figures": [f for f in tree["figures"] if f["unit"] in inside or f["unit"] is None],
    }


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def tree_csv(tree: dict[str, Any]) -> str:
    """Return one CSV row per unit, in tree order, with citations as `A/72/525 ¶20(b)` joined by `; `."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    snapshot = tree["snapshot"]["key"]
    for unit in tree["units"]:
        row = {
            **unit,
            "snapshot": snapshot,
            "parent": unit["parent"] or "",
            "aliases": "; ".join(unit["aliases"]),
            "posts": "" if unit["posts"] is None else unit["posts"],
            "shared": "true" if unit["shared"] else "false",
            "parent_unknown": "true" if unit["parent_unknown"] else "false",
            "citations": "; ".join(f"{c['document']} ¶{c['paragraph']}" for c in unit["citations"]),
        }
        writer.writerow([_cell(row[column]) for column in CSV_COLUMNS])
    return out.getvalue()


def _labels(english: str, chinese: str) -> list[dict[str, str]]:
    return [
        {"@value": value, "@language": language} for value, language in ((english, "en"), (chinese, "zh-Hans")) if value
    ]


def _sources(citations: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "dct:source": [{"@id": url} for url in dict.fromkeys(c["url"] for c in citations)],
        "dct:bibliographicCitation": [f"{c['document']} ¶{c['paragraph']}" for c in citations],
    }


def unit_iri(base: str, snapshot: str, unit: str) -> str:
    return f"{base}/api/snapshots/{snapshot}/tree.jsonld#{unit}"


def _unit_nodes(tree: dict[str, Any], base: str) -> list[dict[str, Any]]:
    snapshot = tree["snapshot"]
    organization = f"{base}/api/organizations/{snapshot['organization']}/"
    nodes = []
    links: dict[str, list[dict[str, str]]] = {}
    for line in tree["lines"]:
        links.setdefault(line["from"], []).append({"@id": unit_iri(base, snapshot["key"], line["to"])})
    for unit in tree["units"]:
        node: dict[str, Any] = {
            "@id": unit_iri(base, snapshot["key"], unit["key"]),
            "@type": "org:OrganizationalUnit",
            "org:identifier": unit["key"],
            "skos:prefLabel": _labels(unit["name_en"], unit["name_zh"]),
            "skos:altLabel": list(unit["aliases"]),
            "org:classification": unit["kind"],
            "rdfs:seeAlso": {"@id": f"{base}/en/units/{unit['key']}/"},
            **_sources(unit["citations"]),
        }
        if unit["parent"]:
            node["org:subOrganizationOf"] = {"@id": unit_iri(base, snapshot["key"], unit["parent"])}
        else:
            node["org:unitOf"] = {"@id": organization}
        if unit["key"] in links:
            node["org:linkedTo"] = links[unit["key"]]
        nodes.append(node)
    return nodes


def tree_jsonld(tree: dict[str, Any], *, base: str) -> dict[str, Any]:
    """Return the tree as W3C Organization Ontology JSON-LD: units, parents and secondary links."""
    snapshot = tree["snapshot"]
    return {
        "@context": ORG_CONTEXT,
        "@id": f"{base}/api/snapshots/{snapshot['key']}/tree.jsonld",
        "dct:title": _labels(snapshot["label_en"], snapshot["label_zh"]),
        "dct:source": {"@id": f"https://undocs.org/en/{snapshot['document']}"},
        "@graph": _unit_nodes(tree, base),
    }


def compare_jsonld(comparison: dict[str, Any], *, base: str) -> dict[str, Any]:
    """Return both trees and every change as an org:ChangeEvent from original to resulting units."""
    before, after = comparison["before"]["key"], comparison["after"]["key"]
    events = [
        {
            "@id": f"{base}/api/compare.jsonld?before={before}&after={after}#change-{index}",
            "@type": "org:ChangeEvent",
            "dct:type": change["type"],
            "dct:description": _labels(change["summary"], change["summary_zh"]),
            "org:originalOrganization": [{"@id": unit_iri(base, before, key)} for key in change["from"]],
            "org:resultingOrganization": [{"@id": unit_iri(base, after, key)} for key in change["to"]],
            **_sources(change["citations"]),
        }
        for index, change in enumerate(comparison["changes"], start=1)
    ]
    trees = comparison["trees"]
    return {
        "@context": ORG_CONTEXT,
        "@id": f"{base}/api/compare.jsonld?before={before}&after={after}",
        "@graph": [*_unit_nodes(trees["before"], base), *_unit_nodes(trees["after"], base), *events],
    }
