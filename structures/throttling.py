"""API throttling: anonymous clients by address, and failed HTTP Basic logins by address, at rates read from settings
on every request."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.authentication import BasicScheme
from rest_framework.authentication import BasicAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

LOGIN_THROTTLED = (
    "Too many failed logins from your address (at most {rate}); every HTTP Basic login from it is refused until "
    "the count drops."
)


class AnonymousThrottle(AnonRateThrottle):
    """Throttle anonymous clients at settings.API_ANON_RATE (e.g. "120/minute"; None: unthrottled).

    Counts live in the default cache, so every worker that shares it shares the count.
    """

    def get_rate(self) -> str | None:
        return settings.API_ANON_RATE


class FailedLoginThrottle(SimpleRateThrottle):
    """Count failed HTTP Basic logins per client address, at settings.API_LOGIN_FAILURE_RATE (None: uncounted).

    Like DRF's throttles it reads and writes the count without a lock: two workers may each miss one failure.
    """

    scope = "login-failures"

    def get_rate(self) -> str | None:
        return settings.API_LOGIN_FAILURE_RATE

    def get_ident(self, request: Request) -> str:
        # DRF trusts a client's X-Forwarded-For unless NUM_PROXIES is set, so a guesser could name a new address
        # with every try; without NUM_PROXIES count by the connecting address (behind a proxy: all clients as one).
        if api_settings.NUM_PROXIES is None:
            return request.META.get("REMOTE_ADDR", "")
        return super().get_ident(request)

    def get_cache_key(self, request: Request, view: object = None) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def refuse_if_exhausted(self, request: Request) -> None:
        """Raise Throttled (429 with Retry-After) while this address has used up its failures."""
        if self.rate is None:
            return
        self.key = self.get_cache_key(request)
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        if len(self.history) >= self.num_requests:
            raise Throttled(wait=self.wait(), detail=LOGIN_THROTTLED.format(rate=self.rate))

    def record_failure(self) -> None:
        if self.rate is not None:
            self.throttle_success()  # stores this attempt in the history, as DRF does for an allowed request


class ThrottledBasicAuthentication(BasicAuthentication):
    """HTTP Basic, refused with 429 from an address past its failed logins.

    DRF authenticates before it throttles, so a wrong password answers 401 before any throttle counts it: without
    this, a script could guess passwords as fast as the server answers. Past the limit even a right password is
    refused, or the guesser would learn when it found one.
    """

    def authenticate(self, request: Request):
        auth = get_authorization_header(request).split()
        if not auth or auth[0].lower() != b"basic":
            return None
        throttle = FailedLoginThrottle()
        throttle.refuse_if_exhausted(request)
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            throttle.record_failure()
            raise


class ThrottledBasicScheme(BasicScheme):
    """Document ThrottledBasicAuthentication in the OpenAPI schema as the plain HTTP Basic it is."""

    target_class = ThrottledBasicAuthentication
