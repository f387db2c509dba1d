"""Modelling the next reform: copy a published snapshot into a draft, reshape it, account for it, publish."""

from __future__ import annotations

import pytest
from django.conf import settings

from structures import errors, services
from structures.importing import read_dataset
from structures.models import Citation, Reform, SecondaryLine, Snapshot, Succession, Unit
from structures.selectors import compare_snapshots, unit_lineage

from .conftest import AFTER_2017, dump_database, dump_tree, load_real_dataset


def start(source_key: str = AFTER_2017, key: str = "next-reform") -> Snapshot:
    return services.start_draft(
        source=Snapshot.objects.get(key=source_key), key=key, label_en="Next reform", label_zh="下一次改革"
    )


def test_a_new_draft_copies_the_tree_lines_and_citations_of_its_source(dataset):
    source = Snapshot.objects.get(key=AFTER_2017)
    draft = start()
    assert draft.status == "draft"
    assert dump_tree(draft) == dump_tree(source)
    line_rows = ("from_unit__key", "type", "to_unit__key", "qualifier_en", "qualifier_zh")
    assert list(SecondaryLine.objects.filter(snapshot=draft).values_list(*line_rows)) == list(
        SecondaryLine.objects.filter(snapshot=source).values_list(*line_rows)
    )
    cited = ("unit__key", "document__symbol", "paragraph")
    assert sorted(Citation.objects.filter(unit__snapshot=draft).values_list(*cited)) == sorted(
        Citation.objects.filter(unit__snapshot=source).values_list(*cited)
    )


def test_a_new_draft_is_linked_to_its_source_by_unchanged_successions(dataset):
    draft = start()
    reform = Reform.objects.get(after=draft)
    assert reform.before.key == AFTER_2017
    successions = Succession.objects.filter(reform=reform)
    assert successions.count() == Unit.objects.filter(snapshot=draft).count()
    assert {s.type for s in successions} == {"unchanged"}
    comparison = compare_snapshots(before=reform.before, after=draft)
    assert comparison["changes"] == []
    assert set(comparison["sides"]["after"].values()) == {"unchanged"}


def test_edits_in_a_draft_show_as_changes_against_its_source(dataset):
    draft = start()
    unit = Unit.objects.get(snapshot=draft, key="dppa")
    services.update_unit(unit=unit, name_en="Department of Political Affairs and Peace")
    comparison = compare_snapshots(before=Snapshot.objects.get(key=AFTER_2017), after=draft)
    assert [(c["type"], c["to"], c["inferred"]) for c in comparison["changes"]] == [("renamed", ["dppa"], True)]


def test_the_lineage_of_a_copied_unit_does_not_list_the_copy_as_an_event(dataset, admin_user):
    draft = start()
    lineage = unit_lineage(key="dppa", user=admin_user)
    assert draft.key in [a.snapshot["key"] for a in lineage.appearances]
    assert "unchanged" not in {event["type"] for event in lineage.events}


def test_publishing_refuses_a_draft_that_loses_units_without_a_succession(dataset):
    draft = start()
    services.delete_unit(unit=Unit.objects.get(snapshot=draft, key="dppa"))
    before = dump_database()
    with pytest.raises(errors.StructureError) as refused:
        services.publish_snapshot(snapshot=draft)
    message = str(refused.value)
    assert 'Cannot publish "next-reform": ' in message
    assert f'of "{AFTER_2017}" are neither in the draft nor accounted for by a succession: dppa' in message
    assert dump_database() == before


def test_a_draft_publishes_once_every_lost_unit_is_accounted_for(dataset):
    draft = start()
    lost = Unit.objects.get(snapshot=Snapshot.objects.get(key=AFTER_2017), key="dppa")
    keep = [u.key for u in Unit.objects.get(snapshot=draft, key="dppa").get_descendants()]
    for key in keep:
        services.move_unit(unit=Unit.objects.get(snapshot=draft, key=key), new_parent=None)
    services.delete_unit(unit=Unit.objects.get(snapshot=draft, key="dppa"))
    reform = Reform.objects.get(after=draft)
    services.create_succession(reform=reform, type="abolished", from_units=[lost], summary_en="DPPA is abolished.")
    published = services.publish_snapshot(snapshot=draft)
    assert published.status == "published"
    assert published.content_hash
    with pytest.raises(errors.PublishedSnapshotError):
        services.update_unit(unit=Unit.objects.filter(snapshot=draft).first(), name_en="Too late")


def test_a_partial_draft_may_leave_units_undescribed(dataset):
    draft = start()
    Snapshot.objects.filter(pk=draft.pk).update(completeness="partial")
    services.delete_unit(unit=Unit.objects.get(snapshot=draft, key="dppa"))
    assert services.publish_snapshot(snapshot=Snapshot.objects.get(pk=draft.pk)).status == "published"


def test_a_draft_key_that_is_taken_is_refused_and_nothing_is_copied(dataset):
    before = dump_database()
    with pytest.raises(errors.StructureError, match=f'A snapshot with key "{AFTER_2017}" already exists'):
        start(key=AFTER_2017)
    assert dump_database() == before


def test_loading_the_shipped_dataset_again_keeps_drafts_made_from_it(dataset):
    draft = start()
    services.update_unit(unit=Unit.objects.get(snapshot=draft, key="dpo"), grade="USG")
    before = dump_database()
    load_real_dataset()
    assert dump_database() == before
    assert Reform.objects.get(after=draft).before.key == AFTER_2017


def test_replacing_a_snapshot_a_draft_is_built_on_is_refused_by_name(dataset):
    start()
    files = read_dataset(sorted(settings.DATASET_DIR.glob("*.toml")))
    changed = next(f for f in files if f.document.symbol == "A/72/525")
    changed.snapshots[-1].label_en += " (revised)"
    before = dump_database()
    with pytest.raises(errors.DatasetError, match='stored reform "next-reform-reform" refers to a snapshot'):
        services.load_dataset(files=files)
    assert dump_database() == before
