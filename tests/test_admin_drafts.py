"""The draft workflow in the admin: roles, a new draft, drag-and-drop moves, lines, successions, publishing, history."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils.html import escape

from structures import errors
from structures.models import Reform, SecondaryLine, Snapshot, Succession, Unit

from .conftest import build_snapshot, dump_database, dump_tree

SPEC = """
dpo Department of Peace Operations
  oma Office of Military Affairs
    omas Military Planning Service
  opsp Office of Peacekeeping Strategic Partnership
"""


@pytest.fixture
def editor(django_user_model, client):
    user = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="editors"))
    client.force_login(user)
    return client


@pytest.fixture
def publisher(django_user_model, client):
    user = django_user_model.objects.create_user("publisher", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="publishers"))
    client.force_login(user)
    return client


def drag(client, unit: Unit, onto: Unit, position: str):
    return client.post(
        "/admin/structures/unit/",
        {"cmd": "move_node", "cut_item": unit.pk, "pasted_on": onto.pk, "position": position},
    )


def test_the_admin_needs_a_login(client, db):
    response = client.get("/admin/structures/unit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_an_editor_starts_a_draft_from_a_published_snapshot(editor, db):
    source = build_snapshot(SPEC, key="dpo-2019", status="published")
    response = editor.post(
        f"/admin/structures/snapshot/{source.pk}/new-draft/",
        {"key": "dpo-2027", "label_en": "DPO in 2027", "label_zh": "2027年维和部"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    draft = Snapshot.objects.get(key="dpo-2027")
    assert draft.status == "draft"
    assert dump_tree(draft) == dump_tree(source)
    assert Reform.objects.get(after=draft).before == source


def test_a_taken_draft_key_is_shown_on_the_form_and_nothing_is_created(editor, db):
    source = build_snapshot(SPEC, key="dpo-2019", status="published")
    before = dump_database()
    response = editor.post(
        f"/admin/structures/snapshot/{source.pk}/new-draft/", {"key": "dpo-2019", "label_en": "x", "label_zh": "x"}
    )
    assert response.status_code == 200
    assert escape(errors.SNAPSHOT_KEY_TAKEN.format(key="dpo-2019")) in response.content.decode()
    assert dump_database() == before


def test_drag_and_drop_reparents_and_reorders_through_the_services(editor, db):
    draft = build_snapshot(SPEC)
    units = {u.key: u for u in Unit.objects.filter(snapshot=draft)}
    assert drag(editor, units["opsp"], units["oma"], "left").status_code == 200
    assert drag(editor, Unit.objects.get(pk=units["omas"].pk), units["opsp"], "last-child").status_code == 200
    assert dump_tree(draft).splitlines() == [
        "dpo Department of Peace Operations",
        "  opsp Office of Peacekeeping Strategic Partnership",
        "    omas Military Planning Service",
        "  oma Office of Military Affairs",
    ]


def test_a_dropped_unit_under_its_own_descendant_is_refused_by_name(editor, db):
    draft = build_snapshot(SPEC)
    units = {u.key: u for u in Unit.objects.filter(snapshot=draft)}
    before = dump_database()
    response = drag(editor, units["oma"], units["omas"], "last-child")
    assert response.status_code == 400
    assert errors.MOVE_UNDER_DESCENDANT.format(unit="oma", parent="omas") in response.content.decode()
    assert dump_database() == before
    page = editor.get("/admin/structures/unit/").content.decode()
    assert escape(errors.MOVE_UNDER_DESCENDANT.format(unit="oma", parent="omas")) in page


def test_dragging_a_published_unit_is_refused(editor, db):
    published = build_snapshot(SPEC, key="frozen", status="published")
    units = {u.key: u for u in Unit.objects.filter(snapshot=published)}
    before = dump_database()
    assert drag(editor, units["opsp"], units["oma"], "left").status_code == 403
    assert dump_database() == before


def test_a_line_to_a_unit_of_another_snapshot_is_refused_on_the_form(editor, db):
    draft = build_snapshot(SPEC)
    other = build_snapshot(SPEC, key="other")
    before = dump_database()
    response = editor.post(
        "/admin/structures/secondaryline/add/",
        {
            "snapshot": draft.pk,
            "from_unit": Unit.objects.get(snapshot=draft, key="oma").pk,
            "to_unit": Unit.objects.get(snapshot=other, key="opsp").pk,
            "type": "serves",
        },
    )
    assert response.status_code == 200
    assert escape(errors.LINE_OUTSIDE_SNAPSHOT.format(unit="opsp", snapshot="tiny")) in response.content.decode()
    assert dump_database() == before
    response = editor.post(
        "/admin/structures/secondaryline/add/",
        {
            "snapshot": draft.pk,
            "from_unit": Unit.objects.get(snapshot=draft, key="oma").pk,
            "to_unit": Unit.objects.get(snapshot=draft, key="opsp").pk,
            "type": "serves",
        },
    )
    assert response.status_code == 302
    assert SecondaryLine.objects.get().snapshot == draft


def test_a_succession_is_recorded_in_the_admin_only_between_its_reforms_snapshots(editor, db):
    source = build_snapshot(SPEC, key="dpo-2019", status="published")
    editor.post(
        f"/admin/structures/snapshot/{source.pk}/new-draft/",
        {"key": "dpo-2027", "label_en": "DPO 2027", "label_zh": "维和部2027"},
    )
    draft = Snapshot.objects.get(key="dpo-2027")
    reform = Reform.objects.get(after=draft)
    old_opsp = Unit.objects.get(snapshot=source, key="opsp")
    form = {"reform": reform.pk, "type": "abolished", "summary_en": "OPSP is closed.", "summary_zh": ""}
    wrong = editor.post(
        "/admin/structures/succession/add/", {**form, "from_units": [Unit.objects.get(snapshot=draft, key="opsp").pk]}
    )
    message = errors.SUCCESSION_FROM_OUTSIDE.format(reform=reform.key, unit="opsp", snapshot="dpo-2019")
    assert escape(message) in wrong.content.decode()
    right = editor.post("/admin/structures/succession/add/", {**form, "from_units": [old_opsp.pk]})
    assert right.status_code == 302
    assert list(Succession.objects.get(type="abolished").from_units.all()) == [old_opsp]


def test_editors_may_not_publish_and_publishers_may(editor, db, django_user_model, client):
    draft = build_snapshot(SPEC)
    assert editor.get(f"/admin/structures/snapshot/{draft.pk}/publish/").status_code == 403
    assert editor.post(f"/admin/structures/snapshot/{draft.pk}/publish/").status_code == 403
    assert Snapshot.objects.get(pk=draft.pk).status == "draft"
    publisher = django_user_model.objects.create_user("publisher", password="pw", is_staff=True)
    publisher.groups.add(Group.objects.get(name="publishers"))
    client.force_login(publisher)
    assert client.post(f"/admin/structures/snapshot/{draft.pk}/publish/").status_code == 302
    assert Snapshot.objects.get(pk=draft.pk).status == "published"


def test_the_publish_page_lists_what_blocks_publishing(publisher, db):
    source = build_snapshot(SPEC, key="dpo-2019", status="published")
    from structures import services

    draft = services.start_draft(source=source, key="dpo-2027", label_en="x", label_zh="x")
    services.delete_unit(unit=Unit.objects.get(snapshot=draft, key="opsp"))
    response = publisher.post(f"/admin/structures/snapshot/{draft.pk}/publish/")
    assert response.status_code == 200
    assert "neither in the draft nor accounted for by a succession: opsp" in response.content.decode()
    assert Snapshot.objects.get(pk=draft.pk).status == "draft"


def test_the_changes_page_shows_who_changed_what_in_a_draft(editor, db):
    draft = build_snapshot(SPEC)
    units = {u.key: u for u in Unit.objects.filter(snapshot=draft)}
    drag(editor, units["omas"], units["opsp"], "last-child")
    page = editor.get(f"/admin/structures/snapshot/{draft.pk}/changes/").content.decode()
    assert "editor" in page
    assert "Military Planning Service" in page
    assert "parent:" in page


def test_the_changes_page_of_a_new_draft_lists_each_copied_unit_as_added_by_its_editor(editor, db):
    source = build_snapshot(SPEC, key="dpo-2019", status="published")
    editor.post(
        f"/admin/structures/snapshot/{source.pk}/new-draft/",
        {"key": "dpo-2027", "label_en": "DPO in 2027", "label_zh": "2027年维和部"},
    )
    draft = Snapshot.objects.get(key="dpo-2027")
    added = Unit.history.filter(snapshot_id=draft.pk, history_type="+")
    assert sorted(added.values_list("key", "history_user__username", "history_change_reason")) == [
        (key, "editor", 'copied from "dpo-2019"') for key in ("dpo", "oma", "omas", "opsp")
    ]
    page = editor.get(f"/admin/structures/snapshot/{draft.pk}/changes/").content.decode()
    for unit in Unit.objects.filter(snapshot=draft):
        assert f"<td>editor</td><td>unit: {escape(str(unit))}</td><td>added</td>" in page


def test_the_unit_form_reorders_a_unit_beside_a_sibling(editor, db):
    draft = build_snapshot(SPEC)
    opsp = Unit.objects.get(snapshot=draft, key="opsp")
    oma = Unit.objects.get(snapshot=draft, key="oma")
    data = {
        "key": "opsp",
        "parent": opsp.parent_id,
        "name_en": opsp.name_en,
        "name_zh": opsp.name_zh,
        "aliases": "[]",
        "kind": opsp.kind,
        "place": "left",
        "beside": oma.pk,
    }
    response = editor.post(f"/admin/structures/unit/{opsp.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert [line.split()[0] for line in dump_tree(draft).splitlines()] == ["dpo", "opsp", "oma", "omas"]
    omas = Unit.objects.get(snapshot=draft, key="omas")
    before = dump_database()
    bad = {**data, "place": "right", "beside": omas.pk, "key": "dpo", "parent": "", "name_en": "DPO", "name_zh": "DPO"}
    response = editor.post(f"/admin/structures/unit/{Unit.objects.get(snapshot=draft, key='dpo').pk}/change/", bad)
    assert escape(errors.MOVE_UNDER_DESCENDANT.format(unit="dpo", parent="oma")) in response.content.decode()
    assert dump_database() == before


def test_the_roles_come_back_after_the_database_is_emptied(db):
    call_command("flush", verbosity=0, interactive=False)
    editors = Group.objects.get(name="editors")
    assert editors.permissions.filter(codename="change_unit").exists()
    assert Group.objects.get(name="publishers").permissions.filter(codename="publish_snapshot").exists()
