"""Listing filters (JDIH-style catalogue): each filter narrows the list, its state lives in the URL,
its choices come from what is published, and odd values are ignored with a message."""

import datetime

import pytest
from bs4 import BeautifulSoup

from tests.factories import (
    BeritaFactory,
    JenisPeraturanFactory,
    JuknisFactory,
    LaporanKeuanganFactory,
    PengumumanFactory,
    PeraturanFactory,
    SuratEdaranFactory,
    factories_by_key,
)


def page_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def titles(response):
    html = page_of(response)
    return sorted(a.get_text(strip=True) for a in html.select(".publikasi-item__title a, .card__title a"))


def options(response, name):
    select = page_of(response).select_one(f".listing-filter select[name={name}]")
    return [(o["value"], o.get_text(strip=True)) for o in select.select("option")]


@pytest.fixture
def peraturan(listings):
    parent = listings["peraturan"]
    pkpu = JenisPeraturanFactory(nama="Peraturan Komisi Pemilihan Umum", singkatan="PKPU")
    kpt = JenisPeraturanFactory(nama="Keputusan KPU Provinsi Banten", singkatan="Kpt")
    JenisPeraturanFactory(nama="Jenis tanpa peraturan", singkatan="JTP")
    PeraturanFactory(parent=parent, title="PKPU 2023 pleno", jenis=pkpu, tahun=2023, nomor="7")
    PeraturanFactory(
        parent=parent,
        title="PKPU 2024 kampanye",
        jenis=pkpu,
        tahun=2024,
        nomor="15",
        tentang="Kampanye Pemilu",
    )
    PeraturanFactory(
        parent=parent, title="Kpt 2024 dicabut", jenis=kpt, tahun=2024, nomor="88", status="tidak_berlaku"
    )
    PeraturanFactory(parent=parent, title="Konsep 2019", jenis=kpt, tahun=2019, publish=False)
    return {"url": parent.url, "pkpu": pkpu, "kpt": kpt}


@pytest.mark.django_db
def test_peraturan_filters_by_jenis_tahun_status_and_keyword(client, peraturan):
    url = peraturan["url"]
    assert titles(client.get(url)) == ["Kpt 2024 dicabut", "PKPU 2023 pleno", "PKPU 2024 kampanye"]
    assert titles(client.get(url, {"jenis": peraturan["pkpu"].pk})) == [
        "PKPU 2023 pleno",
        "PKPU 2024 kampanye",
    ]
    assert titles(client.get(url, {"tahun": "2024"})) == ["Kpt 2024 dicabut", "PKPU 2024 kampanye"]
    assert titles(client.get(url, {"status": "tidak_berlaku"})) == ["Kpt 2024 dicabut"]
    assert titles(client.get(url, {"status": "berlaku", "tahun": "2024"})) == ["PKPU 2024 kampanye"]
    # Keyword: every word, in the title, subject (tentang), number or the jenis' abbreviation.
    assert titles(client.get(url, {"q": "kampanye"})) == ["PKPU 2024 kampanye"]
    assert titles(client.get(url, {"q": "88"})) == ["Kpt 2024 dicabut"]
    assert titles(client.get(url, {"q": "pkpu pleno"})) == ["PKPU 2023 pleno"]
    assert titles(client.get(url, {"q": "pkpu dicabut"})) == []

    html = page_of(client.get(url, {"tahun": "2024", "status": "berlaku"}))
    assert html.select_one(".result-count").get_text(strip=True) == "1 publikasi sesuai saringan"
    assert html.select_one('meta[name="robots"]')["content"] == "noindex, follow"
    assert html.select_one("#id_tahun option[selected]")["value"] == "2024"
    assert html.select_one("#id_status option[selected]")["value"] == "berlaku"
    assert html.select_one(".filter-form__actions a").get_text(strip=True) == "Hapus saringan"
    empty = page_of(client.get(url, {"q": "tidak ada"}))
    assert "Tidak ada publikasi yang sesuai dengan saringan" in empty.select_one(".empty").get_text()


@pytest.mark.django_db
def test_peraturan_filter_choices_come_from_published_items(client, peraturan):
    response = client.get(peraturan["url"])
    # No year of the draft (2019), no jenis without a published regulation.
    assert options(response, "tahun") == [("", "Semua tahun"), ("2024", "2024"), ("2023", "2023")]
    assert [label for _, label in options(response, "jenis")] == [
        "Semua jenis",
        "Keputusan KPU Provinsi Banten",
        "Peraturan Komisi Pemilihan Umum",
    ]
    assert page_of(response).select_one('meta[name="robots"]') is None


