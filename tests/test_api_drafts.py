"""The draft-editing API: editors write drafts through the services; a refusal names the problem, changes nothing."""

from __future__ import annotations

import base64
import json

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.middleware.csrf import _get_new_csrf_string
from django.test import override_settings
from rest_framework.test import APIClient

from structures import api_drafts_http, errors, selectors, services, throttling
from structures.models import Citation, Organization, Reform, SecondaryLine, Snapshot, Succession, Unit

from .conftest import build_snapshot, dump_database, dump_tree

SPEC = """
dpo Department of Peace Operations
  oma Office of Military Affairs
    omas Military Planning Service
  opsp Office of Peacekeeping Strategic Partnership
"""
NEW_UNIT = {"key": "ocs", "name_en": "Chief of Staff", "name_zh": "办公厅主任", "kind": "office"}
REFORM = "dpo-2027-reform"
# dpo-2019 and other-draft come first on the test organization's timeline (same document, by key), then dpo-2027.
NEW_REFORM = {"key": "other-reform", "name_en": "Another reform", "name_zh": "另一改革", "before": "dpo-2019"}
CITE = {"document": "TEST/1", "paragraph": "12 (b)"}


def account(django_user_model, name: str, *groups: str, staff: bool = True, password: str | None = None) -> APIClient:
    """Return a client logged in as a new user in these groups (no password unless given: hashing one is slow)."""
    user = django_user_model.objects.create_user(name, password=password, is_staff=staff)
    for group in groups:
        user.groups.add(Group.objects.get(name=group))
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def editor(django_user_model) -> APIClient:
    return account(django_user_model, "editor", "editors")


@pytest.fixture
def publisher(django_user_model) -> APIClient:
    return account(django_user_model, "publisher", "publishers")


@pytest.fixture
def source(db) -> Snapshot:
    """A published snapshot with a secondary line: dpo-2019."""
    snapshot = build_snapshot(SPEC, key="dpo-2019")
    units = {unit.key: unit for unit in Unit.objects.filter(snapshot=snapshot)}
    services.create_line(snapshot=snapshot, from_unit=units["opsp"], to_unit=units["oma"], type="supports")
    return services.publish_snapshot(snapshot=snapshot)


@pytest.fixture
def draft(source) -> Snapshot:
    """dpo-2027, a draft copied from dpo-2019 as the admin's "New draft" copies it, and another draft beside it."""
    build_snapshot(SPEC, key="other-draft")
    return services.start_draft(source=source, key="dpo-2027", label_en="DPO 2027", label_zh="2027年维和部")


def tree(client: APIClient, key: str) -> list[tuple[str, str | None, str]]:
    response = client.get(f"/api/snapshots/{key}/tree/")
    assert response.status_code == 200
    return [(unit["key"], unit["parent"], unit["name_en"]) for unit in response.json()["units"]]


def send(client: APIClient, method: str, path: str, body=None, **extra):
    """Send a JSON body (or raw text) with the method given."""
    data = body if isinstance(body, str) else json.dumps(body) if body is not None else None
    return getattr(client, method.lower())(path, data=data, content_type="application/json", **extra)


# --- An editor reshapes a draft ------------------------------------------------------------------


def test_an_editor_creates_renames_moves_and_deletes_a_unit_and_the_tree_api_shows_it(editor, draft):
    base = "/api/snapshots/dpo-2027/units/"
    created = send(editor, "POST", base, {**NEW_UNIT, "parent": "dpo", "position": "first-child", "posts": 12})
    assert created.status_code == 201, created.content
    assert created.json() == {
        **dict.fromkeys(services.UNIT_ATTRIBUTES, ""),
        **NEW_UNIT,
        "snapshot": "dpo-2027",
        "parent": "dpo",
        "level": 1,
        "parent_unknown": False,
        "aliases": [],
        "posts": 12,
        "shared": False,
    }
    assert tree(editor, "dpo-2027")[:2] == [
        ("dpo", None, "Department of Peace Operations"),
        ("ocs", "dpo", "Chief of Staff"),
    ]

    renamed = send(editor, "PATCH", f"{base}ocs/", {"name_en": "Office of the Chief of Staff", "aliases": ["OCoS"]})
    assert renamed.status_code == 200, renamed.content
    assert (renamed.json()["name_en"], renamed.json()["aliases"]) == ("Office of the Chief of Staff", ["OCoS"])
    assert send(editor, "PATCH", f"{base}ocs/", {"after": "opsp"}).status_code == 200
    assert send(editor, "PATCH", f"{base}omas/", {"parent": "opsp", "grade": "D-1"}).json()["parent"] == "opsp"
    assert send(editor, "DELETE", f"{base}oma/").status_code == 204

    assert tree(editor, "dpo-2027") == [
        ("dpo", None, "Department of Peace Operations"),
        ("opsp", "dpo", "Office of Peacekeeping Strategic Partnership"),
        ("omas", "opsp", "Military Planning Service"),
        ("ocs", "dpo", "Office of the Chief of Staff"),
    ]
    assert Unit.objects.get(snapshot=draft, key="omas").grade == "D-1"
    assert Unit.history.filter(key="ocs").earliest("history_date").history_user.username == "editor"


