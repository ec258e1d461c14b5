"""Operations: the health check a load balancer or monitor polls, and the error pages."""

import logging
import sys

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@never_cache
def healthz(request):
    """200 when the database answers; 503 otherwise. The cache is only an accelerator (the site
    serves uncached pages without it): when it does not store and return a value the answer is
    still 200, with ``"status": "terdegradasi"`` and ``"cache": "gagal: ..."`` for the monitor.
    Reads nothing private."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except DatabaseError as error:
        logger.error("healthz: basis data tidak menjawab: %s", error)
        checks["database"] = f"gagal: {type(error).__name__}"
    try:
        key = "healthz:probe"
        store = getattr(cache, "strict", cache)  # raises instead of failing open (cms/cache.py)
        store.set(key, "1", 10)
        if store.get(key) != "1":
            raise RuntimeError("nilai yang disimpan tidak terbaca kembali")
        checks["cache"] = "ok"
    except Exception as error:  # any backend's own errors (redis.ConnectionError, ...)
        logger.error("healthz: cache tidak menjawab: %s", error)
        checks["cache"] = f"gagal: {type(error).__name__}"
    if checks["database"] != "ok":
        return JsonResponse({"status": "gagal", **checks}, status=503)
    status = "ok" if checks["cache"] == "ok" else "terdegradasi"
    return JsonResponse({"status": status, **checks}, status=200)


def server_error(request):
    """The 500 page; or, when the database cannot be reached (down, or locked beyond its timeout),
    a 503 page that asks to try again. Neither reads the database. Django logs the error with its
    traceback and the request's path (logger ``django.request``)."""
    error = sys.exc_info()[1]
    from .storage import disk_full_response, is_disk_full

    if is_disk_full(error):
        return disk_full_response(request, error)  # an upload met a full disk (home/storage.py)
    if isinstance(error, DatabaseError):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "60"
        return response
    return HttpResponse(loader.render_to_string("500.html"), status=500)
