"""The page cache: anonymous visitors get stored pages; each kind of change purges what it
affects (and only that where it can); logged-in users, previews and responses that set cookies
are never stored or served from it; purges reach other processes."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction

from home import page_cache
from home.models import SiteSettings
from news.models import PeraturanRelasi
from tests.factories import BeritaFactory, JenisPeraturanFactory, PengumumanFactory, PeraturanFactory

ROOT = Path(__file__).resolve().parents[2]


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.get("X-Cache"), response.content.decode()


@pytest.fixture
def site_pages(listings):
    return {
        "berita": BeritaFactory(parent=listings["berita"], title="Berita pertama"),
        "lain": BeritaFactory(parent=listings["berita"], title="Berita lain"),
        "peraturan": PeraturanFactory(parent=listings["peraturan"], title="Peraturan lama"),
    }


@pytest.mark.django_db
def test_anonymous_visitors_get_stored_pages_without_queries(
    client, home, listings, site_pages, django_assert_num_queries
):
    urls = [
        home.url,
        listings["berita"].url,
        site_pages["berita"].url,
        "/cari/?q=berita",
        "/feed/rss.xml",
        "/sitemap.xml",
    ]
    for url in urls:
        first, body = get(client, url)
        assert first == "MISS", url
        with django_assert_num_queries(0):
            again, cached = get(client, url)
        assert again == "HIT", url
        assert cached == body
    response = client.get(site_pages["berita"].url)
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=300"
    assert response["X-Frame-Options"] == "DENY"
    assert "Cookie" in response["Vary"]
    # Each query string is its own page.
    assert get(client, listings["berita"].url, page="2")[0] == "MISS"


@pytest.mark.django_db
def test_publishing_purges_the_page_its_listing_home_and_aggregates_but_not_the_rest(
    client, home, listings, site_pages
):
    berita, lain = site_pages["berita"], site_pages["lain"]
    urls = [home.url, listings["berita"].url, berita.url, lain.url, "/cari/?q=Berita", "/feed/berita/rss.xml"]
    for url in urls:
        get(client, url)
    berita.title = "Berita pertama diperbarui"
    berita.save_revision().publish()
    for url in [home.url, listings["berita"].url, berita.url, "/cari/?q=Berita", "/feed/berita/rss.xml"]:
        state, body = get(client, url)
        assert state == "MISS", url
        assert "Berita pertama diperbarui" in body, url
    assert get(client, lain.url)[0] == "HIT"  # another detail page is left alone
    assert get(client, listings["peraturan"].url)[0] == "MISS"  # first visit
    assert get(client, listings["peraturan"].url)[0] == "HIT"

    # A new page shows on its listing and the listing's filtered variants at once.
    get(client, listings["berita"].url, tag="pleno")
    BeritaFactory(parent=listings["berita"], title="Berita baru pleno", tags=["pleno"])
    assert "Berita baru pleno" in get(client, listings["berita"].url, tag="pleno")[1]
    assert get(client, listings["peraturan"].url)[0] == "HIT"


@pytest.mark.django_db
def test_publishing_purges_the_dip_register_and_its_downloads(client, listings, site_pages):
    from news.models import DaftarInformasiPublikPage, KategoriInformasi

    dip = DaftarInformasiPublikPage.objects.get().url
    tab = f"{dip}?kategori={KategoriInformasi.SETIAP_SAAT}"
    for url in (tab, dip + "unduh/csv/"):
        get(client, url)
        assert get(client, url)[0] == "HIT"
    PeraturanFactory(
        parent=listings["peraturan"],
        title="Peraturan baru terbit",
        kategori_informasi=KategoriInformasi.SETIAP_SAAT,
    )
    for url in (tab, dip + "unduh/csv/"):
        state, body = get(client, url)
        assert state == "MISS", url
        assert "Peraturan baru terbit" in body, url


@pytest.mark.django_db
def test_unpublishing_and_deleting_take_the_page_off_at_once(client, listings, site_pages):
    berita, lain = site_pages["berita"], site_pages["lain"]
    for url in (listings["berita"].url, berita.url, lain.url):
        get(client, url)
    berita.unpublish()
    assert client.get(berita.url).status_code == 404
    assert "Berita pertama" not in get(client, listings["berita"].url)[1]
    lain_url = lain.url
    lain.delete()
    assert client.get(lain_url).status_code == 404
    assert "Berita lain" not in get(client, listings["berita"].url)[1]


@pytest.mark.django_db
def test_pengumuman_archive_route_is_purged_with_its_listing(client, listings):
    archive = listings["pengumuman"].url + "arsip/"
    get(client, archive)
    PengumumanFactory(
        parent=listings["pengumuman"], title="Pengumuman kedaluwarsa", berlaku_sampai="2024-01-01"
    )
    state, body = get(client, archive)
    assert state == "MISS" and "Pengumuman kedaluwarsa" in body


@pytest.mark.django_db
def test_a_regulation_that_revokes_another_purges_the_revoked_one(client, listings, site_pages):
    lama = site_pages["peraturan"]
    get(client, lama.url)
    PeraturanFactory(
        parent=listings["peraturan"],
        title="Peraturan pencabut",
        relasi=[PeraturanRelasi(jenis="mencabut", target=lama)],
    )
    state, body = get(client, lama.url)
    assert state == "MISS" and "Peraturan pencabut" in body


@pytest.mark.django_db
def test_site_wide_changes_purge_every_page(client, home, listings, site_pages):
    urls = [home.url, site_pages["lain"].url, listings["peraturan"].url]
    for url in urls:
        get(client, url)
    settings_row = SiteSettings.for_site(home.get_site())
    settings_row.telepon = "(0254) 999-1234"
    settings_row.save()
    for url in urls:
        state, body = get(client, url)
        assert state == "MISS" and "(0254) 999-1234" in body, url

    # The menu: a listing renamed.
    listing = listings["surat_edaran"]
    listing.title = "Surat Edaran KPU"
    listing.save_revision().publish()
    for url in urls:
        state, body = get(client, url)
        assert state == "MISS" and "Surat Edaran KPU" in body, url

    # A jenis peraturan renamed shows in listings and filters.
    for url in urls:
        get(client, url)
    jenis = JenisPeraturanFactory()
    jenis.nama = "Peraturan KPU (nama baru)"
    jenis.save()
    assert get(client, listings["peraturan"].url)[0] == "MISS"


@pytest.mark.django_db
def test_moving_a_page_purges_every_page(client, listings, site_pages):
    get(client, site_pages["lain"].url)
    assert get(client, site_pages["lain"].url)[0] == "HIT"
    site_pages["berita"].move(listings["berita"], pos="first-child")
    assert get(client, site_pages["lain"].url)[0] == "MISS"


@pytest.mark.django_db
def test_logged_in_users_and_cookies_bypass_the_cache(client, home, listings, site_pages):
    url = site_pages["berita"].url
    get(client, url)
    assert get(client, url)[0] == "HIT"
    user = get_user_model().objects.create_user("penyunting", password="x", is_staff=True)
    editor = Client()
    editor.force_login(user)
    response = editor.get(url)
    assert response.status_code == 200 and "X-Cache" not in response
    # A visitor who has seen a form (CSRF cookie) is not served a stored page either.
    visitor = Client()
    visitor.cookies["csrftoken"] = "x" * 32
    assert "X-Cache" not in visitor.get(url)
    # Nor is anything under /admin/ (previews included) ever stored.
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=(site_pages["berita"].pk,))
    editor.get(preview)
    assert "X-Cache" not in editor.get(preview)


@pytest.mark.django_db
def test_responses_that_set_cookies_are_never_stored(client, listings):
    private = BeritaFactory(parent=listings["berita"], title="Berita berkata sandi")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="rahasia")
    first = client.get(private.url)
    assert first.status_code == 200 and first.cookies  # the password form sets the CSRF cookie
    anonymous = Client()
    second = anonymous.get(private.url)
    assert second.get("X-Cache") != "HIT"
    assert "X-Cache" not in first


@pytest.mark.django_db
def test_a_purge_in_another_process_reaches_this_one(client, listings, site_pages, tmp_path, settings):
    settings.PAGE_CACHE_PURGE_LOG = str(tmp_path / "purges.log")
    page_cache.clear()
    page_cache._local = None  # this process now follows the log named above
    url = site_pages["berita"].url
    get(client, url)
    assert get(client, url)[0] == "HIT"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "PAGE_CACHE_PURGE_LOG": settings.PAGE_CACHE_PURGE_LOG,
    }
    result = subprocess.run(  # noqa: S603 - this project's manage.py
        [sys.executable, "manage.py", "purge_page_cache", url],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert get(client, url)[0] == "MISS"
    assert get(client, site_pages["lain"].url)[0] == "MISS"  # first visit
    assert get(client, site_pages["lain"].url)[0] == "HIT"
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "purge_page_cache", "--all"], cwd=ROOT, env=env, check=True, timeout=120
    )
    assert get(client, site_pages["lain"].url)[0] == "MISS"
    page_cache._local = None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "backend",
    ["locmem"] + (["redis"] if os.environ.get("TEST_REDIS_URL") else []),  # CI sets it (.ci/run)
)
def test_purges_work_with_each_cache_backend(client, listings, site_pages, settings, backend, test_redis_url):
    if backend == "redis":
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": test_redis_url,  # this worker's own database (tests/conftest.py)
                "KEY_PREFIX": "terbit-test",
            }
        }
    page_cache.clear()
    berita = site_pages["berita"]
    get(client, berita.url)
    get(client, site_pages["lain"].url)
    assert get(client, berita.url)[0] == "HIT"
    berita.title = "Judul baru"
    berita.save_revision().publish()
    state, body = get(client, berita.url)
    assert state == "MISS" and "Judul baru" in body
    assert get(client, site_pages["lain"].url)[0] == "HIT"
    page_cache.clear()


# --- what is kept with the page cache off: rows of listings, site settings -------------------


def row_titles(body):
    import re

    return re.findall(r'__title"><a href="([^"]+)">([^<]+)</a>', body)


@pytest.mark.django_db
def test_kept_listing_rows_follow_each_change_with_the_page_cache_off(client, home, listings, settings):
    """A listing's rows are rendered once per version of their page and reused (the page cache
    off, as for a visitor who has a session): a new revision, a move, a renamed jenis peraturan
    and new site settings all show at once, on the home page and on the listings."""
    settings.PAGE_CACHE_ENABLED = False
    berita = BeritaFactory(parent=listings["berita"], title="Rapat pleno pertama")
    peraturan = PeraturanFactory(parent=listings["peraturan"], title="Peraturan tata kerja", nomor="7")
    for url in (home.url, listings["berita"].url, listings["peraturan"].url):
        _, body = get(client, url)
        assert (berita.url, "Rapat pleno pertama") in row_titles(body) or "Peraturan tata kerja" in body

    # A new revision: the new title, in every listing that shows the page.
    berita.title = "Rapat pleno kedua"
    berita.save_revision().publish()
    for url in (home.url, listings["berita"].url):
        titles = row_titles(get(client, url)[1])
        assert (berita.url, "Rapat pleno kedua") in titles and "Rapat pleno pertama" not in str(titles), url

    # A move: the row links to the new URL.
    other = listings["berita"].add_child(
        instance=type(listings["berita"])(title="Berita daerah", slug="daerah")
    )
    other.save_revision().publish()
    berita.refresh_from_db()
    berita.move(other, pos="last-child")
    berita.refresh_from_db()
    assert berita.url.startswith("/berita/daerah/")
    assert (berita.url, "Rapat pleno kedua") in row_titles(get(client, home.url)[1])

    # A renamed jenis peraturan's abbreviation (shown in the row's details).
    assert "PKPU Nomor 7 Tahun 2024" in get(client, listings["peraturan"].url)[1]
    jenis = peraturan.jenis
    jenis.singkatan = "PerKPU"
    jenis.save()
    for url in (home.url, listings["peraturan"].url):
        body = get(client, url)[1]
        assert "PerKPU Nomor 7 Tahun 2024" in body and "PKPU Nomor 7" not in body, url

    # Site settings are remembered too, and a save shows at once.
    settings_row = SiteSettings.for_site(home.get_site())
    settings_row.nama_instansi = "KPU Provinsi Banten (uji)"
    settings_row.save()
    assert "KPU Provinsi Banten (uji)" in get(client, listings["berita"].url)[1]


@pytest.mark.django_db
def test_a_kept_row_is_reused_and_holds_nothing_of_the_visitor(client, home, listings, settings):
    settings.PAGE_CACHE_ENABLED = False
    BeritaFactory(parent=listings["berita"], title="Sosialisasi pemilih pemula")
    first = get(client, listings["berita"].url)[1]
    user = get_user_model().objects.create_user("penyunting-baris", password="x", is_staff=True)
    editor = Client()
    editor.force_login(user)
    as_editor = editor.get(listings["berita"].url).content.decode()
    # The same row markup for the visitor and the editor (rows never see the user or a session).
    assert row_titles(first) == row_titles(as_editor) and row_titles(first)
    assert "penyunting-baris" not in as_editor.split('<ul class="card-grid">')[1].split("</ul>")[0]
    # Kept: a second render does not render the row again (the card's template is not used).
    from django.test.signals import template_rendered

    rendered = []

    def record(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(record)
    try:
        get(client, listings["berita"].url)
    finally:
        template_rendered.disconnect(record)
    assert "news/berita_index_page.html" in rendered
    assert "includes/berita_card.html" not in rendered


@pytest.mark.django_db
def test_the_home_page_reads_only_its_rows_keys_once_they_are_kept(
    client, home, listings, settings, django_assert_max_num_queries
):
    """Once the home page's rows have been rendered, a request reads only their keys (one query
    per section) and loads the pages of rows not kept: after a publication, only the new one's
    section."""
    settings.PAGE_CACHE_ENABLED = False
    for n in range(3):
        BeritaFactory(parent=listings["berita"], title=f"Berita ke-{n}")
        PengumumanFactory(parent=listings["pengumuman"], title=f"Pengumuman ke-{n}")
        PeraturanFactory(parent=listings["peraturan"], title=f"Peraturan ke-{n}")
    first = get(client, home.url)[1]
    with django_assert_max_num_queries(6) as reads:  # the six sections' keys; every row kept
        assert get(client, home.url)[1] == first
    assert not [query for query in reads.captured_queries if "ringkasan" in query["sql"]]
    BeritaFactory(parent=listings["berita"], title="Berita terbaru sekali", tanggal=datetime.date(2030, 1, 1))
    get(client, listings["berita"].url)  # (any page: the purge log is read)
    with django_assert_max_num_queries(7) as reads:  # and the Berita section's pages, for the new row
        body = get(client, home.url)[1]
    loaded = [query["sql"] for query in reads.captured_queries if "ringkasan" in query["sql"]]
    assert len(loaded) == 1 and "news_beritapage" in loaded[0]
    assert row_titles(body)[0][1] == "Berita terbaru sekali"
    assert row_titles(body)[1:] == row_titles(first)  # the kept rows, unchanged
