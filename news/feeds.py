"""RSS and Atom feeds of what is published: all publications, Berita, Pengumuman."""

import re

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from wagtail.models import Page, Site

from .models import PUBLICATION_TYPES, BeritaPage, PengumumanPage

FEED_SIZE = 30
# XML 1.0 forbids these; editors paste them from Word into titles and summaries.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(value):
    return CONTROL_CHARACTERS.sub("", str(value or ""))


def published_pages(request, models, newest=True):
    """Live, public pages of ``models`` on the request's site.

    ``newest``: for the newest few, newest published first. The type is then tested as
    ``content_type_id + 0``, which no index can answer: otherwise SQLite picks the content type
    index (every publication) and sorts them all to give the newest 30, where walking the
    publication date index is many times quicker. For all of them (the JDIH list) the content
    type index is the quicker way (figures: bench/README.md, "Figures behind the code").
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import F

    from .models import public

    type_ids = [ContentType.objects.get_for_model(model).pk for model in models]
    if newest:
        pages = Page.objects.live().alias(type_id=F("content_type_id") + 0).filter(type_id__in=type_ids)
    else:
        pages = Page.objects.live().filter(content_type_id__in=type_ids)
    pages = public(pages)
    site = Site.find_for_request(request)
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    return pages


class PublikasiFeed(Feed):
    """All six material types (RSS 2.0)."""

    feed_type = Rss201rev2Feed
    models = PUBLICATION_TYPES
    label = "Semua publikasi"

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        from home.models import SiteSettings

        return clean_text(f"{SiteSettings.for_request(self.request).nama_instansi} – {self.label}")

    def link(self):
        return "/"

    def description(self):
        return f"{self.label}: informasi terbaru yang diterbitkan."

    subtitle = description

    def items(self):
        pages = published_pages(self.request, self.models).order_by("-first_published_at", "-pk")
        return list(pages.specific()[:FEED_SIZE])

    def item_title(self, item):
        return clean_text(item.title)

    def item_description(self, item):
        return clean_text(getattr(item, "ringkasan", ""))

    def item_link(self, item):
        return item.get_url(self.request) or "/"

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [str(item._meta.verbose_name).capitalize()]


class PublikasiAtomFeed(PublikasiFeed):
    feed_type = Atom1Feed


class BeritaFeed(PublikasiFeed):
    models = (BeritaPage,)
    label = "Berita"


class BeritaAtomFeed(BeritaFeed):
    feed_type = Atom1Feed


class PengumumanFeed(PublikasiFeed):
    models = (PengumumanPage,)
    label = "Pengumuman"


class PengumumanAtomFeed(PengumumanFeed):
    feed_type = Atom1Feed
