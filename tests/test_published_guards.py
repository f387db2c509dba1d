"""A published snapshot never changes, whichever path a write takes: service, instance, queryset or M2M."""

from __future__ import annotations

import re

import pytest
from django.db import transaction

from structures import errors, services
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

from .conftest import build_snapshot, dump_database

TREE = """
top Top
  a A
    a1 A1
  b B
"""


@pytest.fixture
def published(db) -> Snapshot:
    return build_snapshot(TREE, key="frozen", status="published")


def refused(write) -> str:
    """Run a write that must be refused; return its message after checking nothing changed."""
    before = dump_database()
    with pytest.raises(errors.PublishedSnapshotError) as caught:
        write()
    assert dump_database() == before
    assert "frozen" in str(caught.value)
    return str(caught.value)


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda: Unit.objects.filter(snapshot__key="frozen").update(name_en="Changed"), id="qs-update"),
        pytest.param(lambda: Unit.objects.filter(key="a1").delete(), id="qs-delete"),
        pytest.param(lambda: Snapshot.objects.filter(key="frozen").delete(), id="snapshot-qs-delete"),
        pytest.param(lambda: Snapshot.objects.filter(key="frozen").update(status="draft"), id="unpublish"),
        pytest.param(lambda: Unit.objects.get(key="a").delete(), id="instance-delete"),
        pytest.param(lambda: Snapshot.objects.get(key="frozen").delete(), id="snapshot-delete"),
        pytest.param(
            lambda: Unit.objects.bulk_create(
                [Unit(snapshot=Snapshot.objects.get(key="frozen"), key="new", name_en="N", name_zh="N", kind="office")]
            ),
            id="bulk-create",
        ),
        pytest.param(
            lambda: Citation.objects.create(
                document=SourceDocument.objects.get(), paragraph="1", unit=Unit.objects.get(key="b")
            ),
            id="citation-on-published-unit",
        ),
    ],
)
def test_every_write_path_refuses_a_published_snapshot(published, write):
    assert 'Snapshot "frozen" is published' in refused(write)


def test_saving_a_published_unit_from_the_shell_is_refused(published):
    unit = Unit.objects.get(key="b")
    unit.name_en = "Renamed in the shell"
    refused(unit.save)
    assert Unit.objects.get(key="b").name_en == "B"


def test_moving_a_published_unit_into_a_draft_is_refused(published):
    draft_unit = Unit.objects.get(key="x", snapshot=build_snapshot("x X", key="draft"))
    unit = Unit.objects.get(key="b", snapshot=published)
    unit.snapshot = draft_unit.snapshot
    refused(unit.save)


def test_a_published_reforms_successions_and_their_links_are_frozen(published):
    draft = build_snapshot(TREE, key="next")
    reform = services.create_reform(key="r", name_en="R", name_zh="R", before=published, after=draft)
    succession = services.create_succession(
        reform=reform,
        type="renamed",
        from_units=[Unit.objects.get(snapshot=published, key="a")],
        to_units=[Unit.objects.get(snapshot=draft, key="a")],
        summary_en="A is renamed.",
    )
    services.publish_snapshot(snapshot=draft)
    extra = Unit.objects.get(snapshot=published, key="b")
    before = dump_database()
    for write in (
        lambda: succession.from_units.add(extra),
        lambda: extra.successions_out.add(succession),
        lambda: succession.to_units.clear(),
        lambda: Succession.objects.filter(pk=succession.pk).update(summary_en="Changed"),
        lambda: Reform.objects.filter(pk=reform.pk).delete(),
        lambda: services.update_succession(succession=succession, summary_en="Changed"),
    ):
        # Each write gets its own savepoint, as a request's transaction would roll back alone.
        with pytest.raises(errors.PublishedSnapshotError, match='"next" is published'), transaction.atomic():
            write()
    assert dump_database() == before


def test_drafts_stay_freely_editable_through_querysets(db):
    draft = build_snapshot(TREE, key="draft")
    assert Unit.objects.filter(snapshot=draft, key="b").update(grade="D-2") == 1
    Unit.objects.filter(snapshot=draft, key="a1").delete()
    assert [u.key for u in Unit.objects.filter(snapshot=draft)] == ["top", "a", "b"]


# --- Lines, reforms and successions point only where they may --------------------------------------


def test_a_secondary_line_to_a_unit_of_another_snapshot_is_refused(db):
    draft = build_snapshot(TREE, key="draft")
    other = build_snapshot(TREE, key="other")
    before = dump_database()
    with pytest.raises(errors.StructureError, match='Unit "b" is not in snapshot "draft"'):
        services.create_line(
            snapshot=draft,
            from_unit=Unit.objects.get(snapshot=draft, key="a"),
            to_unit=Unit.objects.get(snapshot=other, key="b"),
            type="serves",
        )
    assert dump_database() == before


