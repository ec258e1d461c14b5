"""What a citizen sees on each detail page: every metadata field and every attachment."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.template.defaultfilters import filesizeformat
from django.utils import translation

from home.models import SiteSettings
from news.models import PeraturanRelasi
from tests.factories import (
    BeritaFactory,
    DokumenFactory,
    GambarFactory,
    JenisPeraturanFactory,
    JuknisFactory,
    LaporanKeuanganFactory,
    PengumumanFactory,
    PeraturanFactory,
    SuratEdaranFactory,
    attachments,
)


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def metadata(page_soup):
    """The page's metadata as {label: text}."""
    rows = {}
    for row in page_soup.select(".metadata-list__row"):
        rows[row.dt.get_text(strip=True)] = row.dd.get_text(" ", strip=True)
    return rows


MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def indonesian_date(day):
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def size_label(document):
    with translation.override("id"):
        return filesizeformat(document.file_size)


def assert_attachments(page_soup, documents):
    items = page_soup.select(".lampiran-item")
    assert [item.a.get_text(strip=True) for item in items] == [doc.title for doc in documents]
    for item, doc in zip(items, documents, strict=True):
        assert item.a["href"] == doc.url
        assert f"(PDF, {size_label(doc)})" in item.get_text(" ", strip=True)


@pytest.mark.django_db
def test_peraturan_page_shows_every_jdih_field_and_attachments(client, listings):
    docs = [DokumenFactory(title="Salinan resmi"), DokumenFactory(title="Lampiran I")]
    page = PeraturanFactory(
        parent=listings["peraturan"],
        title="Keputusan KPU Provinsi Banten Nomor 3 Tahun 2024",
        jenis=JenisPeraturanFactory(nama="Keputusan KPU Provinsi Banten", singkatan="Kpts KPU Prov"),
        nomor="3",
        tahun=2024,
        tentang="Tata Kerja Rapat Pleno",
        tempat_penetapan="Serang",
        tanggal_penetapan=datetime.date(2017, 7, 7),
        tanggal_pengundangan=datetime.date(2017, 7, 10),
        teu_badan="Indonesia. Komisi Pemilihan Umum Provinsi Banten",
        penandatangan="Ketua KPU Provinsi Banten",
        subjek="PEMILU - PLENO",
        bahasa="Indonesia",
        sumber="Berita Daerah Provinsi Banten Tahun 2017 Nomor 9",
        bidang_hukum="Hukum Tata Negara",
        status="tidak_berlaku",
        kategori_informasi="setiap_saat",
        unit_penanggung_jawab="Bagian Hukum, Teknis dan Hupmas",
        lampiran=attachments(*docs),
    )

    html = soup(client.get(page.url))

    assert html.h1.get_text(strip=True) == "Keputusan KPU Provinsi Banten Nomor 3 Tahun 2024"
    assert metadata(html) == {
        "Jenis/bentuk": "Keputusan KPU Provinsi Banten",
        "Singkatan jenis": "Kpts KPU Prov",
        "Nomor": "3",
        "Tahun": "2024",
        "Tentang": "Tata Kerja Rapat Pleno",
        "Tempat penetapan": "Serang",
        "Tanggal penetapan": "7 Juli 2017",
        "Tanggal pengundangan": "10 Juli 2017",
        "T.E.U. badan": "Indonesia. Komisi Pemilihan Umum Provinsi Banten",
        "Penandatangan": "Ketua KPU Provinsi Banten",
        "Subjek": "PEMILU - PLENO",
        "Bahasa": "Indonesia",
        "Sumber": "Berita Daerah Provinsi Banten Tahun 2017 Nomor 9",
        "Bidang hukum": "Hukum Tata Negara",
        "Status": "Tidak berlaku",
        "Kategori informasi": "Informasi tersedia setiap saat",
        "Unit penanggung jawab": "Bagian Hukum, Teknis dan Hupmas",
    }
    assert_attachments(html, docs)
    assert html.find("meta", attrs={"name": "description"})["content"] == page.ringkasan


