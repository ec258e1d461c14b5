"""Production settings for a gunicorn of the fault tests: everything as in production (Redis
cache from REDIS_URL, DEBUG off, HTTPS behind a proxy) but static files served from the finders,
so the test needs no collectstatic."""

from cms.settings.production import *  # noqa: F403

STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
