"""Feeds, the JDIH integration feed, the JSON API, sitemap.xml and robots.txt: what is
published, and nothing else (drafts, private and future-scheduled pages never appear)."""

import datetime
import json

import feedparser
import pytest

from tests.factories import (
    BeritaFactory,
    DokumenFactory,
    PengumumanFactory,
    PeraturanFactory,
)
from tests.news.conftest import HIDDEN

FEEDS = {
    "/feed/rss.xml": {
        "Berita terbit",
        "Pengumuman terbit",
        "Peraturan terbit",
        "Surat edaran terbit",
        "Juknis terbit",
        "Laporan terbit",
    },
    "/feed/atom.xml": None,
    "/feed/berita/rss.xml": {"Berita terbit"},
    "/feed/berita/atom.xml": {"Berita terbit"},
    "/feed/pengumuman/rss.xml": {"Pengumuman terbit"},
    "/feed/pengumuman/atom.xml": {"Pengumuman terbit"},
}
FEEDS["/feed/atom.xml"] = FEEDS["/feed/rss.xml"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", list(FEEDS))
def test_feeds_hold_what_is_published(client, published, path):
    response = client.get(path, {"page": "-1", "q": "' OR 1=1 --"})
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    titles = {entry.title for entry in feed.entries}
    assert titles == FEEDS[path]
    entry = next(entry for entry in feed.entries if entry.title == next(iter(FEEDS[path])))
    assert entry.link.startswith("http://testserver/")
    assert entry.summary.startswith("Ringkasan")


@pytest.mark.django_db
def test_feeds_stay_well_formed_with_control_characters_from_word(client, listings):
    BeritaFactory(
        parent=listings["berita"], title="Rapat\x0b pleno\x01 terbuka", ringkasan="Ringkasan\x0c uji."
    )
    for path in ("/feed/rss.xml", "/feed/berita/atom.xml"):
        response = client.get(path)
        assert response.status_code == 200
        feed = feedparser.parse(response.content)
        assert not feed.bozo
        assert feed.entries[0].title == "Rapat pleno terbuka"


@pytest.mark.django_db
def test_pages_advertise_their_feeds(client, published):
    html = client.get("/").content.decode()
    assert 'type="application/rss+xml" title="Berita (RSS)" href="/feed/berita/rss.xml"' in html


@pytest.mark.django_db
def test_jdih_feed_uses_jdihn_field_names(client, published):
    response = client.get("/jdih/feed.json")
    assert response.status_code == 200
    records = json.loads(response.content)
    assert {record["judul"] for record in records} == {
        "Peraturan terbit",
        "Surat edaran terbit",
        "Juknis terbit",
    }
    peraturan = next(record for record in records if record["judul"] == "Peraturan terbit")
    for field in (
        "idData",
        "tahun_pengundangan",
        "tanggal_penetapan",
        "jenis",
        "noPeraturan",
        "judul",
        "singkatanJenis",
        "tempatTerbit",
        "subjek",
        "status",
        "bahasa",
        "bidangHukum",
        "teuBadan",
        "fileDownload",
        "urlDownload",
        "abstrak",
        "urlDetailPeraturan",
    ):
        assert field in peraturan, field
    assert peraturan["noPeraturan"] == "21"
    assert peraturan["singkatanJenis"] == "PKPU"
    assert peraturan["tanggal_penetapan"] == "2024-05-01"
    assert peraturan["tahun_pengundangan"] == "2024"
    assert peraturan["status"] == "Berlaku"
    assert peraturan["fileDownload"] == "lampiran.pdf"
    assert peraturan["urlDownload"].startswith("http://testserver/dokumen/")
    assert peraturan["urlDetailPeraturan"] == published["peraturan"].get_full_url()
    assert peraturan["abstrak"] == "Ringkasan Peraturan terbit."
    surat_edaran = next(record for record in records if record["singkatanJenis"] == "SE")
    assert surat_edaran["jenis"] == "Surat Edaran"


@pytest.mark.django_db
def test_jdih_feed_pages_newest_first_for_harvesters_that_page(client, listings, monkeypatch):
    from news import jdih

    monkeypatch.setattr(jdih, "JDIH_PAGE_SIZE", 2)
    for n in range(5):
        PeraturanFactory(parent=listings["peraturan"], title=f"Peraturan {n}", nomor=str(n))
    whole = [record["judul"] for record in json.loads(client.get("/jdih/feed.json").content)]
    assert whole == [f"Peraturan {n}" for n in (4, 3, 2, 1, 0)]  # published last, listed first

    seen = []
    url = "/jdih/feed.json?page=1"
    while url:
        response = client.get(url)
        assert response.status_code == 200
        assert response["X-Total-Count"] == "5"
        seen += [record["judul"] for record in json.loads(response.content)]
        link = response.get("Link")
        url = link[1 : link.index(">")].removeprefix("http://testserver") if link else None
    assert seen == whole
    assert json.loads(client.get("/jdih/feed.json?page=4").content) == []  # past the end


@pytest.mark.django_db
def test_jdih_total_follows_publications_and_withdrawals(client, listings, settings):
    """The total is remembered between requests; a publication or a withdrawal changes it at once."""
    settings.PAGE_CACHE_ENABLED = False
    first = PeraturanFactory(parent=listings["peraturan"], title="Peraturan satu")
    assert client.get("/jdih/feed.json?page=1")["X-Total-Count"] == "1"
    PeraturanFactory(parent=listings["peraturan"], title="Peraturan dua")
    response = client.get("/jdih/feed.json?page=1")
    assert response["X-Total-Count"] == "2"
    assert [record["judul"] for record in json.loads(response.content)] == ["Peraturan dua", "Peraturan satu"]
    first.unpublish()
    assert client.get("/jdih/feed.json?page=1")["X-Total-Count"] == "1"


@pytest.mark.django_db
def test_jdih_records_are_kept_per_version_and_follow_every_change(
    client, listings, settings, django_assert_max_num_queries
):
    """Each record is made once per version of its page (the feed then reads one query), and a
    publication, a withdrawal, a replaced document or a changed site setting shows at once."""
    from django.core.files.base import ContentFile

    from home.models import SiteSettings
    from tests.factories import attachments, pdf_bytes

    settings.PAGE_CACHE_ENABLED = False  # what the feed costs when it is not stored whole

    def records(path="/jdih/feed.json"):
        return {record["idData"]: record for record in json.loads(client.get(path).content)}

    salinan = DokumenFactory(title="Salinan")
    peraturan = PeraturanFactory(
        parent=listings["peraturan"], title="Tata kerja", lampiran=attachments(salinan)
    )
    for n in range(3):
        PeraturanFactory(parent=listings["peraturan"], title=f"Peraturan {n}", bidang_hukum="")
    key = str(peraturan.pk)
    assert records()[key]["judul"] == "Tata kerja"
    with django_assert_max_num_queries(1):  # every record kept: only their ids and versions
        assert len(records()) == 4
    records("/jdih/feed.json?page=1")  # the total is remembered on the first request
    with django_assert_max_num_queries(1):
        assert records("/jdih/feed.json?page=1")[key]["judul"] == "Tata kerja"

    peraturan.title = "Tata kerja (perubahan)"
    peraturan.save_revision().publish()
    assert records()[key]["judul"] == "Tata kerja (perubahan)"
    assert records("/jdih/feed.json?page=1")[key]["judul"] == "Tata kerja (perubahan)"

    salinan.file.save("salinan-baru.pdf", ContentFile(pdf_bytes("Salinan", ["Baru."])))
    assert records()[key]["fileDownload"] == "salinan-baru.pdf"

    site_settings = SiteSettings.for_site(listings["peraturan"].get_site())
    site_settings.jdih_bidang_hukum = "Hukum Pemilu (uji)"
    site_settings.save()
    assert {key: record["bidangHukum"] for key, record in records().items()} == {
        key: "Hukum Tata Negara" if key == str(peraturan.pk) else "Hukum Pemilu (uji)" for key in records()
    }  # a page's own value first; the settings' for the pages that leave it empty

    peraturan.unpublish()
    assert key not in records() and len(records()) == 3
    assert (
        client.get("/jdih/feed.json", HTTP_HOST="localhost")
        .json()[0]["urlDetailPeraturan"]
        .startswith("http://localhost/")
    )


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["0", "-1", "abc", "1.5", "99999999999"])
def test_jdih_feed_refuses_a_bad_page_number_with_a_message(client, published, value):
    response = client.get("/jdih/feed.json", {"page": value})
    assert response.status_code == 400
    assert "bilangan bulat" in json.loads(response.content)["message"]


