"""Wagtail's workflow report (Reports -> Workflows, the moderation queue) served by the SOP's
view, which loads the rows' task statuses at once instead of one query per row.

Included in cms/urls.py before Wagtail's admin URLs: Wagtail registers its reports ahead of the
``register_admin_urls`` hook, so a hook cannot replace them. The paths and the access check are
Wagtail's; the URL names stay Wagtail's (reverse() gives these same paths).
"""

from django.urls import path
from wagtail.admin.auth import require_admin_access

from .admin_views import SOPWorkflowReportView

urlpatterns = [
    path("workflow/", require_admin_access(SOPWorkflowReportView.as_view())),
    path("workflow/results/", require_admin_access(SOPWorkflowReportView.as_view(results_only=True))),
]
