"""Test settings: fast hashing, in-memory cache and mail, plain static storage."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
MEDIA_ROOT = BASE_DIR / "test-media"  # noqa: F405
PRIVATE_MEDIA_ROOT = BASE_DIR / "test-media" / "private"  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared-cache memory: threads then wait on SQLite's lock as in production
    # instead of failing with "table is locked".
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}  # noqa: F405
# Two suites at once on one machine (two checkouts, or CI beside a developer) each need their own
# (pytest-xdist's workers add _gw0, _gw1...). The page cache's purge log is each suite's and each
# worker's own without a setting: it is in tempfile's folder, which tests/conftest.py makes theirs.
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ["TEST_DATABASE_NAME"]  # noqa: F405
# Serve static files from the finders: the suite never runs collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
LOGGING["loggers"]["django.request"]["level"] = "ERROR"  # noqa: F405 - 500s print their traceback
