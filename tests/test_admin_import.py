"""Import in the admin: upload, preview what would change, confirm; every bad file refused by name, nothing changed."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.html import escape

from structures import errors, import_services, services, transfer
from structures.importing import parse_file
from structures.models import Snapshot, Unit

from .conftest import AFTER_2017, dump_database
from .test_transfer import cited_draft, dump_snapshot, reshape, workflow_snapshot

IMPORT_URL = "/admin/structures/snapshot/import/"
CONFIRM_URL = "/admin/structures/snapshot/import/confirm/"


def upload(client: Client, name: str, raw: bytes, into: str = ""):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, raw), "into": into})


def token_of(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def test_admin_import_shows_a_preview_and_applies_the_file_only_on_confirm(admin_client, db):
    draft = cited_draft()
    original = dump_snapshot(draft.key)
    raw = import_services.export_toml(draft).encode()
    reshape(draft)
    reshaped = dump_database()

    preview = upload(admin_client, "draft.toml", raw)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Confirm and import" in page
    for expected in ('<td>renamed</td><td><code>oma</code>', '<td>moved</td><td><code>opsp</code>',
                     '<td>added</td><td><code>omas</code>', '<td>removed</td><td><code>new-cell</code>'):  # fmt: skip
        assert expected in page
    assert dump_database() == reshaped  # a preview writes nothing

    confirmed = admin_client.post(CONFIRM_URL, {"token": token_of(preview)})
    assert confirmed.status_code == 302
    assert dump_snapshot(draft.key) == original
    assert admin_client.post(CONFIRM_URL, {"token": token_of(preview)}).status_code == 302  # used up
    assert dump_snapshot(draft.key) == original


def test_admin_imports_a_csv_into_the_chosen_draft(admin_client, db):
    draft = cited_draft()
    original = dump_snapshot(draft.key)
    raw = import_services.export_csv(draft).encode()
    reshape(draft)
    preview = upload(admin_client, "units.csv", raw, into=draft.key)
    assert preview.status_code == 200, preview.content.decode()[-2000:]
    admin_client.post(CONFIRM_URL, {"token": token_of(preview)})
    assert dump_snapshot(draft.key) == original


def test_admin_reimport_of_a_published_snapshot_says_no_change(admin_client, dataset):
    before = dump_database()
    raw = import_services.export_toml(Snapshot.objects.get(key=AFTER_2017)).encode()
    preview = upload(admin_client, "2017.toml", raw)
    page = preview.content.decode()
    assert "No change: everything in this file is already stored exactly as it is." in page
    assert "Confirm and import" not in page
    assert dump_database() == before


def junk_toml(size: int) -> bytes:
    return (b"\x00\xff junk " * (size // 8 + 1))[:size]


@pytest.mark.parametrize(
    ("name", "make", "into", "problem"),
    [
        ("bad.toml", lambda text: text.encode("utf-16"), "", f"bad.toml: file: {errors.DS_NOT_UTF8}"),
        ("bad.toml", lambda text: junk_toml(4096), "", f"bad.toml: file: {errors.DS_NOT_UTF8}"),
        ("bad.toml", lambda text: b"[[snapshots]\nkey = 1", "", "bad.toml: file: not a valid dataset file: "),
        (
            "junk.toml",
            lambda text: junk_toml(50 * 1024 * 1024),
            "",
            "junk.toml: file: "
            + errors.IMPORT_TOO_LARGE.format(size=50 * 1024 * 1024, limit=transfer.MAX_IMPORT_BYTES),
        ),
        ("units.xlsx", lambda text: b"PK\x03\x04", "", 'units.xlsx: file: file name ends in ".xlsx"'),
        (
            "bad.toml",
            lambda text: text.replace('parent = "oma"', 'parent = "nowhere"').encode(),
            "",
            'bad.toml: snapshot "draft-2030" unit "omas": ' + errors.DS_UNKNOWN_PARENT.format(parent="nowhere"),
        ),
        (
            "bad.toml",
            lambda text: text.replace('key = "dpo"\n', 'key = "dpo"\nparent = "omas"\n').encode(),
            "",
            'bad.toml: snapshot "draft-2030" unit "dpo": ' + errors.DS_CYCLE.format(chain="dpo -> omas -> oma -> dpo"),
        ),
        (
            "bad.csv",
            lambda text: b"key;parent;name\r\ndpo;;DPO\r\n",
            "draft-2030",
            'bad.csv: header: unknown column "key;parent;name"',
        ),
        (
            "bad.csv",
            lambda text: (
                "key,parent,name_en,name_zh,kind,citations\r\ndpo,,DPO,和平,office,TEST/1 ¶1\r\n"
                "omas,oma,Planning,规划,office,TEST/1 ¶2\r\n".encode()
            ),
            "draft-2030",
            'bad.csv: snapshot "draft-2030" unit "omas": ' + errors.DS_UNKNOWN_PARENT.format(parent="oma"),
        ),
        (
            "bad.csv",
            lambda text: "key,parent,name_en,name_zh,kind,citations\r\ndpo,,DPO,和平,office,\r\n".encode(),
            "draft-2030",
            'bad.csv: row 2 unit "dpo": ' + errors.DS_NO_CITATION,
        ),
        (
            "bad.csv",
            lambda text: "key,parent,name_en,name_zh,kind,citations\r\ndpo,,DPO,和平,office,TEST/1 ¶1\r\n".encode(),
            "",
            f"bad.csv: file: {errors.IMPORT_CSV_NEEDS_TARGET}",
        ),
    ],
)
def test_admin_refuses_a_malformed_file_by_name_and_changes_nothing(admin_client, db, name, make, into, problem):
    draft = cited_draft()
    text = import_services.export_toml(draft)
    reshape(draft)
    before = dump_database()
    response = upload(admin_client, name, make(text), into=into)
    assert response.status_code == 400
    page = response.content.decode()
    assert "The file was refused; nothing was changed:" in page
    assert escape(problem) in page, re.findall(r"<li>(.*?)</li>", page)[-5:]
    assert "Confirm and import" not in page
    assert dump_database() == before


def test_admin_refuses_a_file_that_would_change_a_published_snapshot(admin_client, dataset):
    before = dump_database()
    text = import_services.export_toml(Snapshot.objects.get(key=AFTER_2017))
    response = upload(admin_client, "2017.toml", text.replace('kind = "department"', 'kind = "office"', 1).encode())
    assert response.status_code == 400
    assert escape(f'2017.toml: snapshot "{AFTER_2017}": snapshot "{AFTER_2017}" is published and would change') in (
        response.content.decode()
    )
    assert dump_database() == before


def test_admin_confirm_after_the_draft_changed_is_refused_as_stale(admin_client, db):
    draft = cited_draft()
    raw = import_services.export_toml(draft).encode()
    reshape(draft)
    preview = upload(admin_client, "draft.toml", raw)
    services.update_unit(unit=Unit.objects.get(snapshot=draft, key="dpo"), grade="USG")
    before = dump_database()
    response = admin_client.post(CONFIRM_URL, {"token": token_of(preview)}, follow=True)
    assert errors.IMPORT_STALE in response.content.decode()
    assert dump_database() == before


def test_admin_confirm_without_a_pending_upload_changes_nothing(admin_client, db):
    cited_draft()
    before = dump_database()
    response = admin_client.post(CONFIRM_URL, {"token": "forged"}, follow=True)
    assert errors.IMPORT_NOTHING_PENDING in response.content.decode()
    assert dump_database() == before


def test_admin_import_needs_the_edit_permissions_and_a_csrf_token(client, db):
    draft = cited_draft()
    raw = import_services.export_toml(draft).encode()
    reshape(draft)
    before = dump_database()
    assert client.get(IMPORT_URL).status_code == 302  # anonymous: to the login page
    staff = User.objects.create_user("viewer", password="pw", is_staff=True)
    client.force_login(staff)
    assert client.get(IMPORT_URL).status_code == 403
    assert upload(client, "draft.toml", raw).status_code == 403
    assert dump_database() == before

    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_snapshot", "add_unit", "change_unit", "delete_unit"])
    )
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(User.objects.get(pk=staff.pk))
    assert strict.get(IMPORT_URL).status_code == 200
    assert strict.post(IMPORT_URL, {"file": SimpleUploadedFile("draft.toml", raw)}).status_code == 403  # no token
    assert dump_database() == before


def test_admin_exports_a_snapshot_as_a_dataset_file_and_as_csv(admin_client, dataset):
    snapshot = Snapshot.objects.get(key=AFTER_2017)
    change_page = admin_client.get(f"/admin/structures/snapshot/{snapshot.pk}/change/").content.decode()
    assert f"/admin/structures/snapshot/{snapshot.pk}/export.toml" in change_page
    assert f"/admin/structures/snapshot/{snapshot.pk}/export.csv" in change_page
    assert IMPORT_URL in admin_client.get("/admin/structures/snapshot/").content.decode()

    response = admin_client.get(f"/admin/structures/snapshot/{snapshot.pk}/export.toml")
    assert response["Content-Disposition"] == f'attachment; filename="{AFTER_2017}.toml"'
    problems: list[str] = []
    parsed = parse_file("x.toml", response.content, problems)
    assert problems == []
    assert len(parsed.snapshots[0].units) == Unit.objects.filter(snapshot=snapshot).count()

    response = admin_client.get(f"/admin/structures/snapshot/{snapshot.pk}/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    units = transfer.read_units_csv("x.csv", response.content, problems)
    assert [u.key for u in units] == list(
        Unit.objects.filter(snapshot=snapshot).order_by("tree_id", "lft").values_list("key", flat=True)
    )


def test_admin_action_exports_the_selected_snapshots_of_one_document(admin_client, dataset):
    ids = list(Snapshot.objects.filter(document__symbol="A/72/525").values_list("pk", flat=True))
    response = admin_client.post("/admin/structures/snapshot/", {"action": "export_selected", "_selected_action": ids})
    assert response["Content-Disposition"] == 'attachment; filename="A-72-525.toml"'
    problems: list[str] = []
    parsed = parse_file("A-72-525.toml", response.content, problems)
    assert sorted(s.key for s in parsed.snapshots) == sorted(
        Snapshot.objects.filter(pk__in=ids).values_list("key", flat=True)
    )
    mixed = [*ids, Snapshot.objects.exclude(document__symbol="A/72/525").first().pk]
    response = admin_client.post(
        "/admin/structures/snapshot/", {"action": "export_selected", "_selected_action": mixed}, follow=True
    )
    assert "A dataset file holds the snapshots of one document" in response.content.decode()


def test_admin_preview_names_the_entries_a_draft_added_without_a_citation(admin_client, dataset):
    published = workflow_snapshot()
    fresh = cited_draft()
    before = dump_database()
    preview = upload(admin_client, "next.toml", import_services.export_toml(published).encode(), into=fresh.key)
    page = preview.content.decode()
    assert preview.status_code == 200, page[-2000:]
    assert "Entries without a citation" in page
    assert escape(f'snapshot "{published.key}" unit "new-cell"') in page
    assert dump_database() == before
    admin_client.post(CONFIRM_URL, {"token": token_of(preview)})
    assert dump_snapshot(fresh.key)[1] == dump_snapshot(published.key)[1]


def test_a_confirmed_import_is_recorded_as_units_added_by_the_importing_user(admin_client, db):
    draft = cited_draft()
    raw = import_services.export_toml(draft).encode()
    reshape(draft)
    admin_client.post(CONFIRM_URL, {"token": token_of(upload(admin_client, "draft.toml", raw))})
    reason = "imported from draft.toml"
    added = Unit.history.filter(snapshot_id=draft.pk, history_type="+", history_change_reason=reason)
    assert sorted(added.values_list("key", "history_user__username")) == sorted(
        (key, "admin") for key in Unit.objects.filter(snapshot=draft).values_list("key", flat=True)
    )
    page = admin_client.get(f"/admin/structures/snapshot/{draft.pk}/changes/").content.decode()
    for unit in Unit.objects.filter(snapshot=draft):
        assert f"<td>admin</td><td>unit: {escape(str(unit))}</td><td>added</td>" in page
    assert "<td>secondary line: " in page  # lines are written anew too