@pytest.mark.django_db
def test_sitemap_and_robots(client, published):
    sitemap = client.get("/sitemap.xml").content.decode()
    for page in published.values():
        assert page.get_full_url() in sitemap
    for title in HIDDEN:
        assert title.lower().replace(" ", "-") not in sitemap
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    text = robots.content.decode()
    assert "Disallow: /admin/" in text and "Sitemap: http://testserver/sitemap.xml" in text


@pytest.mark.django_db
def test_api_lists_published_pages_and_public_documents_only(client, published):
    response = client.get("/api/v2/pages/", {"limit": 20})
    assert response.status_code == 200
    titles = {item["title"] for item in response.json()["items"]}
    assert set(FEEDS["/feed/rss.xml"]) <= titles
    assert not titles & HIDDEN
    response = client.get("/api/v2/pages/", {"type": "news.PeraturanPage", "fields": "ringkasan,tanggal"})
    (item,) = response.json()["items"]
    assert item["ringkasan"] == "Ringkasan Peraturan terbit." and item["tanggal"] == "2024-05-01"
    documents = {item["title"] for item in client.get("/api/v2/documents/").json()["items"]}
    assert "Salinan keputusan" in documents


@pytest.mark.django_db
def test_api_hides_documents_of_restricted_collections(client, listings):
    from sop_workflow.intake import draft_collection

    DokumenFactory(title="Bahan belum terbit", collection=draft_collection())
    documents = {item["title"] for item in client.get("/api/v2/documents/").json()["items"]}
    assert "Bahan belum terbit" not in documents


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "limit=abc",
        "limit=-5",
        "offset=99999999999999999999",
        "type=tidak.Ada",
        "fields=rahasia",
        "order=password",
        "search=%00",
        "search=" + "x" * 10000,
        "limit=1&limit=2",
        "child_of=x",
        "child_of=99999999999999999999",
        "search=%27%22%3B--",
    ],
)
def test_api_bad_parameters_are_4xx(client, published, query):
    response = client.get(f"/api/v2/pages/?{query}")
    assert 200 <= response.status_code < 500


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ['"', "'\";--", "pleno\x00\x0b", "a AND (b", "NEAR(", "x" * 10000, "1' OR '1'='1"]
)
def test_site_search_and_api_search_survive_odd_queries(client, published, query):
    assert client.get("/cari/", {"q": query}).status_code == 200
    assert client.get("/api/v2/pages/", {"search": query}).status_code in (200, 400)


