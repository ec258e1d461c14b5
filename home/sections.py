"""The home page's sections: the home page asks each type of page it hosts for its latest items.

A page type allowed under the home page shows on it by defining the class method
``home_section(sections, context)`` (the listings of ``news`` do), and is asked in the order of
its ``home_section_order``. ``sections`` is a :class:`HomeSections`: what every section shares
(the view restrictions, whether the rows are kept, the home page's live children).

View restrictions come from the cache, not a query per section. The rows are kept by
``{% listing_row %}``; once they have been rendered in this generation, only their keys are read.
"""

from django.contrib.contenttypes.models import ContentType

from . import page_cache
from .fragments import ROW_CODE_VERSION, ROW_SECONDS


class ListingRow:
    """A row of a listing by what its kept markup is keyed by (``{% listing_row %}``); its page
    is loaded only when the row has to be rendered, with the other rows of its list."""

    FIELDS = ("pk", "live_revision_id", "last_published_at", "url_path")
    __slots__ = (*FIELDS, "rows")

    def __init__(self, rows, values):
        self.rows = rows
        for name in self.FIELDS:
            setattr(self, name, values[name])

    def load_page(self):
        return self.rows.page(self.pk)


class ListingRows(list):
    """The rows of one list, newest first: one light query (ids, revision, URL path), and the
    pages, for rows whose markup is not kept, in one more query (``for_listing``) on demand."""

    def __init__(self, model, values):
        super().__init__(ListingRow(self, row) for row in values)
        self.model = model
        self.pages = None

    def page(self, pk):
        if self.pages is None:
            order = {row.pk: index for index, row in enumerate(self)}
            found = list(self.model.for_listing(self.model.objects.filter(pk__in=order)))
            found.sort(key=lambda page: order[page.pk])
            self.pages = {page.pk: page for page in self.model.prepare_listing(found)}
        return self.pages[pk]


class HomeSections:
    """What the sections of one rendering of the home page share."""

    def __init__(self, home):
        self.home = home
        self.restricted = page_cache.restricted_paths()
        # The first time in a generation (after a change that purges every page, a deployment, a
        # restart), the rows are all to be rendered: their pages are loaded at once (one query per
        # section). After that only their keys are (ListingRows): the pages of a row not kept (a
        # new publication) are loaded on demand.
        site_wide, _own = page_cache.generations().get(page_cache.SITE_WIDE)
        self.rows_kept = not page_cache.add_or_unavailable(
            f"home-rows:{home.pk}:{site_wide}:{ROW_CODE_VERSION}", True, ROW_SECONDS
        )
        # The home page's children change only with a change that purges every page (depth <= 3).
        self.listings = page_cache.remember(
            page_cache.SITE_WIDE, f"home-listings:{home.pk}", self._load_listings
        )

    def _load_listings(self):
        return {
            page.content_type_id: page
            for page in self.home.get_children().live().only("title", "url_path", "content_type")
            if not any(page.path.startswith(restricted_path) for restricted_path in self.restricted)
        }

    def latest(self, model, queryset, count):
        """The first ``count`` public items of ``queryset`` (of ``model``, in the order to show):
        their keys only (ListingRows) when the rows are kept, else the pages for a listing."""
        for restricted_path in self.restricted:
            queryset = queryset.exclude(path__startswith=restricted_path)
        if self.rows_kept:
            return ListingRows(model, queryset.values(*ListingRow.FIELDS)[:count])
        return model.prepare_listing(list(model.for_listing(queryset)[:count]))

    def listing_for(self, listing_model):
        """The live, public child of the home page of that type (title and URL), or None."""
        return self.listings.get(ContentType.objects.get_for_model(listing_model).id)


def section_types(home):
    """The page types the home page hosts that show a section on it, in their order."""
    types = [model for model in type(home).allowed_subpage_models() if hasattr(model, "home_section")]
    return sorted(types, key=lambda model: getattr(model, "home_section_order", 0))


def home_sections(home):
    """Each hosted type's section (latest Berita, active Pengumuman, newest documents...)."""
    sections = HomeSections(home)
    context = {"documents": []}
    for model in section_types(home):
        model.home_section(sections, context)
    return context