def test_a_new_unit_is_placed_before_a_sibling_and_a_line_and_a_succession_are_added_and_removed(editor, draft):
    response = send(editor, "POST", "/api/snapshots/dpo-2027/units/", {**NEW_UNIT, "before": "opsp"})
    assert response.status_code == 201, response.content
    assert dump_tree(draft).splitlines()[3:] == [
        "  ocs Chief of Staff",
        "  opsp Office of Peacekeeping Strategic Partnership",
    ]

    line = send(editor, "POST", "/api/snapshots/dpo-2027/lines/", {"from": "ocs", "to": "dpo", "type": "advises"})
    assert line.status_code == 201, line.content
    assert line.json() | {"id": 0} == {
        "id": 0, "snapshot": "dpo-2027", "from": "ocs", "to": "dpo", "type": "advises",
        "qualifier_en": "", "qualifier_zh": "",
    }  # fmt: skip
    assert ("ocs", "dpo") in {
        (line["from"], line["to"]) for line in editor.get("/api/snapshots/dpo-2027/tree/").json()["lines"]
    }
    assert send(editor, "DELETE", f"/api/snapshots/dpo-2027/lines/{line.json()['id']}/").status_code == 204

    succession = send(
        editor,
        "POST",
        f"/api/reforms/{REFORM}/successions/",
        {"type": "created", "to": ["ocs"], "summary_en": "A chief of staff is created."},
    )
    assert succession.status_code == 201, succession.content
    assert (succession.json()["from"], succession.json()["to"]) == ([], ["ocs"])
    changes = editor.get("/api/compare/", {"before": "dpo-2019", "after": "dpo-2027"}).json()["changes"]
    assert {"type": "created", "to": ["ocs"]}.items() <= next(c for c in changes if c["to"] == ["ocs"]).items()
    path = f"/api/reforms/{REFORM}/successions/{succession.json()['id']}/"
    assert send(editor, "DELETE", path).status_code == 204
    assert not Succession.objects.filter(pk=succession.json()["id"]).exists()


def test_an_editor_starts_a_draft_from_a_published_snapshot_as_the_admin_does(editor, source):
    response = send(
        editor, "POST", "/api/snapshots/dpo-2019/drafts/", {"key": "dpo-2030", "label_en": "2030", "label_zh": "2030年"}
    )
    assert response.status_code == 201, response.content
    assert {"key": "dpo-2030", "status": "draft", "completeness": "complete", "reform": "dpo-2030-reform"}.items() <= (
        response.json().items()
    )
    assert tree(editor, "dpo-2030") == tree(editor, "dpo-2019")
    assert Reform.objects.get(key="dpo-2030-reform").before == source


def test_an_editor_records_a_reform_to_a_draft_and_then_a_succession_in_it(editor, draft):
    response = send(editor, "POST", "/api/reforms/", {**NEW_REFORM, "after": "other-draft"})
    assert response.status_code == 201, response.content
    assert response.json() == {
        "key": "other-reform", "organization": "test-org", "name_en": "Another reform", "name_zh": "另一改革",
        "document": "TEST/1", "before": "dpo-2019", "after": "other-draft",
    }  # fmt: skip
    assert "other-reform" in {reform["key"] for reform in editor.get("/api/reforms/").json()}
    succession = {"type": "renamed", "from": ["oma"], "to": ["oma"], "summary_en": "Renamed."}
    assert send(editor, "POST", "/api/reforms/other-reform/successions/", succession).status_code == 201
    assert Reform.history.get(key="other-reform").history_user.username == "editor"


