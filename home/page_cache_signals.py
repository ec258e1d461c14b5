"""What each change purges from the page cache (home/page_cache.py) and from a front cache.

- Publishing or unpublishing (deleting included) a page: the page, its listing and every
  ancestor up to the home page (they list it), pages that show it (a Peraturan's amended and
  amending regulations: ``pages_showing_this``), what shows it elsewhere (a Peraturan's abstract
  PDF: ``public_paths_elsewhere``), and the pages that list everything (search, feeds, API,
  sitemap, DIP).
- A page in the menu, the home page or a listing: every page (the menu and breadcrumbs).
- Moving a page: every page (the URLs of a whole subtree change).
- Site settings, documents and images, and the models an app names (jenis peraturan:
  news/apps.py): every page that may show them.
- Sites and page view restrictions: everything (routing and access are cached with the pages).

Every purge runs after COMMIT (``transaction.on_commit``; at once outside a transaction): purged
before, a visitor's request in between would store the old page under the new generation. What
is purged is worked out at the signal (inside the transaction: the page's paths as they are now).
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import page_cache

logger = logging.getLogger(__name__)

# The URLs of the pages that list everything, for a front cache (ours purges their prefixes).
AGGREGATE_URLS = [
    "/cari/",
    "/feed/rss.xml",
    "/feed/atom.xml",
    "/feed/berita/rss.xml",
    "/feed/berita/atom.xml",
    "/feed/pengumuman/rss.xml",
    "/feed/pengumuman/atom.xml",
    "/jdih/feed.json",
    "/sitemap.xml",
    "/api/v2/pages/",
    "/api/v2/documents/",
]


def page_paths(page):
    """The URL paths a page answers (its routes included), for this site."""
    url = page.get_url()
    if not url:
        return []
    base = urlsplit(url).path
    return [base if sub in ("", "/") else base + sub.lstrip("/") for sub in page.specific.get_cached_paths()]


def related(page):
    """Other pages that display this one beyond its ancestors: what its type says
    (``pages_showing_this()``, e.g. a Peraturan's amended and amending regulations)."""
    rule = getattr(page, "pages_showing_this", None)
    return list(rule()) if rule is not None else []


def registers():
    """The pages that list every publication, wherever it lives in the tree: the live pages of
    each type that says so (``lists_every_publication = True``, e.g. the DIP)."""
    from wagtail.models import get_page_models

    return [
        page
        for model in get_page_models()
        if getattr(model, "lists_every_publication", False)
        for page in model.objects.live()
    ]


def paths_elsewhere(page):
    """Paths outside the page's own URL that show it, as its type says
    (``public_paths_elsewhere()``, e.g. a Peraturan's abstract PDF under /jdih/). Ours are purged
    with the aggregates; a front cache needs each URL."""
    rule = getattr(page, "public_paths_elsewhere", None)
    return list(rule()) if rule is not None else []


def affected_paths(page):
    pages = [page, *page.get_ancestors().filter(depth__gt=1).specific(), *related(page), *registers()]
    return [path for each in pages for path in [*page_paths(each), *paths_elsewhere(each)]]


def _purge_front_cache(paths):
    try:
        from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
        from wagtail.models import Site

        site = Site.objects.filter(is_default_site=True).first()
        if site is not None:
            purge_urls_from_cache([site.root_url + path for path in paths])
    except Exception:  # the change is committed: a front cache that fails only logs
        logger.exception("Could not purge the front cache (WAGTAILFRONTENDCACHE) for %s", paths)


def _front_cache(paths):
    """Purge a CDN or nginx cache in front too, after COMMIT, when one is configured
    (WAGTAILFRONTENDCACHE). Wagtail's own handlers are off (home.apps.FrontendCacheConfig)."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    paths = list(paths)
    page_cache.after_commit(lambda: _purge_front_cache(paths))


def on_page_change(sender, instance, **kwargs):
    page = instance.specific
    if page.depth <= 3 or page.show_in_menus:
        page_cache.purge_all_after_commit()
        _front_cache(["/"])
        return
    paths = affected_paths(page)
    page_cache.purge_paths_after_commit(paths)
    _front_cache([*paths, *AGGREGATE_URLS])


def on_move(sender, instance, **kwargs):
    page_cache.purge_all_after_commit()
    _front_cache(["/"])


def on_site_wide_change(sender, instance, created=False, **kwargs):
    if created and sender.__name__ in ("Dokumen", "Gambar"):
        return  # a new file shows nowhere until a page that uses it is published
    page_cache.purge_all_after_commit()
    _front_cache(["/"])


def purge_every_page_on_change(model):
    """Every save or deletion of ``model`` purges every page (it shows on many of them). The
    app that owns the model calls this from its ``ready()``."""
    post_save.connect(on_site_wide_change, sender=model, dispatch_uid=f"page_cache_save_{model.__name__}")
    post_delete.connect(on_site_wide_change, sender=model, dispatch_uid=f"page_cache_delete_{model.__name__}")


def connect():
    from wagtail.models import PageViewRestriction, Site

    from home.models import Dokumen, Gambar, SiteSettings

    page_published.connect(on_page_change, dispatch_uid="page_cache_published")
    page_unpublished.connect(on_page_change, dispatch_uid="page_cache_unpublished")
    post_page_move.connect(on_move, dispatch_uid="page_cache_move")
    for model in (SiteSettings, Dokumen, Gambar, Site, PageViewRestriction):
        purge_every_page_on_change(model)
