import re

from django.template.response import TemplateResponse
from wagtail.models import Page, Site

from .models import PUBLICATION_TYPES
from .pagination import paginate

MAX_QUERY_LENGTH = 200
# Double quotes break SQLite's FTS5 query syntax (a lone one is a 500 otherwise); control
# characters come pasted from Word. Both carry no meaning for a citizen's search.
UNSEARCHABLE = re.compile(r'["\x00-\x1f\x7f]')


def clean_query(text):
    """A search query the backends accept: no quotes or control characters, bounded length."""
    return " ".join(UNSEARCHABLE.sub(" ", text or "").split())[:MAX_QUERY_LENGTH].strip()


def search(request):
    """Site search across the six material types: live, public pages only."""
    query = clean_query(request.GET.get("q", ""))
    site = Site.find_for_request(request)
    results = None
    if query:
        pages = Page.objects.live().public().type(*PUBLICATION_TYPES)
        if site is not None:
            pages = pages.descendant_of(site.root_page, inclusive=True)
        results = paginate(request, pages.specific().search(query), 10)
    return TemplateResponse(request, "news/search.html", {"query": query, "results": results})


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
