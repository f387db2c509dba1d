"""Settings for `make bench`: the app's own settings, production-like (DEBUG off), on a scratch database."""

import os

import dj_database_url

from orgchart.settings import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Static files straight from the app folders, as in development, so no collectstatic is needed.
WHITENOISE_USE_FINDERS = True
# Unthrottled: the benchmark sends thousands of requests from one address.
API_ANON_RATE = None
ROOT_URLCONF = "bench.urls"
DATABASES = {"default": tuned_database(dj_database_url.parse(os.environ["BENCH_DATABASE_URL"], conn_max_age=600))}  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
# As in production (DEBUG off): published pages and API bodies are served from the cache once built; the server
# bench times both ways.
API_CACHE_SECONDS = 86400
PAGE_CACHE_SECONDS = 86400
