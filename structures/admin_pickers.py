"""Unit pickers in the admin: autocompletes scoped to the snapshot or reform a form is about, labelled by snapshot.

Every snapshot holds a unit "eosg"; a search across all of them would offer a dozen identical names.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.db.models import F

from structures.models import Reform, Snapshot, Unit


def units_with_snapshot_key():
    """Return units labelled with their snapshot's key, for pickers that could offer several snapshots' units."""
    return Unit.objects.annotate(snapshot_key=F("snapshot__key"))


class ScopedAutocompleteMixin:
    """An autocomplete whose requests name the snapshot (or reform) the form is about, so it offers only its units."""

    def __init__(self, *args, scope: dict[str, int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.scope = scope

    def get_url(self) -> str:
        url = super().get_url()
        return f"{url}?{urlencode(self.scope)}" if self.scope else url


class ScopedAutocompleteSelect(ScopedAutocompleteMixin, AutocompleteSelect):
    pass


class ScopedAutocompleteSelectMultiple(ScopedAutocompleteMixin, AutocompleteSelectMultiple):
    pass


def int_or_none(value) -> int | None:
    """Return a query parameter as a number, or None when it is missing or not one."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def edited_id(request) -> int | None:
    """Return the id of the object a change page edits, or None on an add page."""
    return int_or_none(request.resolver_match.kwargs.get("object_id")) if request.resolver_match else None


# Autocomplete fields that only a draft's units may fill: a line lives in a draft, a succession leads to one.
DRAFT_UNIT_FIELDS = {("secondaryline", "from_unit"), ("secondaryline", "to_unit"), ("succession", "to_units")}


def picker_scope(request, model, field: str) -> dict[str, int]:
    """Return the autocomplete scope of a unit picker on `model`'s form: {field: id} of the edited row's `field`
    (a snapshot or a reform), else of the `?field=` the add form was opened with; {} when neither says."""
    edited = edited_id(request)
    if edited:
        scope_id = model.objects.filter(pk=edited).values_list(f"{field}_id", flat=True).first()
    else:
        scope_id = int_or_none(request.GET.get(field))
    return {field: scope_id} if scope_id else {}


def autocomplete_scope(request, queryset):
    """Offer the units of the snapshot the form names (?snapshot=, or the side of ?reform=), else of drafts."""
    field = (request.GET.get("model_name"), request.GET.get("field_name"))
    reform_id = int_or_none(request.GET.get("reform"))
    reform = Reform.objects.filter(pk=reform_id).first() if reform_id is not None else None
    if reform is not None and field == ("succession", "from_units"):
        return queryset.filter(snapshot_id=reform.before_id)
    if reform is not None and field == ("succession", "to_units"):
        return queryset.filter(snapshot_id=reform.after_id)
    snapshot_id = int_or_none(request.GET.get("snapshot"))
    if snapshot_id is not None:
        return queryset.filter(snapshot_id=snapshot_id)
    if field in DRAFT_UNIT_FIELDS:
        return queryset.filter(snapshot__status=Snapshot.Status.DRAFT)
    return queryset