def test_a_reform_back_in_time_or_across_organizations_is_refused_by_name_and_never_exists(editor, draft):
    elsewhere = Organization.objects.create(key="elsewhere", name_en="Elsewhere", name_zh="别处")
    Snapshot.objects.create(
        organization=elsewhere, key="elsewhere-2027", label_en="x", label_zh="x", document=draft.document
    )
    before = dump_database()
    refusals = {
        "dpo-2027": errors.REFORM_BACKWARDS.format(reform="other-reform", before="dpo-2027", after="other-draft"),
        "dpo-2019": errors.REFORM_OTHER_ORGANIZATION.format(reform="other-reform"),
    }
    for earlier, message in refusals.items():
        after = "other-draft" if earlier == "dpo-2027" else "elsewhere-2027"
        response = send(editor, "POST", "/api/reforms/", {**NEW_REFORM, "before": earlier, "after": after})
        assert (response.status_code, response.json()) == (400, {"detail": message})
    assert dump_database() == before
    succession = {"type": "created", "to": ["oma"], "summary_en": "x"}
    missing = send(editor, "POST", "/api/reforms/other-reform/successions/", succession)
    assert (missing.status_code, missing.json()["detail"]) == (
        404,
        errors.API_UNKNOWN_REFORM.format(key="other-reform"),
    )
    assert dump_database() == before


def test_an_editor_cites_a_draft_unit_and_line_and_the_tree_api_shows_it_in_order(editor, draft):
    first = send(editor, "POST", f"{UNITS}oma/citations/", CITE)
    assert first.status_code == 201, first.content
    assert first.json() == {"id": first.json()["id"], **selectors.citation_dict("TEST/1", "12 (b)")}
    assert send(editor, "POST", f"{UNITS}oma/citations/", {**CITE, "paragraph": "3"}).status_code == 201
    line = SecondaryLine.objects.get(snapshot=draft)
    cited_line = send(editor, "POST", f"/api/snapshots/dpo-2027/lines/{line.pk}/citations/", CITE)
    assert cited_line.status_code == 201, cited_line.content

    body = editor.get("/api/snapshots/dpo-2027/tree/").json()
    oma = next(unit for unit in body["units"] if unit["key"] == "oma")
    assert [c["paragraph"] for c in oma["citations"]] == ["12 (b)", "3"]
    assert body["lines"][0]["citations"] == [selectors.citation_dict("TEST/1", "12 (b)")]

    assert send(editor, "DELETE", f"{UNITS}oma/citations/{first.json()['id']}/").status_code == 204
    path = f"/api/snapshots/dpo-2027/lines/{line.pk}/citations/{cited_line.json()['id']}/"
    assert send(editor, "DELETE", path).status_code == 204
    body = editor.get("/api/snapshots/dpo-2027/tree/").json()
    assert [c["paragraph"] for c in next(u for u in body["units"] if u["key"] == "oma")["citations"]] == ["3"]
    assert body["lines"][0]["citations"] == []
    # The published source was never touched.
    assert not Citation.objects.filter(unit__snapshot__key="dpo-2019").exists()


# --- Bad input is refused by name, and nothing changes -------------------------------------------

