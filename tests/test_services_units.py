"""Writes go through services that refuse bad input by name and leave the tree as it was."""

import pytest

from structures import errors, services
from structures.models import Unit

from .conftest import build_snapshot, dump_tree

SPEC = """
dpo Department of Peace Operations
  oma Office of Military Affairs
    omas Military Planning Service
  orolsi Office of Rule of Law and Security Institutions
"""


def unit(snapshot, key):
    return Unit.objects.get(snapshot=snapshot, key=key)


def test_builder_and_dump_round_trip(db):
    snapshot = build_snapshot(SPEC)
    assert dump_tree(snapshot) == SPEC.strip("\n")


def test_move_reparents_a_unit_with_its_subtree(db):
    snapshot = build_snapshot(SPEC)
    services.move_unit(unit=unit(snapshot, "oma"), new_parent=unit(snapshot, "orolsi"))
    assert dump_tree(snapshot).splitlines() == [
        "dpo Department of Peace Operations",
        "  orolsi Office of Rule of Law and Security Institutions",
        "    oma Office of Military Affairs",
        "      omas Military Planning Service",
    ]


def test_move_refuses_unit_under_own_descendant(db):
    snapshot = build_snapshot(SPEC)
    before = dump_tree(snapshot)
    with pytest.raises(errors.InvalidMoveError) as caught:
        services.move_unit(unit=unit(snapshot, "dpo"), new_parent=unit(snapshot, "omas"))
    assert str(caught.value) == errors.MOVE_UNDER_DESCENDANT.format(unit="dpo", parent="omas")
    assert dump_tree(snapshot) == before


def test_move_refuses_unit_under_itself(db):
    snapshot = build_snapshot(SPEC)
    before = dump_tree(snapshot)
    with pytest.raises(errors.InvalidMoveError, match="cannot be its own parent"):
        services.move_unit(unit=unit(snapshot, "oma"), new_parent=unit(snapshot, "oma"))
    assert dump_tree(snapshot) == before


def test_move_refuses_parent_in_another_snapshot(db):
    first = build_snapshot(SPEC, key="first")
    second = build_snapshot(SPEC, key="second")
    before = (dump_tree(first), dump_tree(second))
    with pytest.raises(errors.InvalidMoveError) as caught:
        services.move_unit(unit=unit(first, "oma"), new_parent=unit(second, "dpo"))
    assert str(caught.value) == errors.PARENT_IN_OTHER_SNAPSHOT.format(unit="oma", parent="dpo")
    assert (dump_tree(first), dump_tree(second)) == before


def test_create_refuses_parent_in_another_snapshot(db):
    first = build_snapshot(SPEC, key="first")
    second = build_snapshot(SPEC, key="second")
    before = dump_tree(first)
    with pytest.raises(errors.StructureError, match='cannot have parent "dpo" from another snapshot'):
        services.create_unit(
            snapshot=first, key="new", name_en="New", name_zh="新", kind="office", parent=unit(second, "dpo")
        )
    assert dump_tree(first) == before


def test_create_refuses_duplicate_key(db):
    snapshot = build_snapshot(SPEC)
    with pytest.raises(errors.StructureError, match='already has a unit "oma"'):
        services.create_unit(snapshot=snapshot, key="oma", name_en="X", name_zh="X", kind="office")


@pytest.mark.parametrize(
    "edit",
    [
        lambda s: services.create_unit(snapshot=s, key="new", name_en="New", name_zh="新", kind="office"),
        lambda s: services.update_unit(unit=unit(s, "oma"), name_en="Renamed"),
        lambda s: services.move_unit(unit=unit(s, "oma"), new_parent=unit(s, "orolsi")),
        lambda s: services.delete_unit(unit=unit(s, "oma")),
        lambda s: services.publish_snapshot(snapshot=s),
    ],
    ids=["create", "update", "move", "delete", "publish-again"],
)
def test_published_snapshot_refuses_every_edit(db, edit):
    snapshot = build_snapshot(SPEC, status="published")
    before = dump_tree(snapshot)
    with pytest.raises(errors.PublishedSnapshotError) as caught:
        edit(snapshot)
    assert str(caught.value) == errors.SNAPSHOT_PUBLISHED.format(snapshot="tiny")
    assert dump_tree(snapshot) == before


def test_publish_freezes_a_draft_and_records_its_content(db):
    snapshot = build_snapshot(SPEC)
    published = services.publish_snapshot(snapshot=snapshot)
    assert published.is_published
    assert len(published.content_hash) == 64
