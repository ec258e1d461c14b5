"""Sessions end: after a fixed lifetime however busy they are, and at logout on the server too.

- **Absolute lifetime** (issue #18): a session used every few minutes never reached the idle
  timeout (``SESSION_COOKIE_AGE``, extended by every request), so a stolen or forgotten session
  lived for ever. The login time is written into the session (``user_logged_in``); the first
  request after ``SESSION_ABSOLUTE_SECONDS`` (``SESSION_ABSOLUTE_HOURS``, 12 by default) logs the
  user out (the session row is deleted) and the login page says why. The idle timeout still
  applies as before.
- **Logout** is a POST (the admin's sidebar sends one). Wagtail's view answered a GET with 405 but
  still deleted the browser's cookie and said "logged out", leaving the session valid on the
  server: a GET now gets a page that asks to confirm, with the POST button; the POST ends the
  session on the server (Django's logout deletes its row) before the cookie goes.
"""

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

LOGIN_AT = "terbit_login_at"
logger = logging.getLogger("terbit.security")


def remember_login_time(sender, request, user, **kwargs):
    """``user_logged_in``: the moment the session began (the key is new at every login)."""
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT] = int(time.time())


def expired_message():
    hours = settings.SESSION_ABSOLUTE_SECONDS / 3600
    length = f"{hours:g} jam" if hours >= 1 else f"{settings.SESSION_ABSOLUTE_SECONDS // 60} menit"
    return (
        f"Sesi Anda telah berakhir karena sudah berlangsung lebih dari {length} sejak Anda masuk. "
        "Silakan masuk kembali."
    )


class AbsoluteSessionLifetimeMiddleware:
    """Logs out a session older than ``SESSION_ABSOLUTE_SECONDS`` since its login (after the
    session, auth and messages middleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_KEY) is not None:
            now = int(time.time())
            started = session.get(LOGIN_AT)
            if started is None:
                # A session from before this check: its lifetime starts now.
                session[LOGIN_AT] = now
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS:
                username = request.user.get_username() if request.user.is_authenticated else "?"
                logout(request)  # flushes the session: its row is deleted
                messages.warning(request, expired_message())
                logger.info("sesi berakhir (umur mutlak): %s, masuk %d detik lalu", username, now - started)
        return self.get_response(request)


@never_cache
@require_http_methods(["GET", "POST"])
def logout_view(request):
    """``/admin/logout/``: GET asks to confirm (nothing changes), POST ends the session."""
    if request.method == "POST":
        from wagtail.admin.views.account import LogoutView

        return LogoutView.as_view()(request)
    if not request.user.is_authenticated:
        return redirect("wagtailadmin_login")
    return TemplateResponse(request, "users/logout_confirm.html", {})
