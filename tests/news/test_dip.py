"""Daftar Informasi Publik: every published item, grouped by its UU 14/2008 category, with the DIP
columns; retention per type configurable; CSV and XLSX downloads; nothing unpublished in it."""

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import PageViewRestriction

from news.models import LaporanKeuanganPage, PeraturanPage, RetensiInformasi
from tests.factories import (
    BeritaFactory,
    JuknisFactory,
    LaporanKeuanganFactory,
    PengumumanFactory,
    PeraturanFactory,
    SuratEdaranFactory,
)

COLUMNS = [
    "Nomor",
    "Ringkasan isi informasi",
    "Pejabat/unit yang menguasai informasi",
    "Penanggung jawab pembuatan/penerbitan informasi",
    "Waktu dan tempat pembuatan informasi",
    "Bentuk informasi yang tersedia",
    "Jangka waktu penyimpanan",
]


@pytest.fixture
def published(listings):
    PeraturanFactory(
        parent=listings["peraturan"],
        title="Keputusan penetapan DPT",
        tanggal=datetime.date(2024, 6, 2),
        tempat_penetapan="Tangerang",
        unit_penanggung_jawab="Divisi Perencanaan, Data dan Informasi",
    )
    SuratEdaranFactory(
        parent=listings["surat_edaran"], title="SE logistik", tanggal=datetime.date(2024, 3, 4)
    )
    JuknisFactory(parent=listings["juknis"], title="Juknis pemutakhiran", tanggal=datetime.date(2024, 2, 1))
    LaporanKeuanganFactory(
        parent=listings["laporan_keuangan"], title="LRA semester I", tanggal=datetime.date(2024, 7, 15)
    )
    LaporanKeuanganFactory(
        parent=listings["laporan_keuangan"], title="LRA semester II", tanggal=datetime.date(2025, 1, 15)
    )
    PengumumanFactory(
        parent=listings["pengumuman"], title="Pengumuman seleksi", tanggal=datetime.date(2024, 8, 1)
    )
    BeritaFactory(parent=listings["berita"], title="Berita pleno", tanggal=datetime.date(2024, 9, 9))
    # Never in the register:
    BeritaFactory(parent=listings["berita"], title="Berita konsep", publish=False)
    private = PengumumanFactory(parent=listings["pengumuman"], title="Pengumuman internal")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="rahasia")
    scheduled = BeritaFactory(parent=listings["berita"], title="Berita terjadwal", publish=False)
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=2)
    scheduled.save_revision().publish()
    legacy = PeraturanFactory(parent=listings["peraturan"], title="Peraturan lama dikecualikan")
    PeraturanPage.objects.filter(pk=legacy.pk).update(kategori_informasi="dikecualikan")


def table(response):
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    headers = [th.get_text(strip=True) for th in html.select(".dip-table thead th")]
    rows = [
        [" ".join(td.get_text().split()) for td in tr.select("td")]
        for tr in html.select(".dip-table tbody tr")
    ]
    return html, headers, rows


