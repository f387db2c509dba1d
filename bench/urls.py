"""The app's URLs plus what the benchmark compares them with: an empty view and the browser floor and peers."""

from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.urls import path, re_path
from django.views.static import serve

from orgchart.urls import urlpatterns as app_urlpatterns

BENCH_DIR = Path(__file__).resolve().parent


def empty(request: HttpRequest) -> HttpResponse:
    """Answer with nothing: the cheapest response Django's full middleware stack can give."""
    return HttpResponse(b"")


urlpatterns = [
    path("bench/empty/", empty),
    re_path(r"^bench/pages/(?P<path>.*)$", serve, {"document_root": BENCH_DIR / "pages"}),
    re_path(r"^bench/node_modules/(?P<path>.*)$", serve, {"document_root": BENCH_DIR / "node_modules"}),
    re_path(r"^bench/data/(?P<path>.*)$", serve, {"document_root": BENCH_DIR / "data"}),
    *app_urlpatterns,
]
