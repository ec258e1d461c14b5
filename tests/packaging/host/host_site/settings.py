"""A minimal Wagtail site that installs the SOP engine from its wheel: no news, no home."""

import os
from pathlib import Path

DATA = Path(os.environ["HOST_DATA_DIR"])

SECRET_KEY = "host-project-test-only"  # noqa: S105 - a throwaway site in a temporary folder
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost"]

INSTALLED_APPS = [
    "kegiatan",
    "wagtail.contrib.settings",
    "wagtail_modeladmin",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "sop_workflow",
]

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sop_workflow.visibility.HiddenPageMiddleware",
    "sop_workflow.middleware.SOPRefusalMiddleware",
]

ROOT_URLCONF = "host_site.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": DATA / "host.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LANGUAGE_CODE = "id"
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True
STATIC_URL = "/static/"
MEDIA_ROOT = DATA / "media"
MEDIA_URL = "/media/"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

WAGTAIL_SITE_NAME = "Dinas Contoh"
WAGTAILADMIN_BASE_URL = "http://localhost"
WAGTAILADMIN_COMMENTS_ENABLED = False

# The SOP engine's settings (sop_workflow/conf.py and its README section).
WAGTAIL_FINISH_WORKFLOW_ACTION = "sop_workflow.finish.publish_workflow_state"
PRIVATE_MEDIA_ROOT = DATA / "private-media"
SURAT_MASUK_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
SOP_JAM_KERJA = dict.fromkeys(range(5), ("07:30", "16:00"))
SOP_LIBUR_NASIONAL = False
SOP_JAM_DINDING_MENDESAK = True
SOP_ATASAN = {"Penulis": "Kasubag", "Web Admin": "Kasubag", "Kasubag": "Kabag", "Kabag": "Sekretaris"}
SOP_INSTITUTION_NAME = "Dinas Contoh"
