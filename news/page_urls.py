"""Page URLs for long lists, worked out once per request instead of once per page.

Wagtail's ``page.get_url()`` finds the page's site and reverses the serve view for every page,
which adds up in a feed of thousands of records (bench/README.md, "Figures behind the code"). Pages under the request's site root all share
the same prefix, so their URL is the prefix plus their ``url_path`` below the root.
"""

from django.urls import reverse
from wagtail.models import Site


def page_url_maker(request, full=False, site=None):
    """A function ``url(url_path)`` for pages of the request's site (or ``site``), given their
    ``url_path``: relative like ``page.get_url(request)``, or absolute like ``page.get_full_url``."""
    site = site or Site.find_for_request(request)
    if site is None:
        return lambda url_path: ""
    root_path = site.root_page.url_path
    prefix = (site.root_url if full else "") + reverse("wagtail_serve", args=("",))
    return lambda url_path: prefix + url_path[len(root_path) :]