def _json_ld(html):
    start = html.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    return json.loads(html[start : html.index("</script>", start)])


@pytest.mark.django_db
def test_sharing_and_search_engine_tags(client, listings):
    from tests.factories import GambarFactory

    berita = BeritaFactory(
        parent=listings["berita"],
        title="KPU Banten gelar pleno </script> terbuka",
        gambar_utama=GambarFactory(),
        gambar_alt="Suasana rapat pleno",
    )
    html = client.get(berita.url).content.decode()
    assert f'<link rel="canonical" href="{berita.get_full_url()}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert (
        '<meta property="og:description" content="Ringkasan KPU Banten gelar pleno &lt;/script&gt; terbuka.">'
        in html
    )
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta property="og:image" content="http://testserver/media/images/' in html
    assert '<meta property="og:image:alt" content="Suasana rapat pleno">' in html
    data = _json_ld(html)  # the </script> in the title is escaped inside the JSON
    assert data["@type"] == "NewsArticle" and data["headline"] == berita.title
    assert data["image"][0].startswith("http://testserver/media/images/")
    assert data["publisher"]["@type"] == "GovernmentOrganization"

    peraturan = PeraturanFactory(parent=listings["peraturan"], title="PKPU 21/2024", nomor="21")
    data = _json_ld(client.get(peraturan.url).content.decode())
    assert data["@type"] == "Legislation"
    assert data["legislationIdentifier"] == "PKPU Nomor 21 Tahun 2024"
    assert data["legislationDate"] == "2024-05-01" and data["legislationLegalForce"] == "InForce"

    home = client.get("/").content.decode()
    assert '<meta property="og:type" content="website">' in home
    assert "application/ld+json" not in home


