"""Content-Security-Policy: django-csp's middleware, with the admin's own policy.

The public site gets ``CONTENT_SECURITY_POLICY`` as it stands: nothing from other origins, no
inline script or style, never framed. The Wagtail admin (every path under its home URL) gets the
same policy with ``CSP_ADMIN_DIRECTIVES`` in place of those directives: its widgets start with
inline scripts, it sets inline styles and shows page previews in a frame of its own, all of
which the public policy refuses.
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
        if not report_only and request.path_info.startswith(self.admin_prefix()):
            parts.replace = {**settings.CSP_ADMIN_DIRECTIVES, **(parts.replace or {})}
        return parts
