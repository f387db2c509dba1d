"""Writes to citations: the paragraph of a source document behind a unit, line, succession or snapshot."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from structures import errors
from structures.guards import refuse_published_snapshots
from structures.models import CITED_SUBJECTS, Citation, SourceDocument
from structures.services.validation import clean_or_refuse


def check_citation(*, citation: Citation) -> None:
    """Raise StructureError unless the citation names exactly one subject, in a draft (as stored and as changed)."""
    named = [name for name in CITED_SUBJECTS if getattr(citation, f"{name}_id") is not None]
    if len(named) != 1:
        raise errors.StructureError(errors.CITATION_ONE_SUBJECT.format(subjects=", ".join(CITED_SUBJECTS)))
    refuse_published_snapshots(citation.stored_frozen_snapshot_ids())


@transaction.atomic
def create_citation(*, document: SourceDocument, paragraph: str, position: int = 0, **subject: Any) -> Citation:
    """Cite a paragraph for one unit, line, succession, snapshot, reform or figure of a draft."""
    citation = Citation(document=document, paragraph=paragraph, position=position, **subject)
    check_citation(citation=citation)
    clean_or_refuse(citation)
    citation.save()
    return citation


@transaction.atomic
def update_citation(*, citation: Citation, **attributes: Any) -> Citation:
    """Change a draft's citation: its document, paragraph, position or subject."""
    stored = Citation.objects.get(pk=citation.pk)
    for name, value in attributes.items():
        setattr(stored, name, value)
    check_citation(citation=stored)
    clean_or_refuse(stored)
    stored.save()
    return stored


@transaction.atomic
def delete_citation(*, citation: Citation) -> None:
    stored = Citation.objects.get(pk=citation.pk)
    check_citation(citation=stored)
    stored.delete()
