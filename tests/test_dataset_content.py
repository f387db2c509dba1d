"""The shipped dataset says only what its documents say: names as printed, paragraphs that exist."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from structures import checks
from structures.importing import read_dataset
from structures.models import Citation, Figure, SecondaryLine, Snapshot, Succession, Unit
from structures.sources import paragraph_text

DATASET_FILES = sorted(Path(settings.DATASET_DIR).glob("*.toml"))


def seed_text(seed_file: str) -> str:
    path = Path(settings.SEEDS_DIR) / seed_file
    assert path.exists(), (
        f"source text {path} is missing: check out ../shared/ beside the repo or set ORGCHART_SEEDS_DIR"
    )
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", DATASET_FILES, ids=lambda p: p.name)
def test_every_cited_paragraph_exists_in_its_source_text(path):
    (file,) = read_dataset([path])
    assert checks.missing_citations(file, seed_text(file.document.seed_file)) == []


@pytest.mark.parametrize("path", DATASET_FILES, ids=lambda p: p.name)
def test_chinese_names_and_aliases_are_printed_in_the_source(path):
    (file,) = read_dataset([path])
    assert checks.unprinted_names(file, seed_text(file.document.seed_file)) == []


@pytest.mark.parametrize("path", DATASET_FILES, ids=lambda p: p.name)
def test_each_unit_name_is_printed_in_a_part_it_cites(path):
    (file,) = read_dataset([path])
    assert checks.names_outside_citations(file, seed_text(file.document.seed_file)) == []


def test_a_name_means_one_unit_across_documents():
    """A Chinese name used for one unit in each of two snapshots carries the same key in both."""
    assert checks.key_conflicts(read_dataset(DATASET_FILES)) == []


def test_nothing_stored_is_uncited(dataset):
    assert not Unit.objects.filter(citations__isnull=True).exists()
    assert not SecondaryLine.objects.filter(citations__isnull=True).exists()
    assert not Succession.objects.filter(citations__isnull=True).exists()
    assert not Snapshot.objects.filter(citations__isnull=True).exists()
    assert not Figure.objects.filter(citations__isnull=True).exists()
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
