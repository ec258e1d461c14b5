"""Visit every admin screen a user can reach from the dashboard's own links (test client).

Bounded: one screen per URL pattern (the view and the names of its query parameters), and at
most ``limit`` screens. Screens that are files (exports, downloads) or the public site's
templates (previews) are not read.
"""

from collections import deque
from urllib.parse import parse_qsl, urlsplit

from django.urls import Resolver404, resolve

from tests.i18n.screens import english_on_screen, links, parse, visible_strings

SKIP_VIEWS = (
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_pages:preview_on_edit",
    "wagtailadmin_pages:preview_on_add",
    "wagtailadmin_pages:view_draft",
    "wagtailadmin_pages:revisions_view",
    "wagtaildocs_serve",
    "wagtailimages_serve",
    "wagtailadmin_pages:preview",
)
# Only the names of these parameters make a different screen; the others are sort orders, pages.
SCREEN_PARAMETERS = {"q", "step", "action", "next"}


def pattern_of(url):
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.view_name in SKIP_VIEWS or "serve" in match.view_name or "export" in parts.path:
        return None
    if "download" in parts.path or "preview" in parts.path or parts.path.endswith((".pdf", ".csv", ".xlsx")):
        return None
    names = sorted({name for name, _ in parse_qsl(parts.query) if name in SCREEN_PARAMETERS})
    return (match.view_name, tuple(sorted(match.kwargs)), tuple(names))


def read(response):
    """The HTML of a response: a page, or the ``html`` of a modal's JSON (choosers)."""
    content_type = response.get("Content-Type", "")
    if content_type.startswith("text/html"):
        return response.content.decode()
    if content_type.startswith("application/json"):
        data = response.json()
        if isinstance(data, dict) and isinstance(data.get("html"), str):
            return data["html"]
    return None


def check(client, url, findings, screens=None):
    """Fetch ``url``; record its English strings in ``findings``; return its soup (or None)."""
    response = client.get(url, HTTP_X_REQUESTED_WITH="XMLHttpRequest" if "/choose" in url else "")
    if response.status_code != 200:
        return None, response
    body = read(response)
    if body is None:
        return None, response
    soup = parse(body)
    if screens is not None:
        screens.append(url)
    for string in english_on_screen(visible_strings(soup)):
        findings.setdefault(string, url)
    return soup, response


def crawl(client, start_urls, findings, limit=150):
    """Breadth-first from ``start_urls``; returns the URLs read."""
    seen_patterns, screens = set(), []
    queue = deque(start_urls)
    while queue and len(screens) < limit:
        url = queue.popleft()
        pattern = pattern_of(url)
        if pattern is None or pattern in seen_patterns:
            continue
        seen_patterns.add(pattern)
        soup, _response = check(client, url, findings, screens)
        if soup is None:
            continue
        queue.extend(sorted(links(soup)))
    return screens
