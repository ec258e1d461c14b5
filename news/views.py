from django.template.response import TemplateResponse
from wagtail.models import Page, Site

from .models import PUBLICATION_TYPES
from .pagination import paginate

MAX_QUERY_LENGTH = 200


def search(request):
    """Site search across the six material types: live, public pages only."""
    query = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    site = Site.find_for_request(request)
    results = None
    if query:
        pages = Page.objects.live().public().type(*PUBLICATION_TYPES)
        if site is not None:
            pages = pages.descendant_of(site.root_page, inclusive=True)
        results = paginate(request, pages.specific().search(query), 10)
    return TemplateResponse(request, "news/search.html", {"query": query, "results": results})