@pytest.mark.django_db
def test_peraturan_relations_are_shown_both_ways(client, listings):
    parent = listings["peraturan"]
    lama = PeraturanFactory(parent=parent, title="Keputusan Nomor 7 Tahun 2019")
    induk = PeraturanFactory(parent=parent, title="Keputusan Nomor 1 Tahun 2024")
    perubahan = PeraturanFactory(
        parent=parent,
        title="Keputusan Nomor 2 Tahun 2024",
        relasi=[PeraturanRelasi(jenis="mengubah", target=induk, catatan="Pasal 5")],
    )
    pencabut = PeraturanFactory(
        parent=parent,
        title="Keputusan Nomor 9 Tahun 2024",
        relasi=[PeraturanRelasi(jenis="mencabut", target=lama)],
    )
    # A draft that would change the regulation is not public yet: not shown.
    PeraturanFactory(
        parent=parent,
        title="Konsep perubahan kedua",
        publish=False,
        relasi=[PeraturanRelasi(jenis="mengubah", target=induk)],
    )

    def relations(page):
        html = soup(client.get(page.url))
        section = html.select_one("section.relasi")
        if section is None:
            return {}
        return {
            h3.get_text(strip=True): [
                a.get_text(strip=True) for a in h3.find_next_sibling("ul").find_all("a")
            ]
            for h3 in section.find_all("h3")
        }

    assert relations(induk) == {"Diubah oleh": ["Keputusan Nomor 2 Tahun 2024"]}
    assert relations(perubahan) == {"Mengubah": ["Keputusan Nomor 1 Tahun 2024"]}
    assert relations(lama) == {"Dicabut oleh": ["Keputusan Nomor 9 Tahun 2024"]}
    assert relations(pencabut) == {"Mencabut": ["Keputusan Nomor 7 Tahun 2019"]}
    assert "Pasal 5" in soup(client.get(induk.url)).select_one("section.relasi").get_text()


@pytest.mark.django_db
def test_surat_edaran_page(client, listings):
    doc = DokumenFactory(title="Surat Edaran (PDF)")
    page = SuratEdaranFactory(
        parent=listings["surat_edaran"],
        nomor="5/PP.01-SD/36/2024",
        tanggal_surat=datetime.date(2024, 3, 4),
        perihal="Pemutakhiran Data Pemilih",
        ditujukan_kepada="Ketua KPU Kabupaten/Kota se-Provinsi Banten",
        status="berlaku",
        lampiran=attachments(doc),
    )
    html = soup(client.get(page.url))
    assert metadata(html) == {
        "Nomor surat": "5/PP.01-SD/36/2024",
        "Tanggal surat": "4 Maret 2024",
        "Perihal": "Pemutakhiran Data Pemilih",
        "Ditujukan kepada": "Ketua KPU Kabupaten/Kota se-Provinsi Banten",
        "Status": "Berlaku",
        "Kategori informasi": "Informasi tersedia setiap saat",
        "Unit penanggung jawab": "Bagian Hukum, Teknis dan Hupmas",
    }
    assert_attachments(html, [doc])


@pytest.mark.django_db
def test_juknis_page(client, listings):
    page = JuknisFactory(
        parent=listings["juknis"],
        jenis="juklak",
        nomor="3",
        tahun=2024,
        tentang="Rekapitulasi Hasil Penghitungan Suara",
        tahapan_pemilu="rekapitulasi",
    )
    html = soup(client.get(page.url))
    rows = metadata(html)
    assert rows["Jenis"] == "Petunjuk Pelaksanaan (Juklak)"
    assert rows["Nomor"] == "3"
    assert rows["Tahun"] == "2024"
    assert rows["Tentang"] == "Rekapitulasi Hasil Penghitungan Suara"
    assert rows["Tahapan pemilu"] == "Rekapitulasi dan penetapan hasil"
    assert rows["Status"] == "Berlaku"
    assert html.select_one(".lampiran .empty").get_text(strip=True) == "Tidak ada lampiran."


@pytest.mark.django_db
def test_laporan_keuangan_page(client, listings):
    doc = DokumenFactory(title="LRA Triwulan II")
    page = LaporanKeuanganFactory(
        parent=listings["laporan_keuangan"],
        tahun_anggaran=2024,
        periode="tw2",
        jenis_laporan="lra",
        lampiran=attachments(doc),
    )
    html = soup(client.get(page.url))
    rows = metadata(html)
    assert rows["Tahun anggaran"] == "2024"
    assert rows["Periode"] == "Triwulan II"
    assert rows["Jenis laporan"] == "Laporan Realisasi Anggaran (LRA)"
    assert rows["Kategori informasi"] == "Informasi berkala"
    assert_attachments(html, [doc])


