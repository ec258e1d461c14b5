"""Content-Security-Policy: django-csp's middleware, with the admin's own policy.

The public site gets ``CONTENT_SECURITY_POLICY`` as it stands: nothing from other origins, no
inline script or style, never framed. The Wagtail admin (every path under its home URL) gets the
same policy with ``CSP_ADMIN_DIRECTIVES`` in place of those directives: its widgets start with
inline scripts, it sets inline styles and shows page previews in a frame of its own, all of
which the public policy refuses.

A preview of a page (Wagtail's ``make_preview_request``: the preview panel, a revision, a task's
preview) is rendered by a second pass through the middleware with a request for the page's
*public* path, so it would get the public policy, ``frame-ancestors 'none'`` included, and the
browser would refuse to show it in the editor's preview panel. Such a request is marked
(``is_preview``): it keeps the public policy, the page's own, with ``CSP_PREVIEW_DIRECTIVES`` in
place of those directives (the admin, same origin, may frame it). The outer admin response then
keeps that header (django-csp sets none where one is set). Public pages are never marked.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.urls import reverse


class SitePolicyMiddleware(CSPMiddleware):
    def __init__(self, get_response):
        super().__init__(get_response)
        self._admin_prefix = None

    def admin_prefix(self):
        if self._admin_prefix is None:
            self._admin_prefix = reverse("wagtailadmin_home")
        return self._admin_prefix

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        if getattr(request, "is_preview", False) and getattr(request, "is_dummy", False):
            parts.replace = {**settings.CSP_PREVIEW_DIRECTIVES, **(parts.replace or {})}
        elif request.path_info.startswith(self.admin_prefix()):
            parts.replace = {**settings.CSP_ADMIN_DIRECTIVES, **(parts.replace or {})}
        return parts