def test_a_line_is_created_updated_and_deleted_inside_its_draft(db):
    draft = build_snapshot(TREE, key="draft")
    a, b = (Unit.objects.get(snapshot=draft, key=k) for k in "ab")
    line = services.create_line(snapshot=draft, from_unit=a, to_unit=b, type="serves", qualifier_en="on logistics")
    services.update_line(line=line, type="guides")
    assert SecondaryLine.objects.get().type == "guides"
    with pytest.raises(errors.StructureError, match='cannot link unit "a" to itself'):
        services.update_line(line=line, to_unit=a)
    services.delete_line(line=line)
    assert not SecondaryLine.objects.exists()


def test_a_reform_from_a_later_to_an_earlier_snapshot_is_refused(db):
    earlier = build_snapshot(TREE, key="earlier")
    later = build_snapshot(TREE, key="later")
    before = dump_database()
    with pytest.raises(errors.StructureError, match='goes from "later" back to the earlier snapshot "earlier"'):
        services.create_reform(key="back", name_en="B", name_zh="B", before=later, after=earlier)
    assert dump_database() == before


def test_a_succession_naming_units_of_the_wrong_snapshots_is_refused(db):
    earlier = build_snapshot(TREE, key="earlier")
    later = build_snapshot(TREE, key="later")
    reform = services.create_reform(key="r", name_en="R", name_zh="R", before=earlier, after=later)
    before = dump_database()
    with pytest.raises(errors.StructureError, match='unit "a" is not in its "before" snapshot "earlier"'):
        services.create_succession(
            reform=reform, type="moved", from_units=[Unit.objects.get(snapshot=later, key="a")], summary_en="x"
        )
    with pytest.raises(errors.StructureError, match='unit "b" is not in its "after" snapshot "later"'):
        services.create_succession(
            reform=reform, type="created", to_units=[Unit.objects.get(snapshot=earlier, key="b")], summary_en="x"
        )
    with pytest.raises(errors.StructureError, match="needs at least one unit"):
        services.create_succession(reform=reform, type="created", summary_en="x")
    assert dump_database() == before


# --- Moves: every route to a broken tree is closed ---------------------------------------------------


def test_units_reorder_among_their_siblings(db):
    draft = build_snapshot(TREE, key="draft")
    a, b = (Unit.objects.get(snapshot=draft, key=k) for k in "ab")
    services.move_unit(unit=b, sibling=a, position="left")
    assert [u.key for u in Unit.objects.filter(snapshot=draft)] == ["top", "b", "a", "a1"]
    services.move_unit(unit=Unit.objects.get(pk=a.pk), new_parent=Unit.objects.get(pk=b.pk), position="first-child")
    assert Unit.objects.get(pk=a.pk).parent.key == "b"


@pytest.mark.parametrize(
    ("move", "message"),
    [
        (lambda u: services.move_unit(unit=u["top"], sibling=u["a1"]), 'cannot move under its own descendant "a"'),
        (lambda u: services.move_unit(unit=u["a"], sibling=u["top"]), "top units keep their order"),
        (lambda u: services.move_unit(unit=u["a"], sibling=u["a"]), "beside itself"),
        (lambda u: services.move_unit(unit=u["a"], new_parent=u["b"], position="left"), 'Position "left"'),
        (lambda u: services.move_unit(unit=u["a"], sibling=u["other-b"]), 'parent "top" from another snapshot'),
    ],
)
def test_bad_moves_are_refused_by_name(db, move, message):
    draft = build_snapshot(TREE, key="draft")
    other = build_snapshot(TREE, key="other")
    units = {u.key: u for u in Unit.objects.filter(snapshot=draft)}
    units["other-b"] = Unit.objects.get(snapshot=other, key="b")
    before = dump_database()
    with pytest.raises(errors.InvalidMoveError, match=message):
        move(units)
    assert dump_database() == before


def test_renaming_a_unit_onto_another_units_key_is_refused(db):
    draft = build_snapshot(TREE, key="draft")
    before = dump_database()
    with pytest.raises(
        errors.StructureError, match=re.escape(errors.DUPLICATE_UNIT_KEY.format(snapshot="draft", unit="a"))
    ):
        services.update_unit(unit=Unit.objects.get(snapshot=draft, key="b"), key="a")
    assert dump_database() == before


