"""Export a snapshot as a dataset file or CSV, import it again, and get the very same tree."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction

from structures import errors, import_services, services, transfer
from structures.importing import ParsedCitation, ParsedLine, ParsedSnapshot, ParsedUnit, parse_file, read_dataset
from structures.models import Citation, SecondaryLine, Snapshot, SourceDocument, Unit, session_of

from .conftest import AFTER_2017, BEFORE_2017, build_snapshot, dump_database, load_real_dataset

DRAFT_SPEC = """
dpo Department of Peace Operations
  oma Office of Military Affairs
    omas Military Planning Service
  opsp Policy Division
odcs Operational Support
"""


def dump_snapshot(key: str) -> list:
    """Return one snapshot's tree, lines, figures and citations, ignoring primary keys and tree ids."""
    units = list(
        Unit.objects.filter(snapshot__key=key)
        .order_by("tree_id", "lft")
        .values_list(
            "key", "parent__key", "parent_unknown", "name_en", "name_zh", "aliases", "kind", "head_en", "head_zh",
            "grade", "posts", "shared", "note_en", "note_zh", "level", "lft", "rght",
        )
    )  # fmt: skip
    lines = list(
        SecondaryLine.objects.filter(snapshot__key=key)
        .order_by("position")
        .values_list("from_unit__key", "type", "to_unit__key", "qualifier_en", "qualifier_zh")
    )
    snapshot = list(
        Snapshot.objects.filter(key=key).values_list(
            "label_en", "label_zh", "date", "stage", "status", "completeness", "document__symbol", "organization__key"
        )
    )
    citations = sorted(
        Citation.objects.filter(
            models_q(key)  # every citation inside the snapshot
        ).values_list(
            "document__symbol", "paragraph", "position", "unit__key", "line__from_unit__key", "line__to_unit__key",
            "figure__measure", "figure__value", "snapshot__key",
        ),
        key=repr,
    )  # fmt: skip
    figures = list(
        Snapshot.objects.get(key=key)
        .figures.order_by("position")
        .values_list("unit__key", "measure", "value", "approximation", "breakdown", "label_en", "label_zh")
    )
    return [snapshot, units, lines, figures, citations]


def models_q(key: str):
    from django.db.models import Q

    return Q(snapshot__key=key) | Q(unit__snapshot__key=key) | Q(line__snapshot__key=key) | Q(figure__snapshot__key=key)


def cited_draft(key: str = "draft-2030") -> Snapshot:
    """Build a small draft whose every unit and line is cited, as a dataset file requires."""
    snapshot = build_snapshot(DRAFT_SPEC, key=key)
    document = snapshot.document
    Citation.objects.create(document=document, paragraph="1", snapshot=snapshot)
    for position, unit in enumerate(Unit.objects.filter(snapshot=snapshot).order_by("tree_id", "lft")):
        Citation.objects.create(document=document, paragraph=f"{position + 2}(a)", unit=unit)
    omas = Unit.objects.get(snapshot=snapshot, key="omas")
    services.update_unit(unit=omas, grade="D-1", posts=12, aliases=["=SUM(A1)", "MPS"], note_en="-dash first")
    line = SecondaryLine.objects.create(
        snapshot=snapshot,
        from_unit=Unit.objects.get(snapshot=snapshot, key="odcs"),
        to_unit=Unit.objects.get(snapshot=snapshot, key="dpo"),
        type="serves",
        qualifier_en="on logistics",
    )
    Citation.objects.create(document=document, paragraph="9", line=line)
    return snapshot


def reshape(snapshot: Snapshot) -> None:
    """Edit a draft the way an editor would: rename, move, delete and add units."""
    unit = Unit.objects.get(snapshot=snapshot, key="oma")
    services.update_unit(unit=unit, name_en="Office of Military Affairs (renamed)")
    services.move_unit(unit=Unit.objects.get(snapshot=snapshot, key="opsp"), new_parent=None)
    services.delete_unit(unit=Unit.objects.get(snapshot=snapshot, key="omas"))
    services.create_unit(snapshot=snapshot, key="new-cell", name_en="New cell", name_zh="新单元", kind="team")


# --- Round trips -------------------------------------------------------------------------------


