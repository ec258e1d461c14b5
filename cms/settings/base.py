"""Settings shared by every environment.

Everything secret or deployment-specific is read from the environment; the values here are
safe defaults. ``dev.py`` loosens them for a laptop, ``production.py`` refuses to start without
the secrets, ``test.py`` makes the suite fast.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# --- Applications ---------------------------------------------------------------------------

INSTALLED_APPS = [
    "users.apps.UsersConfig",
    "home",
    "news",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.contrib.sitemaps",
    "home.apps.FrontendCacheConfig",  # wagtail.contrib.frontend_cache, purged after commit
    "django.contrib.sitemaps",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail_modeladmin",
    "wagtail.embeds",
    "wagtail.sites",
    "users.apps.TerbitWagtailUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    # After wagtail.admin: its ready() replaces Wagtail's workflow emails with the SOP's own.
    "sop_workflow",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Refuses an oversized request from its Content-Length, before anything reads the body.
    "cms.middleware.RequestBodyLimitMiddleware",
    # Directly after SecurityMiddleware, so static files skip the rest of the stack.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Then stored pages for anonymous visitors, skipping everything below (home/page_cache.py).
    "home.page_cache.PageCacheMiddleware",
    "home.page_cache.CachedSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every 403 logged with user, path and reason (logger "terbit.security", users/refusals.py).
    "users.refusals.RefusalLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Every search query (admin and public) bounded in length and words (cms/query_limits.py).
    "cms.query_limits.SearchQueryLimitMiddleware",
    # Logs out a session older than SESSION_ABSOLUTE_SECONDS however busy (users/sessions.py).
    "users.sessions.AbsoluteSessionLifetimeMiddleware",
    # A writer never opens another writer's draft as a list's parent (sop_workflow/visibility.py).
    "sop_workflow.visibility.HiddenPageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Inside the page cache: a stored page keeps the policy it was served with (no nonces).
    "cms.csp.SitePolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "sop_workflow.middleware.SOPRefusalMiddleware",
    # Last: turns a locked-out login into the lockout page (django-axes).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite is the embedded default; DATABASE_URL=postgres://... switches to PostgreSQL (psycopg 3).

DATABASES = {
    "default": dj_database_url.parse(
        # An empty DATABASE_URL (a blank line in an env file) means the default, too.
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes or threads write at once (two reviewers approving): wait for the lock
    # instead of failing, and take the write lock when a transaction begins, so a transaction
    # never reads a state that another one is about to change.
    # WAL: readers never wait for a writer, and a writer for readers; synchronous=NORMAL is
    # durable in WAL mode except on power loss between checkpoints (SQLite's own advice).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env_bool("DATABASE_JIT", False):
    # PostgreSQL's JIT compiles a query it estimates as costly, which for the register's status
    # subqueries costs far more than they take to run (bench/README.md, "Figures behind the code").
    # Short web queries gain nothing from it. DATABASE_JIT=1 leaves the server's setting.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
# Redis when REDIS_URL is set (shared by every process and machine), local memory otherwise.
# Sessions stay in the database, so they work across processes whichever cache is used.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Fails open (cms/cache.py): with Redis down or hanging the site serves uncached
            # pages; short timeouts, then no call to Redis for REDIS_RETRY_SECONDS.
            "BACKEND": "cms.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "terbit"),
            "OPTIONS": {
                "socket_timeout": float(os.environ.get("REDIS_SOCKET_TIMEOUT", "0.5")),
                "socket_connect_timeout": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.5")),
                "breaker_seconds": float(os.environ.get("REDIS_RETRY_SECONDS", "5")),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "5000"))},
        }
    }
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Public pages for anonymous visitors (home/page_cache.py): on unless PAGE_CACHE=0.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# With the local-memory cache, purges reach the other processes through this file (default: in
# the temporary directory, one per installation).
PAGE_CACHE_PURGE_LOG = os.environ.get("PAGE_CACHE_PURGE_LOG", "")
# Purges that could not reach Redis wait in this file until it answers again (default: in
# PRIVATE_MEDIA_ROOT, writable by the service and by cron).
PAGE_CACHE_PENDING_FILE = os.environ.get("PAGE_CACHE_PENDING_FILE", "")
# A cache in front (nginx, Varnish, a CDN) purged on publication: an HTTP PURGE endpoint.
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
        }
    }

# --- Users, images, documents ---------------------------------------------------------------
# Decided before the first migration: changing them later needs hand-written data migrations.

AUTH_USER_MODEL = "users.User"
WAGTAILIMAGES_IMAGE_MODEL = "home.Gambar"
WAGTAILDOCS_DOCUMENT_MODEL = "home.Dokumen"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "wagtailadmin_login"
# Wagtail's login form with a translated label on the password field (users/forms.py).
WAGTAILADMIN_USER_LOGIN_FORM = "users.forms.TerbitLoginForm"

# --- Security -------------------------------------------------------------------------------
# Every environment sends these; production.py adds HSTS, Secure cookies and the HTTPS redirect.

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Idle timeout: a session ends after this many minutes without a request (the admin's editor
# keeps it alive while it is open). Django gives a new session key at every login.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "60")) * 60
SESSION_SAVE_EVERY_REQUEST = True
# Absolute lifetime: however busy, a session ends this long after its login (users/sessions.py).
SESSION_ABSOLUTE_SECONDS = int(float(os.environ.get("SESSION_ABSOLUTE_HOURS", "12")) * 3600)

# Content-Security-Policy (django-csp, cms/csp.py): nothing from another origin (the site runs
# on a closed network), no inline script or style on the public site, never framed elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-src": ["'none'"],
        "base-uri": ["'none'"],  # no page uses <base>
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The Wagtail admin in place of those directives: Wagtail 8's form widgets start with inline
# scripts (date pickers, choosers, inline panels: tests/browser/test_sop_walkthrough.py fails on
# any refusal), image previews are blob: URLs, and the preview panel frames the admin's own pages.
# Everything else stays as strict: nothing from another origin, no plugins, no foreign forms.
CSP_ADMIN_DIRECTIVES = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
}
# A page's preview (rendered for its public path, cms/csp.py): the public policy, except that the
# admin may frame it in the editor's preview panel. The public site itself stays unframeable.
CSP_PREVIEW_DIRECTIVES = {
    "frame-ancestors": ["'self'"],
}

# Login lockout (django-axes): after AXES_FAILURE_LIMIT failed logins for one user name, or from
# one address, further attempts are refused for LOGIN_LOCKOUT_MINUTES. Every failure is kept in
# the database (axes_accessfailurelog) and logged (logger "axes").
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "30")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_ENABLE_ADMIN = False  # no Django admin here
AXES_LOCKOUT_TEMPLATE = "users/lockout.html"
AXES_USERNAME_FORM_FIELD = "username"
# The log names the user name and address tried (never the password): what an administrator
# needs to tell an attack from a forgotten password.
AXES_SENSITIVE_PARAMETERS = []
AXES_COOLOFF_MESSAGE = "Masuk dikunci sementara: terlalu banyak percobaan yang gagal. Coba lagi nanti."
# Behind reverse proxies, the client's address is the one the outermost proxy appended to
# X-Forwarded-For: set PROXY_COUNT to the number of proxies in front (0: none, REMOTE_ADDR).
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "users.security.client_address"

# --- Language and time ----------------------------------------------------------------------

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = False
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and media files -----------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Intake material (agenda surat masuk): outside MEDIA_ROOT, served only through a
# permission-checked view (sop_workflow/storage.py). Back it up with the database.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
# --- Waktu baku: the office-hours clock (sop_workflow/clock.py) -----------------------------
# Standard times count working time: these office hours (weekday 0 = Monday), minus Indonesia's
# national holidays and cuti bersama (the `holidays` library) and the days entered under
# Pengaturan → Hari libur dan cuti bersama. Berita, and any register entry marked urgent, run on
# the wall clock.
SOP_JAM_KERJA = {
    0: ("07:30", "16:00"),
    1: ("07:30", "16:00"),
    2: ("07:30", "16:00"),
    3: ("07:30", "16:00"),
    4: ("07:30", "16:30"),
}
SOP_LIBUR_NASIONAL = os.environ.get("SOP_LIBUR_NASIONAL", "1") == "1"
# Cuti bersama from the same library (category "government"); entries "masuk kerja" cancel one.
SOP_CUTI_BERSAMA_FROM_LIBRARY = os.environ.get("SOP_CUTI_BERSAMA_FROM_LIBRARY", "1") == "1"
SOP_JAM_DINDING_MENDESAK = True  # urgent entries (sifat segera / sangat segera) too
# Escalation at twice the standard time goes to the group above the one that must act
# (manage.py send_sop_reminders). "Sekretaris" is created by setup_sop; add its members.
SOP_ATASAN = {"Penulis": "Kasubag", "Web Admin": "Kasubag", "Kasubag": "Kabag", "Kabag": "Sekretaris"}

# Largest file accepted in the register, in bytes (default 20 MB).
SURAT_MASUK_MAX_UPLOAD_SIZE = int(os.environ.get("SURAT_MASUK_MAX_UPLOAD_SIZE", 20 * 1024 * 1024))

STORAGES = {
    # Uploads written to a temporary name and moved into place; a full disk says so (home/storage.py).
    "default": {"BACKEND": "home.storage.SafeFileSystemStorage"},
    # Compressed, content-hashed names, served by WhiteNoise with far-future cache headers.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Large uploads wait in FILE_UPLOAD_TEMP_DIR while the request is read; a full disk there
# removes the partial file at once (home/storage.py).
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "home.storage.SafeTemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# No request body above this is read at all (cms/middleware.py): the largest upload the admin
# accepts, plus room for the rest of its form. The reverse proxy's limit should match it.
MAX_REQUEST_BODY_SIZE = int(os.environ.get("MAX_REQUEST_BODY_SIZE", 25 * 1024 * 1024))

# --- Email ----------------------------------------------------------------------------------

# Every email goes through the outbox (sop_workflow/outbox.py): written in the transaction of the
# action that sends it, delivered after the commit and by `manage.py send_outbox` (cron), with
# retries. The backend that really delivers is the environment's EMAIL_BACKEND (SMTP).
EMAIL_BACKEND = "sop_workflow.outbox.OutboxBackend"
OUTBOX_DELIVERY_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
# A mail server that accepts the connection and then hangs must not hold a request for long.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Terbit KPU Provinsi Banten <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Wagtail --------------------------------------------------------------------------------

WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Terbit — KPU Provinsi Banten")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Wagtail's database backend; on SQLite with a faster relevance ranking (news/search_backend.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "news.search_backend"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL full-text search with its Indonesian stemmer ("pemilihan" finds "memilih").
    # After changing it on an existing database: manage.py wagtail_update_index.
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "indonesian"
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # the site must work on a closed network
WAGTAILEMBEDS_FINDERS = []  # no oEmbed calls to the outside world
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
# ...which the Indonesian locale must accept as input: cms/formats/id/formats.py.
FORMAT_MODULE_PATH = ["cms.formats"]

# Documents: the accepted types, each checked by its content (home/validators.py).
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "ppt",
    "pptx",
    "odt",
    "ods",
    "csv",
    "txt",
    "zip",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = int(os.environ.get("WAGTAILDOCS_MAX_UPLOAD_SIZE", 20 * 1024 * 1024))
# ZIP-based uploads (.docx/.xlsx/.pptx/.odt/.ods/.zip, documents and register files) against
# decompression bombs (home/validators.py): all members together, nested archives included.
UPLOAD_ARCHIVE_MAX_UNCOMPRESSED = int(os.environ.get("UPLOAD_ARCHIVE_MAX_UNCOMPRESSED", 250 * 1024 * 1024))
UPLOAD_ARCHIVE_MAX_RATIO = int(os.environ.get("UPLOAD_ARCHIVE_MAX_RATIO", 200))
UPLOAD_ARCHIVE_MAX_MEMBERS = int(os.environ.get("UPLOAD_ARCHIVE_MAX_MEMBERS", 10_000))
UPLOAD_ARCHIVE_MAX_DEPTH = int(os.environ.get("UPLOAD_ARCHIVE_MAX_DEPTH", 2))
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(os.environ.get("WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024))
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000

# --- Logging --------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # Refused requests (403) and sessions ended by their absolute lifetime (users/).
        "terbit.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}


def require_env(name):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Environment variable {name} must be set for this configuration.")
    return value


# --- SOP workflow ---------------------------------------------------------------------------

# The last approval of an SOP workflow publishes, although no role holds the publish permission.
WAGTAIL_FINISH_WORKFLOW_ACTION = "sop_workflow.finish.publish_workflow_state"
# An approval whose draft changed since its approver reviewed it (a colleague's save, an autosave
# of another tab) is refused: "Konsep berubah sejak ditinjau". 0: it goes ahead on the version
# reviewed (the newer one stays a draft) and the page's history records both (docs/deploy.md).
SOP_REFUSE_CHANGED_SINCE_REVIEW = env_bool("SOP_REFUSE_CHANGED_SINCE_REVIEW", True)

# --- What the SOP engine takes from the project (sop_workflow/conf.py) ------------------------
SOP_INSTITUTION_NAME = "KPU Provinsi Banten"
SOP_INSTITUTION_NAME_FOR_REQUEST = "cms.sop_glue.institution_name"
SOP_UPLOAD_VALIDATORS = ["home.validators.validate_document_content"]
SOP_STORAGE_BASE = "home.storage.SafeFileSystemStorage"
SOP_DISK_FULL_ERROR = "home.storage.DiskFull"
SOP_SINGLE_RUN_COMMAND = "home.cron_lock.single_run_command"
