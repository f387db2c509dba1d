"""The shipped dataset says only what its documents say: names as printed, paragraphs that exist."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from structures.importing import read_dataset
from structures.models import Citation, SecondaryLine, Snapshot, Succession, Unit
from structures.sources import paragraph_text, split_paragraphs

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
    paragraphs = split_paragraphs(text)
    missing = [
        f"{entry}: ¶{c.paragraph}"
        for entry, cited in citations_of(file)
        for c in cited
        if c.document == file.document.symbol and paragraph_text(text, c.paragraph, paragraphs) is None
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
    paragraphs = split_paragraphs(text)
    uncited = []
    for snapshot in file.snapshots:
        for unit in snapshot.units:
            names = (unit.name_zh, *unit.aliases)
            texts = [paragraph_text(text, c.paragraph, paragraphs) or "" for c in unit.citations]
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
