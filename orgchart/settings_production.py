"""Production settings: everything from environment variables, safe to put behind a TLS-terminating proxy.

Required: DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL. Optional: CACHE_URL (a cache every worker
shares, e.g. redis://cache:6379/0), DJANGO_CSRF_TRUSTED_ORIGINS, DJANGO_HSTS_SECONDS, ORGCHART_API_ANON_RATE,
ORGCHART_API_CACHE_SECONDS, ORGCHART_EMBED_FRAME_ANCESTORS, DJANGO_STATIC_ROOT.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from orgchart.settings import *  # noqa: F403
from orgchart.settings import STATIC_ROOT, STORAGES


def required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the environment variable {name} for production (see README, Deployment).")
    return value


DEBUG = False
SECRET_KEY = required("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in required("DJANGO_ALLOWED_HOSTS").split(",") if host.strip()]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
required("DATABASE_URL")  # read by orgchart.settings through dj-database-url

# The reverse proxy terminates TLS and says so in X-Forwarded-Proto; it must overwrite that header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# Compressed, content-hashed static files served by WhiteNoise (run `manage.py collectstatic` first).
STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT", str(STATIC_ROOT))
WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}

API_CACHE_SECONDS = int(os.environ.get("ORGCHART_API_CACHE_SECONDS", "3600"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
