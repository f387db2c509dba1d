"""Admin: every model registered; units are edited inside their snapshot, through the services."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import F
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from mptt.admin import DraggableMPTTAdmin
from simple_history.admin import SimpleHistoryAdmin

from structures import admin_pickers as pickers
from structures import errors, guards, services
from structures.admin_drafts import SnapshotDraftMixin
from structures.admin_transfer import SnapshotTransferMixin
from structures.models import (
    CITED_SUBJECTS,
    Citation,
    Organization,
    Reform,
    SecondaryLine,
    Snapshot,
    SourceDocument,
    Succession,
    Unit,
)


class PublishedReadOnlyMixin:
    """Published snapshots are immutable: their objects are shown read-only."""

    def snapshot_of(self, obj) -> Snapshot | None:
        return getattr(obj, "snapshot", None)

    def has_change_permission(self, request, obj=None) -> bool:
        snapshot = self.snapshot_of(obj) if obj is not None else None
        if snapshot is not None and snapshot.is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        snapshot = self.snapshot_of(obj) if obj is not None else None
        if snapshot is not None and snapshot.is_published:
            return False
        return super().has_delete_permission(request, obj)


class UnitInline(admin.TabularInline):
    model = Unit
    fields = ("key", "name_en", "name_zh", "kind", "parent", "head_en", "grade", "posts")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Snapshot)
class SnapshotAdmin(SnapshotDraftMixin, SnapshotTransferMixin, SimpleHistoryAdmin):
    list_display = ("key", "organization", "label_en", "date", "stage", "status", "completeness", "document")
    list_filter = ("organization", "status", "completeness", "stage")
    search_fields = ("key", "label_en", "label_zh")
    inlines = [UnitInline]
    actions = ["publish"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_published:
            return [f.name for f in self.model._meta.fields]
        return ("status", "content_hash", "add_unit")

    @admin.display(description="Units")
    def add_unit(self, obj: Snapshot) -> str:
        if obj.pk is None:
            return "Save the snapshot first."
        url = reverse("admin:structures_unit_add") + f"?snapshot={obj.pk}"
        return format_html('<a class="addlink" href="{}">Add a unit to this snapshot</a>', url)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description="Publish (freeze) the selected drafts", permissions=["publish"])
    def publish(self, request, queryset) -> None:
        for snapshot in queryset:
            try:
                services.publish_snapshot(snapshot=snapshot)
            except errors.StructureError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                self.message_user(request, f'Published "{snapshot.key}".', messages.SUCCESS)


UNIT_FIELDS = ("snapshot", "key", "parent", *services.UNIT_ATTRIBUTES)


class UnitAdminForm(forms.ModelForm):
    """Shows the services' refusals on the form, before anything is saved.

    "Place" and "beside" reorder a unit among its siblings without dragging: the form twin of drag and drop.
    """

    place = forms.ChoiceField(
        choices=[("", "—"), ("left", "just before"), ("right", "just after")], required=False, label="Place"
    )
    beside = forms.ModelChoiceField(queryset=Unit.objects.none(), required=False, label="Beside this unit")

    class Meta:
        model = Unit
        fields = UNIT_FIELDS

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["beside"].queryset = Unit.objects.filter(snapshot_id=self.instance.snapshot_id).exclude(
                pk=self.instance.pk
            )

    def clean(self) -> dict:
        cleaned = super().clean()
        snapshot = cleaned.get("snapshot") or getattr(self.instance, "snapshot", None)
        place, beside = cleaned.get("place"), cleaned.get("beside")
        try:
            if snapshot is not None:
                services.check_editable(snapshot=snapshot)
            if bool(place) != bool(beside):
                raise errors.InvalidMoveError('Choose both "place" and "beside" to reorder a unit.')
            if self.instance.pk and beside is not None:
                if beside.parent_id is None:
                    raise errors.InvalidMoveError(
                        errors.MOVE_BESIDE_TOP.format(unit=self.instance.key, sibling=beside.key)
                    )
                services.check_move(unit=self.instance, new_parent=beside.parent)
            elif self.instance.pk and "parent" in self.changed_data:
                services.check_move(unit=self.instance, new_parent=cleaned.get("parent"))
            # The form leaves out the (read-only) snapshot of a stored unit, so Django skips its key's uniqueness.
            if self.instance.pk and "key" in self.changed_data and cleaned.get("key"):
                services.check_unit_key(snapshot=snapshot, key=cleaned["key"], unit=self.instance)
        except errors.StructureError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return cleaned


class _NothingDeleted(Exception):
    """Rolls back a bulk delete of which any part was refused."""


@admin.register(Unit)
class UnitAdmin(PublishedReadOnlyMixin, SimpleHistoryAdmin, DraggableMPTTAdmin):
    """Units as a tree: drag a row onto another to reparent or reorder it, or change "parent" on the form."""

    form = UnitAdminForm
    list_display = ("tree_actions", "indented_title", "key", "name_zh", "kind", "grade", "posts", "snapshot")
    list_display_links = ("indented_title",)
    expand_tree_by_default = True
    list_filter = ("snapshot",)
    search_fields = ("key", "name_en", "name_zh")
    list_select_related = ("snapshot",)
    fields = (*UNIT_FIELDS, "place", "beside")

    def get_readonly_fields(self, request, obj=None):
        return ("snapshot",) if obj is not None else ()

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.resolver_match and request.resolver_match.url_name == "autocomplete":
            queryset = pickers.autocomplete_scope(request, queryset).annotate(snapshot_key=F("snapshot__key"))
        return queryset, may_have_duplicates

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A parent must come from the unit's own snapshot; offer only those.
        if db_field.name == "parent":
            snapshot_id = request.GET.get("snapshot")
            unit_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            if unit_id:
                snapshot_id = Unit.objects.filter(pk=unit_id).values_list("snapshot_id", flat=True).first()
            if snapshot_id:
                kwargs["queryset"] = Unit.objects.filter(snapshot_id=snapshot_id)
        if db_field.name == "snapshot":
            kwargs["queryset"] = Snapshot.objects.filter(status=Snapshot.Status.DRAFT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            attributes = {f: getattr(obj, f) for f in UNIT_FIELDS if f not in {"snapshot", "key", "parent"}}
            saved = services.create_unit(snapshot=obj.snapshot, key=obj.key, parent=obj.parent, **attributes)
            obj.pk = saved.pk
            return
        if form.cleaned_data.get("beside"):
            services.move_unit(unit=obj, sibling=form.cleaned_data["beside"], position=form.cleaned_data["place"])
        elif "parent" in form.changed_data:
            services.move_unit(unit=obj, new_parent=obj.parent)
        moved = {"parent", "snapshot", "place", "beside"}
        changed = {f: form.cleaned_data[f] for f in form.changed_data if f not in moved}
        if changed:
            services.update_unit(unit=obj, **changed)

    def delete_model(self, request, obj) -> None:
        services.delete_unit(unit=obj)

    def delete_selected_tree(self, modeladmin, request, queryset):
        """Delete the chosen units with their subtrees through delete_unit, all or none, naming each refusal.

        django-mptt's action deleted each unit it was allowed to and then reported "Successfully deleted
        0 items" when none was: a refusal must say what was refused and why.
        """
        if not request.POST.get("post"):
            return super().delete_selected_tree(modeladmin, request, queryset)  # the confirmation page
        refusals: list[str] = []
        deleted = 0
        try:
            with transaction.atomic():
                for unit in queryset.order_by("tree_id", "lft"):
                    if not Unit.objects.filter(pk=unit.pk).exists():
                        continue  # went with an ancestor chosen too
                    try:
                        self.log_deletions(request, [unit])
                        services.delete_unit(unit=unit)
                    except errors.StructureError as exc:
                        refusals.append(str(exc))
                    else:
                        deleted += 1
                if refusals:
                    raise _NothingDeleted
        except _NothingDeleted:
            for message in dict.fromkeys(refusals):
                self.message_user(request, message, messages.ERROR)
            self.message_user(request, "Nothing was deleted.", messages.ERROR)
            return None
        self.message_user(request, f"Deleted {deleted} unit(s) with their subtrees.", messages.SUCCESS)
        return None

    def _move_node(self, request):
        """Apply a drag and drop through move_unit, so it obeys the same rules as every other move."""
        position = request.POST.get("position")
        try:
            unit = Unit.objects.get(pk=request.POST.get("cut_item"))
            target = Unit.objects.get(pk=request.POST.get("pasted_on"))
        except (Unit.DoesNotExist, TypeError, ValueError):
            self.message_user(request, "The units to move are gone; reload the page.", messages.ERROR)
            return HttpResponse("FAIL, unknown unit.", status=400)
        if not self.has_change_permission(request, unit):
            self.message_user(request, "You may not change this unit.", messages.ERROR)
            return HttpResponse("FAIL, no permission.", status=403)
        try:
            if position == "last-child":
                services.move_unit(unit=unit, new_parent=target, position=position)
            else:
                services.move_unit(unit=unit, sibling=target, position=position)
        except errors.StructureError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponse(f"FAIL, {exc}", status=400)
        self.message_user(request, f'Moved "{unit.key}".', messages.SUCCESS)
        return HttpResponse("OK, moved.")


class SecondaryLineAdminForm(forms.ModelForm):
    class Meta:
        model = SecondaryLine
        fields = ("snapshot", "from_unit", "type", "to_unit", "qualifier_en", "qualifier_zh")

    def clean(self) -> dict:
        """Refuse a published snapshot; SecondaryLine.clean() names units outside it and a line to itself."""
        cleaned = super().clean()
        snapshot = cleaned.get("snapshot")
        try:
            if snapshot is not None:
                services.check_editable(snapshot=snapshot)
        except errors.StructureError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return cleaned


@admin.register(SecondaryLine)
class SecondaryLineAdmin(PublishedReadOnlyMixin, SimpleHistoryAdmin):
    form = SecondaryLineAdminForm
    list_display = ("from_unit", "type", "to_unit", "qualifier_en", "snapshot")
    list_filter = ("snapshot", "type")
    autocomplete_fields = ("from_unit", "to_unit")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in ("from_unit", "to_unit"):
            scope = pickers.picker_scope(request, SecondaryLine, "snapshot")
            kwargs["queryset"] = pickers.units_with_snapshot_key()
            kwargs["widget"] = pickers.ScopedAutocompleteSelect(db_field, self.admin_site, scope=scope)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        fields = {f: form.cleaned_data[f] for f in ("from_unit", "to_unit", "type", "qualifier_en", "qualifier_zh")}
        if change:
            services.update_line(line=obj, **fields)
        else:
            obj.pk = services.create_line(snapshot=form.cleaned_data["snapshot"], **fields).pk

    def delete_model(self, request, obj) -> None:
        services.delete_line(line=obj)


class SuccessionAdminForm(forms.ModelForm):
    class Meta:
        model = Succession
        fields = ("reform", "type", "from_units", "to_units", "summary_en", "summary_zh")

    def clean(self) -> dict:
        cleaned = super().clean()
        reform = cleaned.get("reform")
        if reform is not None:
            try:
                services.check_succession(
                    reform=reform, from_units=cleaned.get("from_units", []), to_units=cleaned.get("to_units", [])
                )
            except errors.StructureError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return cleaned


@admin.register(Succession)
class SuccessionAdmin(SimpleHistoryAdmin):
    form = SuccessionAdminForm
    list_display = ("reform", "type", "summary_en")
    list_filter = ("reform", "type")
    autocomplete_fields = ("from_units", "to_units")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in ("from_units", "to_units"):
            scope = pickers.picker_scope(request, Succession, "reform")
            kwargs["queryset"] = pickers.units_with_snapshot_key()
            kwargs["widget"] = pickers.ScopedAutocompleteSelectMultiple(db_field, self.admin_site, scope=scope)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.reform.after.is_published:
            return False
        return super().has_change_permission(request, obj)

    has_delete_permission = has_change_permission

    def save_model(self, request, obj, form, change) -> None:
        data = form.cleaned_data
        fields = {
            "type": data["type"],
            "from_units": list(data["from_units"]),
            "to_units": list(data["to_units"]),
            "summary_en": data["summary_en"],
            "summary_zh": data["summary_zh"],
        }
        if change:
            services.update_succession(succession=obj, **fields)
        else:
            obj.pk = services.create_succession(reform=data["reform"], **fields).pk

    def save_related(self, request, form, formsets, change) -> None:
        """The units were saved by save_model through the services; only inlines would remain."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj) -> None:
        services.delete_succession(succession=obj)