UNITS = "/api/snapshots/dpo-2027/units/"
BAD_INPUTS = {
    "a unit under itself (a cycle)": (
        "PATCH", f"{UNITS}oma/", {"parent": "oma"}, errors.MOVE_UNDER_ITSELF.format(unit="oma"),
    ),
    "a move under its own descendant": (
        "PATCH", f"{UNITS}dpo/", {"parent": "omas"}, errors.MOVE_UNDER_DESCENDANT.format(unit="dpo", parent="omas"),
    ),
    "a new unit under a parent in another snapshot": (
        "POST", UNITS, {**NEW_UNIT, "parent": "other-draft/oma"},
        errors.PARENT_IN_OTHER_SNAPSHOT.format(unit="ocs", parent="oma"),
    ),
    "a move under a parent in another snapshot": (
        "PATCH", f"{UNITS}opsp/", {"parent": "other-draft/oma"},
        errors.PARENT_IN_OTHER_SNAPSHOT.format(unit="opsp", parent="oma"),
    ),
    "a duplicate key": (
        "POST", UNITS, {**NEW_UNIT, "key": "oma"}, errors.DUPLICATE_UNIT_KEY.format(snapshot="dpo-2027", unit="oma"),
    ),
    "a line into another snapshot": (
        "POST", "/api/snapshots/dpo-2027/lines/", {"from": "dpo", "to": "other-draft/oma", "type": "guides"},
        errors.LINE_OUTSIDE_SNAPSHOT.format(unit="oma", snapshot="dpo-2027"),
    ),
    "a line from a unit to itself": (
        "POST", "/api/snapshots/dpo-2027/lines/", {"from": "dpo", "to": "dpo", "type": "guides"},
        errors.LINE_TO_ITSELF.format(unit="dpo"),
    ),
    "a succession into another snapshot": (
        "POST", f"/api/reforms/{REFORM}/successions/",
        {"type": "moved", "from": ["oma"], "to": ["other-draft/oma"], "summary_en": "Moved."},
        errors.SUCCESSION_TO_OUTSIDE.format(reform=REFORM, unit="oma", snapshot="dpo-2027"),
    ),
    "a succession from the later snapshot to the earlier one": (
        "POST", f"/api/reforms/{REFORM}/successions/",
        {"type": "renamed", "from": ["dpo-2027/oma"], "to": ["dpo-2019/oma"], "summary_en": "Backwards."},
        errors.SUCCESSION_FROM_OUTSIDE.format(reform=REFORM, unit="oma", snapshot="dpo-2019"),
    ),
    "malformed JSON": ("POST", UNITS, '{"key": "ocs",', "JSON parse error - "),
    "a body that is not an object": (
        "POST", UNITS, [NEW_UNIT], api_drafts_http.BODY_NOT_OBJECT.format(kind="an array"),
    ),
    "an unknown field": (
        "POST", UNITS, {**NEW_UNIT, "colour": "blue"}, 'Unknown field "colour"; the fields are: key, ',
    ),
    "an unknown parent": (
        "POST", UNITS, {**NEW_UNIT, "parent": "nowhere"},
        'Field "parent" names unit "nowhere", which snapshot "dpo-2027" does not have.',
    ),
    "a parent in an unknown snapshot": (
        "PATCH", f"{UNITS}oma/", {"parent": "nowhere/dpo"}, 'Field "parent": No snapshot with key "nowhere".',
    ),
    "a place beside a top unit": (
        "PATCH", f"{UNITS}oma/", {"before": "dpo"}, errors.MOVE_BESIDE_TOP.format(unit="oma", sibling="dpo"),
    ),
    "a parent and a sibling at once": (
        "PATCH", f"{UNITS}oma/", {"parent": "dpo", "after": "opsp"},
        'Give at most one of "parent", "before" and "after".',
    ),
    "a negative number of posts": (
        "POST", UNITS, {**NEW_UNIT, "posts": -1}, 'Field "posts": Ensure this value is greater than or equal to 0.',
    ),
    "an unknown kind": ("PATCH", f"{UNITS}oma/", {"kind": "guild"}, 'Field "kind": "guild" is not a valid choice.'),
    "an alias that is not text": (
        "PATCH", f"{UNITS}oma/", {"aliases": [7, None]}, 'Field "aliases[1]": This field may not be null.',
    ),
    "a NUL character": (
        "PATCH", f"{UNITS}oma/", {"name_en": "O\x00MA"}, 'Field "name_en": Null characters are not allowed.',
    ),
    "a lone surrogate": ("PATCH", f"{UNITS}oma/", '{"name_en": "\\ud800"}', api_drafts_http.NOT_TEXT),
    "a move whose rename then fails (both undone)": (
        "PATCH", f"{UNITS}omas/", {"parent": "opsp", "key": "oma"},
        errors.DUPLICATE_UNIT_KEY.format(snapshot="dpo-2027", unit="oma"),
    ),
    "a reform key that is taken": (
        "POST", "/api/reforms/", {**NEW_REFORM, "key": REFORM, "after": "other-draft"},
        errors.REFORM_KEY_TAKEN.format(key=REFORM),
    ),
    "a reform from a snapshot to itself": (
        "POST", "/api/reforms/", {**NEW_REFORM, "before": "other-draft", "after": "other-draft"},
        errors.REFORM_SAME_SNAPSHOT.format(reform="other-reform"),
    ),
    "a reform to an unknown snapshot": (
        "POST", "/api/reforms/", {**NEW_REFORM, "after": "nowhere"}, 'Field "after": No snapshot with key "nowhere".',
    ),
    "a reform stated by an unknown document": (
        "POST", "/api/reforms/", {**NEW_REFORM, "after": "other-draft", "document": "A/99/999"},
        'Field "document": No document with symbol "A/99/999".',
    ),
    "a citation of an unknown document": (
        "POST", f"{UNITS}oma/citations/", {**CITE, "document": "A/99/999"},
        'Field "document": No document with symbol "A/99/999".',
    ),
    "a citation without a paragraph": (
        "POST", f"{UNITS}oma/citations/", {**CITE, "paragraph": " "}, 'Field "paragraph": This field may not be blank.',
    ),
    "a draft key that is taken": (
        "POST", "/api/snapshots/dpo-2019/drafts/", {"key": "other-draft", "label_en": "x", "label_zh": "x"},
        errors.SNAPSHOT_KEY_TAKEN.format(key="other-draft"),
    ),
}  # fmt: skip


