"""The admin edits draft units through the same services and guards as everything else."""

from django.utils.html import escape

from structures import errors, services
from structures.models import Organization, Reform, Snapshot, SourceDocument, Unit

from .conftest import AFTER_2017, build_snapshot, dump_database, dump_tree

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


def test_admin_refuses_a_key_already_used_in_the_snapshot_on_the_form(admin_client, db):
    snapshot = build_snapshot(SPEC)
    before = dump_database()
    dpo = Unit.objects.get(snapshot=snapshot, key="dpo")
    response = admin_client.post(f"/admin/structures/unit/{dpo.pk}/change/", unit_form(dpo, key="oma"))
    assert response.status_code == 200
    assert escape(errors.DUPLICATE_UNIT_KEY.format(snapshot="tiny", unit="oma")) in response.content.decode()
    assert dump_database() == before


def reform_form(before, after, **changes):
    data = {"key": "r-2030", "name_en": "Reform", "name_zh": "改革", "document": after.document_id}
    data.update(before=before.pk, after=after.pk, **changes)
    return data


def test_admin_adds_a_reform_with_its_snapshots_organization(admin_client, db):
    earlier, later = build_snapshot(SPEC, key="earlier"), build_snapshot(SPEC, key="later")
    response = admin_client.post("/admin/structures/reform/add/", reform_form(earlier, later))
    assert response.status_code == 302, response.content.decode()[-3000:]
    reform = Reform.objects.get(key="r-2030")
    assert (reform.before, reform.after, reform.organization) == (earlier, later, later.organization)


def test_admin_refuses_a_reform_back_in_time_or_across_organizations(admin_client, db):
    earlier, later = build_snapshot(SPEC, key="earlier"), build_snapshot(SPEC, key="later")
    elsewhere = build_snapshot(SPEC, key="elsewhere")
    elsewhere.organization = Organization.objects.create(key="other-org", name_en="Other", name_zh="其他")
    elsewhere.save()
    before = dump_database()
    for form, message in [
        (reform_form(later, earlier), errors.REFORM_BACKWARDS.format(reform="r-2030", before="later", after="earlier")),
        (reform_form(earlier, elsewhere), errors.REFORM_OTHER_ORGANIZATION.format(reform="r-2030")),
    ]:
        response = admin_client.post("/admin/structures/reform/add/", form)
        assert response.status_code == 200
        assert escape(message) in response.content.decode()
    reform = services.create_reform(key="r", name_en="R", name_zh="R", before=earlier, after=later)
    before = dump_database()
    response = admin_client.post(f"/admin/structures/reform/{reform.pk}/change/", reform_form(later, earlier, key="r"))
    assert (
        escape(errors.REFORM_BACKWARDS.format(reform="r", before="later", after="earlier")) in response.content.decode()
    )
    assert dump_database() == before


def test_admin_refuses_a_succession_of_a_reform_stored_backwards(admin_client, db):
    earlier, later = build_snapshot(SPEC, key="earlier"), build_snapshot(SPEC, key="later")
    (reform,) = Reform.objects.bulk_create(  # stored before the rule held: bulk_create skips save()
        [Reform(key="back", organization=later.organization, name_en="B", name_zh="B", document=later.document,
                before=later, after=earlier)]
    )  # fmt: skip
    before = dump_database()
    data = {
        "reform": reform.pk,
        "type": "moved",
        "from_units": [Unit.objects.get(snapshot=later, key="oma").pk],
        "to_units": [Unit.objects.get(snapshot=earlier, key="oma").pk],
        "summary_en": "moved back",
        "summary_zh": "",
    }
    response = admin_client.post("/admin/structures/succession/add/", data)
    assert response.status_code == 200
    message = errors.REFORM_BACKWARDS.format(reform="back", before="later", after="earlier")
    assert escape(message) in response.content.decode()
    assert dump_database() == before