def test_every_real_snapshot_exported_reads_back_as_the_same_content(dataset):
    for snapshot in Snapshot.objects.select_related("document", "organization"):
        text = import_services.export_toml(snapshot)
        problems: list[str] = []
        parsed = parse_file(f"{snapshot.key}.toml", text.encode(), problems)
        assert problems == []
        stored = import_services.stored_snapshot(snapshot)
        assert transfer.snapshot_content(parsed.snapshots[0]) == transfer.snapshot_content(stored), snapshot.key
        assert parsed.document == import_services.stored_document(snapshot.document)


def test_reimporting_every_exported_real_snapshot_is_a_no_op(dataset):
    before = dump_database()
    for snapshot in Snapshot.objects.select_related("document", "organization"):
        raw = import_services.export_toml(snapshot).encode()
        plan = import_services.plan_import(name=f"{snapshot.key}.toml", raw=raw)
        assert [(p.key, p.action, p.changes) for p in plan.snapshots] == [(snapshot.key, transfer.UNCHANGED, [])]
        import_services.apply_import(name=f"{snapshot.key}.toml", raw=raw, expected_digest=plan.digest)
    assert dump_database() == before


def test_reimporting_the_shipped_dataset_files_changes_nothing(dataset):
    before = dump_database()
    for path in sorted(settings.DATASET_DIR.glob("*.toml")):
        plan = import_services.apply_import(name=path.name, raw=path.read_bytes())
        assert not plan.changes_anything, path.name
    assert dump_database() == before


@pytest.mark.django_db
def test_every_real_snapshot_exported_imports_into_an_empty_database_as_the_same_tree():
    savepoint = transaction.savepoint()
    load_real_dataset()
    exported, dumps = {}, {}
    for snapshot in Snapshot.objects.select_related("document", "organization"):
        exported[snapshot.key] = import_services.export_toml(snapshot).encode()
        dumps[snapshot.key] = dump_snapshot(snapshot.key)
    transaction.savepoint_rollback(savepoint)
    assert not Snapshot.objects.exists()
    # Citations name other documents too: those must be stored first, as the shipped files declare them.
    for file in read_dataset(sorted(settings.DATASET_DIR.glob("*.toml"))):
        SourceDocument.objects.create(**{**vars(file.document), "session": session_of(file.document.symbol)})
    for key, raw in exported.items():
        import_services.apply_import(name=f"{key}.toml", raw=raw, may_publish=True)
    assert len(dumps) == 12
    for key, dump in dumps.items():
        assert dump_snapshot(key) == dump, key


def test_a_draft_exported_then_reshaped_is_restored_by_importing_its_file(db):
    draft = cited_draft()
    original = dump_snapshot(draft.key)
    raw = import_services.export_toml(draft).encode()
    reshape(draft)
    assert dump_snapshot(draft.key) != original
    plan = import_services.plan_import(name="draft.toml", raw=raw)
    kinds = {(c.type, c.subject) for c in plan.snapshots[0].changes}
    assert {("renamed", "oma"), ("moved", "opsp"), ("added", "omas"), ("removed", "new-cell")} <= kinds
    import_services.apply_import(name="draft.toml", raw=raw, expected_digest=plan.digest)
    assert dump_snapshot(draft.key) == original


def test_a_draft_exported_as_csv_then_reshaped_is_restored_by_importing_the_csv(db):
    draft = cited_draft()
    original = dump_snapshot(draft.key)
    raw = import_services.export_csv(draft).encode()
    assert "'=SUM(A1)" in raw.decode()  # a spreadsheet must not run it as a formula
    reshape(draft)
    import_services.apply_import(name="units.csv", raw=raw, into=draft.key)
    assert dump_snapshot(draft.key) == original


def test_a_csv_exported_from_one_snapshot_gives_a_draft_the_same_tree(dataset):
    draft = cited_draft()
    raw = import_services.export_csv(Snapshot.objects.get(key=AFTER_2017)).encode()
    import_services.apply_import(name="2017.csv", raw=raw, into=draft.key)

    def tree(key):
        return [row[:17] for row in dump_snapshot(key)[1]]

    assert tree(draft.key) == tree(AFTER_2017)


def test_a_one_snapshot_file_imports_into_a_chosen_draft(dataset):
    draft = cited_draft()
    raw = import_services.export_toml(Snapshot.objects.get(key=BEFORE_2017)).encode()
    import_services.apply_import(name="2017.toml", raw=raw, into=draft.key)
    assert dump_snapshot(draft.key)[1] == dump_snapshot(BEFORE_2017)[1]
    assert Snapshot.objects.get(key=draft.key).status == "draft"


