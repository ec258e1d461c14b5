"""The search box and the error pages."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import BeritaFactory, PeraturanFactory


@pytest.mark.django_db
def test_search_finds_live_pages_only(client, listings):
    PeraturanFactory(parent=listings["peraturan"], title="Keputusan tentang rekapitulasi suara")
    BeritaFactory(parent=listings["berita"], title="Rekapitulasi suara tingkat provinsi")
    BeritaFactory(parent=listings["berita"], title="Rekapitulasi rahasia (draf)", publish=False)

    response = client.get("/cari/", {"q": "rekapitulasi"})
    html = BeautifulSoup(response.content, "html.parser")
    found = {a.get_text(strip=True) for a in html.select(".publikasi-item__title a")}
    assert found == {"Keputusan tentang rekapitulasi suara", "Rekapitulasi suara tingkat provinsi"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["", "   ", "x" * 10_000, "'; DROP TABLE wagtailcore_page; --", "\x00", "%"]
)
def test_search_survives_odd_queries(client, listings, query):
    response = client.get("/cari/", {"q": query})
    assert response.status_code == 200


@pytest.mark.django_db
def test_unknown_page_answers_404_in_indonesian(client, home):
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    html = BeautifulSoup(response.content, "html.parser")
    assert "Halaman tidak ditemukan" in html.h1.get_text()
    assert html.find("form", attrs={"role": "search"}) or html.select_one("form.search-form")


def test_500_page_is_standalone_html():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Terjadi kesalahan pada server" in html
    assert "{%" not in html


@pytest.mark.django_db
def test_search_rows_are_kept_per_version_and_their_summaries_read_only_to_render(client, listings, settings):
    """With the page cache off, a search's result rows are kept like listing rows: the same
    search again renders no row and reads no summary; a retitled page shows at once."""
    from django.db import connection
    from django.test.signals import template_rendered
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_ENABLED = False
    page = BeritaFactory(parent=listings["berita"], title="Rapat pleno terbuka", ringkasan="Ringkasan pleno.")
    assert "Rapat pleno terbuka" in client.get("/cari/", {"q": "pleno"}).content.decode()

    rendered = []

    def record(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(record)
    try:
        with CaptureQueriesContext(connection) as queries:
            again = client.get("/cari/", {"q": "pleno"}).content.decode()
    finally:
        template_rendered.disconnect(record)
    assert "Rapat pleno terbuka" in again and "Ringkasan <mark>pleno</mark>." in again
    assert "includes/publikasi_item.html" not in rendered
    assert not [q for q in queries.captured_queries if "ringkasan" in q["sql"]]

    page.title = "Rapat pleno terbuka (ralat)"
    page.save_revision().publish()
    assert "Rapat pleno terbuka (ralat)" in client.get("/cari/", {"q": "pleno"}).content.decode()
