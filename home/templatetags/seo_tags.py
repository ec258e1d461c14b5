"""Sharing and search engines: canonical URL, Open Graph, Twitter cards and schema.org JSON-LD
(NewsArticle for Berita, Legislation for Peraturan)."""

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
    """The schema.org description of a Berita or a Peraturan (None for other pages)."""
    from news.models import BeritaPage, PeraturanPage

    publisher = {"@type": "GovernmentOrganization", "name": site_settings.nama_instansi}
    url = page.get_full_url(request)
    if isinstance(page, BeritaPage):
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": page.title[:110],
            "description": page.ringkasan,
            "datePublished": page.first_published_at.isoformat() if page.first_published_at else None,
            "dateModified": (page.last_published_at or page.first_published_at).isoformat()
            if page.first_published_at
            else None,
            "author": {"@type": "Organization", "name": page.byline or site_settings.nama_instansi},
            "publisher": publisher,
            "mainEntityOfPage": url,
            "inLanguage": "id",
        }
        if image_url:
            data["image"] = [image_url]
        return data
    if isinstance(page, PeraturanPage):
        return {
            "@context": "https://schema.org",
            "@type": "Legislation",
            "name": page.title,
            "legislationIdentifier": f"{page.jenis.singkatan} Nomor {page.nomor} Tahun {page.tahun}",
            "legislationType": page.jenis.nama,
            "legislationDate": page.tanggal_penetapan.isoformat(),
            "legislationLegalForce": "InForce" if page.status == "berlaku" else "NotInForce",
            "legislationJurisdiction": "Provinsi Banten, Indonesia",
            "legislationPassedBy": publisher,
            "abstract": page.ringkasan,
            "inLanguage": "id",
            "url": url,
        }
    return None


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