def test_replacing_a_draft_keeps_successions_linked_by_unit_key(db):
    before = build_snapshot(DRAFT_SPEC, key="before-2030")  # earlier on the timeline: same document, key first
    draft = cited_draft()
    reform = services.create_reform(key="r-2030", name_en="r", name_zh="r", before=before, after=draft)
    succession = reform.successions.create(type="renamed", summary_en="DPO renamed")
    succession.from_units.add(Unit.objects.get(snapshot=before, key="dpo"))
    succession.to_units.add(Unit.objects.get(snapshot=draft, key="dpo"))
    raw = import_services.export_toml(draft).encode()
    reshape(draft)
    succession.to_units.add(Unit.objects.get(snapshot=draft, key="new-cell"))  # a unit the file does not hold
    old_dpo = Unit.objects.get(snapshot=draft, key="dpo").pk
    import_services.apply_import(name="draft.toml", raw=raw)
    new_dpo = Unit.objects.get(snapshot=draft, key="dpo").pk
    assert new_dpo != old_dpo  # the tree was written anew...
    assert list(succession.to_units.values_list("pk", flat=True)) == [new_dpo]  # ...and the succession follows the key


def workflow_snapshot(key: str = "next-2030") -> Snapshot:
    """Make a snapshot as editors do: a draft of the 2017 proposal, a unit and a line added uncited, published."""
    draft = services.start_draft(
        source=Snapshot.objects.get(key=AFTER_2017), key=key, label_en="Next", label_zh="下一次"
    )
    dpo = Unit.objects.get(snapshot=draft, key="dpo")
    cell = services.create_unit(
        snapshot=draft, key="new-cell", name_en="New cell", name_zh="新单元", kind="team", parent=dpo
    )
    services.create_line(snapshot=draft, from_unit=cell, to_unit=dpo, type="serves")
    return services.publish_snapshot(snapshot=draft)


def without_snapshot_key(dump: list) -> list:
    snapshot, units, lines, figures, citations = dump
    return [snapshot, units, lines, figures, sorted([c[:-1] for c in citations], key=repr)]


def test_a_snapshot_made_in_the_draft_workflow_imports_again_as_a_new_snapshot_with_the_same_tree(dataset):
    published = workflow_snapshot()
    text = import_services.export_toml(published)
    copy = text.replace(f'key = "{published.key}"', 'key = "next-2030-copy"', 1)
    plan = import_services.plan_import(name="next.toml", raw=copy.encode(), may_publish=True)
    assert plan.uncited == [
        'snapshot "next-2030-copy" unit "new-cell"',
        'snapshot "next-2030-copy" line "new-cell serves dpo"',
    ]
    import_services.apply_import(name="next.toml", raw=copy.encode(), may_publish=True, expected_digest=plan.digest)
    assert without_snapshot_key(dump_snapshot("next-2030-copy")) == without_snapshot_key(dump_snapshot(published.key))
    assert Citation.objects.filter(snapshot__key="next-2030-copy").exists()  # copied from the 2017 proposal


def test_a_snapshot_made_in_the_draft_workflow_imports_into_a_fresh_draft_as_the_same_tree(dataset):
    published = workflow_snapshot()
    fresh = cited_draft()
    for export, name in ((import_services.export_toml, "next.toml"), (import_services.export_csv, "next.csv")):
        import_services.apply_import(name=name, raw=export(published).encode(), into=fresh.key)
        assert dump_snapshot(fresh.key)[1] == dump_snapshot(published.key)[1], name
    assert dump_snapshot(fresh.key)[2] == dump_snapshot(published.key)[2]  # the uncited line came with the TOML


def test_reimporting_a_snapshot_made_in_the_draft_workflow_is_a_no_op(dataset):
    published = workflow_snapshot()
    before = dump_database()
    plan = import_services.apply_import(name="next.toml", raw=import_services.export_toml(published).encode())
    assert not plan.changes_anything
    assert dump_database() == before


def test_the_shipped_dataset_format_still_refuses_an_entry_marked_uncited():
    text = (settings.DATASET_DIR / "A-72-525.toml").read_text()
    marked = text.replace("\ncite = [", "\nuncited = true\ncite = [", 1)
    assert marked != text
    problems: list[str] = []
    parse_file("A-72-525.toml", marked.encode(), problems)
    assert len(problems) == 1
    assert problems[0].endswith(errors.DS_UNCITED_IN_DATASET), problems