def test_admin_refuses_to_edit_a_published_reform_by_name(admin_client, dataset):
    reform = Reform.objects.get(key="peace-security-2017")
    before = dump_database()
    page = admin_client.get(f"/admin/structures/reform/{reform.pk}/change/")
    assert page.status_code == 200
    response = admin_client.post(
        f"/admin/structures/reform/{reform.pk}/change/", reform_form(reform.before, reform.after, key="hacked")
    )
    assert response.status_code == 200
    assert escape(errors.SNAPSHOT_PUBLISHED.format(snapshot=reform.after.key)) in response.content.decode()
    assert admin_client.post(f"/admin/structures/reform/{reform.pk}/delete/", {"post": "yes"}).status_code == 403
    assert dump_database() == before


def citation_form(**subject):
    data = {"document": SourceDocument.objects.get(symbol="A/72/525").pk, "paragraph": "20", "position": 0}
    data.update(dict.fromkeys(("unit", "line", "succession", "snapshot", "reform", "figure"), ""))
    data.update(subject)
    return data


def test_admin_refuses_a_citation_of_a_published_unit_by_name(admin_client, dataset):
    dpo = Unit.objects.get(snapshot__key=AFTER_2017, key="dpo")
    before = dump_database()
    response = admin_client.post("/admin/structures/citation/add/", citation_form(unit=dpo.pk))
    assert response.status_code == 200
    assert escape(errors.SNAPSHOT_PUBLISHED.format(snapshot=AFTER_2017)) in response.content.decode()
    response = admin_client.post(
        "/admin/structures/citation/add/", citation_form(unit=dpo.pk, snapshot=dpo.snapshot_id)
    )
    message = errors.CITATION_ONE_SUBJECT.format(subjects="unit, line, succession, snapshot, reform, figure")
    assert escape(message) in response.content.decode()
    assert dump_database() == before


def test_admin_cites_a_draft_unit_through_the_services(admin_client, dataset):
    draft = build_snapshot(SPEC)
    dpo = Unit.objects.get(snapshot=draft, key="dpo")
    response = admin_client.post("/admin/structures/citation/add/", citation_form(unit=dpo.pk))
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert list(dpo.citations.values_list("document__symbol", "paragraph")) == [("A/72/525", "20")]


def bulk_delete(client, units):
    data = {"action": "delete_selected", "_selected_action": [unit.pk for unit in units], "post": "yes"}
    return client.post("/admin/structures/unit/", data, follow=True)


def test_admin_bulk_delete_of_published_units_names_the_refusal_and_deletes_nothing(admin_client, dataset):
    draft_unit = Unit.objects.get(snapshot=build_snapshot(SPEC), key="omas")
    published = list(Unit.objects.filter(snapshot__key=AFTER_2017, key__in=["dpo", "dppa"]))
    before = dump_database()
    page = bulk_delete(admin_client, [draft_unit, *published]).content.decode()
    assert escape(errors.SNAPSHOT_PUBLISHED.format(snapshot=AFTER_2017)) in page
    assert "Nothing was deleted." in page
    assert "Successfully deleted" not in page
    assert dump_database() == before


def test_admin_bulk_delete_removes_draft_units_with_their_subtrees(admin_client, db):
    snapshot = build_snapshot(SPEC)
    units = list(Unit.objects.filter(snapshot=snapshot, key__in=["oma", "omas"]))
    page = bulk_delete(admin_client, units).content.decode()
    assert "Deleted 1 unit(s) with their subtrees." in page  # omas went with oma
    assert dump_tree(snapshot) == "dpo Department of Peace Operations"


def test_the_admin_snapshot_page_links_to_its_unit_tree(admin_client, db):
    snapshot = build_snapshot(SPEC)
    build_snapshot("other Other unit", key="other")
    page = admin_client.get(f"/admin/structures/snapshot/{snapshot.pk}/change/").content.decode()
    url = f"/admin/structures/unit/?snapshot__id__exact={snapshot.pk}"
    assert f'href="{url}"' in page
    tree = admin_client.get(url).content.decode()
    assert "Military Planning Service" in tree
    assert "Other unit" not in tree
