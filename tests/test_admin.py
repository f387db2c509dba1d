"""The admin edits draft units through the same services and guards as everything else."""

from django.utils.html import escape

from structures import errors
from structures.models import Snapshot, Unit

from .conftest import AFTER_2017, build_snapshot, dump_tree

SPEC = """
dpo Department of Peace Operations
  oma Office of Military Affairs
    omas Military Planning Service
"""


def unit_form(unit, **changes):
    data = {
        "key": unit.key,
        "parent": unit.parent_id or "",
        "name_en": unit.name_en,
        "name_zh": unit.name_zh,
        "aliases": "[]",
        "kind": unit.kind,
        "head_en": "",
        "head_zh": "",
        "grade": "",
        "posts": "",
        "note_en": "",
        "note_zh": "",
    }
    data.update(changes)
    return data


def test_admin_adds_a_unit_to_a_draft_snapshot(admin_client, db):
    snapshot = build_snapshot(SPEC)
    dpo = Unit.objects.get(snapshot=snapshot, key="dpo")
    data = unit_form(dpo, key="orolsi", name_en="Office of Rule of Law", name_zh="法治和安全机构办公室")
    data.update(snapshot=snapshot.pk, parent=dpo.pk)
    response = admin_client.post("/admin/structures/unit/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert dump_tree(snapshot).splitlines()[-1] == "  orolsi Office of Rule of Law"


def test_admin_refuses_a_move_under_own_descendant_on_the_form(admin_client, db):
    snapshot = build_snapshot(SPEC)
    before = dump_tree(snapshot)
    dpo = Unit.objects.get(snapshot=snapshot, key="dpo")
    omas = Unit.objects.get(snapshot=snapshot, key="omas")
    response = admin_client.post(f"/admin/structures/unit/{dpo.pk}/change/", unit_form(dpo, parent=omas.pk))
    assert response.status_code == 200
    message = errors.MOVE_UNDER_DESCENDANT.format(unit="dpo", parent="omas")
    assert escape(message) in response.content.decode()
    assert dump_tree(snapshot) == before


def test_admin_moves_a_unit_within_its_draft(admin_client, db):
    snapshot = build_snapshot(SPEC)
    omas = Unit.objects.get(snapshot=snapshot, key="omas")
    dpo = Unit.objects.get(snapshot=snapshot, key="dpo")
    response = admin_client.post(f"/admin/structures/unit/{omas.pk}/change/", unit_form(omas, parent=dpo.pk))
    assert response.status_code == 302
    assert dump_tree(snapshot).splitlines()[-1] == "  omas Military Planning Service"


def test_admin_refuses_to_change_a_published_unit(admin_client, dataset):
    snapshot = Snapshot.objects.get(key=AFTER_2017)
    before = dump_tree(snapshot)
    dpo = Unit.objects.get(snapshot=snapshot, key="dpo")
    response = admin_client.post(f"/admin/structures/unit/{dpo.pk}/change/", unit_form(dpo, name_en="Hacked"))
    assert response.status_code == 403
    assert admin_client.post(f"/admin/structures/unit/{dpo.pk}/delete/", {"post": "yes"}).status_code == 403
    assert dump_tree(snapshot) == before
