"""Sharing and search engines: canonical URL, Open Graph, Twitter cards and schema.org JSON-LD
(what a page type describes of itself: NewsArticle for Berita, Legislation for Peraturan)."""

import json

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _image_url(image, request):
    if image is None:
        return ""
    rendition = image.get_rendition("fill-1200x630")
    return request.build_absolute_uri(rendition.url)


def json_ld(page, request, site_settings, image_url):
    """The schema.org description of a page, where its type gives one (``structured_data``:
    NewsArticle for a Berita, Legislation for a Peraturan), else None."""
    structured_data = getattr(page, "structured_data", None)
    if structured_data is None:
        return None
    return structured_data(request, site_settings, image_url)


@register.inclusion_tag("includes/seo.html", takes_context=True)
def seo_tags(context):
    request = context.get("request")
    page = context.get("page")
    if request is None or page is None:
        return {"page": None}
    from home.models import SiteSettings

    site_settings = SiteSettings.for_request(request)  # cached on the request by Wagtail
    page = getattr(page, "specific", page)
    image = getattr(page, "gambar_utama", None) or site_settings.logo
    image_url = _image_url(image, request)
    description = page.search_description or getattr(page, "ringkasan", "") or ""
    structured = json_ld(page, request, site_settings, image_url)
    return {
        "page": page,
        # A route of a page (the Pengumuman archive) names its own URL.
        "url": context.get("canonical_url") or page.get_full_url(request),
        "title": page.seo_title or page.title,
        "description": description[:300],
        "site_name": site_settings.nama_instansi,
        "is_article": hasattr(page, "ringkasan"),
        "image_url": image_url,
        "image_alt": getattr(page, "lead_image_alt", "") if getattr(page, "gambar_utama", None) else "",
        "large_image": bool(getattr(page, "gambar_utama", None)),
        "json_ld": mark_safe(json.dumps(structured, ensure_ascii=False).translate(JSON_ESCAPES))  # noqa: S308
        if structured
        else "",
    }