@pytest.mark.django_db
def test_pengumuman_page_and_archive(client, listings):
    today = datetime.date.today()
    aktif = PengumumanFactory(
        parent=listings["pengumuman"], title="Seleksi PPK", berlaku_sampai=today + datetime.timedelta(days=3)
    )
    kedaluwarsa = PengumumanFactory(
        parent=listings["pengumuman"], title="DPS 2023", berlaku_sampai=today - datetime.timedelta(days=1)
    )
    tanpa_batas = PengumumanFactory(parent=listings["pengumuman"], title="Jadwal pleno")

    html = soup(client.get(aktif.url))
    assert "Isi Seleksi PPK." in html.select_one(".publikasi__body").get_text()
    assert metadata(html)["Berlaku sampai"] == indonesian_date(today + datetime.timedelta(days=3))
    assert html.select_one(".notice--arsip") is None
    assert soup(client.get(kedaluwarsa.url)).select_one(".notice--arsip") is not None

    def titles(url):
        return [a.get_text(strip=True) for a in soup(client.get(url)).select(".publikasi-item__title a")]

    listing_url = listings["pengumuman"].url
    assert sorted(titles(listing_url)) == sorted([aktif.title, tanpa_batas.title])
    assert titles(listing_url + "arsip/") == [kedaluwarsa.title]
    assert soup(client.get(listing_url + "arsip/")).h1.get_text(strip=True) == "Arsip pengumuman"


@pytest.mark.django_db
def test_berita_page_shows_image_body_tags_and_byline(client, listings):
    image = GambarFactory(title="Rapat pleno", sumber="Dokumentasi KPU Provinsi Banten")
    page = BeritaFactory(
        parent=listings["berita"],
        title="KPU Banten Gelar Rapat Pleno",
        gambar_utama=image,
        gambar_alt="Anggota KPU membacakan hasil rekapitulasi",
        byline="Dedi Kurniawan",
        tags=["pleno", "rekapitulasi"],
        isi=[
            {"type": "paragraf", "value": "<p>Rapat berlangsung terbuka.</p>"},
            {"type": "kutipan", "value": {"teks": "Semua tahapan terbuka.", "sumber": "Ketua KPU"}},
            {"type": "gambar", "value": {"gambar": image.pk, "alt": "", "keterangan": "Suasana pleno"}},
        ],
    )
    html = soup(client.get(page.url))
    lead = html.select_one("figure.lead-image img")
    assert lead["alt"] == "Anggota KPU membacakan hasil rekapitulasi"
    assert "Dokumentasi KPU Provinsi Banten" in html.select_one("figure.lead-image").get_text()
    body = html.select_one(".publikasi__body")
    assert "Rapat berlangsung terbuka." in body.get_text()
    assert "Semua tahapan terbuka." in body.blockquote.get_text()
    assert body.find("img")["alt"] == image.description  # block without its own alt uses the image's
    assert "Suasana pleno" in body.get_text()
    assert "Dedi Kurniawan" in html.select_one(".byline").get_text()
    assert [li.get_text(strip=True) for li in html.select("ul.tags li")] == ["pleno", "rekapitulasi"]


@pytest.mark.django_db
def test_new_publication_takes_the_unit_from_site_settings(admin_client, site, listings):
    settings_row = SiteSettings.for_site(site)
    settings_row.unit_penanggung_jawab = "Sub Bagian Teknis dan Hupmas"
    settings_row.save()
    from django.urls import reverse

    form = admin_client.get(
        reverse("wagtailadmin_pages:add", args=("news", "suratedaranpage", listings["surat_edaran"].pk))
    )
    field = BeautifulSoup(form.content, "html.parser").find("input", attrs={"name": "unit_penanggung_jawab"})
    assert field["value"] == "Sub Bagian Teknis dan Hupmas"
    # Created without the admin (e.g. by a command), the page takes the same default.
    page = SuratEdaranFactory(parent=listings["surat_edaran"], unit_penanggung_jawab="")
    assert page.unit_penanggung_jawab == "Sub Bagian Teknis dan Hupmas"
