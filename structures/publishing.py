"""What stops a draft from being published: reads only, so the admin can show them before trying."""

from __future__ import annotations

from structures import errors
from structures.models import Snapshot, Succession, Unit
from structures.tree import nested_set_problems

LISTED_AT_MOST = 20


def unaccounted_units(snapshot: Snapshot) -> dict[str, list[str]]:
    """Map each earlier snapshot a reform leads from to its unit keys the draft neither keeps nor accounts for.

    A unit is kept when the draft has a unit with its key, and accounted for when a succession other
    than the pre-filled "unchanged" one names it (abolished, merged into another, moved...).
    """
    kept = set(Unit.objects.filter(snapshot=snapshot).values_list("key", flat=True))
    missing: dict[str, list[str]] = {}
    for reform in snapshot.reforms_in.select_related("before"):
        earlier = Unit.objects.filter(snapshot=reform.before).order_by("tree_id", "lft").values_list("pk", "key")
        accounted = set(
            Succession.from_units.through.objects.filter(succession__reform=reform)
            .exclude(succession__type=Succession.Type.UNCHANGED)
            .values_list("unit_id", flat=True)
        )
        keys = [key for pk, key in earlier if key not in kept and pk not in accounted]
        if keys:
            missing[reform.before.key] = keys
    return missing


def publish_problems(snapshot: Snapshot) -> list[str]:
    """Return every reason this draft cannot be published yet (empty when it can)."""
    problems: list[str] = []
    if snapshot.is_published:
        return [errors.SNAPSHOT_PUBLISHED.format(snapshot=snapshot.key)]
    rows = Unit.objects.filter(snapshot=snapshot).order_by("tree_id", "lft")
    damaged = nested_set_problems(rows.values_list("key", "parent__key", "tree_id", "lft", "rght", "level"))
    if damaged:
        problems.append(errors.PUBLISH_BAD_TREE.format(snapshot=snapshot.key, problems="; ".join(damaged[:5])))
    if not snapshot.is_partial:
        for before, keys in unaccounted_units(snapshot).items():
            shown = ", ".join(keys[:LISTED_AT_MOST])
            if len(keys) > LISTED_AT_MOST:
                shown += f" and {len(keys) - LISTED_AT_MOST} more"
            problems.append(
                errors.PUBLISH_UNACCOUNTED.format(snapshot=snapshot.key, count=len(keys), before=before, units=shown)
            )
    return problems