def test_an_import_refuses_an_uncited_entry_the_export_did_not_mark(db):
    draft = cited_draft()
    text = import_services.export_toml(draft)
    before = dump_database()
    problems = refused("d.toml", text.replace('cite = [\n    "2(a)",\n]', "cite = []", 1).encode())
    assert problems == [f'd.toml: snapshot "{draft.key}" unit "dpo": {errors.DS_NO_CITATION}']
    marked_and_cited = text.replace('cite = [\n    "2(a)",\n]', 'uncited = true\ncite = ["2(a)"]', 1)
    problems = refused("d.toml", marked_and_cited.encode())
    assert problems == [f'd.toml: snapshot "{draft.key}" unit "dpo": {errors.DS_UNCITED_WITH_CITATION}']
    assert dump_database() == before


# --- Refusals ----------------------------------------------------------------------------------


def refused(name: str, raw: bytes, **options) -> list[str]:
    with pytest.raises(errors.DatasetError) as caught:
        import_services.apply_import(name=name, raw=raw, **options)
    return caught.value.problems


def test_an_import_that_would_change_a_published_snapshot_is_refused_by_name(dataset):
    before = dump_database()
    text = import_services.export_toml(Snapshot.objects.get(key=AFTER_2017))
    changed = text.replace('name_en = "Department of Peace Operations"', 'name_en = "Dept of Peace Ops"', 1)
    problems = refused("2017.toml", changed.encode())
    assert len(problems) == 1
    assert problems[0].startswith(f'2017.toml: snapshot "{AFTER_2017}": ')
    assert f'snapshot "{AFTER_2017}" is published and would change (renamed dpo: ' in problems[0]
    assert dump_database() == before


def test_a_shipped_file_with_a_changed_succession_is_refused_for_its_published_reform(dataset):
    before = dump_database()
    text = (settings.DATASET_DIR / "A-72-525.toml").read_text()
    problems = refused("A-72-525.toml", text.replace('type = "merged"', 'type = "split"', 1).encode())
    assert any('reform "peace-security-2017" leads to published snapshot' in p for p in problems)
    assert dump_database() == before


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (('parent = "oma"', 'parent = "nowhere"'), 'unit "omas": ' + errors.DS_UNKNOWN_PARENT.format(parent="nowhere")),
        (('key = "dpo"\n', 'key = "dpo"\nparent = "omas"\n'), "parent chain loops back to itself"),
        (('key = "odcs"', 'key = "oma"'), errors.DS_DUPLICATE_KEY.format(key="oma")),
        (('name_en = "Operational Support"', 'name_en = "' + "x" * 301 + '"'), 'field "name_en" is 301 characters'),
    ],
)
def test_a_malformed_draft_file_is_refused_whole_by_name(db, edit, problem):
    draft = cited_draft()
    text = import_services.export_toml(draft)
    reshape(draft)
    before = dump_database()
    assert edit[0] in text
    problems = refused("draft.toml", text.replace(*edit).encode())
    assert any(problem in p and p.startswith("draft.toml: ") for p in problems), problems
    assert dump_database() == before


def test_a_csv_needs_a_draft_and_refuses_a_published_one(dataset):
    before = dump_database()
    raw = import_services.export_csv(Snapshot.objects.get(key=AFTER_2017)).encode()
    assert refused("a.csv", raw) == [f"a.csv: file: {errors.IMPORT_CSV_NEEDS_TARGET}"]
    assert refused("a.csv", raw, into=AFTER_2017) == [
        f"a.csv: file: {errors.IMPORT_TARGET_PUBLISHED.format(key=AFTER_2017)}"
    ]
    assert dump_database() == before


def test_a_snapshot_marked_published_needs_the_right_to_publish(db):
    draft = cited_draft()
    text = import_services.export_toml(draft).replace('status = "draft"', 'status = "published"')
    before = dump_database()
    assert refused("d.toml", text.encode()) == [
        f'd.toml: snapshot "{draft.key}": {errors.IMPORT_NEEDS_PUBLISH.format(key=draft.key)}'
    ]
    assert dump_database() == before
    import_services.apply_import(name="d.toml", raw=text.encode(), may_publish=True)
    assert Snapshot.objects.get(key=draft.key).is_published


