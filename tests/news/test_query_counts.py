"""The number of SQL queries for home and each listing does not grow with the content."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news import models as news
from tests.factories import (
    BeritaFactory,
    GambarFactory,
    JenisPeraturanFactory,
    JuknisFactory,
    LaporanKeuanganFactory,
    PengumumanFactory,
    PeraturanFactory,
    SuratEdaranFactory,
)

# Upper bounds, with the current figures in comments (SQLite and PostgreSQL alike).
MAX_QUERIES = {"home": 20, "listing": 16}  # listings: 14-16 with their filter choices

FACTORIES = {
    "berita": BeritaFactory,
    "pengumuman": PengumumanFactory,
    "peraturan": PeraturanFactory,
    "surat_edaran": SuratEdaranFactory,
    "juknis": JuknisFactory,
    "laporan_keuangan": LaporanKeuanganFactory,
}


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
    client.get(url)  # warm up: image renditions are generated on the first view
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db
def test_home_and_listings_queries_do_not_grow_from_5_to_100_items(
    client, home, listings, django_assert_max_num_queries
):
    urls = {"home": home.url, **{key: page.url for key, page in listings.items()}}
    urls["pengumuman_arsip"] = listings["pengumuman"].url + "arsip/"
    urls["berita_page_2"] = listings["berita"].url + "?page=2"

    grow(listings, 5)
    small = {name: count_queries(client, url) for name, url in urls.items()}
    grow(listings, 100)
    large = {name: count_queries(client, url) for name, url in urls.items()}

    assert large == small
    for name, url in urls.items():
        with django_assert_max_num_queries(MAX_QUERIES["home" if name == "home" else "listing"]):
            client.get(url)
    assert news.BeritaPage.objects.live().count() == 100
    print("queries per page:", large)