@pytest.mark.parametrize(("method", "path", "body", "message"), BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_is_refused_with_400_naming_the_problem_and_nothing_changes(
    editor, draft, method, path, body, message
):
    before = dump_database()
    response = send(editor, method, path, body)
    assert response.status_code == 400, response.content
    assert response.json()["detail"].startswith(message)
    assert dump_database() == before


def test_unknown_snapshots_units_lines_successions_and_citations_answer_404_by_name(editor, draft):
    cases = {
        "/api/snapshots/nowhere/units/": ("POST", errors.API_UNKNOWN_SNAPSHOT.format(key="nowhere")),
        f"{UNITS}nothing/": ("PATCH", errors.API_UNKNOWN_ROOT.format(snapshot="dpo-2027", key="nothing")),
        "/api/snapshots/dpo-2027/lines/999999/": ("DELETE", 'Snapshot "dpo-2027" has no secondary line 999999.'),
        "/api/reforms/nowhere/successions/": ("POST", errors.API_UNKNOWN_REFORM.format(key="nowhere")),
        f"/api/reforms/{REFORM}/successions/99999999999999999999/": ("DELETE", f'Reform "{REFORM}" has no succession'),
        f"{UNITS}nothing/citations/": ("POST", errors.API_UNKNOWN_ROOT.format(snapshot="dpo-2027", key="nothing")),
        f"{UNITS}oma/citations/999999/": ("DELETE", 'Unit "oma" of snapshot "dpo-2027" has no citation 999999.'),
        "/api/snapshots/dpo-2027/lines/999999/citations/": (
            "POST",
            'Snapshot "dpo-2027" has no secondary line 999999.',
        ),
    }
    before = dump_database()
    for path, (method, message) in cases.items():
        response = send(editor, method, path, {})
        assert (response.status_code, response.json()["detail"][: len(message)]) == (404, message), path
    assert dump_database() == before


# --- Published snapshots never change ------------------------------------------------------------


def test_every_write_touching_a_published_snapshot_answers_409_and_nothing_changes(editor, publisher, draft):
    citation = send(editor, "POST", f"{UNITS}oma/citations/", CITE).json()["id"]
    draft_line = SecondaryLine.objects.get(snapshot=draft)
    line_citation = send(editor, "POST", f"/api/snapshots/dpo-2027/lines/{draft_line.pk}/citations/", CITE).json()["id"]
    assert send(publisher, "POST", "/api/snapshots/dpo-2027/publish/").status_code == 200
    line = SecondaryLine.objects.get(snapshot__key="dpo-2019")
    succession = Succession.objects.filter(reform__key=REFORM).first()
    writes = [
        ("POST", "/api/snapshots/dpo-2019/units/", NEW_UNIT),
        ("PATCH", "/api/snapshots/dpo-2019/units/oma/", {"name_en": "Renamed"}),
        ("PATCH", "/api/snapshots/dpo-2019/units/oma/", {"parent": "nowhere"}),  # refused as published, not unknown
        ("DELETE", "/api/snapshots/dpo-2019/units/oma/", None),
        ("POST", "/api/snapshots/dpo-2019/lines/", {"from": "dpo", "to": "oma", "type": "guides"}),
        ("DELETE", f"/api/snapshots/dpo-2019/lines/{line.pk}/", None),
        ("POST", f"/api/reforms/{REFORM}/successions/", {"type": "abolished", "from": ["oma"], "summary_en": "x"}),
        ("DELETE", f"/api/reforms/{REFORM}/successions/{succession.pk}/", None),
        ("PATCH", "/api/snapshots/dpo-2027/units/dpo/", {"grade": "USG"}),
        ("POST", "/api/reforms/", {**NEW_REFORM, "before": "other-draft", "after": "dpo-2027"}),
        ("POST", "/api/reforms/", {**NEW_REFORM, "before": "dpo-2027", "after": "dpo-2019"}),  # backwards too
        ("POST", "/api/snapshots/dpo-2019/units/oma/citations/", CITE),
        ("POST", f"/api/snapshots/dpo-2019/lines/{line.pk}/citations/", CITE),
        ("DELETE", f"{UNITS}oma/citations/{citation}/", None),
        ("DELETE", f"/api/snapshots/dpo-2027/lines/{draft_line.pk}/citations/{line_citation}/", None),
    ]
    before = dump_database()
    for method, path, body in writes:
        response = send(editor, method, path, body)
        assert response.status_code == 409, (method, path, response.content)
        assert response.json()["detail"] in {
            errors.SNAPSHOT_PUBLISHED.format(snapshot=key) for key in ("dpo-2019", "dpo-2027")
        }
    again = send(publisher, "POST", "/api/snapshots/dpo-2019/publish/")
    assert (again.status_code, again.json()["detail"]) == (409, errors.SNAPSHOT_PUBLISHED.format(snapshot="dpo-2019"))
    assert dump_database() == before


# --- Who may write -------------------------------------------------------------------------------

WRITES = [
    ("POST", UNITS, NEW_UNIT, "structures.add_unit", "the editors group"),
    ("PATCH", f"{UNITS}oma/", {"name_en": "x"}, "structures.change_unit", "the editors group"),
    ("DELETE", f"{UNITS}oma/", None, "structures.delete_unit", "the editors group"),
    ("POST", "/api/snapshots/dpo-2027/lines/", {"from": "dpo", "to": "oma", "type": "guides"},
     "structures.add_secondaryline", "the editors group"),
    ("POST", f"/api/reforms/{REFORM}/successions/", {"type": "created", "to": ["oma"], "summary_en": "x"},
     "structures.add_succession", "the editors group"),
    ("POST", "/api/snapshots/dpo-2019/drafts/", {"key": "k", "label_en": "k", "label_zh": "k"},
     "structures.add_snapshot", "the editors group"),
    ("POST", "/api/snapshots/dpo-2027/publish/", None, "structures.publish_snapshot", "the publishers group"),
    ("POST", "/api/reforms/", {**NEW_REFORM, "after": "other-draft"}, "structures.add_reform", "the editors group"),
    ("POST", f"{UNITS}oma/citations/", CITE, "structures.add_citation", "the editors group"),
    ("DELETE", f"{UNITS}oma/citations/1/", None, "structures.delete_citation", "the editors group"),
]  # fmt: skip


@pytest.mark.parametrize(("method", "path", "body", "permission", "role"), WRITES)
def test_anonymous_clients_are_asked_to_log_in_and_nothing_changes(client, draft, method, path, body, permission, role):
    before = dump_database()
    response = send(APIClient(), method, path, body)
    assert (response.status_code, response.json()["detail"]) == (401, api_drafts_http.LOGIN_NEEDED)
    assert response["WWW-Authenticate"].startswith("Basic ")
    assert dump_database() == before


@pytest.mark.parametrize(("method", "path", "body", "permission", "role"), WRITES)
def test_staff_without_the_role_are_refused_naming_the_permission(
    django_user_model, draft, method, path, body, permission, role
):
    staff = account(django_user_model, "staff")
    other_role = account(django_user_model, "other", "editors" if role == "the publishers group" else "publishers")
    not_staff = account(django_user_model, "outsider", "editors", "publishers", staff=False)
    before = dump_database()
    for client in (staff, other_role, not_staff):
        response = send(client, method, path, body)
        assert response.status_code == 403, response.content
        assert response.json()["detail"] == api_drafts_http.NO_PERMISSION.format(
            method=method, permission=permission, role=role
        )
    assert dump_database() == before


def test_a_script_writes_with_http_basic_auth_and_a_wrong_password_is_refused(django_user_model, draft):
    account(django_user_model, "script", "editors", password="pw")
    script = APIClient()
    script.credentials(HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"script:wrong").decode())
    before = dump_database()
    assert send(script, "POST", UNITS, NEW_UNIT).status_code == 401
    assert dump_database() == before
    script.credentials(HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"script:pw").decode())
    assert send(script, "POST", UNITS, NEW_UNIT).status_code == 201


