"""Response headers every page shares: a Content Security Policy and compression outside the admin."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.middleware.gzip import GZipMiddleware

# No inline script and no script from another host anywhere; json_script data blocks are not executed.
POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def embeddable(response: HttpResponse) -> HttpResponse:
    """Mark a response as one other sites may frame (the embed pages only)."""
    response.orgchart_embeddable = True
    response.xframe_options_exempt = True
    return response


def content_security_policy(*, embeddable_page: bool) -> str:
    policy = dict(POLICY)
    if embeddable_page:
        policy["frame-ancestors"] = list(settings.EMBED_FRAME_ANCESTORS)
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in policy.items())


class ContentSecurityPolicyMiddleware:
    """Send the policy on every response that does not set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = content_security_policy(
                embeddable_page=getattr(response, "orgchart_embeddable", False)
            )
        return response


class CompressionMiddleware(GZipMiddleware):
    """Compress API, pages and embeds, but not the admin, whose pages carry CSRF tokens (BREACH)."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if request.path.startswith("/admin/"):
            return response
        return super().process_response(request, response)


class RejectNulCharactersMiddleware:
    """Refuse a request whose path or query holds a NUL character, naming where, before any view runs.

    PostgreSQL cannot store or compare text with NUL bytes and fails with a server error; SQLite accepts them.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            return _bad_request(request, "The URL path contains a NUL character.")
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                shown = name.replace("\x00", "\\x00")
                return _bad_request(request, f'Query parameter "{shown}" contains a NUL character.')
        return self.get_response(request)


def _bad_request(request, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