def test_a_file_that_redefines_a_stored_document_is_refused(dataset):
    before = dump_database()
    text = import_services.export_toml(Snapshot.objects.get(key=AFTER_2017))
    text = text.replace('key = "peace-security-2017-proposed"', 'key = "another-2017"', 1)
    text = text.replace('date = "2017-10-13"', 'date = "2017-10-14"', 1)
    problems = refused("x.toml", text.encode(), may_publish=True)
    assert problems == [
        "x.toml: [document]: " + errors.IMPORT_DOCUMENT_DIFFERS.format(symbol="A/72/525", fields="date")
    ]
    assert dump_database() == before


def test_a_confirmation_after_the_data_changed_is_refused_as_stale(db):
    draft = cited_draft()
    raw = import_services.export_toml(draft).encode()
    reshape(draft)
    plan = import_services.plan_import(name="d.toml", raw=raw)
    services.update_unit(unit=Unit.objects.get(snapshot=draft, key="dpo"), grade="USG")
    before = dump_database()
    with pytest.raises(errors.StructureError, match="changed since the preview"):
        import_services.apply_import(name="d.toml", raw=raw, expected_digest=plan.digest)
    assert dump_database() == before


# --- CSV reading (pure) ------------------------------------------------------------------------


def read_csv(text: str | bytes) -> tuple[list[ParsedUnit] | None, list[str]]:
    problems: list[str] = []
    raw = text if isinstance(text, bytes) else text.encode()
    return transfer.read_units_csv("u.csv", raw, problems), problems


HEADER = "key,parent,name_en,name_zh,kind,citations\r\n"


def test_csv_reader_reads_units_with_their_citations_and_unknown_parents():
    units, problems = read_csv(HEADER + 'dpo,?,DPO,和平行动部,department,"A/72/525 ¶20(b); A/61/749 ¶annex I, 12"\r\n')
    assert problems == []
    assert units[0].parent is None
    assert units[0].parent_unknown
    assert units[0].citations == [ParsedCitation("A/72/525", "20(b)"), ParsedCitation("A/61/749", "annex I, 12")]


def test_csv_reader_accepts_the_api_tree_csv_columns():
    text = "snapshot,key,parent,level,name_en,name_zh,kind,head,parent_unknown,citations\r\n"
    text += "s,dpo,,0,DPO,和平行动部,department,USG for Peace Operations,true,A/72/525 ¶20\r\n"
    units, problems = read_csv(text)
    assert problems == []
    assert (units[0].head_en, units[0].parent_unknown) == ("USG for Peace Operations", True)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("key,parent,name_en,name_zh,kind,citations,colour\r\n", 'u.csv: header: unknown column "colour"'),
        ("key,parent,name_en,kind,citations\r\n", 'u.csv: header: missing column "name_zh"'),
        ("key,key,parent,name_en,name_zh,kind,citations\r\n", 'u.csv: header: column "key" appears more'),
        ("\ufeff".encode("utf-16"), "u.csv: file: not UTF-8 text"),
        ("", "u.csv: file: no header row"),
        (HEADER, "u.csv: file: no unit rows"),
        (HEADER + "dpo,,DPO,和平行动部,department\r\n", "u.csv: row 2: has 5 cells; the header has 6"),
        (HEADER + "dpo,,DPO,和平行动部,department,\r\n", 'u.csv: row 2 unit "dpo": has no citation'),
        (HEADER + "dpo,,DPO,和平行动部,department,¶20\r\n", 'u.csv: row 2 unit "dpo": citation "¶20" is not'),
        (HEADER + "dpo,,DPO,和平行动部,club,A ¶1\r\n", 'u.csv: row 2 unit "dpo": field "kind" is \'club\''),
        (HEADER + "d p o,,DPO,和平行动部,office,A ¶1\r\n", 'u.csv: row 2 unit "d p o": field "key"'),
        (HEADER + 'dpo,,"DPO,和平,office,A ¶1\r\n', "u.csv: row 2: not a valid CSV file"),
    ],
)
def test_csv_reader_refuses_a_malformed_file_by_name(text, problem):
    units, problems = read_csv(text)
    assert units is None
    assert any(p.startswith(problem) for p in problems), problems


