"""The shipped dataset says only what its documents say: names as printed, paragraphs that exist."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from structures.importing import read_dataset
from structures.models import Citation, SecondaryLine, Snapshot, Succession, Unit
from structures.sources import paragraph_text

DATASET_FILES = sorted(Path(settings.DATASET_DIR).glob("*.toml"))


def seed_text(seed_file: str) -> str:
    path = Path(settings.SEEDS_DIR) / seed_file
    assert path.exists(), (
        f"source text {path} is missing: check out ../shared/ beside the repo or set ORGCHART_SEEDS_DIR"
    )
    return path.read_text(encoding="utf-8")


def citations_of(file):
    for snapshot in file.snapshots:
        yield f"snapshot {snapshot.key}", snapshot.citations
        for unit in snapshot.units:
            yield f"{snapshot.key}/{unit.key}", unit.citations
        for line in snapshot.lines:
            yield f"{snapshot.key}/{line.from_key} {line.type} {line.to_key}", line.citations
    for reform in file.reforms:
        yield f"reform {reform.key}", reform.citations
        for index, succession in enumerate(reform.successions):
            yield f"{reform.key} succession #{index + 1}", succession.citations


@pytest.mark.parametrize("path", DATASET_FILES, ids=lambda p: p.name)
def test_every_cited_paragraph_exists_in_its_source_text(path):
    (file,) = read_dataset([path])
    text = seed_text(file.document.seed_file)
    missing = [
        f"{entry}: ¶{c.paragraph}"
        for entry, cited in citations_of(file)
        for c in cited
        if c.document == file.document.symbol and paragraph_text(text, c.paragraph) is None
    ]
    assert missing == []


@pytest.mark.parametrize("path", DATASET_FILES, ids=lambda p: p.name)
def test_chinese_names_and_aliases_are_printed_in_the_source(path):
    (file,) = read_dataset([path])
    text = seed_text(file.document.seed_file)
    absent = sorted(
        {
            name
            for snapshot in file.snapshots
            for unit in snapshot.units
            for name in (unit.name_zh, *unit.aliases)
            if name not in text
        }
    )
    assert absent == []


@pytest.mark.parametrize("path", DATASET_FILES, ids=lambda p: p.name)
def test_each_unit_name_is_cited_where_it_is_printed(path):
    """The unit's Chinese name (or an alias) appears in at least one paragraph it cites."""
    (file,) = read_dataset([path])
    text = seed_text(file.document.seed_file)
    uncited = []
    for snapshot in file.snapshots:
        for unit in snapshot.units:
            names = (unit.name_zh, *unit.aliases)
            texts = [paragraph_text(text, c.paragraph) or "" for c in unit.citations]
            if not any(name in body for name in names for body in texts):
                uncited.append(f"{snapshot.key}/{unit.key}")
    assert uncited == []


def test_nothing_stored_is_uncited(dataset):
    assert not Unit.objects.filter(citations__isnull=True).exists()
    assert not SecondaryLine.objects.filter(citations__isnull=True).exists()
    assert not Succession.objects.filter(citations__isnull=True).exists()
    assert not Snapshot.objects.filter(citations__isnull=True).exists()
    assert Citation.objects.count() > 100


def test_paragraph_text_finds_sub_paragraphs():
    text = "19. Before.\n\n20. Intro:\n\n(a) First;\n\n(b) Second.\n\n21. After."
    assert paragraph_text(text, "20(b)").startswith("(b) Second")
    assert paragraph_text(text, "20(c)") is None
    assert paragraph_text(text, "22") is None
    assert paragraph_text(text, "21").startswith("21. After")


def test_paragraph_text_finds_parts_of_annexes():
    text = "Letter.\n附件一\n1. One.\n\n2. Two (a) x.\n附录\nA. Chart A\nB. Chart B\n附件二\n1. Other one.\n表 1\n"
    assert paragraph_text(text, "annex I, 2(a)").startswith("(a) x")
    assert paragraph_text(text, "annex II, 1").startswith("1. Other one")
    assert paragraph_text(text, "annex II, 2") is None
    assert paragraph_text(text, "annex I, appendix, chart B").startswith("B. Chart B")
    assert paragraph_text(text, "annex I, appendix, chart C") is None
    assert paragraph_text(text, "annex II, table 1") is not None
    assert paragraph_text(text, "letter").startswith("Letter.")
    assert paragraph_text(text, "annex III") is None


def test_a_name_means_one_unit_across_documents():
    """A Chinese name used for one unit in each of two snapshots must carry the same key in both."""
    key_of: dict[str, dict[str, set[str]]] = {}  # name -> snapshot -> keys
    for file in read_dataset(DATASET_FILES):
        for snapshot in file.snapshots:
            for unit in snapshot.units:
                for name in (unit.name_zh, *unit.aliases):
                    key_of.setdefault(name, {}).setdefault(snapshot.key, set()).add(unit.key)
    conflicts = []
    for name, by_snapshot in key_of.items():
        unambiguous = {next(iter(keys)) for keys in by_snapshot.values() if len(keys) == 1}
        if len(unambiguous) > 1:
            conflicts.append(f"{name}: {sorted(unambiguous)}")
    assert conflicts == []
