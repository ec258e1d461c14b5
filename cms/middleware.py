"""Requests too large to accept are refused before anything reads their body."""

from django.conf import settings
from django.http import HttpResponse
from django.template import loader


class RequestBodyLimitMiddleware:
    """413 for a request whose declared body exceeds ``MAX_REQUEST_BODY_SIZE``, answered from
    its ``Content-Length`` alone: the body is never read, into memory or a temporary file.

    The admin's own limits (documents, images, register files) are lower and answer with a
    message on the form; this one stops what no form accepts (and the reverse proxy's
    ``client_max_body_size`` should match it, docs/deploy.md)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django treats an unreadable length as no body
        if length > settings.MAX_REQUEST_BODY_SIZE:
            limit = settings.MAX_REQUEST_BODY_SIZE // (1024 * 1024)
            html = loader.render_to_string("413.html", {"limit_mb": limit})
            response = HttpResponse(html, status=413)
            response["Connection"] = "close"  # the unread body must not be taken as a next request
            return response
        return self.get_response(request)
