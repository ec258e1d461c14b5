"""The site's search backend: Wagtail's own, with a one-pass relevance ranking on SQLite that
gives the same results in the same order (bench/search_bench.py measures the speed)."""

import pytest
from django.core.management import call_command
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


@pytest.mark.django_db
def test_search_page_counts_and_pages_follow_wagtails_ranking(client, many, listings):
    """The search page takes its counts and its pages from one ranked list of hits
    (``ranked_hits``): the same order as Wagtail's own backend, page after page, ties too."""
    for _twin in range(2):  # equal scores: the newer first, as Wagtail orders them
        BeritaFactory(parent=listings["berita"], title="Pleno kembar", ringkasan="Rapat pleno yang sama")
    call_command("update_index", verbosity=0)  # as after an import: the twins' title weights equal
    pages = Page.objects.live().type(*PUBLICATION_TYPES).specific()
    stock = get_search_backend()  # PostgreSQL: Wagtail's own; SQLite: Wagtail's own ranking, below
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        stock = SQLiteSearchBackend({})
    expected = [page.pk for page in stock.search("pleno", pages)]
    assert len(expected) == 18

    first, second = (client.get("/cari/", {"q": "pleno", "page": n}) for n in (1, 2))
    assert [row.pk for row in first.context["results"]] == expected[:10]
    assert [row.pk for row in second.context["results"]] == expected[10:]
    assert "18 hasil untuk “pleno”" in first.content.decode()
    counts = {slug: count for slug, _label, count in first.context["counts"]}
    assert (counts["berita"], counts["peraturan"], counts["pengumuman"]) == (16, 1, 1)

    berita = client.get("/cari/", {"q": "pleno", "jenis": "berita", "page": 2})
    only_berita = [pk for pk in expected if Page.objects.get(pk=pk).specific_class.__name__ == "BeritaPage"]
    assert [row.pk for row in berita.context["results"]] == only_berita[10:]
    assert "16 hasil untuk “pleno”" in berita.content.decode()


@pytest.mark.django_db
def test_search_follows_drafts_withdrawals_restrictions_and_moves_at_once(client, listings, settings):
    """The search checks its hits against the public pages' ids, remembered until a change that
    hides or shows a page: such a change shows at once, and a new draft is never found."""
    from wagtail.models import PageViewRestriction

    from news.models import BeritaIndexPage

    settings.PAGE_CACHE_ENABLED = False  # what a search costs when its page is not stored

    def found():
        response = client.get("/cari/", {"q": "pleno"})
        counts = {slug: count for slug, _label, count in response.context["counts"]}
        return {row.title for row in response.context["results"]}, counts["berita"], counts["peraturan"]

    berita = BeritaFactory(parent=listings["berita"], title="Rapat pleno terbuka")
    peraturan = PeraturanFactory(parent=listings["peraturan"], title="Tata kerja rapat pleno")
    assert found() == ({"Rapat pleno terbuka", "Tata kerja rapat pleno"}, 1, 1)

    BeritaFactory(parent=listings["berita"], title="Pleno rahasia (draf)", publish=False)
    assert found() == ({"Rapat pleno terbuka", "Tata kerja rapat pleno"}, 1, 1)

    BeritaFactory(parent=listings["berita"], title="Pleno kedua")
    assert found() == ({"Rapat pleno terbuka", "Tata kerja rapat pleno", "Pleno kedua"}, 2, 1)

    peraturan.unpublish()
    assert found() == ({"Rapat pleno terbuka", "Pleno kedua"}, 2, 0)

    restriction = PageViewRestriction.objects.create(
        page=listings["berita"], restriction_type="password", password="rahasia"
    )
    assert found() == (set(), 0, 0)
    restriction.delete()
    assert found() == ({"Rapat pleno terbuka", "Pleno kedua"}, 2, 0)

    # Moved out of the site (under a page outside the site's root): no longer the site's.
    outside = listings["berita"].get_parent().get_parent()  # the tree's root, above the site's
    elsewhere = outside.add_child(instance=BeritaIndexPage(title="Arsip lain", slug="arsip-lain"))
    berita.move(elsewhere, pos="last-child")
    assert found() == ({"Pleno kedua"}, 1, 0)
