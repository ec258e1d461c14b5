import re
from collections import Counter
from operator import itemgetter

from django.contrib.contenttypes.models import ContentType
from django.template.response import TemplateResponse
from wagtail.models import Page, Site

from . import catalogue
from .models import PUBLICATION_TYPES
from .pagination import paginate
from .search_backend import ranked_hits

MAX_QUERY_LENGTH = 200
# Double quotes break SQLite's FTS5 query syntax (a lone one is a 500 otherwise); control
# characters come pasted from Word. Both carry no meaning for a citizen's search.
UNSEARCHABLE = re.compile(r'["\x00-\x1f\x7f]')


def clean_query(text):
    """A search query the backends accept: no quotes or control characters, bounded length."""
    return " ".join(UNSEARCHABLE.sub(" ", text or "").split())[:MAX_QUERY_LENGTH].strip()


# ?jenis= values of the search filter and their types, in menu order (news/catalogue.py).
SEARCH_TYPES = catalogue.by_search_slug()


def _year(raw):
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() and len(raw) == 4 and 1900 <= int(raw) <= 2100 else None


def with_summaries(pages):
    """Give plain ``Page`` results their type's label, date and summary, in one query for all
    types (a UNION), where ``.specific()`` takes one query per type among the results."""
    if not pages:
        return pages
    ids = [page.pk for page in pages]
    parts = [
        model.objects.filter(pk__in=ids).order_by().values("id", "tanggal", "ringkasan")
        for model in PUBLICATION_TYPES
    ]
    rows = {row["id"]: row for row in parts[0].union(*parts[1:], all=True)}
    for page in pages:
        row = rows.get(page.pk, {})
        page.tanggal = row.get("tanggal")
        page.ringkasan = row.get("ringkasan", "")
        page.type_label = page.specific_class._meta.verbose_name if page.specific_class else ""
    return pages


class SearchRow:
    """A search result by what its kept markup is keyed by (``{% listing_row %}``): its summary
    (type, date, ringkasan) is read only when the row has to be rendered, with the other rows'."""

    __slots__ = ("page", "rows")

    def __init__(self, rows, page):
        self.rows = rows
        self.page = page

    pk = property(lambda self: self.page.pk)
    live_revision_id = property(lambda self: self.page.live_revision_id)
    last_published_at = property(lambda self: self.page.last_published_at)
    url_path = property(lambda self: self.page.url_path)

    def load_page(self):
        self.rows.summarise()
        return self.page

    def __getattr__(self, name):  # anything else: the page's, summarised
        return getattr(self.load_page(), name)


class SearchRows(list):
    def __init__(self, pages):
        super().__init__(SearchRow(self, page) for page in pages)
        self.pages = pages
        self.summarised = False

    def summarise(self):
        if not self.summarised:
            with_summaries(self.pages)
            self.summarised = True


def search(request):
    """Site search across the material types, by type and year: live, public pages only."""
    from django.db.models import Q

    from home import page_cache

    from .models import public

    query = clean_query(request.GET.get("q", ""))
    jenis = request.GET.get("jenis", "")
    jenis = jenis if jenis in SEARCH_TYPES else ""
    tahun = _year(request.GET.get("tahun"))
    models = SEARCH_TYPES
    site = Site.find_for_request(request)
    pages = public(Page.objects.live())
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    if tahun:
        # The year of the information (tanggal), whatever the type.
        in_year = Q()
        for model in models.values():
            in_year |= Q(pk__in=model.objects.filter(tanggal__year=tahun).values("pk"))
        pages = pages.filter(in_year)
    context = {"query": query, "jenis": jenis, "tahun": tahun, "results": None, "counts": []}
    if query:
        # Every hit, best first, in one query: the counts per type and the page of results.
        scope = pages.type(*PUBLICATION_TYPES)
        # The ids of the public pages, remembered until a publication, withdrawal, move or view
        # restriction (each purges them); a new draft is simply not among them. Not by year.
        among = None
        if not tahun:
            among = page_cache.remember(
                page_cache.AGGREGATE,
                f"search-scope:{site.pk if site else ''}",
                lambda: frozenset(scope.values_list("pk", flat=True)),
            )
        hits = ranked_hits(scope, query, among=among)
        per_type = Counter(map(itemgetter(1), hits))
        for slug, model in models.items():
            count = per_type[ContentType.objects.get_for_model(model).pk]
            context["counts"].append((slug, model._meta.verbose_name_plural, count))
        if jenis:
            wanted = ContentType.objects.get_for_model(models[jenis]).pk
            hits = [hit for hit in hits if hit[1] == wanted]
        results = paginate(request, hits, 10)
        ids = [pk for pk, _content_type in results.object_list]
        found = scope.in_bulk(ids)  # the rows shown are checked against the database too
        # Rows kept from an earlier search need no summary: read only for rows to render.
        results.object_list = SearchRows([found[pk] for pk in ids if pk in found])
        context["results"] = results

    def load_years():
        years = set()
        for model in models.values():
            years.update(d.year for d in public(model.objects.live()).dates("tanggal", "year"))
        return sorted(years, reverse=True)

    # The years change only with publications, which purge them (home/page_cache.py).
    context["years"] = page_cache.remember(page_cache.AGGREGATE, "search-years", load_years)
    context["types"] = [(slug, model._meta.verbose_name_plural) for slug, model in models.items()]
    return TemplateResponse(request, "news/search.html", context)


def robots_txt(request):
    """Crawlers: everything public, not the admin or search result pages; where the sitemap is."""
    from django.http import HttpResponse

    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /cari/",
        "Allow: /",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever the page's <link rel="icon"> says."""
    from django.http import HttpResponsePermanentRedirect
    from django.templatetags.static import static

    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
