"""Information held only on paper, typed in by the PPID, is in the DIP beside what is published
(marked "tercetak/luring"), in its downloads; the office's e-PPID links show on the DIP and in the
footer when set in the site settings, and not when empty."""

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from home.models import SiteSettings
from news.models import EntriDIPLuring
from tests.factories import BeritaFactory, EntriDIPLuringFactory, PeraturanFactory
from tests.sop_harness import client_for, sop_people


def rows_of(response):
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    return [" ".join(tr.get_text(" ").split()) for tr in html.select(".dip-table tbody tr")], html


@pytest.mark.django_db
def test_the_ppid_adds_an_offline_entry_and_it_is_in_the_dip(client, dip, listings):
    people = sop_people()
    PeraturanFactory(parent=listings["peraturan"], title="Keputusan DPT", tanggal=datetime.date(2024, 6, 2))
    kabag = client_for(people["kabag"])
    response = kabag.post(
        reverse("entridipluring:add"),
        {
            "judul": "Buku agenda surat 2019",
            "ringkasan": "Agenda surat masuk dan keluar tahun 2019, dalam buku.",
            "kategori_informasi": "setiap_saat",
            "pejabat_penguasa": "Subbagian Umum",
            "penanggung_jawab": "Kepala Subbagian Umum",
            "tempat_pembuatan": "Serang",
            "tanggal_pembuatan": "2019-12-31",
            "bentuk": "cetak",
            "jangka_waktu": "10 tahun",
        },
    )
    assert response.status_code == 302
    refused = client_for(people["penulis"]).get(reverse("entridipluring:add"))
    assert refused.status_code == 302 and refused.url == "/admin/"
    invalid = kabag.post(reverse("entridipluring:add"), {"judul": "x", "kategori_informasi": "dikecualikan"})
    assert invalid.status_code == 200 and EntriDIPLuring.objects.count() == 1

    rows, html = rows_of(client.get(dip.url, {"kategori": "setiap_saat"}))
    assert "Informasi tersedia setiap saat (2)" in [a.get_text(strip=True) for a in html.select(".subnav a")]
    assert rows[1] == (
        "2 Informasi tercetak (luring) Buku agenda surat 2019 Agenda surat masuk dan keluar tahun 2019, "
        "dalam buku. Subbagian Umum Kepala Subbagian Umum 31 Desember 2019 , Serang Cetak 10 tahun"
    )
    assert html.select(".dip-table tbody tr")[1].select("a") == []  # nothing to open online

    exported = list(csv.reader(io.StringIO(client.get(dip.url + "unduh/csv/").content.decode("utf-8-sig"))))
    assert exported[2][1:4] == [
        "Informasi tersedia setiap saat",
        "Informasi tercetak (luring)",
        "Buku agenda surat 2019",
    ]
    assert exported[2][-1] == ""

    # Changed or removed in the admin: the DIP follows at once (its stored page is purged).
    entry = EntriDIPLuring.objects.get()
    kabag.post(reverse("entridipluring:delete", args=[entry.pk]))
    rows, _ = rows_of(client.get(dip.url, {"kategori": "setiap_saat"}))
    assert len(rows) == 1 and "Buku agenda" not in rows[0]


@pytest.mark.django_db
def test_offline_entries_do_not_add_queries(client, dip, listings, django_assert_max_num_queries):
    BeritaFactory(parent=listings["berita"])
    EntriDIPLuringFactory(kategori_informasi="serta_merta")
    with django_assert_max_num_queries(20) as few:
        client.get(dip.url, {"kategori": "serta_merta"})
    for _ in range(30):
        EntriDIPLuringFactory(kategori_informasi="serta_merta")
    with django_assert_max_num_queries(len(few.captured_queries)):
        rows, _ = rows_of(client.get(dip.url, {"kategori": "serta_merta"}))
    assert len(rows) == 32


@pytest.mark.django_db
def test_e_ppid_links_are_shown_only_when_set(client, dip, site):
    home_html = BeautifulSoup(client.get("/").content, "html.parser")
    assert home_html.select_one(".site-footer__eppid") is None
    assert BeautifulSoup(client.get(dip.url).content, "html.parser").select_one(".dip-eppid") is None

    settings = SiteSettings.for_site(site)
    settings.eppid_permohonan = "https://ppid.kpu.go.id/banten/permohonan"
    settings.eppid_status = "https://ppid.kpu.go.id/banten/status"
    settings.save()

    for url, selector in (
        ("/", ".site-footer__eppid"),
        (dip.url, ".dip-eppid"),
        (dip.url, ".site-footer__eppid"),
    ):
        block = BeautifulSoup(client.get(url).content, "html.parser").select_one(selector)
        assert block is not None, (url, selector)
        links = [(a.get_text(strip=True), a["href"]) for a in block.select("a")]
        assert links == [
            ("Ajukan permohonan informasi", "https://ppid.kpu.go.id/banten/permohonan"),
            ("Cek status permohonan", "https://ppid.kpu.go.id/banten/status"),
        ]
    footer = BeautifulSoup(client.get("/").content, "html.parser").select_one(".site-footer__eppid")
    assert footer.select_one("h2").get_text(strip=True) == "Layanan informasi publik (e-PPID)"


@pytest.mark.django_db
def test_e_ppid_links_are_set_in_the_site_settings_form(admin_client, site):
    url = reverse("wagtailsettings:edit", args=["home", "sitesettings", site.pk])
    form = BeautifulSoup(admin_client.get(url).content, "html.parser")
    for name in ("eppid_permohonan", "eppid_keberatan", "eppid_status"):
        assert form.select_one(f"input[name={name}]") is not None, name
