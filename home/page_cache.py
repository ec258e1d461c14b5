"""The public site's page cache: anonymous visitors get stored pages; changes purge what they affect.

What is cached: GET requests for public URLs (Wagtail pages, search, feeds, JDIH feed, API,
sitemap, DIP downloads) from visitors without a session or CSRF cookie, when the response is a
200 that sets no cookie and is not marked private. Logged-in users, previews (admin URLs) and
anyone who has a session or a form's CSRF cookie never read from or write to it.

Purging works with generations rather than key deletion: every stored page's key holds the
generation of its path (or of its *scope*: search, feeds, API, sitemap and DIP share one, as they
list everything) and a site-wide generation. Purging a path bumps its generation; a change that
shows on every page (site settings, the menu) bumps the site-wide one. Keys also hold the local
date, so what depends on "today" (active Pengumuman) renews at midnight.

Generations live in the shared cache when it is shared (Redis): every process and machine sees
a purge at once. With the local-memory cache (one per process) they live in each process, and a
purge is also appended to a small log file that the other processes read (one ``stat`` per
request, reading only when it grew): a purge in one gunicorn worker reaches the others at their
next request.

When the cache fails (Redis down, hanging or refusing writes) the site serves uncached pages: the
backend fails open (cms/cache.py), and here every read that cannot be trusted makes the request
*bypass* the cache (``X-Cache: BYPASS``): a generation that cannot be read keys nothing. Purges
run after COMMIT (``purge_*_after_commit``): a visitor's request that began before COMMIT keyed
its page with the generation of its start, which the purge then moves on, so a page rendered
from the old data is never read again. A purge that cannot reach Redis is written to a pending
file (``PAGE_CACHE_PENDING_FILE``) and applied again by the next request that finds the file (one
``stat`` each), or by ``purge_page_cache --pending`` (cron); until it is applied, nobody reads a
stored page or value.
"""

import contextlib
import fcntl
import hashlib
import logging
import os
import tempfile
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from .cache_errors import CacheUnavailable

logger = logging.getLogger(__name__)


def _unavailable_errors():
    try:
        import redis
    except ImportError:  # pragma: no cover - redis is a requirement
        return (CacheUnavailable, OSError)
    return (CacheUnavailable, OSError, redis.exceptions.RedisError)


# What a cache that cannot be reached raises (ResilientRedisCache.strict, or a plain backend).
UNAVAILABLE = _unavailable_errors()


def _store():
    """The default cache, raising when it cannot be reached instead of answering empty."""
    return getattr(cache, "strict", cache)


# Never cached: the admin and its previews, document downloads (permission checks, big files),
# static and media files, health checks.
EXCLUDED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/dokumen/",
    "/documents/",
    "/static/",
    "/media/",
    "/healthz",
)
# Pages that list everything share one generation: any publication purges them together.
AGGREGATE_PREFIXES = ("/cari/", "/feed/", "/jdih/", "/api/", "/sitemap.xml")
AGGREGATE = "aggregate"
SITE_WIDE = "*"
MAX_LOG_BYTES = 1_000_000


def enabled():
    return getattr(settings, "PAGE_CACHE_ENABLED", False)


def cache_seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 300)


def _shared():
    """Whether the default cache is one store for every process (Redis, Memcached, database)."""
    backend = settings.CACHES["default"]["BACKEND"]
    return not backend.endswith(("LocMemCache", "DummyCache"))


def _initial():
    # A lost generation (a restart, an evicted key) never comes back to an old value.
    return time.time_ns() // 1000


