"""Published snapshots never change: the one place that refuses any write touching one.

Services check first and give the friendliest message, but the shell, a queryset `update()` or
`delete()`, a `bulk_create()` or an M2M `add()` reach the database without them; these guards sit
on the models and querysets themselves so every path is refused alike. Only the shipped-dataset
loader may replace published snapshots, and it says so with `replacing_published_data()`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.db import models

from structures import errors

PUBLISHED = "published"

_replacing_published = ContextVar("replacing_published", default=False)


@contextmanager
def replacing_published_data() -> Iterator[None]:
    """Let the dataset loader replace published snapshots whole; nothing else may."""
    token = _replacing_published.set(True)
    try:
        yield
    finally:
        _replacing_published.reset(token)


def replacing_published() -> bool:
    """Return True inside replacing_published_data(), where the dataset loader rewrites published data."""
    return _replacing_published.get()


def published_among(snapshot_ids: Iterable[int | None]) -> list[str]:
    """Return the keys of the published snapshots among these, sorted."""
    ids = {pk for pk in snapshot_ids if pk is not None}
    if not ids:
        return []
    snapshot_model = apps.get_model("structures", "Snapshot")
    return sorted(snapshot_model.objects.filter(pk__in=ids, status=PUBLISHED).values_list("key", flat=True))


def refuse_published_snapshots(snapshot_ids: Iterable[int | None]) -> None:
    """Raise PublishedSnapshotError naming the snapshots among these that are published."""
    if _replacing_published.get():
        return
    keys = published_among(snapshot_ids)
    if keys:
        raise errors.PublishedSnapshotError(errors.SNAPSHOT_PUBLISHED.format(snapshot='", "'.join(keys)))


def _ids(model_name: str, pks: set[int], field: str) -> set[int]:
    if not pks:
        return set()
    model = apps.get_model("structures", model_name)
    return set(model.objects.filter(pk__in=pks).values_list(field, flat=True))


def frozen_by(objs: Iterable[models.Model]) -> set[int]:
    """Return the ids of the snapshots whose publication freezes these (possibly unsaved) objects."""
    snapshot_ids: set[int] = set()
    reforms: set[int] = set()
    units: set[int] = set()
    lines: set[int] = set()
    figures: set[int] = set()
    successions: set[int] = set()
    for obj in objs:
        name = type(obj).__name__
        if name == "Snapshot":
            snapshot_ids.add(obj.pk)
        elif name in {"Unit", "SecondaryLine", "Figure"}:
            snapshot_ids.add(obj.snapshot_id)
        elif name == "Reform":
            snapshot_ids.add(obj.after_id)
        elif name == "Succession":
            reforms.add(obj.reform_id)
        elif name == "Citation":
            snapshot_ids.add(obj.snapshot_id)
            reforms.add(obj.reform_id)
            units.add(obj.unit_id)
            lines.add(obj.line_id)
            figures.add(obj.figure_id)
            successions.add(obj.succession_id)
    reforms |= _ids("Succession", successions - {None}, "reform_id")
    snapshot_ids |= _ids("Reform", reforms - {None}, "after_id")
    snapshot_ids |= _ids("Unit", units - {None}, "snapshot_id")
    snapshot_ids |= _ids("SecondaryLine", lines - {None}, "snapshot_id")
    snapshot_ids |= _ids("Figure", figures - {None}, "snapshot_id")
    return snapshot_ids - {None}


class FrozenWhenPublishedQuerySet(models.QuerySet):
    """A queryset whose bulk writes are refused when any row they touch belongs to a published snapshot."""

    # Lookups from this model to each snapshot whose publication freezes its rows.
    snapshot_lookups: tuple[str, ...] = ("snapshot",)
    # Lookups to published snapshots whose data a delete of these rows would cascade into (a draft that a
    # published reform starts from, a unit a published succession names).
    cascade_lookups: tuple[str, ...] = ()

    def frozen_snapshot_ids(self, lookups: tuple[str, ...] | None = None) -> set[int]:
        found: set[int] = set()
        for lookup in self.snapshot_lookups if lookups is None else lookups:
            prefix = f"{lookup}__" if lookup else ""
            rows = self.filter(**{f"{prefix}status": PUBLISHED}).values_list(f"{prefix}pk", flat=True)
            found |= set(rows.order_by().distinct())
        return found

    def _refuse(self) -> None:
        if not _replacing_published.get():
            refuse_published_snapshots(self.frozen_snapshot_ids())

    def update(self, **kwargs):
        self._refuse()
        return super().update(**kwargs)

    update.alters_data = True

    def delete(self):
        self._refuse()
        if not _replacing_published.get():
            refuse_published_snapshots(self.frozen_snapshot_ids(self.cascade_lookups))
        return super().delete()

    delete.alters_data = True
    delete.queryset_only = True

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if not _replacing_published.get():
            refuse_published_snapshots(frozen_by(objs))
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        refuse_published_snapshots(frozen_by(objs))
        return super().bulk_update(objs, fields, *args, **kwargs)


class FrozenWhenPublishedModel(models.Model):
    """Instance saves and deletes refused when the object belongs to a published snapshot."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        refuse_published_snapshots(self.stored_frozen_snapshot_ids())
        # Only the dataset loader, which writes whole validated files, skips the rules that span rows.
        if not _replacing_published.get():
            problem = self.structure_problem()
            if problem:
                raise errors.StructureError(problem)
        super().save(*args, **kwargs)

    def structure_problem(self) -> str | None:
        """Return why saving this object would break a rule that spans rows (a parent in another snapshot), or None."""
        return None

    def delete(self, *args, **kwargs):
        refuse_published_snapshots(self.stored_frozen_snapshot_ids())
        if not _replacing_published.get() and self.pk is not None:
            doomed = self.deleted_with_self()
            refuse_published_snapshots(doomed.frozen_snapshot_ids(doomed.cascade_lookups))
        return super().delete(*args, **kwargs)

    def deleted_with_self(self) -> FrozenWhenPublishedQuerySet:
        """Return the rows deleting this object removes (a unit takes its subtree)."""
        return type(self)._default_manager.filter(pk=self.pk)

    def stored_frozen_snapshot_ids(self) -> set[int]:
        """Return the published-snapshot ids that freeze this object as stored and as it is now."""
        ids = frozen_by([self])
        if self.pk is not None:
            stored = type(self)._base_manager.filter(pk=self.pk).first()
            if stored is not None:
                ids |= frozen_by([stored])
        return ids


def refuse_m2m_change_on_published(sender, instance, action: str, pk_set, **kwargs) -> None:
    """m2m_changed receiver for a succession's units: a published reform's links are frozen."""
    if action not in {"pre_add", "pre_remove", "pre_clear"}:
        return
    if not kwargs["reverse"]:
        refuse_published_snapshots(frozen_by([instance]))
        return
    # unit.successions_out.add(...): the successions named, or on clear all linked ones, are touched.
    succession_model = apps.get_model("structures", "Succession")
    if pk_set is None:
        through = sender.objects.filter(unit_id=instance.pk).values_list("succession_id", flat=True)
        pk_set = set(through)
    refuse_published_snapshots(frozen_by(succession_model.objects.filter(pk__in=pk_set)))