@pytest.mark.django_db
def test_dip_groups_published_items_by_category_with_its_columns(client, dip, published):
    html, headers, rows = table(client.get(dip.url))
    assert headers == COLUMNS
    tabs = [a.get_text(strip=True) for a in html.select(".subnav a")]
    assert tabs == [
        "Informasi berkala (2)",
        "Informasi serta merta (2)",
        "Informasi tersedia setiap saat (3)",
    ]
    assert (
        html.select_one('.subnav a[aria-current="page"]').get_text(strip=True).startswith("Informasi berkala")
    )
    # Berkala: the two financial reports, newest first.
    assert [row[0] for row in rows] == ["1", "2"]
    assert rows[0][1].startswith("Laporan Keuangan LRA semester II")
    assert rows[1][1] == "Laporan Keuangan LRA semester I Ringkasan LRA semester I."
    assert rows[1][2:] == [
        "Bagian Hukum, Teknis dan Hupmas",
        "Kepala Bagian Hukum, Teknis dan Hupmas",
        "15 Juli 2024, Serang",
        "Cetak dan elektronik",
        "10 tahun",
    ]

    _, _, rows = table(client.get(dip.url, {"kategori": "serta_merta"}))
    assert [row[1].split(" Ringkasan")[0] for row in rows] == [
        "Berita Berita pleno",
        "Pengumuman Pengumuman seleksi",
    ]
    assert rows[0][5:] == ["Elektronik", "5 tahun"]

    html, _, rows = table(client.get(dip.url, {"kategori": "setiap_saat"}))
    assert [row[1].split(" Ringkasan")[0] for row in rows] == [
        "Peraturan Keputusan penetapan DPT",
        "Surat Edaran SE logistik",
        "Juknis/Juklak Juknis pemutakhiran",
    ]
    assert rows[0][2] == "Divisi Perencanaan, Data dan Informasi"
    assert rows[0][4] == "2 Juni 2024, Tangerang"  # a regulation's own place of enactment
    assert rows[0][6] == "Permanen"
    link = html.select_one(".dip-table tbody tr a")
    assert client.get(link["href"]).status_code == 200
    text = client.get(dip.url, {"kategori": "setiap_saat"}).content.decode()
    for hidden in ("Berita konsep", "Pengumuman internal", "Berita terjadwal", "Peraturan lama dikecualikan"):
        assert hidden not in text


@pytest.mark.django_db
def test_retention_and_form_are_configurable_per_type(client, dip, published):
    RetensiInformasi.objects.create(
        page=dip, jenis="laporankeuanganpage", bentuk="elektronik", jangka_waktu="Permanen"
    )
    dip.penanggung_jawab = "PPID KPU Provinsi Banten"
    dip.save_revision().publish()
    _, _, rows = table(client.get(dip.url))
    assert rows[0][3:] == ["PPID KPU Provinsi Banten", "15 Januari 2025, Serang", "Elektronik", "Permanen"]


@pytest.mark.django_db
def test_dip_downloads_as_csv_and_xlsx(client, dip, published):
    response = client.get(dip.url + "unduh/csv/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Nomor", "Kategori", "Jenis", "Judul", *COLUMNS[1:], "Tautan"]
    assert [row[0] for row in rows[1:]] == [str(n) for n in range(1, 8)]
    assert [row[1] for row in rows[1:]] == ["Informasi berkala"] * 2 + ["Informasi serta merta"] * 2 + [
        "Informasi tersedia setiap saat"
    ] * 3
    assert rows[1][2:4] == ["Laporan Keuangan", "LRA semester II"]
    assert rows[1][-1].startswith("http://testserver/laporan-keuangan/")

    response = client.get(dip.url + "unduh/xlsx/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert sheet.title == "DIP"
    assert values[0] == rows[0]
    assert [row[3] for row in values[1:]] == [row[3] for row in rows[1:]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "kategori=dikecualikan",
        "kategori=xyz",
        "kategori=%00",
        "kategori=berkala&kategori=%27%20OR%201%3D1",
        "page=-1",
        "page=99999999999999999999",
        "kategori=" + "x" * 10_000,
    ],
)
def test_dip_answers_bad_parameters_with_the_first_category(client, dip, published, query):
    html, _, rows = table(client.get(f"{dip.url}?{query}"))
    assert html.select_one("h2#dip-kategori").get_text(strip=True) in {
        "Informasi berkala",
        "Informasi serta merta",
        "Informasi tersedia setiap saat",
    }
    assert rows


@pytest.mark.django_db
def test_dip_queries_do_not_grow_with_the_items(client, dip, listings, django_assert_max_num_queries):
    def grow(count):
        for n in range(count):
            LaporanKeuanganFactory(parent=listings["laporan_keuangan"], tanggal=datetime.date(2024, 1, 1))
            BeritaFactory(
                parent=listings["berita"], tanggal=datetime.date(2024, 1, 2) + datetime.timedelta(days=n)
            )

    grow(3)
    with django_assert_max_num_queries(14) as small:
        client.get(dip.url)
    grow(60)
    with django_assert_max_num_queries(len(small.captured_queries)):
        _, _, rows = table(client.get(dip.url, {"kategori": "serta_merta", "page": 2}))
    assert [row[0] for row in rows] == [str(n) for n in range(51, 64)]