class LocalGenerations:
    """Generations in this process, kept in step with other processes through a purge log."""

    def __init__(self):
        self.lock = threading.Lock()
        self.values = {}
        self.offset = None
        self.path = getattr(settings, "PAGE_CACHE_PURGE_LOG", None) or os.path.join(
            tempfile.gettempdir(),
            f"terbit-page-cache-{hashlib.sha256(str(settings.BASE_DIR).encode()).hexdigest()[:12]}.log",
        )

    def _bump(self, scope):
        self.values[scope] = self.values.get(scope, _initial()) + 1

    def _follow_log(self):
        try:
            size = os.stat(self.path).st_size
        except FileNotFoundError:
            size = 0
        if self.offset is None:
            self.offset = size
            return
        if size == self.offset:
            return
        if size < self.offset:  # rotated by a writer: something was purged, we cannot tell what
            self._bump(SITE_WIDE)
            self.offset = 0
        try:
            with open(self.path, "rb") as log:
                log.seek(self.offset)
                chunk = log.read(size - self.offset)
        except FileNotFoundError:
            return
        self.offset += len(chunk)
        for line in chunk.decode("utf-8", "replace").splitlines():
            if line:
                self._bump(line)

    def get_strict(self, scope):
        with self.lock:
            self._follow_log()
            return self.values.setdefault(SITE_WIDE, _initial()), self.values.setdefault(scope, _initial())

    def get(self, scope):
        return _trusted(self, scope)

    def bump(self, scopes):
        with self.lock:
            self._follow_log()
            for scope in scopes:
                self._bump(scope)
            try:
                if os.path.exists(self.path) and os.stat(self.path).st_size > MAX_LOG_BYTES:
                    with open(self.path, "wb"):
                        pass  # readers see it shrink and purge everything once
                    self.offset = 0
                fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                try:
                    os.write(fd, "".join(f"{scope}\n" for scope in scopes).encode())
                finally:
                    os.close(fd)
            except OSError:
                logger.exception("Could not write the page cache purge log %s", self.path)

    def reset(self):
        with self.lock:
            self.values.clear()
            self.offset = None


class SharedGenerations:
    """Generations in the shared cache (Redis): one purge is seen by every process at once."""

    def _key(self, scope):
        return "pagecache:gen:" + hashlib.sha256(scope.encode()).hexdigest()[:24]

    def get_strict(self, scope):
        """Raises one of UNAVAILABLE when Redis cannot be reached."""
        store = _store()
        keys = [self._key(SITE_WIDE), self._key(scope)]
        found = store.get_many(keys)
        values = []
        for key in keys:
            if key not in found:
                store.add(key, _initial(), timeout=None)
                found[key] = store.get(key)
                if found[key] is None:  # evicted at once (a full Redis): nothing to key with
                    raise CacheUnavailable(f"generation {key} not kept")
            values.append(found[key])
        return tuple(values)

    def get(self, scope):
        return _trusted(self, scope)

    def bump(self, scopes):
        """Raises one of UNAVAILABLE when Redis cannot be reached (the caller records it)."""
        store = _store()
        for scope in scopes:
            key = self._key(scope)
            try:
                store.incr(key)
            except ValueError:  # lost (evicted, Redis restarted empty): a new, higher value
                store.set(key, _initial(), timeout=None)

    def reset(self):
        pass


def _unmatched():
    """A generation that keys nothing ever stored or read again."""
    return f"x{uuid.uuid4().hex}"


def _trusted(generations, scope):
    """The generations of ``scope`` to key what is kept: (site-wide, own). When they cannot be
    trusted (the cache cannot be reached, or purges are pending), a pair that matches nothing
    kept: the caller computes afresh, and what it stores is never read."""
    if apply_pending():
        try:
            return generations.get_strict(scope)
        except UNAVAILABLE:
            pass
    return _unmatched(), _unmatched()


_local = None


def generations():
    global _local
    if _shared():
        return SharedGenerations()
    if _local is None:
        _local = LocalGenerations()
    return _local


def scope_of(path):
    return AGGREGATE if path.startswith(AGGREGATE_PREFIXES) else path


def page_key(request):
    """The key of the request's page under the generations read now (raises one of UNAVAILABLE)."""
    site_wide, own = generations().get_strict(scope_of(request.path))
    full = request.get_host() + request.get_full_path()
    digest = hashlib.sha256(full.encode("utf-8", "surrogateescape")).hexdigest()
    return f"pagecache:{timezone.localdate().isoformat()}:{site_wide}:{own}:{digest}"


