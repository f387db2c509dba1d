"""Embed pages: the chart and compare pages without the site's header, made to sit in another site's iframe.

They render through the page views themselves, so an embed always shows what the full page shows; base.html
drops the header when `request.orgchart_embed` is set, and only these responses may be framed.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from orgchart.middleware import embeddable
from structures import views


def _as_embed(request: HttpRequest, full_url: str) -> None:
    request.orgchart_embed = True
    request.orgchart_full_url = full_url


def snapshot_chart(request: HttpRequest, key: str) -> HttpResponse:
    _as_embed(request, reverse("snapshot", args=[key]))
    return embeddable(views.snapshot_chart(request, key))


def compare(request: HttpRequest) -> HttpResponse:
    query = request.GET.urlencode()
    _as_embed(request, f"{reverse('compare')}{'?' + query if query else ''}")
    return embeddable(views.compare(request))