def test_csv_cells_that_look_like_formulas_are_escaped_and_read_back_unchanged():
    tricky = ["=1+1", "+x", "-y", "@z", "'quoted", "plain"]
    snapshot = ParsedSnapshot("s", "", "", None, "existing", "draft", "partial", [])
    snapshot.units = [
        ParsedUnit(
            f"u{i}",
            None,
            parent_unknown=False,
            name_en=name,
            name_zh=name,
            kind="office",
            citations=[ParsedCitation("A/1", "1")],
            aliases=[name],
        )
        for i, name in enumerate(tricky)
    ]
    text = transfer.units_csv(snapshot)
    assert "\r\nu0,,'=1+1," in text
    units, problems = read_csv(text)
    assert problems == []
    assert [(u.name_en, u.aliases) for u in units] == [(name, [name]) for name in tricky]


# --- Preview (pure) ----------------------------------------------------------------------------


def unit(key: str, parent: str | None = None, name: str = "", **attributes) -> ParsedUnit:
    cite = attributes.pop("citations", [ParsedCitation("A/1", "1")])
    return ParsedUnit(
        key,
        parent,
        parent_unknown=False,
        name_en=name or key,
        name_zh=name or key,
        kind="office",
        citations=cite,
        **attributes,
    )


def snap(units: list[ParsedUnit], lines: list[ParsedLine] = ()) -> ParsedSnapshot:
    return ParsedSnapshot("s", "S", "S", None, "existing", "draft", "partial", [], list(units), list(lines))


def test_preview_lists_units_added_removed_renamed_moved_and_changed_and_lines():
    line = ParsedLine("b", "a", "serves", [ParsedCitation("A/1", "2")])
    stored = snap([unit("a"), unit("b", "a"), unit("c", "a"), unit("gone", "a")], [line])
    incoming = snap([unit("a"), unit("b", None, "B2"), unit("c", "a", grade="D-2"), unit("new", "c")])
    changes = transfer.snapshot_changes(stored, incoming)
    assert [(c.type, c.subject, c.detail) for c in changes] == [
        ("changed", "c", "grade: — → D-2"),
        ("added", "new", "new / new"),
        ("renamed", "b", "b / b → B2 / B2"),
        ("moved", "b", "parent a → (top)"),
        ("removed", "gone", "gone / gone"),
        ("removed", "line", "b serves a"),
    ]


def test_preview_reports_siblings_in_another_order_so_no_change_means_identical():
    stored = snap([unit("a"), unit("b", "a"), unit("c", "a")])
    incoming = snap([unit("a"), unit("c", "a"), unit("b", "a")])
    assert transfer.snapshot_changes(stored, incoming) == [transfer.Change("reordered", "a", "[b, c] → [c, b]")]
    assert transfer.snapshot_changes(stored, snap([unit("a"), unit("b", "a"), unit("c", "a")])) == []


# --- Commands ----------------------------------------------------------------------------------


def test_export_and_import_commands_round_trip_a_draft(db, tmp_path, capsys):
    draft = cited_draft()
    original = dump_snapshot(draft.key)
    path = tmp_path / "draft.toml"
    call_command("export_snapshot", draft.key, "--output", str(path))
    reshape(draft)
    call_command("import_snapshot", str(path), "--dry-run")
    assert "renamed oma: " in capsys.readouterr().out
    assert dump_snapshot(draft.key) != original
    call_command("import_snapshot", str(path))
    assert dump_snapshot(draft.key) == original


def test_import_command_refuses_fifty_megabytes_of_junk_from_its_size(db, tmp_path):
    cited_draft()
    path = tmp_path / "junk.toml"
    with path.open("wb") as out:
        out.truncate(50 * 1024 * 1024)  # sparse: the command must refuse it from its size, unread
    before = dump_database()
    with pytest.raises(CommandError, match=r"junk\.toml: file: file is 52428800 bytes; at most 5242880"):
        call_command("import_snapshot", str(path))
    assert dump_database() == before


def test_every_snapshot_document_can_be_exported_together(dataset):
    snapshots = list(Snapshot.objects.filter(document__symbol="A/61/531").select_related("document", "organization"))
    file = import_services.export_file(snapshots)
    assert [s.key for s in file.snapshots] == [s.key for s in snapshots]
    with pytest.raises(errors.StructureError, match="come from A/61/531, A/72/525"):
        import_services.export_file([*snapshots, Snapshot.objects.get(key=AFTER_2017)])
    assert SourceDocument.objects.count() == 5