# --- values computed once per generation ---------------------------------------------------

_MISSING = object()


def remember(scope, name, compute):
    """``compute()``'s value, kept until ``scope`` (a path, AGGREGATE or SITE_WIDE) is purged.

    For what many pages share and what changes only with publications: the menu, the site of a
    host, the view restrictions, a listing's filter choices, the years in the search form.
    """
    if not apply_pending():
        return compute()
    try:
        site_wide, own = generations().get_strict(scope)
        digest = hashlib.sha256(f"{scope}\n{name}".encode()).hexdigest()[:32]
        key = f"pagecache:value:{site_wide}:{own}:{digest}"
        value = _store().get(key, _MISSING)
    except UNAVAILABLE:
        return compute()
    if value is _MISSING:
        value = compute()
        with contextlib.suppress(*UNAVAILABLE):
            _store().set(key, value, cache_seconds() * 12)
    return value


def add_or_unavailable(key, value, timeout):
    """``cache.add``; True also when the cache cannot be reached (nothing may be taken as kept)."""
    try:
        return _store().add(key, value, timeout)
    except UNAVAILABLE:
        return True


def view_restrictions():
    """Every page view restriction, with its page's path (usually none; purged on change)."""

    def load():
        from wagtail.models import PageViewRestriction

        restrictions = list(
            PageViewRestriction.objects.select_related("page").only(
                "page__path", "page__id", "restriction_type", "password"
            )
        )
        for restriction in restrictions:
            restriction.page_path = restriction.page.path
        return restrictions

    return remember(SITE_WIDE, "view-restrictions", load)


def restricted_paths():
    return [restriction.page_path for restriction in view_restrictions()]