REFORM_FIELDS = ("key", "name_en", "name_zh", "document", "before", "after")


class ReformAdminForm(forms.ModelForm):
    """The reform's organization is its snapshots'; Reform.clean() names a reform across organizations or backwards."""

    class Meta:
        model = Reform
        fields = REFORM_FIELDS

    def clean(self) -> dict:
        cleaned = super().clean()
        stored = Reform.objects.select_related("before", "after").filter(pk=self.instance.pk).first()
        candidate = Reform(
            pk=self.instance.pk,
            **{name: cleaned.get(name, getattr(stored, name, None)) for name in REFORM_FIELDS},
        )
        if candidate.after is None:
            return cleaned
        self.instance.organization_id = candidate.after.organization_id
        try:
            services.check_reform_editable(reform=candidate, stored=stored)
        except errors.StructureError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return cleaned


@admin.register(Reform)
class ReformAdmin(SimpleHistoryAdmin):
    form = ReformAdminForm
    list_display = ("key", "name_en", "before", "after", "document")
    list_filter = ("organization",)
    search_fields = ("key", "name_en", "name_zh")

    def get_readonly_fields(self, request, obj=None):
        # A published reform is shown as it is; saving it anyway is refused on the form by name.
        if obj is not None and obj.after.is_published:
            return (*REFORM_FIELDS, "organization")
        return ("organization",)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.after.is_published:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change) -> None:
        fields = {name: form.cleaned_data[name] for name in REFORM_FIELDS if name in form.cleaned_data}
        if change:
            services.update_reform(reform=obj, **{name: fields[name] for name in form.changed_data})
        else:
            obj.pk = services.create_reform(**fields).pk

    def delete_model(self, request, obj) -> None:
        services.delete_reform(reform=obj)


