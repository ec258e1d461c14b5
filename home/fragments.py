"""Fragments of the public pages kept in the cache: a Berita card's picture and a listing's rows.

Used by the template tags (home/templatetags/site_tags.py) and by the listings that prepare
their rows before they are shown (news): a module of its own, so that code outside the template
layer never imports a template tag library.
"""

import functools
import hashlib

from django import template
from django.conf import settings

from home import page_cache


def _site(request):
    from wagtail.models import Site

    return Site.find_for_request(request) if request is not None else None


# A Berita card's photo: AVIF, WebP and JPEG at two widths. Wagtail's {% picture %} looks up six
# renditions and builds their URLs on every render (a cost per card: bench/README.md); the markup depends only on
# the image (its file and focal point) and the alt text, so it is made once and kept.
CARD_PICTURE = (
    "{% load wagtailimages_tags %}{% picture image format-{avif,webp,jpeg} fill-{480x270,960x540} "
    'sizes="(min-width: 60em) 22rem, (min-width: 40em) 45vw, 100vw" alt=alt LAZY%}'
)


@functools.cache
def card_picture_template(eager):
    """Compiled once, when first used (not at import: the template engine may be loading)."""
    return template.Template(CARD_PICTURE.replace("LAZY", "" if eager else 'loading="lazy" '))


CARD_PICTURE_SECONDS = 24 * 3600


def _card_picture_key(image, alt, eager):
    identity = (
        image.pk,
        image.file_hash or image.file.name,
        image.width,
        image.height,
        image.focal_point_x,
        image.focal_point_y,
        image.focal_point_width,
        image.focal_point_height,
        bool(eager),
        alt,
    )
    return "card-picture:" + hashlib.sha1(repr(identity).encode()).hexdigest()  # noqa: S324 - a key


def prefetch_card_renditions(cards):
    """Before a list of cards is shown: fetch, in one query, the renditions of the images whose
    markup is not kept yet (none once they all are). ``cards``: (image, alt, eager) triples."""
    from django.core.cache import cache
    from django.db.models import prefetch_related_objects

    keys = {_card_picture_key(image, alt, eager): image for image, alt, eager in cards if image is not None}
    kept = cache.get_many(list(keys))
    missing = list({image.pk: image for key, image in keys.items() if key not in kept}.values())
    if missing:
        prefetch_related_objects(missing, "renditions")


def card_picture_html(image, alt="", eager=False):
    """``<picture>`` of a card, lazy unless ``eager`` (the first card, above the fold), kept."""
    from django.core.cache import cache
    from django.utils.safestring import mark_safe

    key = _card_picture_key(image, alt, eager)
    html = cache.get(key)
    if html is None:
        html = card_picture_template(bool(eager)).render(template.Context({"image": image, "alt": alt}))
        cache.set(key, html, CARD_PICTURE_SECONDS)
    return mark_safe(html)  # noqa: S308 - Wagtail's own escaped markup


# --- a listing's rows, rendered once per version of their page -----------------------------
# A row (includes/publikasi_item.html, includes/berita_card.html) depends only on its page's
# published content, its URL and the arguments given; a publication changes the page's live
# revision, a move its URL path, and anything else a row shows (a jenis peraturan, an image, the
# site, the menu) purges every page, which moves the site-wide generation. So a kept row is used
# until one of those changes, and rendering a purged listing costs only its new rows. The code's
# version (the templates under includes/) is in the key, so a deployment never shows old markup.
ROW_TEMPLATES_DIR = settings.BASE_DIR / "templates" / "includes"
ROW_CODE_VERSION = hashlib.sha1(  # noqa: S324 - a key
    b"".join(path.read_bytes() for path in sorted(ROW_TEMPLATES_DIR.glob("*.html")))
).hexdigest()[:12]
ROW_SECONDS = 24 * 3600


def row_prefix(request):
    """What every kept row's key of this request shares: the site and the site-wide generation
    (moved by anything a row may show besides its own page: a purge of every page)."""
    prefix = getattr(request, "_listing_row_prefix", None)
    if prefix is None:
        site = getattr(request, "_wagtail_site", None) or _site(request)
        site_wide, _own = page_cache.generations().get(page_cache.SITE_WIDE)
        prefix = f"{getattr(site, 'pk', '')}:{site_wide}"
        if request is not None:
            request._listing_row_prefix = prefix
    return prefix


def kept(key_parts, template_name, values, request):
    """The template's output for ``values`` (a dict, or a function that gives it: called only
    when rendering) and the request (page URLs), kept under a key made of ``key_parts``.
    Rendered with a plain Context: no context processors, so nothing of the visitor gets into
    what is kept."""
    from django.core.cache import cache
    from django.template.loader import get_template
    from django.utils.safestring import mark_safe

    key = "kept-row:" + hashlib.sha1(repr((ROW_CODE_VERSION, template_name, *key_parts)).encode()).hexdigest()  # noqa: S324 - a key
    html = cache.get(key)
    if html is None:
        values = values() if callable(values) else values
        html = get_template(template_name).template.render(template.Context({**values, "request": request}))
        cache.set(key, html, ROW_SECONDS)
    return mark_safe(html)  # noqa: S308 - the template's own autoescaped output
