"""What every write checks before it saves: its snapshot is a draft, and the model validates."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from structures import errors
from structures.models import Snapshot


def refuse_if_published(snapshot: Snapshot) -> None:
    if snapshot.is_published:
        raise errors.PublishedSnapshotError(errors.SNAPSHOT_PUBLISHED.format(snapshot=snapshot.key))


def clean_or_refuse(obj) -> None:
    """Validate a model object, turning Django's ValidationError into a StructureError with its messages."""
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise errors.StructureError(" ".join(exc.messages)) from exc