@override_settings(API_LOGIN_FAILURE_RATE="2/minute")
def test_failed_basic_logins_from_one_address_are_refused_with_429_past_the_limit(django_user_model, draft):
    account(django_user_model, "script", "editors", password="pw")
    guesser, other = APIClient(REMOTE_ADDR="203.0.113.9"), APIClient(REMOTE_ADDR="203.0.113.10")
    wrong, right = (f"Basic {base64.b64encode(pair).decode()}" for pair in (b"script:wrong", b"script:pw"))
    before = dump_database()
    try:
        for _ in range(2):
            assert send(guesser, "POST", UNITS, NEW_UNIT, HTTP_AUTHORIZATION=wrong).status_code == 401
        # Past the limit even the right password is refused, or a guesser would learn when it found it; reads too,
        # and a made-up X-Forwarded-For does not start a new count.
        attempts = [
            (wrong, "POST", UNITS, {}),
            (right, "POST", UNITS, {}),
            (wrong, "GET", "/api/reforms/", {}),
            (wrong, "POST", UNITS, {"HTTP_X_FORWARDED_FOR": "198.51.100.1"}),
        ]
        for credentials, method, path, headers in attempts:
            body = NEW_UNIT if method == "POST" else None
            response = send(guesser, method, path, body, HTTP_AUTHORIZATION=credentials, **headers)
            assert response.status_code == 429, (method, path, response.content)
            assert response.json()["detail"].startswith(throttling.LOGIN_THROTTLED.format(rate="2/minute"))
            assert 0 < int(response["Retry-After"]) <= 60
        assert dump_database() == before
        assert send(other, "POST", UNITS, NEW_UNIT, HTTP_AUTHORIZATION=right).status_code == 201
    finally:
        cache.delete_many([f"throttle_login-failures_{address}" for address in ("203.0.113.9", "203.0.113.10")])


