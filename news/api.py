"""The read-only JSON API (Wagtail API v2): published pages and public documents.

Images have no endpoint here; a page's fields carry the renditions it shows."""

import re

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet

from home.file_privacy import public_files

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
MAX_NUMBER = 10**9
NUMERIC = ("offset", "limit", "child_of", "descendant_of", "id")


class CheckedParametersMixin:
    """Refuse, with 400, what the database would choke on: NUL and control characters, and
    offsets or ids beyond any real number (SQLite raises an overflow otherwise)."""

    def check_parameters(self, request):
        from .views import clean_query

        if "search" in request.GET:
            # Same cleaning as the site search (quotes break SQLite's FTS5 syntax).
            params = request._request.GET.copy()
            params["search"] = clean_query(params["search"])
            request._request.GET = params
        for key, values in request.GET.lists():
            for value in values:
                if key != "search" and (CONTROL.search(value) or len(value) > 1000):
                    raise BadRequestError(
                        f"parameter {key} berisi karakter yang tidak diizinkan atau terlalu panjang"
                    )
                numeric = key in NUMERIC and value.lstrip("-").isdigit()
                if numeric and abs(int(value)) > MAX_NUMBER:
                    raise BadRequestError(f"parameter {key} terlalu besar")

    def listing_view(self, request):
        self.check_parameters(request)
        return super().listing_view(request)

    def detail_view(self, request, pk):
        self.check_parameters(request)
        if int(pk) > MAX_NUMBER:
            raise BadRequestError("id terlalu besar")
        return super().detail_view(request, pk)


class PublicPagesAPIViewSet(CheckedParametersMixin, PagesAPIViewSet):
    """Live, public pages of the request's site (Wagtail's own rule)."""


class PublicDocumentsAPIViewSet(CheckedParametersMixin, DocumentsAPIViewSet):
    """Public documents only, in the list and by id: those a live, public page uses, outside
    restricted collections (home/file_privacy.py). A draft's files are not listed before the
    page is published, and no longer once it is withdrawn; for everyone, staff included."""

    def get_queryset(self):
        return public_files(super().get_queryset())


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