@pytest.mark.django_db
def test_filters_keep_their_state_across_pages(client, listings):
    for n in range(12):
        PeraturanFactory(parent=listings["peraturan"], title=f"Tahun 2024 nomor {n}", tahun=2024)
    PeraturanFactory(parent=listings["peraturan"], title="Tahun 2023", tahun=2023)
    html = page_of(client.get(listings["peraturan"].url, {"tahun": "2024"}))
    assert html.select_one(".result-count").get_text(strip=True) == "12 publikasi sesuai saringan"
    next_link = html.select_one(".pagination__next a")["href"]
    assert next_link == "?tahun=2024&page=2"
    second = client.get(listings["peraturan"].url + next_link)
    assert titles(second) == ["Tahun 2024 nomor 0", "Tahun 2024 nomor 1"]


@pytest.mark.django_db
def test_surat_edaran_filters_by_year_of_the_letter_status_and_keyword(client, listings):
    parent = listings["surat_edaran"]
    SuratEdaranFactory(parent=parent, title="SE 2023", tanggal_surat=datetime.date(2023, 2, 1))
    SuratEdaranFactory(
        parent=parent,
        title="SE 2024 dicabut",
        tanggal_surat=datetime.date(2024, 7, 1),
        status="tidak_berlaku",
        perihal="Logistik Pemilu",
    )
    assert options(client.get(parent.url), "tahun") == [
        ("", "Semua tahun"),
        ("2024", "2024"),
        ("2023", "2023"),
    ]
    assert titles(client.get(parent.url, {"tahun": "2023"})) == ["SE 2023"]
    assert titles(client.get(parent.url, {"status": "tidak_berlaku"})) == ["SE 2024 dicabut"]
    assert titles(client.get(parent.url, {"q": "logistik"})) == ["SE 2024 dicabut"]


@pytest.mark.django_db
def test_juknis_filters_by_jenis_year_stage_and_status(client, listings):
    parent = listings["juknis"]
    JuknisFactory(parent=parent, title="Juknis kampanye", tahapan_pemilu="kampanye", tahun=2023)
    JuknisFactory(parent=parent, title="Juklak pemutakhiran", jenis="juklak", tahun=2024)
    JuknisFactory(parent=parent, title="Juknis lama", tahun=2024, status="tidak_berlaku")
    assert titles(client.get(parent.url, {"jenis": "juklak"})) == ["Juklak pemutakhiran"]
    assert titles(client.get(parent.url, {"tahun": "2023"})) == ["Juknis kampanye"]
    assert titles(client.get(parent.url, {"tahapan": "pemutakhiran"})) == [
        "Juklak pemutakhiran",
        "Juknis lama",
    ]
    assert titles(client.get(parent.url, {"status": "tidak_berlaku"})) == ["Juknis lama"]


@pytest.mark.django_db
def test_laporan_keuangan_filters_by_budget_year_period_and_kind(client, listings):
    parent = listings["laporan_keuangan"]
    LaporanKeuanganFactory(parent=parent, title="LRA semester I 2023", tahun_anggaran=2023)
    LaporanKeuanganFactory(
        parent=parent, title="Neraca tahunan 2024", periode="tahunan", jenis_laporan="neraca"
    )
    LaporanKeuanganFactory(parent=parent, title="LRA tahunan 2024", periode="tahunan")
    response = client.get(parent.url)
    assert options(response, "tahun") == [("", "Semua tahun"), ("2024", "2024"), ("2023", "2023")]
    assert page_of(response).select_one("label[for=id_tahun]").get_text() == "Tahun anggaran"
    assert titles(client.get(parent.url, {"tahun": "2023"})) == ["LRA semester I 2023"]
    assert titles(client.get(parent.url, {"periode": "tahunan"})) == [
        "LRA tahunan 2024",
        "Neraca tahunan 2024",
    ]
    assert titles(client.get(parent.url, {"periode": "tahunan", "jenis": "neraca"})) == [
        "Neraca tahunan 2024"
    ]