@pytest.mark.django_db
def test_indonesian_stemming_on_postgresql(client, listings, settings):
    """PostgreSQL stems Indonesian ("pemilihan" and "memilih" share the stem "pilih"); SQLite's
    full-text index matches words as written."""
    from django.db import connection

    BeritaFactory(parent=listings["berita"], title="Warga memilih di TPS terdekat")
    html = client.get("/cari/", {"q": "pemilihan"}).content.decode()
    if connection.vendor == "postgresql":
        assert settings.WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] == "indonesian"
        assert "Warga memilih di TPS terdekat" in html
    else:
        assert "0 hasil" in html
    assert "Warga memilih di TPS terdekat" in client.get("/cari/", {"q": "memilih"}).content.decode()


@pytest.mark.django_db
def test_search_filters_counts_and_highlights(client, listings):
    BeritaFactory(
        parent=listings["berita"],
        title="Rapat pleno 2024",
        tanggal=datetime.date(2024, 3, 1),
        ringkasan="Rapat pleno terbuka <b>rekapitulasi</b>.",
    )
    BeritaFactory(parent=listings["berita"], title="Rapat pleno 2023", tanggal=datetime.date(2023, 3, 1))
    PengumumanFactory(
        parent=listings["pengumuman"], title="Pengumuman rapat pleno", tanggal=datetime.date(2024, 5, 1)
    )
    BeritaFactory(parent=listings["berita"], title="Rapat pleno konsep", publish=False)

    response = client.get("/cari/", {"q": "pleno"})
    assert response.status_code == 200
    counts = {slug: count for slug, _label, count in response.context["counts"]}
    assert counts["berita"] == 2 and counts["pengumuman"] == 1 and counts["peraturan"] == 0
    html = response.content.decode()
    assert "3 hasil untuk “pleno”" in html
    assert "Rapat <mark>pleno</mark> terbuka &lt;b&gt;rekapitulasi&lt;/b&gt;." in html  # escaped, then marked
    assert 'href="?q=pleno&amp;jenis=berita"' in html

    titles = lambda **p: {item.title for item in client.get("/cari/", {"q": "pleno", **p}).context["results"]}  # noqa: E731
    assert titles(jenis="berita") == {"Rapat pleno 2024", "Rapat pleno 2023"}
    assert titles(tahun="2024") == {"Rapat pleno 2024", "Pengumuman rapat pleno"}
    assert titles(jenis="berita", tahun="2024") == {"Rapat pleno 2024"}
    # Unknown values are ignored, not errors.
    assert titles(jenis="rahasia", tahun="99999") == {
        "Rapat pleno 2024",
        "Rapat pleno 2023",
        "Pengumuman rapat pleno",
    }
    assert titles(tahun="-1", page="abc") == {
        "Rapat pleno 2024",
        "Rapat pleno 2023",
        "Pengumuman rapat pleno",
    }
    assert client.get("/cari/").context["years"][:2] == [2024, 2023]
