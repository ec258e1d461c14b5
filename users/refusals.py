"""Every refused request is logged (issue #18): who, what, and why, on the logger ``terbit.security``.

A refusal reaches the user in one of three ways, and each is logged once per request:

- a ``PermissionDenied`` raised by a view that Django turns into a 403 (outside the admin, or an
  admin request made by script): :meth:`RefusalLogMiddleware.process_exception`;
- inside the admin, Wagtail catches that exception (or a failed permission test) and answers with
  a redirect to the dashboard and "Maaf, Anda tidak memiliki izin..." (``wagtail.admin.auth.
  permission_denied``): :func:`install` wraps that function;
- a 403 answer of our own (an SOP rule refused: sop_workflow/refused.html with its reason, a
  CSRF failure, ...): the response, in :meth:`RefusalLogMiddleware.__call__`.

Each record is a WARNING with the fields ``refusal_user``, ``refusal_method``, ``refusal_path``,
``refusal_object`` (the URL's arguments: page, revision, entry...), ``refusal_view``,
``refusal_reason``, ``refusal_status`` and ``refusal_address``, and a message with all of them,
for the journal. Nothing from the request body is logged.
"""

import logging
import sys
from functools import wraps

from django.core.exceptions import PermissionDenied

logger = logging.getLogger("terbit.security")

_LOGGED = "_terbit_refusal_logged"
WAGTAIL_REFUSAL = "tidak memiliki izin (pemeriksaan izin Wagtail)"


def _user(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return "anonim"
    return f"{user.get_username()} (id {user.pk})"


def log_refusal(request, reason, status):
    """Log one refusal of ``request`` (once per request)."""
    if getattr(request, _LOGGED, False):
        return
    setattr(request, _LOGGED, True)
    from .security import client_address

    match = getattr(request, "resolver_match", None)
    view = match.view_name if match is not None else ""
    obj = ", ".join(f"{key}={value}" for key, value in sorted((match.kwargs if match else {}).items()))
    fields = {
        "refusal_user": _user(request),
        "refusal_method": request.method,
        "refusal_path": request.path,
        "refusal_object": obj,
        "refusal_view": view,
        "refusal_reason": " ".join(str(reason or "").split())[:500],
        "refusal_status": status,
        "refusal_address": client_address(request) or "",
    }
    logger.warning(
        "ditolak %(refusal_status)s: %(refusal_user)s %(refusal_method)s %(refusal_path)s "
        "[%(refusal_view)s %(refusal_object)s] alasan: %(refusal_reason)s (dari %(refusal_address)s)",
        fields,
        extra=fields,
    )


def _reason_of(exception, default):
    text = str(exception) if exception is not None else ""
    return text or default


class RefusalLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403 and not getattr(request, _LOGGED, False):
            context = getattr(response, "context_data", None) or {}
            reason = context.get("reason") or getattr(response, "reason_phrase", "") or "403"
            log_refusal(request, reason, 403)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            log_refusal(request, _reason_of(exception, "akses ditolak"), 403)
        return None


def install():
    """Wrap Wagtail's admin refusal (called by every admin permission check) to log it."""
    from wagtail.admin import auth

    original = auth.permission_denied
    if getattr(original, "_terbit_logged", False):
        return

    @wraps(original)
    def permission_denied(request):
        exception = sys.exc_info()[1]  # the PermissionDenied being handled, if any
        if not isinstance(exception, PermissionDenied):
            exception = None
        status = "403 (dialihkan ke dasbor)"
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            status = 403
        log_refusal(request, _reason_of(exception, WAGTAIL_REFUSAL), status)
        return original(request)

    permission_denied._terbit_logged = True
    auth.permission_denied = permission_denied
