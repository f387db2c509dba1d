"""Admin: every model registered; units are edited inside their snapshot, through the services."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from mptt.admin import MPTTModelAdmin

from structures import errors, services
from structures.models import (
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
class SnapshotAdmin(admin.ModelAdmin):
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

    @admin.action(description="Publish (freeze) the selected drafts")
    def publish(self, request, queryset) -> None:
        for snapshot in queryset:
            try:
                services.publish_snapshot(snapshot=snapshot)
            except errors.StructureError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                self.message_user(request, f'Published "{snapshot.key}".', messages.SUCCESS)


UNIT_FIELDS = (
    "snapshot",
    "key",
    "parent",
    "parent_unknown",
    "name_en",
    "name_zh",
    "aliases",
    "kind",
    "head_en",
    "head_zh",
    "grade",
    "posts",
    "shared",
    "note_en",
    "note_zh",
)


class UnitAdminForm(forms.ModelForm):
    """Shows the services' refusals on the form, before anything is saved."""

    class Meta:
        model = Unit
        fields = UNIT_FIELDS

    def clean(self) -> dict:
        cleaned = super().clean()
        snapshot = cleaned.get("snapshot") or getattr(self.instance, "snapshot", None)
        try:
            if snapshot is not None:
                services.check_editable(snapshot=snapshot)
            if self.instance.pk and "parent" in self.changed_data:
                services.check_move(unit=self.instance, new_parent=cleaned.get("parent"))
        except errors.StructureError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return cleaned


@admin.register(Unit)
class UnitAdmin(PublishedReadOnlyMixin, MPTTModelAdmin):
    form = UnitAdminForm
    list_display = ("key", "name_en", "name_zh", "kind", "grade", "posts", "snapshot")
    list_filter = ("snapshot",)
    search_fields = ("key", "name_en", "name_zh")
    list_select_related = ("snapshot",)
    fields = UNIT_FIELDS

    def get_readonly_fields(self, request, obj=None):
        return ("snapshot",) if obj is not None else ()

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
        if "parent" in form.changed_data:
            services.move_unit(unit=obj, new_parent=obj.parent)
        changed = {f: form.cleaned_data[f] for f in form.changed_data if f not in {"parent", "snapshot"}}
        if changed:
            services.update_unit(unit=obj, **changed)

    def delete_model(self, request, obj) -> None:
        services.delete_unit(unit=obj)


@admin.register(SecondaryLine)
class SecondaryLineAdmin(PublishedReadOnlyMixin, admin.ModelAdmin):
    list_display = ("from_unit", "type", "to_unit", "qualifier_en", "snapshot")
    list_filter = ("snapshot", "type")
    raw_id_fields = ("from_unit", "to_unit")


@admin.register(Succession)
class SuccessionAdmin(admin.ModelAdmin):
    list_display = ("reform", "type", "summary_en")
    list_filter = ("reform", "type")
    raw_id_fields = ("from_units", "to_units")

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.reform.after.is_published:
            return False
        return super().has_change_permission(request, obj)

    has_delete_permission = has_change_permission


@admin.register(Reform)
class ReformAdmin(admin.ModelAdmin):
    list_display = ("key", "name_en", "before", "after", "document")


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ("document", "paragraph", "unit", "line", "succession", "snapshot", "reform")
    list_filter = ("document",)
    raw_id_fields = ("unit", "line", "succession", "snapshot", "reform")


admin.site.register(Organization)
admin.site.register(SourceDocument)