def test_deleting_a_draft_that_a_published_snapshot_was_copied_from_is_refused(db):
    draft = build_snapshot(TREE, key="origin")
    copy = services.start_draft(source=draft, key="copy", label_en="Copy", label_zh="副本")
    services.publish_snapshot(snapshot=copy)
    before = dump_database()
    for write in (
        lambda: Snapshot.objects.get(key="origin").delete(),
        lambda: Snapshot.objects.filter(key="origin").delete(),
        lambda: Unit.objects.get(snapshot=draft, key="a").delete(),
        lambda: Unit.objects.filter(snapshot=draft).delete(),
    ):
        with pytest.raises(errors.PublishedSnapshotError, match='"copy" is published'), transaction.atomic():
            write()
    assert dump_database() == before


# --- Reforms run forwards within one organization, whichever path writes them ----------------------


def other_organization_snapshot(key: str = "elsewhere") -> Snapshot:
    snapshot = build_snapshot(TREE, key=key)
    snapshot.organization = Organization.objects.create(key="other-org", name_en="Other", name_zh="其他")
    snapshot.save()
    return snapshot


def test_a_reform_saved_from_the_shell_is_held_to_direction_and_organization(db):
    earlier = build_snapshot(TREE, key="earlier")
    later = build_snapshot(TREE, key="later")
    elsewhere = other_organization_snapshot()
    before = dump_database()
    fields = {"organization": later.organization, "name_en": "R", "name_zh": "R", "document": later.document}
    with pytest.raises(errors.StructureError, match='goes from "later" back to the earlier snapshot "earlier"'):
        Reform.objects.create(key="back", before=later, after=earlier, **fields)
    with pytest.raises(errors.StructureError, match=re.escape(errors.REFORM_OTHER_ORGANIZATION.format(reform="x"))):
        Reform.objects.create(key="x", before=earlier, after=elsewhere, **fields)
    wrong = {**fields, "organization": elsewhere.organization}
    with pytest.raises(errors.StructureError, match='belongs to "other-org" but links snapshots of "test-org"'):
        Reform.objects.create(key="wrong", before=earlier, after=later, **wrong)
    assert dump_database() == before


def test_a_succession_of_a_reform_stored_backwards_is_refused(db):
    earlier = build_snapshot(TREE, key="earlier")
    later = build_snapshot(TREE, key="later")
    # Stored before the rule held (bulk_create skips save()): its successions must not run backwards either.
    (reform,) = Reform.objects.bulk_create(
        [
            Reform(
                key="back", organization=later.organization, name_en="R", name_zh="R", document=later.document,
                before=later, after=earlier,
            )
        ]
    )  # fmt: skip
    before = dump_database()
    with pytest.raises(errors.StructureError, match='goes from "later" back to the earlier snapshot "earlier"'):
        services.create_succession(
            reform=reform,
            type="moved",
            from_units=[Unit.objects.get(snapshot=later, key="a")],
            to_units=[Unit.objects.get(snapshot=earlier, key="a")],
            summary_en="a moved back",
        )
    assert dump_database() == before


def test_a_reform_with_successions_keeps_its_snapshots(db):
    earlier = build_snapshot(TREE, key="earlier")
    later = build_snapshot(TREE, key="later")
    latest = build_snapshot(TREE, key="latest")
    reform = services.create_reform(key="r", name_en="R", name_zh="R", before=earlier, after=later)
    services.update_reform(reform=reform, name_en="Renamed", after=latest)
    assert Reform.objects.get(key="r").after == latest
    services.create_succession(
        reform=reform, type="created", to_units=[Unit.objects.get(snapshot=latest, key="a")], summary_en="a"
    )
    before = dump_database()
    with pytest.raises(errors.StructureError, match=errors.REFORM_HAS_SUCCESSIONS.format(reform="r")):
        services.update_reform(reform=reform, after=later)
    assert dump_database() == before


def test_a_published_reform_is_neither_changed_nor_deleted_by_the_services(published):
    draft = build_snapshot(TREE, key="next")
    reform = services.create_reform(key="r", name_en="R", name_zh="R", before=published, after=draft)
    services.publish_snapshot(snapshot=draft)
    before = dump_database()
    for write in (
        lambda: services.update_reform(reform=reform, name_en="X"),
        lambda: services.delete_reform(reform=reform),
    ):
        with pytest.raises(errors.PublishedSnapshotError, match='Snapshot "next" is published'):
            write()
    assert dump_database() == before


