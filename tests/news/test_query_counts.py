"""The number of SQL queries for home and each listing does not grow with the content."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news import models as news
from tests.factories import (
    GambarFactory,
    JenisPeraturanFactory,
    factories_by_key,
)

# The bound of the election-day load issue: at most 12 queries per public page, uncached (the
# page cache off), the same at 5 and at 100 items per type. Figures: bench/README.md.
MAX_QUERIES = 12

FACTORIES = factories_by_key()  # every material type of news/catalogue.py


def grow(listings, count):
    """Bring every listing up to ``count`` live items (Berita each with its own photo)."""
    jenis = [JenisPeraturanFactory(nama=f"Jenis {n}", singkatan=f"J{n}") for n in range(3)]
    for key, factory in FACTORIES.items():
        listing = listings[key]
        existing = listing.get_children().count()
        for n in range(existing, count):
            extra = {"tanggal": datetime.date(2024, 1, 1) + datetime.timedelta(days=n)}
            if key == "berita":
                extra.update(gambar_utama=GambarFactory(), tags=[f"tag{n % 4}"])
            if key == "peraturan":
                extra["jenis"] = jenis[n % 3]
            factory(parent=listing, **extra)


def count_queries(client, url):
    client.get(url)  # warm up: image renditions are generated on the first view (and the
    # menu, site, view restrictions and filter choices are remembered, as on a running site)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db
def test_public_pages_stay_within_12_queries_from_5_to_100_items(
    client, home, listings, django_assert_max_num_queries, settings
):
    settings.PAGE_CACHE_ENABLED = False  # what a page costs when it is not stored
    urls = {"home": home.url, **{key: page.url for key, page in listings.items()}}
    urls["pengumuman_arsip"] = listings["pengumuman"].url + "arsip/"
    urls["berita_page_2"] = listings["berita"].url + "?page=2"
    urls["peraturan_filtered"] = listings["peraturan"].url + "?tahun=2024&status=berlaku&q=publikasi"
    urls["search"] = "/cari/?q=publikasi"
    urls["search_filtered"] = "/cari/?q=publikasi&jenis=berita&tahun=2024"
    urls["dip"] = news.DaftarInformasiPublikPage.objects.get().url
    urls["feed"] = "/feed/rss.xml"
    urls["jdih"] = "/jdih/feed.json"
    urls["jdih_paged"] = "/jdih/feed.json?page=1"
    urls["api"] = "/api/v2/pages/?type=news.PeraturanPage"

    grow(listings, 5)
    for key in FACTORIES:  # one detail page of each type
        urls[f"detail_{key}"] = listings[key].get_children().live().last().url
    small = {name: count_queries(client, url) for name, url in urls.items()}
    grow(listings, 100)
    large = {name: count_queries(client, url) for name, url in urls.items()}

    # The feed fetches its items with one query per type present among them: at 100 items per
    # type the newest are all of one type. Bounded below like every page. (Search results take
    # one query for all types: with_summaries; the JDIH feed's records are kept per version.)
    assert {k: v for k, v in large.items() if k != "feed"} == {k: v for k, v in small.items() if k != "feed"}
    for url in urls.values():
        with django_assert_max_num_queries(MAX_QUERIES):
            client.get(url)
    assert news.BeritaPage.objects.live().count() == 100
    print("queries per page:", large)