CITATION_FIELDS = ("document", "paragraph", "position", *CITED_SUBJECTS)


class CitationAdminForm(forms.ModelForm):
    class Meta:
        model = Citation
        fields = CITATION_FIELDS

    def clean(self) -> dict:
        cleaned = super().clean()
        stored = Citation.objects.filter(pk=self.instance.pk).first()
        candidate = Citation(
            pk=self.instance.pk,
            **{name: cleaned.get(name, getattr(stored, name, None)) for name in CITATION_FIELDS},
        )
        try:
            # The model's constraint names a citation without exactly one subject; this adds published snapshots.
            if sum(getattr(candidate, f"{name}_id") is not None for name in CITED_SUBJECTS) == 1:
                services.check_citation(citation=candidate)
        except errors.StructureError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return cleaned


@admin.register(Citation)
class CitationAdmin(SimpleHistoryAdmin):
    form = CitationAdminForm
    list_display = ("document", "paragraph", "unit", "line", "succession", "snapshot", "reform")
    list_filter = ("document",)
    raw_id_fields = CITED_SUBJECTS

    def _published(self, obj) -> bool:
        return obj is not None and bool(guards.published_among(obj.stored_frozen_snapshot_ids()))

    def has_change_permission(self, request, obj=None) -> bool:
        return not self._published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not self._published(obj) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change) -> None:
        fields = {name: form.cleaned_data[name] for name in CITATION_FIELDS}
        if change:
            services.update_citation(citation=obj, **fields)
        else:
            obj.pk = services.create_citation(**fields).pk

    def delete_model(self, request, obj) -> None:
        services.delete_citation(citation=obj)


admin.site.register(Organization)
admin.site.register(SourceDocument)