def test_a_citation_names_exactly_one_subject_of_a_draft(published):
    draft = build_snapshot(TREE, key="draft")
    document = SourceDocument.objects.get()
    before = dump_database()
    message = errors.CITATION_ONE_SUBJECT.format(subjects="unit, line, succession, snapshot, reform, figure")
    with pytest.raises(errors.StructureError, match=re.escape(message)):
        services.create_citation(document=document, paragraph="1", unit=Unit.objects.get(snapshot=draft, key="a"),
                                 snapshot=draft)  # fmt: skip
    with pytest.raises(errors.PublishedSnapshotError, match='Snapshot "frozen" is published'):
        services.create_citation(document=document, paragraph="1", unit=Unit.objects.get(snapshot=published, key="a"))
    assert dump_database() == before
    citation = services.create_citation(
        document=document, paragraph="2", unit=Unit.objects.get(snapshot=draft, key="a")
    )
    with pytest.raises(errors.PublishedSnapshotError, match='Snapshot "frozen" is published'):
        services.update_citation(citation=citation, unit=Unit.objects.get(snapshot=published, key="a"))
    assert Citation.objects.get(pk=citation.pk).unit.snapshot == draft


def test_every_reform_of_the_shipped_dataset_runs_forwards_within_one_organization(dataset):
    # The loader writes reforms unchecked (it replaces whole documents); the files must obey the rule anyway.
    reforms = Reform.objects.select_related("organization", "before__organization", "after__organization")
    assert reforms.exists()
    assert [(reform.key, reform.link_problem()) for reform in reforms if reform.link_problem()] == []


# --- The shell is held to the structural rules too -------------------------------------------------


@pytest.fixture
def two_drafts(db) -> tuple[Snapshot, Snapshot]:
    return build_snapshot(TREE, key="earlier"), build_snapshot(TREE, key="later")


def refused_in_shell(write, message: str) -> None:
    before = dump_database()
    # Its own savepoint, as a shell session's or a request's transaction would roll back alone.
    with pytest.raises(errors.StructureError) as caught, transaction.atomic():
        write()
    assert str(caught.value) == message
    assert dump_database() == before


def test_a_line_written_in_the_shell_stays_inside_its_snapshot(two_drafts):
    earlier, later = two_drafts
    a, b = Unit.objects.get(snapshot=earlier, key="a"), Unit.objects.get(snapshot=later, key="b")
    refused_in_shell(
        lambda: SecondaryLine.objects.create(snapshot=earlier, from_unit=a, to_unit=b, type="serves"),
        errors.LINE_OUTSIDE_SNAPSHOT.format(unit="b", snapshot="earlier"),
    )
    refused_in_shell(
        lambda: SecondaryLine.objects.create(snapshot=earlier, from_unit=a, to_unit=a, type="serves"),
        errors.LINE_TO_ITSELF.format(unit="a"),
    )


def test_a_unit_saved_in_the_shell_keeps_its_parent_and_itself_in_its_snapshot(two_drafts):
    earlier, later = two_drafts
    a, other_top = Unit.objects.get(snapshot=earlier, key="a"), Unit.objects.get(snapshot=later, key="top")
    message = errors.PARENT_IN_OTHER_SNAPSHOT.format(unit="a", parent="top")
    a.parent = other_top
    refused_in_shell(a.save, message)
    refused_in_shell(
        lambda: Unit.objects.create(
            snapshot=earlier, key="new", name_en="N", name_zh="N", kind="office", parent=other_top
        ),
        errors.PARENT_IN_OTHER_SNAPSHOT.format(unit="new", parent="top"),
    )
    a = Unit.objects.get(snapshot=earlier, key="a")
    a.snapshot = later
    refused_in_shell(a.save, errors.UNIT_OTHER_SNAPSHOT.format(unit="a"))


def test_a_figure_written_in_the_shell_counts_a_unit_of_its_own_snapshot(two_drafts):
    earlier, later = two_drafts
    refused_in_shell(
        lambda: Figure.objects.create(
            snapshot=earlier, unit=Unit.objects.get(snapshot=later, key="a"), measure="posts", value=3
        ),
        errors.LINE_OUTSIDE_SNAPSHOT.format(unit="a", snapshot="earlier"),
    )


def test_a_succession_linked_in_the_shell_names_units_of_its_reforms_snapshots(two_drafts):
    earlier, later = two_drafts
    reform = services.create_reform(key="r", name_en="R", name_zh="R", before=earlier, after=later)
    succession = services.create_succession(
        reform=reform, type="created", to_units=[Unit.objects.get(snapshot=later, key="a")], summary_en="a"
    )
    earlier_b, later_b = Unit.objects.get(snapshot=earlier, key="b"), Unit.objects.get(snapshot=later, key="b")
    refused_in_shell(
        lambda: succession.to_units.add(earlier_b),
        errors.SUCCESSION_TO_OUTSIDE.format(reform="r", unit="b", snapshot="later"),
    )
    refused_in_shell(
        lambda: later_b.successions_out.add(succession),
        errors.SUCCESSION_FROM_OUTSIDE.format(reform="r", unit="b", snapshot="earlier"),
    )
    succession.from_units.add(earlier_b)  # the right snapshot is accepted
    assert list(succession.from_units.all()) == [earlier_b]
