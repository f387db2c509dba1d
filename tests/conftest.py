"""Shared fixtures: the real dataset, a tiny tree builder and a text dump of stored data."""

from __future__ import annotations

import pytest
from django.conf import settings

from structures import services
from structures.importing import read_dataset
from structures.models import Citation, Organization, SecondaryLine, Snapshot, SourceDocument, Succession, Unit

BEFORE_2017 = "peace-security-2017-before"
AFTER_2017 = "peace-security-2017-proposed"


def load_real_dataset() -> dict[str, int]:
    return services.load_dataset(files=read_dataset(sorted(settings.DATASET_DIR.glob("*.toml"))))


@pytest.fixture
def dataset(db) -> dict[str, int]:
    return load_real_dataset()


def build_snapshot(spec: str, *, key: str = "tiny", status: str = "draft") -> Snapshot:
    """Create a snapshot from an indented spec, one unit per line: `key Name`, two spaces a level."""
    organization, _ = Organization.objects.get_or_create(key="test-org", defaults={"name_en": "Org", "name_zh": "组织"})
    document, _ = SourceDocument.objects.get_or_create(
        symbol="TEST/1", defaults={"symbol_source": "printed", "title_en": "Test", "title_zh": "测试"}
    )
    snapshot = Snapshot.objects.create(
        organization=organization, key=key, label_en=key, label_zh=key, document=document, status="draft"
    )
    parents: list[Unit] = []
    for raw in spec.strip("\n").splitlines():
        if not raw.strip():
            continue
        depth = (len(raw) - len(raw.lstrip(" "))) // 2
        unit_key, _, name = raw.strip().partition(" ")
        parent = parents[depth - 1] if depth else None
        unit = services.create_unit(
            snapshot=snapshot,
            key=unit_key,
            name_en=name or unit_key,
            name_zh=name or unit_key,
            kind="office",
            parent=parent,
        )
        parents[depth:] = [unit]
    if status == "published":
        snapshot = services.publish_snapshot(snapshot=snapshot)
    return snapshot


def dump_tree(snapshot: Snapshot) -> str:
    """Return the snapshot's tree as indented `key name` lines, in tree order."""
    rows = Unit.objects.filter(snapshot=snapshot).order_by("tree_id", "lft").values_list("level", "key", "name_en")
    return "\n".join(f"{'  ' * level}{key} {name}" for level, key, name in rows)


def dump_database() -> list:
    """Return every stored fact in a form that ignores primary keys, to compare whole databases."""
    return [
        sorted(SourceDocument.objects.values_list("symbol", "symbol_source", "title_en", "title_zh", "date")),
        sorted(Organization.objects.values_list("key", "name_en", "name_zh")),
        sorted(
            Snapshot.objects.values_list(
                "key",
                "label_en",
                "label_zh",
                "date",
                "stage",
                "status",
                "completeness",
                "document__symbol",
                "content_hash",
            )
        ),
        list(
            Unit.objects.order_by("snapshot__key", "tree_id", "lft").values_list(
                "snapshot__key",
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
                "level",
                "rght",
                "lft",
            )
        ),
        sorted(
            SecondaryLine.objects.values_list(
                "snapshot__key", "from_unit__key", "type", "to_unit__key", "qualifier_en", "qualifier_zh"
            )
        ),
        sorted(
            (
                s.reform.key,
                s.type,
                s.summary_en,
                tuple(sorted(u.key for u in s.from_units.all())),
                tuple(sorted(u.key for u in s.to_units.all())),
            )
            for s in Succession.objects.select_related("reform").prefetch_related("from_units", "to_units")
        ),
        sorted(
            Citation.objects.values_list(
                "document__symbol",
                "paragraph",
                "unit__key",
                "unit__snapshot__key",
                "line__from_unit__key",
                "line__to_unit__key",
                "succession__type",
                "snapshot__key",
                "reform__key",
            ),
            key=repr,
        ),
    ]
