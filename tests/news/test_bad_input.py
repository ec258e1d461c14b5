"""Every public URL that takes query parameters answers 200 or 4xx, never 500, for the bad
inputs of the issue; and nothing unpublished ever shows in search, listings, feeds, sitemap,
DIP or API."""

import json

import pytest
from bs4 import BeautifulSoup

from news.models import DaftarInformasiPublikPage
from tests.news.conftest import HIDDEN

BAD_VALUES = [
    "abc",  # not a number
    "99999999999999999999999999",  # huge
    "-5",  # negative
    "1e309",
    "",
    "'",
    '"',
    "' OR '1'='1",
    "1; DROP TABLE wagtailcore_page; --",
    "UNION SELECT password FROM auth_user",
    "\x00",
    "%00",
    "pleno\x0bdari\x0cWord\x1f",
    "<script>alert(1)</script>",
    "x" * 10_000,
    "NEAR(",
    "a AND (b",
    "*",
]


def public_urls(listings):
    """Each public URL with the parameters it understands (plus one it does not)."""
    dip = DaftarInformasiPublikPage.objects.get().url
    urls = {
        "/cari/": ["q", "jenis", "tahun", "page"],
        "/feed/rss.xml": ["page", "q"],
        "/feed/atom.xml": ["page"],
        "/feed/berita/rss.xml": ["page"],
        "/feed/pengumuman/atom.xml": ["page"],
        "/jdih/feed.json": ["page", "tahun"],
        "/api/v2/pages/": ["type", "search", "limit", "offset", "order", "fields", "child_of", "tanggal"],
        "/api/v2/documents/": ["search", "limit", "offset", "order", "fields"],
        "/sitemap.xml": ["p"],
        dip: ["kategori", "page"],
        listings["peraturan"].url: ["q", "jenis", "tahun", "status", "page"],
        listings["berita"].url: ["tag", "bulan", "page"],
        listings["pengumuman"].url + "arsip/": ["q", "tahun", "page"],
    }
    return {url: [*params, "parameter_asing"] for url, params in urls.items()}


@pytest.mark.django_db
def test_every_public_query_url_answers_every_bad_value_without_a_500(client, listings, published):
    failures = []
    for url, params in public_urls(listings).items():
        for param in params:
            for value in BAD_VALUES:
                response = client.get(url, {param: value})
                if not 200 <= response.status_code < 500:
                    failures.append((url, param, value[:20], response.status_code))
                elif response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                    body = response.content.decode()
                    assert "<script>alert(1)" not in body, (url, param)
                    assert "\x00" not in body, (url, param)
            # Repeated parameters.
            response = client.get(url, {param: ["1", "abc", "-1"]})
            if not 200 <= response.status_code < 500:
                failures.append((url, param, "repeated", response.status_code))
    assert failures == []


@pytest.mark.django_db
def test_odd_parameters_get_a_clear_answer_in_the_api(client, published):
    response = client.get("/api/v2/pages/", {"limit": "abc"})
    assert response.status_code == 400
    assert json.loads(response.content)["message"]


@pytest.mark.django_db
def test_unpublished_pages_appear_nowhere_public(client, listings, published):
    dip = DaftarInformasiPublikPage.objects.get()
    places = [
        ("/cari/", {"q": "Berita"}),
        (listings["berita"].url, {}),
        ("/feed/rss.xml", {}),
        ("/feed/berita/atom.xml", {}),
        ("/sitemap.xml", {}),
        ("/api/v2/pages/", {"type": "news.BeritaPage", "limit": 20}),
        ("/api/v2/pages/", {"search": "Berita"}),
        (dip.url, {"kategori": "serta_merta"}),
        (dip.url + "unduh/csv/", {}),
        ("/", {}),
    ]
    for url, params in places:
        response = client.get(url, params)
        assert response.status_code == 200, url
        body = response.content.decode("utf-8-sig")
        for title in HIDDEN:
            assert title not in body, (url, title)
    # ...while the published one is found in each of them.
    search = BeautifulSoup(client.get("/cari/", {"q": "Berita"}).content, "html.parser")
    assert [a.get_text(strip=True) for a in search.select(".publikasi-item__title a")] == ["Berita terbit"]