@pytest.mark.django_db
def test_only_one_retention_row_per_type_in_the_admin(admin_client, dip):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    row = {"jenis": "beritapage", "bentuk": "elektronik", "jangka_waktu": "2 tahun"}
    data = nested_form_data(
        {
            "title": dip.title,
            "slug": dip.slug,
            "intro": rich_text("<p>Pengantar.</p>"),
            "penanggung_jawab": "PPID",
            "tempat_pembuatan": "Serang",
            "retensi": inline_formset([row, row]),
            "comments": inline_formset([]),
        }
    )
    from django.urls import reverse

    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=(dip.pk,)), data)
    assert response.status_code == 200
    assert "Jenis ini sudah diatur di baris lain." in response.content.decode()
    data = nested_form_data(
        {
            "title": dip.title,
            "slug": dip.slug,
            "intro": rich_text("<p>Pengantar.</p>"),
            "penanggung_jawab": "PPID",
            "tempat_pembuatan": "Serang",
            "retensi": inline_formset([row]),
            "comments": inline_formset([]),
            "action-publish": "1",
        }
    )
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=(dip.pk,)), data)
    assert response.status_code == 302
    assert RetensiInformasi.objects.get(page=dip).jangka_waktu == "2 tahun"


@pytest.mark.django_db
def test_dip_rows_are_kept_by_what_they_show(client, dip, published, settings):
    """With the page cache off, a DIP row's markup is kept under the values it shows: a renamed
    item and a changed retention show at once, and an unchanged row is not rendered again."""
    from django.test.signals import template_rendered

    settings.PAGE_CACHE_ENABLED = False
    _, _, rows = table(client.get(dip.url))
    assert "LRA semester II" in rows[0][1]
    report = LaporanKeuanganPage.objects.get(title="LRA semester II")
    report.title = "LRA semester II (revisi)"
    report.save_revision().publish()
    RetensiInformasi.objects.create(
        page=dip, jenis="laporankeuanganpage", bentuk="elektronik", jangka_waktu="7 tahun"
    )
    dip.save_revision().publish()
    _, _, rows = table(client.get(dip.url))
    assert "LRA semester II (revisi)" in rows[0][1]
    assert rows[0][5:] == ["Elektronik", "7 tahun"]

    rendered = []

    def record(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(record)
    try:
        again = table(client.get(dip.url))[2]
    finally:
        template_rendered.disconnect(record)
    assert again == rows
    assert "includes/dip_row.html" not in rendered


@pytest.mark.django_db
def test_a_category_reads_only_the_types_that_hold_it(client, dip, listings, published, settings):
    """Berkala holds only financial reports here: its page reads no other type's table. A
    regulation published as berkala joins the tab at once, counted and in date order."""
    settings.PAGE_CACHE_ENABLED = False
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(dip.url)
    with CaptureQueriesContext(connection) as queries:
        _, _, rows = table(client.get(dip.url))
    assert len(rows) == 2
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert "news_laporankeuanganpage" in read
    for other in ("news_peraturanpage", "news_beritapage", "news_pengumumanpage"):
        assert other not in read

    PeraturanFactory(
        parent=listings["peraturan"],
        title="Peraturan berkala",
        tanggal=datetime.date(2024, 12, 1),
        kategori_informasi="berkala",
    )
    html, _, rows = table(client.get(dip.url))
    assert html.select_one(".subnav a").get_text(strip=True) == "Informasi berkala (3)"
    assert [row[1].split(" Ringkasan")[0] for row in rows] == [
        "Laporan Keuangan LRA semester II",
        "Peraturan Peraturan berkala",
        "Laporan Keuangan LRA semester I",
    ]


@pytest.mark.django_db
def test_an_empty_category_says_so(client, dip, listings):
    LaporanKeuanganFactory(parent=listings["laporan_keuangan"], title="LRA")
    response = client.get(dip.url, {"kategori": "setiap_saat"})
    assert response.status_code == 200
    assert "Belum ada informasi terbit dalam kategori ini." in response.content.decode()
    assert "Informasi tersedia setiap saat (0)" in BeautifulSoup(response.content, "html.parser").get_text()