def test_a_session_write_needs_the_csrf_token(django_user_model, draft):
    browser = APIClient(enforce_csrf_checks=True)
    user = django_user_model.objects.create_user("browser", is_staff=True)
    user.groups.add(Group.objects.get(name="editors"))
    browser.force_login(user)
    before = dump_database()
    refused = send(browser, "POST", UNITS, NEW_UNIT)
    assert (refused.status_code, refused.json()["detail"][:12]) == (403, "CSRF Failed:")
    assert dump_database() == before
    token = _get_new_csrf_string()
    browser.cookies["csrftoken"] = token
    assert send(browser, "POST", UNITS, NEW_UNIT, HTTP_X_CSRFTOKEN=token).status_code == 201


def test_other_origins_may_not_write(editor, draft):
    for method in ("POST", "PATCH", "DELETE"):
        preflight = editor.options(
            f"{UNITS}oma/",
            HTTP_ORIGIN="https://evil.example.org",
            HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
            HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
        )
        assert method not in preflight.get("Access-Control-Allow-Methods", "")
        assert "Access-Control-Allow-Credentials" not in preflight
    before = dump_database()
    # A form post is a "simple" cross-origin request that needs no preflight: only JSON is read.
    form = editor.post(UNITS, data="key=ocs", content_type="text/plain", HTTP_ORIGIN="https://evil.example.org")
    assert form.status_code == 415
    assert dump_database() == before


# --- Publishing ----------------------------------------------------------------------------------


def test_a_publisher_publishes_a_valid_draft_and_then_it_is_frozen(editor, publisher, draft):
    assert "ETag" not in editor.get("/api/snapshots/dpo-2027/tree/")
    response = send(publisher, "POST", "/api/snapshots/dpo-2027/publish/", {})
    assert response.status_code == 200, response.content
    assert (response.json()["key"], response.json()["status"]) == ("dpo-2027", "published")
    assert "ETag" in editor.get("/api/snapshots/dpo-2027/tree/")
    before = dump_database()
    refused = send(editor, "PATCH", f"{UNITS}oma/", {"name_en": "Too late"})
    assert (refused.status_code, refused.json()["detail"]) == (
        409,
        errors.SNAPSHOT_PUBLISHED.format(snapshot="dpo-2027"),
    )
    assert dump_database() == before


