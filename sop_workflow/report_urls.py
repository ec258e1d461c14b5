"""Wagtail's workflow report (Reports -> Workflows, the moderation queue) served by the SOP's
view, which loads the rows' task statuses at once instead of one query per row; and its site
history report, which shows a page's entries only to those who may edit the page.

Included in cms/urls.py before Wagtail's admin URLs: Wagtail registers its reports ahead of the
``register_admin_urls`` hook, so a hook cannot replace them. The paths and the access check are
Wagtail's; the URL names stay Wagtail's (reverse() gives these same paths).
"""

from django.urls import path
from wagtail.admin.auth import require_admin_access

from .admin_views import SOPSiteHistoryView, SOPWorkflowReportView
from .visibility import SOPPageTypesUsageReportView

urlpatterns = [
    path("workflow/", require_admin_access(SOPWorkflowReportView.as_view())),
    path("workflow/results/", require_admin_access(SOPWorkflowReportView.as_view(results_only=True))),
    # Site history: a page's entries only for those who may edit it (admin_views.py).
    path("site-history/", require_admin_access(SOPSiteHistoryView.as_view())),
    path("site-history/results/", require_admin_access(SOPSiteHistoryView.as_view(results_only=True))),
    # Page types: the last edited page of a type is one the reader may see (visibility.py).
    path("page-types-usage/", require_admin_access(SOPPageTypesUsageReportView.as_view())),
    path(
        "page-types-usage/results/",
        require_admin_access(SOPPageTypesUsageReportView.as_view(results_only=True)),
    ),
]
