"""Admin import and export of snapshots: upload, preview, confirm; download as dataset TOML or CSV.

The views only move bytes and messages: planning and writing live in structures/import_services.py.
"""

from __future__ import annotations

import base64
import secrets

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from structures import errors, import_services, transfer
from structures.models import Snapshot

# Importing replaces units, lines, figures and citations; creating snapshots needs add_snapshot too.
IMPORT_PERMISSIONS = (
    "structures.change_snapshot",
    "structures.add_unit",
    "structures.change_unit",
    "structures.delete_unit",
)
CREATE_PERMISSION = "structures.add_snapshot"
# Whoever may publish (a superuser, or the permission the publishers group holds) may import published snapshots.
PUBLISH_PERMISSION = "structures.publish_snapshot"
# The upload waits in the session between preview and confirmation. Sessions live in the database (or the
# shared cache), so every worker on every machine sees them, unlike a temporary file; a signed hidden field
# would send up to 5 MB back and forth through the browser. Only the last upload is kept, and it is parsed
# and validated again on confirmation, which must match the previewed plan (its digest).
SESSION_KEY = "structures_pending_import"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("A dataset file (.toml, the format of dataset/*.toml) or a CSV of units (.csv)."),
    )
    into = forms.ModelChoiceField(
        label=_("Into draft"),
        queryset=Snapshot.objects.filter(status=Snapshot.Status.DRAFT).order_by("key"),
        to_field_name="key",
        required=False,
        help_text=_("Required for a CSV: the draft whose units it replaces. Optional for a one-snapshot file."),
    )


def _may_publish(request: HttpRequest) -> bool:
    return request.user.has_perm(PUBLISH_PERMISSION)


class SnapshotTransferMixin:
    """Adds import (upload, preview, confirm) and export (TOML, CSV) to the Snapshot admin."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name="{}_{}_import".format(*info)),
            path("import/confirm/", wrap(self.import_confirm_view), name="{}_{}_import_confirm".format(*info)),
            path("<path:object_id>/export.toml", wrap(self.export_toml_view), name="{}_{}_export_toml".format(*info)),
            path("<path:object_id>/export.csv", wrap(self.export_csv_view), name="{}_{}_export_csv".format(*info)),
            *super().get_urls(),
        ]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_view_permission(request):
            action = SnapshotTransferMixin.export_selected
            actions["export_selected"] = (action, "export_selected", action.short_description)
        return actions

    # --- Export ---------------------------------------------------------------------------------

    def export_selected(self, request, queryset):
        snapshots = list(queryset.select_related("document", "organization").in_timeline_order())
        try:
            file = import_services.export_file(snapshots)
        except errors.StructureError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return None
        name = snapshots[0].key if len(snapshots) == 1 else file.document.symbol.replace("/", "-")
        return _download(transfer.dataset_toml(file), f"{name}.toml", "application/toml")

    export_selected.short_description = _("Export the selected snapshots as a dataset file (TOML)")

    def _snapshot_for_export(self, request, object_id) -> Snapshot:
        snapshot = get_object_or_404(Snapshot.objects.select_related("document", "organization"), pk=object_id)
        if not self.has_view_permission(request, snapshot):
            raise PermissionDenied
        return snapshot

    def export_toml_view(self, request, object_id):
        snapshot = self._snapshot_for_export(request, object_id)
        return _download(import_services.export_toml(snapshot), f"{snapshot.key}.toml", "application/toml")

    def export_csv_view(self, request, object_id):
        snapshot = self._snapshot_for_export(request, object_id)
        return _download(import_services.export_csv(snapshot), f"{snapshot.key}.csv", "text/csv")

    # --- Import ---------------------------------------------------------------------------------

    def _check_import_permission(self, request) -> None:
        if not request.user.has_perms(IMPORT_PERMISSIONS):
            raise PermissionDenied

    def _render(self, request, template: str, context: dict, status: int = 200) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import snapshots"),
            "max_megabytes": transfer.MAX_IMPORT_BYTES // (1024 * 1024),
            **context,
        }
        return TemplateResponse(request, f"admin/structures/snapshot/{template}", context, status=status)

    def import_view(self, request):
        self._check_import_permission(request)
        if request.method != "POST":
            form = ImportForm(initial={"into": request.GET.get("into")})
            return self._render(request, "import_form.html", {"form": form})
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, "import_form.html", {"form": form}, status=400)
        upload = form.cleaned_data["file"]
        into = form.cleaned_data["into"].key if form.cleaned_data["into"] else None
        problems: list[str] = []
        # Refuse an oversized upload from its size alone, before reading it.
        if transfer.check_size(upload.name, upload.size, problems):
            raw = upload.read()
            try:
                plan = import_services.plan_import(
                    name=upload.name, raw=raw, into=into, may_publish=_may_publish(request)
                )
            except errors.DatasetError as exc:
                problems = exc.problems
        if problems:
            return self._render(request, "import_form.html", {"form": form, "problems": problems}, status=400)
        creates = any(p.action == transfer.CREATE for p in plan.snapshots)
        if creates and not request.user.has_perm(CREATE_PERMISSION):
            raise PermissionDenied
        token = secrets.token_urlsafe(16)
        request.session[SESSION_KEY] = {
            "token": token,
            "name": upload.name,
            "raw": base64.b64encode(raw).decode("ascii"),
            "into": into,
            "digest": plan.digest,
        }
        return self._render(request, "import_preview.html", {"plan": plan, "token": token})

    def import_confirm_view(self, request):
        self._check_import_permission(request)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:structures_snapshot_import"))
        return _confirm(self, request)


def _confirm(admin, request) -> HttpResponse:
    """Apply the upload waiting in the session, exactly as previewed, or say why not."""
    pending = request.session.get(SESSION_KEY)
    if not pending or not secrets.compare_digest(pending["token"], request.POST.get("token", "")):
        admin.message_user(request, errors.IMPORT_NOTHING_PENDING, messages.ERROR)
        return HttpResponseRedirect(reverse("admin:structures_snapshot_import"))
    try:
        plan = import_services.apply_import(
            name=pending["name"],
            raw=base64.b64decode(pending["raw"]),
            into=pending["into"],
            may_publish=_may_publish(request),
            expected_digest=pending["digest"],
        )
    except errors.DatasetError as exc:
        for problem in exc.problems:
            admin.message_user(request, problem, messages.ERROR)
        return HttpResponseRedirect(reverse("admin:structures_snapshot_import"))
    except errors.StructureError as exc:
        admin.message_user(request, str(exc), messages.ERROR)
        return HttpResponseRedirect(reverse("admin:structures_snapshot_import"))
    finally:
        request.session.pop(SESSION_KEY, None)
    keys = ", ".join(p.key for p in plan.snapshots)
    admin.message_user(request, _("Imported %(name)s: %(keys)s.") % {"name": plan.name, "keys": keys}, messages.SUCCESS)
    return HttpResponseRedirect(reverse("admin:structures_snapshot_changelist"))


def _download(text: str, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(text.encode("utf-8"), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