def test_publishing_a_draft_with_unaccounted_units_is_refused_listing_them(editor, publisher, draft):
    assert send(editor, "DELETE", f"{UNITS}oma/").status_code == 204
    before = dump_database()
    refused = send(publisher, "POST", "/api/snapshots/dpo-2027/publish/")
    assert refused.status_code == 400, refused.content
    problem = errors.PUBLISH_UNACCOUNTED.format(snapshot="dpo-2027", count=2, before="dpo-2019", units="oma, omas")
    assert refused.json() == {"detail": problem, "problems": [problem]}
    assert dump_database() == before

    abolished = {"type": "abolished", "from": ["oma", "omas"], "summary_en": "Military affairs are abolished."}
    assert send(editor, "POST", f"/api/reforms/{REFORM}/successions/", abolished).status_code == 201
    assert send(publisher, "POST", "/api/snapshots/dpo-2027/publish/").json()["status"] == "published"


# --- What stays as it was ------------------------------------------------------------------------


@override_settings(API_CACHE_SECONDS=3600)
def test_draft_trees_are_never_cached_so_a_write_shows_at_once(editor, draft):
    first = editor.get("/api/snapshots/dpo-2027/tree/")
    assert (first["Cache-Control"], "ETag" in first) == ("private, no-cache", False)
    send(editor, "PATCH", f"{UNITS}oma/", {"name_en": "Office of Military Affairs (renamed)"})
    assert ("oma", "dpo", "Office of Military Affairs (renamed)") in tree(editor, "dpo-2027")
    published = editor.get("/api/snapshots/dpo-2019/tree/")
    assert ("oma", "dpo", "Office of Military Affairs") in tree(editor, "dpo-2019")
    assert published["ETag"] == editor.get("/api/snapshots/dpo-2019/tree/")["ETag"]


def test_reads_on_existing_paths_answer_as_before_and_write_paths_take_no_get(client, editor, draft):
    assert client.get("/api/snapshots/dpo-2019/").json()["key"] == "dpo-2019"
    assert client.post("/api/snapshots/dpo-2019/", {}, content_type="application/json").status_code == 405
    assert editor.get(UNITS).status_code == 405
    assert [reform["key"] for reform in client.get("/api/reforms/").json()] == []  # drafts stay hidden
    assert REFORM in {reform["key"] for reform in editor.get("/api/reforms/").json()}
    assert client.get("/api/snapshots/dpo-2019/nothing/").status_code == 404
    stray = editor.post("/api/snapshots/not a key/units/", {}, content_type="application/json")
    assert (stray.status_code, stray.json()["detail"]) == (
        404,
        'No API endpoint at "/api/snapshots/not a key/units/"; see /api/docs/.',
    )


def test_the_schema_documents_each_write_with_its_refusals(client, db):
    paths = client.get("/api/schema/?format=json").json()["paths"]
    operations = {
        "/api/snapshots/{key}/units/": "post",
        "/api/snapshots/{key}/units/{unit_key}/": "patch",
        "/api/snapshots/{key}/lines/{line_id}/": "delete",
        "/api/reforms/{key}/successions/": "post",
        "/api/reforms/{key}/successions/{succession_id}/": "delete",
        "/api/snapshots/{key}/drafts/": "post",
        "/api/snapshots/{key}/publish/": "post",
        "/api/reforms/": "post",
        "/api/snapshots/{key}/units/{unit_key}/citations/": "post",
        "/api/snapshots/{key}/units/{unit_key}/citations/{citation_id}/": "delete",
        "/api/snapshots/{key}/lines/{line_id}/citations/": "post",
        "/api/snapshots/{key}/lines/{line_id}/citations/{citation_id}/": "delete",
    }
    for path, method in operations.items():
        operation = paths[path][method]
        assert {"401", "403"} <= operation["responses"].keys(), path
        assert "404" in operation["responses"] or path == "/api/reforms/"
        assert {"basicAuth": []} in operation["security"]
    assert "409" in paths["/api/snapshots/{key}/units/"]["post"]["responses"]
    assert list(paths["/api/snapshots/{key}/"]) == ["get"]
    assert {} in paths["/api/reforms/"]["get"]["security"]  # the list stays open to anonymous readers