class CachedSiteMiddleware:
    """The Wagtail site of the request's host from the cache, with its home page, and the site's
    settings (``SiteSettings``, logo included): no query.

    Wagtail reads ``request._wagtail_site`` before looking the site up itself, and a site
    setting's ``for_request`` reads its attribute on the request before querying. Saving the
    settings (or a site) purges everything, so both are kept until then.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(EXCLUDED_PREFIXES):
            try:
                host = request.get_host()
            except Exception:  # DisallowedHost: let Django answer it as usual
                host = None
            if host is not None:
                site = remember(SITE_WIDE, f"site:{host}", lambda: _site_for(request))
                request._wagtail_site = site
                if site is not None:
                    _attach_site_settings(request, site)
        return self.get_response(request)


def _attach_site_settings(request, site):
    from home.models import SiteSettings

    site_settings = remember(SITE_WIDE, f"site-settings:{site.pk}", lambda: SiteSettings.for_site(site))
    site_settings._request = request  # as for_request does (page URLs of the settings)
    setattr(request, SiteSettings.get_cache_attr_name(), site_settings)


def _site_for(request):
    from wagtail.models import Site

    site = Site.find_for_request(request)
    if site is not None:
        site.root_page = site.root_page.specific  # routing starts from it without a query
    return site


# --- purging ---------------------------------------------------------------------------------


def pending_path():
    return getattr(settings, "PAGE_CACHE_PENDING_FILE", "") or os.path.join(
        settings.PRIVATE_MEDIA_ROOT, ".page-cache-pending-purges"
    )


def has_pending():
    try:
        return os.stat(pending_path()).st_size > 0
    except OSError:
        return False


def _record_pending(scopes):
    """Append purges that did not reach the cache to the pending file (durable: fsync)."""
    path = pending_path()
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        while True:
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                if os.fstat(fd).st_nlink == 0:
                    continue  # applied and removed while we waited for the lock: a new file
                os.write(fd, "".join(f"{scope}\n" for scope in scopes).encode())
                os.fsync(fd)
                return
            finally:
                os.close(fd)  # releases the lock
    except OSError:
        logger.exception(
            "Could not record pending page cache purges %s in %s: run purge_page_cache --all "
            "once the cache answers",
            scopes,
            path,
        )


def apply_pending(wait=False):
    """Apply the purges waiting in the pending file. True when none is pending afterwards; False
    when some still are (the cache cannot be reached, or another process is applying them and
    ``wait`` is false): until then nothing kept may be read.

    The file is removed once applied, never truncated: a backup reading it meanwhile (it lies in
    PRIVATE_MEDIA_ROOT) reads it whole."""
    if not has_pending():
        return True
    path = pending_path()
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return True
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            return False
        if os.fstat(fd).st_nlink == 0:  # applied by another process while we waited
            return not has_pending()
        chunks = []
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
        scopes = sorted({line for line in b"".join(chunks).decode("utf-8", "replace").splitlines() if line})
        if scopes:
            try:
                generations().bump(scopes)
            except UNAVAILABLE:
                return False
        os.unlink(path)
        logger.warning("Page cache: %d pending purges applied now that the cache answers.", len(scopes))
        return True
    finally:
        os.close(fd)


def _bump(scopes):
    """Purge now; when the cache cannot be reached, record the purge to be applied later."""
    try:
        generations().bump(scopes)
    except UNAVAILABLE as error:
        logger.warning(
            "Page cache: purge of %d scopes recorded as pending, the cache does not answer (%s)",
            len(scopes),
            error,
        )
        _record_pending(scopes)


def _scopes(paths, aggregate):
    return sorted({path for path in paths if path} | ({AGGREGATE} if aggregate else set()))


def purge_paths(paths, aggregate=True):
    """Purge the pages at these paths (every query string of each), and the aggregates, now."""
    scopes = _scopes(paths, aggregate)
    if scopes:
        _bump(scopes)


def purge_all():
    """Everything, now: for changes that show on every page (site settings, the menu, a move)."""
    _bump([SITE_WIDE])


def after_commit(function):
    """Run ``function`` once the current transaction commits (at once outside one).

    Purging before COMMIT lets a visitor's request in between read the new generation and store
    the old page under it; after COMMIT, a request that reads the new generation began after the
    change is visible to it."""
    transaction.on_commit(function, robust=True)


def purge_paths_after_commit(paths, aggregate=True):
    scopes = _scopes(paths, aggregate)
    if scopes:
        after_commit(lambda: _bump(scopes))


def purge_all_after_commit():
    after_commit(lambda: _bump([SITE_WIDE]))


def clear():
    """Forget everything (tests)."""
    cache.clear()
    generations().reset()


# --- the middleware --------------------------------------------------------------------------


def _cacheable_request(request):
    return (
        request.method == "GET"
        and not request.path.startswith(EXCLUDED_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and settings.CSRF_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _cacheable_response(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


class PageCacheMiddleware:
    """Right after WhiteNoise: a stored page skips sessions, CSRF, authentication and the view.

    The response headers of the inner middleware (frame options, content type) are stored with
    the page; SecurityMiddleware, outside, adds its headers to every response, stored or not.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (enabled() and _cacheable_request(request)):
            return self.get_response(request)
        try:
            if not apply_pending():
                raise CacheUnavailable("purges pending")
            # The generation of the request's start: if a purge moves it on while the page is
            # rendered (a publication commits meanwhile), the page is stored under the old one
            # and never read again.
            key = page_key(request)
            stored = _store().get(key)
        except UNAVAILABLE:
            response = self.get_response(request)
            response.headers["X-Cache"] = "BYPASS"
            return response
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response.headers[name] = value
            response.headers["X-Cache"] = "HIT"
            return response
        response = self.get_response(request)
        if _cacheable_response(response):
            # Browsers ask again each time; a shared cache in front (nginx, a CDN) may keep the
            # page for as long as ours does, and is purged with it (frontend cache, docs/konfigurasi.md).
            patch_cache_control(response, public=True, max_age=0, s_maxage=cache_seconds())
            headers = list(response.headers.items())  # Vary: Cookie stays, for caches in front
            # Not kept when the cache fails: served all the same, rendered again next time.
            with contextlib.suppress(*UNAVAILABLE):
                _store().set(key, (response.status_code, headers, response.content), cache_seconds())
            response.headers["X-Cache"] = "MISS"
        return response
