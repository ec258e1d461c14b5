"""The site's search backend: Wagtail's own, with a one-pass relevance ranking on SQLite that
gives the same results in the same order (bench/search_bench.py measures the speed)."""

import pytest
from django.db import connection
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from news.models import PUBLICATION_TYPES
from tests.factories import BeritaFactory, PengumumanFactory, PeraturanFactory


@pytest.fixture
def many(listings):
    for n in range(14):
        BeritaFactory(
            parent=listings["berita"],
            title=f"Kegiatan {n}",
            ringkasan=f"Rapat pleno ke-{n} " + "pleno " * (n % 4),
        )
    PeraturanFactory(
        parent=listings["peraturan"], title="Pleno rekapitulasi", tentang="Tata kerja rapat pleno"
    )
    PengumumanFactory(parent=listings["pengumuman"], title="Undangan rapat pleno terbuka")
    BeritaFactory(parent=listings["berita"], title="Pleno konsep", publish=False)


@pytest.mark.django_db
def test_ranked_sqlite_backend_orders_like_wagtails_own(many):
    if connection.vendor != "sqlite":
        from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

        assert isinstance(get_search_backend(), PostgresSearchBackend)
        return
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    ours, stock = get_search_backend(), SQLiteSearchBackend({})
    assert type(ours) is not SQLiteSearchBackend
    pages = Page.objects.live().type(*PUBLICATION_TYPES).specific()
    for query in ("pleno", "rapat pleno", "rekapitulasi", "tidak-ada"):
        expected = [page.pk for page in stock.search(query, pages)]
        assert [page.pk for page in ours.search(query, pages)] == expected
        assert [page.pk for page in ours.search(query, pages)[3:7]] == expected[3:7]
        assert ours.search(query, pages).count() == len(expected)
    assert len(expected) == 0 and ours.search("pleno", pages).count() == 16
    assert "Pleno konsep" not in {page.title for page in ours.search("pleno", pages)}