@pytest.mark.django_db
def test_pengumuman_active_and_archive_each_filterable(client, listings):
    parent = listings["pengumuman"]
    today = datetime.date.today()
    PengumumanFactory(parent=parent, title="Aktif seleksi", berlaku_sampai=today + datetime.timedelta(days=5))
    PengumumanFactory(parent=parent, title="Aktif tanpa batas", tanggal=datetime.date(2023, 3, 1))
    PengumumanFactory(
        parent=parent, title="Kedaluwarsa seleksi", berlaku_sampai=today - datetime.timedelta(days=1)
    )
    archive = parent.url + "arsip/"
    assert titles(client.get(parent.url)) == ["Aktif seleksi", "Aktif tanpa batas"]
    assert titles(client.get(archive)) == ["Kedaluwarsa seleksi"]
    assert titles(client.get(parent.url, {"q": "seleksi"})) == ["Aktif seleksi"]
    assert titles(client.get(parent.url, {"tahun": "2023"})) == ["Aktif tanpa batas"]
    assert titles(client.get(archive, {"q": "seleksi"})) == ["Kedaluwarsa seleksi"]
    # The archive is its own page for search engines.
    html = page_of(client.get(archive))
    assert html.select_one('link[rel="canonical"]')["href"] == parent.get_full_url() + "arsip/"
    assert html.select_one("h1").get_text(strip=True) == "Arsip pengumuman"
    active = page_of(client.get(parent.url))
    assert active.select_one('link[rel="canonical"]')["href"] == parent.get_full_url()


@pytest.mark.django_db
def test_berita_filters_by_tag_and_month(client, listings):
    parent = listings["berita"]
    BeritaFactory(parent=parent, title="Pleno November", tanggal=datetime.date(2026, 11, 3), tags=["pleno"])
    BeritaFactory(
        parent=parent, title="Sosialisasi November", tanggal=datetime.date(2026, 11, 9), tags=["sosialisasi"]
    )
    BeritaFactory(parent=parent, title="Pleno Oktober", tanggal=datetime.date(2026, 10, 30), tags=["pleno"])
    BeritaFactory(parent=parent, title="Konsep", tags=["rahasia"], publish=False)
    response = client.get(parent.url)
    assert options(response, "tag") == [("", "Semua tag"), ("pleno", "pleno"), ("sosialisasi", "sosialisasi")]
    assert options(response, "bulan") == [
        ("", "Semua bulan"),
        ("2026-11", "November 2026"),
        ("2026-10", "Oktober 2026"),
    ]
    assert titles(client.get(parent.url, {"tag": "pleno"})) == ["Pleno November", "Pleno Oktober"]
    assert titles(client.get(parent.url, {"bulan": "2026-11"})) == ["Pleno November", "Sosialisasi November"]
    assert titles(client.get(parent.url, {"bulan": "2026-11", "tag": "pleno"})) == ["Pleno November"]


@pytest.mark.django_db
def test_unknown_filter_values_are_ignored_with_a_message(client, peraturan):
    response = client.get(peraturan["url"], {"tahun": "abc", "jenis": "999999", "status": "berlaku"})
    html = page_of(response)
    assert titles(response) == ["PKPU 2023 pleno", "PKPU 2024 kampanye"]  # status still applies
    errors = [e.get_text(strip=True) for e in html.select(".filter-form__error")]
    assert errors == [
        "“999999” tidak dikenal; saringan ini diabaikan.",
        "“abc” tidak dikenal; saringan ini diabaikan.",
    ]
    assert html.select_one("#id_tahun")["aria-describedby"] == "id_tahun_error"


LISTINGS = list(factories_by_key())  # every material type of news/catalogue.py
BAD_VALUES = [
    "abc",
    "99999999999999999999999",
    "-1",
    "2024.5",
    "",
    "' OR 1=1 --",
    '"; DROP TABLE wagtailcore_page; --',
    "\x00",
    "judul\x0bdari\x0cWord\x1f",
    "<script>alert(1)</script>",
    "x" * 10_000,
]
PARAMS = ["q", "tahun", "jenis", "status", "tahapan", "periode", "tag", "bulan", "page", "tidak_dikenal"]


@pytest.mark.django_db
@pytest.mark.parametrize("listing", LISTINGS)
def test_listings_answer_every_bad_value_with_a_page(client, listings, listing):
    factory = factories_by_key()[listing]
    factory(parent=listings[listing], title="Satu-satunya")
    url = listings[listing].url
    for value in BAD_VALUES:
        for param in PARAMS:
            response = client.get(url, {param: value})
            assert response.status_code == 200, (param, value)
            assert "\x00" not in response.content.decode()
            assert "<script>alert" not in response.content.decode()
            if param != "q":
                assert titles(response) == ["Satu-satunya"], (param, value)
    # Repeated parameters: the last one counts.
    assert client.get(url, {"tahun": ["abc", "2024"], "q": ["x", "satu"]}).status_code == 200
    assert titles(client.get(url + "?q=tidak&q=satu")) == ["Satu-satunya"]
