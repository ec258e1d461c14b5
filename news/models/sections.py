"""The home page's sections and the list of the publication types."""

from django.contrib.contenttypes.models import ContentType

from .base import NEWEST_FIRST
from .berita import BeritaIndexPage, BeritaPage
from .juknis import JuknisIndexPage, JuknisPage
from .laporan_keuangan import LaporanKeuanganIndexPage, LaporanKeuanganPage
from .pengumuman import PengumumanIndexPage, PengumumanPage, active_pengumuman
from .peraturan import PeraturanIndexPage, PeraturanPage
from .surat_edaran import SuratEdaranIndexPage, SuratEdaranPage


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


def home_sections(home):
    """Latest Berita, active Pengumuman and the newest documents of the four other types.

    View restrictions come from the cache (``public``), not a query per section. The rows are
    kept by ``{% listing_row %}``; once they have been rendered in this generation, only their
    keys are read.
    """
    from home import page_cache
    from home.templatetags.site_tags import ROW_CODE_VERSION, ROW_SECONDS

    restricted = page_cache.restricted_paths()
    # The first time in a generation (after a change that purges every page, a deployment, a
    # restart), the rows are all to be rendered: their pages are loaded at once (one query per
    # section). After that only their keys are (ListingRows): the pages of a row not kept (a new
    # publication) are loaded on demand.
    site_wide, _own = page_cache.generations().get(page_cache.SITE_WIDE)
    rows_kept = not page_cache.add_or_unavailable(
        f"home-rows:{home.pk}:{site_wide}:{ROW_CODE_VERSION}", True, ROW_SECONDS
    )

    def latest(model, count, active_only=False):
        queryset = model.objects.live().descendant_of(home)
        for restricted_path in restricted:
            queryset = queryset.exclude(path__startswith=restricted_path)
        if active_only:
            queryset = active_pengumuman(queryset)
        queryset = queryset.order_by(*NEWEST_FIRST)
        if rows_kept:
            return ListingRows(model, queryset.values(*ListingRow.FIELDS)[:count])
        return model.prepare_listing(list(model.for_listing(queryset)[:count]))

    def load_listings():
        return {
            page.content_type_id: page
            for page in home.get_children().live().only("title", "url_path", "content_type")
            if not any(page.path.startswith(restricted_path) for restricted_path in restricted)
        }

    # The home page's children change only with a change that purges every page (depth <= 3).
    listings = page_cache.remember(page_cache.SITE_WIDE, f"home-listings:{home.pk}", load_listings)

    def listing_for(index_model):
        return listings.get(ContentType.objects.get_for_model(index_model).id)

    documents = [
        {
            "label": index_model.child_model._meta.verbose_name_plural,
            "items": latest(index_model.child_model, home.jumlah_dokumen),
            "listing": listing_for(index_model),
        }
        for index_model in (
            PeraturanIndexPage,
            SuratEdaranIndexPage,
            JuknisIndexPage,
            LaporanKeuanganIndexPage,
        )
    ]
    return {
        "berita": latest(BeritaPage, home.jumlah_berita),
        "berita_listing": listing_for(BeritaIndexPage),
        "pengumuman": latest(PengumumanPage, 5, active_only=True),
        "pengumuman_listing": listing_for(PengumumanIndexPage),
        "documents": documents,
    }


PUBLICATION_TYPES = (
    BeritaPage,
    PengumumanPage,
    PeraturanPage,
    SuratEdaranPage,
    JuknisPage,
    LaporanKeuanganPage,
)
