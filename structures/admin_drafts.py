"""Admin for the draft workflow: start a draft from a snapshot, publish it, and read what changed in it."""

from __future__ import annotations

from itertools import chain

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from structures import errors, services
from structures.models import Citation, Reform, SecondaryLine, Snapshot, SourceDocument, Succession, Unit
from structures.publishing import publish_problems

PUBLISH_PERMISSION = "structures.publish_snapshot"
HISTORY_LIMIT = 500


class NewDraftForm(forms.Form):
    key = forms.SlugField(label=_("Key of the new draft"), max_length=80)
    label_en = forms.CharField(label=_("Label (English)"), max_length=300)
    label_zh = forms.CharField(label=_("Label (Chinese)"), max_length=300)
    document = forms.ModelChoiceField(
        label=_("Source document"),
        queryset=SourceDocument.objects.all(),
        required=False,
        help_text=_("The document that proposes the reform; empty keeps the source snapshot's document."),
    )
    partial = forms.BooleanField(
        label=_("Partial"),
        required=False,
        help_text=_(
            "Tick when the draft will describe only part of the structure: publishing then does not ask "
            "what became of every unit of the source."
        ),
    )


def _changed_fields(record) -> str:
    """Name the fields a historical record changed, compared with the record before it."""
    if record.history_type != "~":
        return ""
    previous = record.prev_record
    if previous is None:
        return ""
    delta = record.diff_against(previous)
    return ", ".join(f"{change.field}: {change.old!r} → {change.new!r}" for change in delta.changes)


def draft_history(snapshot: Snapshot, limit: int = HISTORY_LIMIT) -> list[dict]:
    """Return the latest changes to a snapshot's own row, units, lines, successions and citations, newest first."""
    reforms = list(Reform.objects.filter(after=snapshot).values_list("pk", flat=True))
    units = Unit.history.filter(snapshot_id=snapshot.pk)
    sources = [
        ("snapshot", Snapshot.history.filter(id=snapshot.pk)),
        ("unit", units),
        ("secondary line", SecondaryLine.history.filter(snapshot_id=snapshot.pk)),
        ("succession", Succession.history.filter(reform_id__in=reforms)),
        ("citation", Citation.history.filter(unit_id__in=set(units.values_list("id", flat=True)))),
    ]
    records = chain.from_iterable(
        ((kind, record) for record in queryset.select_related("history_user").order_by("-history_date")[:limit])
        for kind, queryset in sources
    )
    newest = sorted(records, key=lambda item: item[1].history_date, reverse=True)[:limit]
    kinds = {"+": _("added"), "~": _("changed"), "-": _("deleted")}
    return [
        {
            "when": record.history_date,
            "who": record.history_user or _("(no user: a script or the shell)"),
            "kind": kind,
            "action": kinds[record.history_type],
            "object": str(record.instance) if kind != "succession" else f"{record.type}: {record.summary_en}",
            "changes": _changed_fields(record),
        }
        for kind, record in newest
    ]


class SnapshotDraftMixin:
    """Adds "new draft from this snapshot", a checked publish and the history of a draft to the Snapshot admin."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/new-draft/", wrap(self.new_draft_view), name="{}_{}_new_draft".format(*info)),
            path("<path:object_id>/publish/", wrap(self.publish_view), name="{}_{}_publish".format(*info)),
            path("<path:object_id>/changes/", wrap(self.changes_view), name="{}_{}_changes".format(*info)),
            *super().get_urls(),
        ]

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(PUBLISH_PERMISSION)

    def _snapshot(self, request: HttpRequest, object_id: str) -> Snapshot:
        snapshot = get_object_or_404(Snapshot, pk=object_id)
        if not self.has_view_permission(request, snapshot):
            raise PermissionDenied
        return snapshot

    def new_draft_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        source = self._snapshot(request, object_id)
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = NewDraftForm(request.POST or None, initial={"key": f"{source.key}-next"})
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                draft = services.start_draft(
                    source=source,
                    key=data["key"],
                    label_en=data["label_en"],
                    label_zh=data["label_zh"],
                    document=data["document"],
                    completeness=Snapshot.Completeness.PARTIAL if data["partial"] else Snapshot.Completeness.COMPLETE,
                )
            except errors.StructureError as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(
                    request,
                    _('Draft "%(key)s" copies "%(source)s".') % {"key": draft.key, "source": source.key},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:structures_snapshot_change", args=[draft.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _('New draft from "%(key)s"') % {"key": source.key},
            "source": source,
            "snapshot": source,
            "form": form,
        }
        return TemplateResponse(request, "admin/structures/snapshot/new_draft.html", context)

    def publish_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        snapshot = self._snapshot(request, object_id)
        if not self.has_publish_permission(request):
            raise PermissionDenied
        problems = publish_problems(snapshot)
        if request.method == "POST" and not problems:
            try:
                services.publish_snapshot(snapshot=snapshot)
            except errors.StructureError as exc:
                problems = str(exc).splitlines()
            else:
                self.message_user(request, _('Published "%(key)s".') % {"key": snapshot.key}, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:structures_snapshot_change", args=[snapshot.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _('Publish "%(key)s"') % {"key": snapshot.key},
            "snapshot": snapshot,
            "problems": problems,
        }
        return TemplateResponse(request, "admin/structures/snapshot/publish.html", context)

    def changes_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        snapshot = self._snapshot(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _('Changes to "%(key)s"') % {"key": snapshot.key},
            "snapshot": snapshot,
            "records": draft_history(snapshot),
            "limit": HISTORY_LIMIT,
        }
        return TemplateResponse(request, "admin/structures/snapshot/changes.html", context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.has_publish_permission(request):
            actions.pop("publish", None)
        return actions
