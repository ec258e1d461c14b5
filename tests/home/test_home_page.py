"""The home page shows the latest Berita, the active Pengumuman and the newest documents."""

import datetime

import pytest
from bs4 import BeautifulSoup

from tests.factories import (
    BeritaFactory,
    GambarFactory,
    JuknisFactory,
    LaporanKeuanganFactory,
    PengumumanFactory,
    PeraturanFactory,
    SuratEdaranFactory,
)


def section(html, heading):
    for h2 in html.find_all("h2"):
        if h2.get_text(strip=True) == heading:
            return h2.find_parent("section")
    raise AssertionError(f"no section {heading!r}")


def titles(node):
    return [a.get_text(strip=True) for a in node.select(".publikasi-item__title a, .card__title a")]


def day(n):
    return datetime.date(2024, 1, 1) + datetime.timedelta(days=n)


@pytest.mark.django_db
def test_home_shows_latest_items_of_each_kind(client, home, listings):
    today = datetime.date.today()
    for n in range(6):
        BeritaFactory(
            parent=listings["berita"], title=f"Berita {n}", tanggal=day(n), gambar_utama=GambarFactory()
        )
    BeritaFactory(parent=listings["berita"], title="Berita draf", tanggal=day(50), publish=False)
    PengumumanFactory(parent=listings["pengumuman"], title="Masih berlaku", berlaku_sampai=today)
    PengumumanFactory(parent=listings["pengumuman"], title="Tanpa batas", tanggal=day(1))
    PengumumanFactory(
        parent=listings["pengumuman"], title="Sudah lewat", berlaku_sampai=today - datetime.timedelta(days=1)
    )
    for n in range(4):
        PeraturanFactory(parent=listings["peraturan"], title=f"Peraturan {n}", tanggal=day(n))
        SuratEdaranFactory(parent=listings["surat_edaran"], title=f"Surat Edaran {n}", tanggal=day(n))
        JuknisFactory(parent=listings["juknis"], title=f"Juknis {n}", tanggal=day(n))
        LaporanKeuanganFactory(parent=listings["laporan_keuangan"], title=f"Laporan {n}", tanggal=day(n))

    response = client.get(home.url)
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")

    berita = section(html, "Berita terbaru")
    assert titles(berita) == ["Berita 5", "Berita 4", "Berita 3", "Berita 2"]  # 4 by default, newest first
    assert all(img["alt"] for img in berita.find_all("img"))
    assert berita.select_one("a.more-link")["href"] == listings["berita"].url

    pengumuman = section(html, "Pengumuman")
    assert set(titles(pengumuman)) == {"Masih berlaku", "Tanpa batas"}

    for heading, prefix in (
        ("Peraturan", "Peraturan"),
        ("Surat edaran", "Surat Edaran"),
        ("Juknis/juklak", "Juknis"),
        ("Laporan keuangan", "Laporan"),
    ):
        node = section(html, heading)
        assert titles(node) == [f"{prefix} 3", f"{prefix} 2", f"{prefix} 1"], heading


@pytest.mark.django_db
def test_home_with_no_content_says_so(client, home, listings):
    html = BeautifulSoup(client.get(home.url).content, "html.parser")
    assert section(html, "Berita terbaru").select_one(".empty").get_text(strip=True) == "Belum ada berita."


@pytest.mark.django_db
def test_navigation_links_every_listing(client, home, listings):
    html = BeautifulSoup(client.get(home.url).content, "html.parser")
    nav_links = {a.get_text(strip=True): a["href"] for a in html.select("nav.main-nav a")}
    for listing in listings.values():
        assert nav_links[listing.title] == listing.url
    assert html.select_one("a.skip-link")["href"] == "#konten"
    assert html.find("main")["id"] == "konten"
    assert html.find("html")["lang"] == "id"


@pytest.mark.django_db
def test_site_settings_appear_in_the_footer(admin_client, client, home, site):
    from django.urls import reverse

    from home.models import SiteSettings

    SiteSettings.for_site(site)
    url = reverse("wagtailsettings:edit", args=("home", "sitesettings", site.pk))
    form = admin_client.get(url)
    assert form.status_code == 200
    response = admin_client.post(
        url,
        {
            "nama_instansi": "Komisi Pemilihan Umum Provinsi Banten",
            "singkatan": "KPU Banten",
            "logo": "",
            "alamat": "Jl. Syekh Nawawi Al Bantani\nSerang",
            "telepon": "(0254) 123456",
            "email": "humas@kpu-banten.example",
            "jam_layanan": "Senin–Jumat",
            "unit_penanggung_jawab": "Bagian Hukum, Teknis dan Hupmas",
            "facebook": "",
            "instagram": "https://instagram.com/kpubanten",
            "x": "",
            "youtube": "",
            "tiktok": "",
            "teks_footer": "Melayani dengan jujur dan adil.",
            "jdih_tempat_terbit": "Serang",
            "jdih_teu_badan": "Indonesia. Komisi Pemilihan Umum Provinsi Banten",
            "jdih_bahasa": "Indonesia",
            "jdih_bidang_hukum": "Hukum Tata Negara",
        },
    )
    assert response.status_code == 302
    footer = BeautifulSoup(client.get(home.url).content, "html.parser").find("footer")
    text = footer.get_text(" ", strip=True)
    for expected in (
        "Jl. Syekh Nawawi Al Bantani",
        "(0254) 123456",
        "humas@kpu-banten.example",
        "Melayani dengan jujur",
    ):
        assert expected in text
    assert footer.find("a", string="Instagram")["href"] == "https://instagram.com/kpubanten"


def test_dates_read_as_in_indonesian_and_in_jakarta_time():
    """``tanggal`` and ``iso_date`` (the listings' dates) give what ``|date:"j F Y"`` gives, a
    date-time in local time (Asia/Jakarta), and nothing for a missing value."""
    import datetime

    from django.template import Context, Template

    template = Template("{% load site_tags %}{{ value|tanggal }}|{{ value|iso_date }}")
    late_utc = datetime.datetime(2024, 4, 30, 20, 0, tzinfo=datetime.UTC)  # 03:00 WIB on 1 May
    assert template.render(Context({"value": datetime.date(2017, 7, 7)})) == "7 Juli 2017|2017-07-07"
    assert template.render(Context({"value": late_utc})) == "1 Mei 2024|2024-05-01"
    assert template.render(Context({"value": None})) == "|"
    assert template.render(Context({"value": "bukan tanggal"})) == "|"
