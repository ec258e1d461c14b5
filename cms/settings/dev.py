"""Local development: DEBUG on, a fixed dev-only key, mail printed to the console."""

from .base import *  # noqa: F403
from .base import env_bool, env_list, os

DEBUG = True
# A key for local development only; production.py refuses to run without DJANGO_SECRET_KEY.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "dev-only-insecure-key-terbit-kpu-banten"  # noqa: F405, S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Plain static storage: `runserver` needs no collectstatic.
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Pages are not stored for anonymous visitors while developing (templates change): PAGE_CACHE=1 to try it.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", False)
