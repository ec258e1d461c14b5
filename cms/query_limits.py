"""One bound on every search query, in the admin and on the public site.

A 10,000-character query made Wagtail's admin page search (and the document, image and page
choosers) fail with RecursionError (one nested condition per word), and the register's search
(wagtail-modeladmin: every word against every search field) ran for 44 s. No search form needs
that much: this middleware shortens ``q`` (every admin and public search form) and ``search``
(the public API) to ``SEARCH_QUERY_MAX_LENGTH`` characters and ``SEARCH_QUERY_MAX_WORDS``
words before any view sees them, and tells an admin user so (a message on the page). The public
search already shows the query it searched for (news/views.py).
"""

from django.conf import settings
from django.contrib import messages

PARAMETERS = ("q", "search")
DEFAULT_MAX_LENGTH = 200
DEFAULT_MAX_WORDS = 32


def limits():
    return (
        int(getattr(settings, "SEARCH_QUERY_MAX_LENGTH", DEFAULT_MAX_LENGTH)),
        int(getattr(settings, "SEARCH_QUERY_MAX_WORDS", DEFAULT_MAX_WORDS)),
    )


def shorten(value, max_length, max_words):
    """``value`` within the limits, cut at a word boundary when there is one."""
    words = value.split()
    if len(value) <= max_length and len(words) <= max_words:
        return value
    text = " ".join(words[:max_words])
    if len(text) > max_length:
        cut = text[:max_length]
        text = cut.rsplit(" ", 1)[0] if " " in cut and not text[max_length].isspace() else cut
    return text.strip()


class SearchQueryLimitMiddleware:
    """Bounds ``q`` and ``search`` of every GET request (after MessageMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and any(name in request.GET for name in PARAMETERS):
            self.bound(request)
        return self.get_response(request)

    def bound(self, request):
        max_length, max_words = limits()
        changed = False
        query = request.GET.copy()
        for name in PARAMETERS:
            values = query.getlist(name)
            bounded = [shorten(value, max_length, max_words) for value in values]
            if bounded != values:
                query.setlist(name, bounded)
                changed = True
        if not changed:
            return
        query._mutable = False
        request.GET = query
        request.META["QUERY_STRING"] = query.urlencode()
        if self.shows_messages(request):
            messages.warning(
                request,
                f"Kata kunci pencarian terlalu panjang: yang dicari hanya {max_length} karakter "
                f"atau {max_words} kata pertamanya.",
            )

    @staticmethod
    def shows_messages(request):
        """A whole admin page, not the results fragment its script or a chooser fetches (the
        message would wait for the next page instead)."""
        admin = request.path.startswith("/admin/")
        fragment = (
            request.headers.get("x-requested-with") == "XMLHttpRequest"
            or "/results/" in request.path
            or "/chooser/" in request.path
            or "/choose-" in request.path
        )
        return admin and not fragment and hasattr(request, "_messages")
