"""API throttling: anonymous clients by address, at a rate read from settings on every request."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousThrottle(AnonRateThrottle):
    """Throttle anonymous clients at settings.API_ANON_RATE (e.g. "120/minute"; None: unthrottled).

    Counts live in the default cache, so every worker that shares it shares the count.
    """

    def get_rate(self) -> str | None:
        return settings.API_ANON_RATE
