"""Response headers every page shares: a Content Security Policy and compression outside the admin."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
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
