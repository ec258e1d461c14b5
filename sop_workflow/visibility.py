"""Which pages a person sees in the admin's lists (issue #18: writers saw other writers' drafts).

Wagtail lists every page a user may *explore*, and a writer explores the whole section he writes
in (his add permission is on the six listings): the explorer, its search, the admin search, the
admin API behind the sidebar's page explorer, the page chooser, the "usage" listing of a page
type, the bulk-action confirmations and the page-types report all showed him the titles of the
other writers' drafts. The SOP keeps a draft to those who edit it (roles.py, as the register
keeps an assignment to its writer).

One rule, :func:`hidden_pages`: a page of the six SOP types is hidden from a user who may not
edit it (Wagtail's "change" permission, which a writer holds on the drafts he owns) unless it is
live and shows its public title (a live page whose newer draft has another title would show that
draft title, so it is hidden too). Listings, the home page and the root are never hidden.
Superusers, Kasubag and Web Admin (change on every listing) see everything, as before.

It is applied where Wagtail builds those lists:

- :class:`SOPPagePermissionPolicy` (registered for pages in apps.py): ``explorable_instances``
  feeds the explorer and its search, the admin search, the admin API (listing and detail), the
  page type usage listing and Wagtail's own site history;
- ``construct_page_chooser_queryset``: the page chooser (browse and search);
- :class:`HiddenPageMiddleware`: a hidden page opened as the parent of the explorer or of the
  chooser by its id;
- the page bulk actions (their confirmation names the pages chosen, even refused ones) and the
  page types report (its "last edited page" column), below.
"""

from django.db.models import F, Q
from wagtail import hooks
from wagtail.admin import auth
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy


def _publication_type_ids():
    from . import registry

    return registry.content_type_ids()


def hidden_pages(user):
    """A ``Q`` matching the pages ``user`` may not see in a list, or None when nothing is hidden."""
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])  # never: anonymous users reach no admin list (kept for completeness)
    if user.is_superuser:
        return None
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return (
        Q(content_type_id__in=_publication_type_ids())
        & (Q(live=False) | ~Q(draft_title=F("title")))
        & ~Q(pk__in=editable.values("pk"))
    )


def visible(user, pages):
    """``pages`` without those hidden from ``user``."""
    hidden = hidden_pages(user)
    if hidden is None:
        return pages
    # By id (a subquery): the search backends filter a search's queryset only on indexed fields.
    return pages.filter(pk__in=Page.objects.exclude(hidden).values("pk"))


def is_hidden(user, page_id):
    hidden = hidden_pages(user)
    return hidden is not None and Page.objects.filter(hidden, pk=page_id).exists()


class SOPPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page permissions, unchanged, except that a user explores only what he may see."""

    def explorable_instances(self, user):
        return visible(user, super().explorable_instances(user))


@hooks.register("construct_page_chooser_queryset")
def chooser_shows_only_visible_pages(pages, request):
    return visible(request.user, pages)


class HiddenPageMiddleware:
    """A hidden page's id in the explorer's or the chooser's URL (the page as the parent of the
    list, with its title in the header) is refused as Wagtail refuses any page one may not open.
    """

    GUARDED = {"wagtailadmin_explore", "wagtailadmin_explore_results", "wagtailadmin_choose_page_child"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.url_name not in self.GUARDED or "parent_page_id" not in view_kwargs:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None  # Wagtail sends them to the login page
        if is_hidden(user, view_kwargs["parent_page_id"]):
            from django.core.exceptions import PermissionDenied

            try:
                raise PermissionDenied("Konsep milik penulis lain: tidak ditampilkan.")
            except PermissionDenied:
                return auth.permission_denied(request)  # a redirect with Wagtail's message (or a 403)
        return None


class _VisibleItemsMixin:
    """A bulk action's confirmation lists only the pages the user may see."""

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        refused = extra.get("items_with_no_access", [])
        if refused:
            hidden = hidden_pages(self.request.user)
            if hidden is not None:
                hidden_ids = set(
                    Page.objects.filter(hidden, pk__in=[page.pk for page in refused]).values_list(
                        "pk", flat=True
                    )
                )
                refused = [page for page in refused if page.pk not in hidden_ids]
        return objects, {**extra, "items_with_no_access": refused}


# Registered after Wagtail's own (order): the registry keeps the last class for an action.
for _action in (DeleteBulkAction, MoveBulkAction, PublishBulkAction, UnpublishBulkAction):
    hooks.register(
        "register_bulk_action",
        type(_action.__name__, (_VisibleItemsMixin, _action), {"__module__": __name__}),
        order=100,
    )


class SOPPageTypesUsageReportView(PageTypesUsageReportView):
    """Reports -> Page types: the "last edited page" of a type is the last one the reader may see."""

    def decorate_paginated_queryset(self, page_types):
        page_types = super().decorate_paginated_queryset(page_types)
        hidden = hidden_pages(self.request.user)
        if hidden is None:
            return page_types
        for item in page_types:
            page = item.last_edited_page
            if page is not None and Page.objects.filter(hidden, pk=page.pk).exists():
                item.last_edited_page = (
                    visible(self.request.user, Page.objects.filter(content_type_id=item.pk))
                    .order_by(F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk")
                    .specific()
                    .first()
                )
        return page_types
