"""The seventh material type, Galeri kegiatan (the SOP's related procedure "Pendokumentasian Foto
atau Video"), is one module (news/models/galeri.py: its page, its listing and its ``material``)
and nothing else: it is in the listings, the register, the workflow's routing, the search, the
DIP, the feeds and the report, through the catalogue (news/catalogue.py) and the engine's
registry (news/sop.py)."""

import datetime
from zoneinfo import ZoneInfo

import feedparser
import pytest
import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import nested_form_data, streamfield

from news.models import DaftarInformasiPublikPage, GaleriKegiatanIndexPage, GaleriKegiatanPage
from sop_workflow.models import PublicationRecord
from sop_workflow.setup import TASK_KABAG, TASK_KASUBAG, TASK_WEB_ADMIN
from tests.factories import GambarFactory
from tests.news.admin_forms import base_fields
from tests.sop_harness import (
    CREATE,
    KASUBAG_CHECKS,
    act,
    assigned_to_writer,
    client_for,
    current_task_name,
    url,
)

WIB = ZoneInfo("Asia/Jakarta")
TITLE = "Dokumentasi rapat pleno terbuka rekapitulasi"


def at(hour, minute=0):
    return time_machine.travel(datetime.datetime(2026, 11, 24, hour, minute, tzinfo=WIB), tick=False)


def submit_galeri(user, page, photo):
    """The writer completes the draft (place, photos) and presses "Ajukan"."""
    data = base_fields(page.title, page.slug)
    data.update(
        {
            "tempat_kegiatan": "Aula KPU Provinsi Banten, Serang",
            "foto": streamfield([("foto", {"gambar": photo.pk, "keterangan": "Pembukaan rapat pleno"})]),
            "tautan_video": "",
            "action-submit": "action-submit",
        }
    )
    response = client_for(user).post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)), nested_form_data(data)
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return WorkflowState.objects.for_instance(page).get(status="in_progress")


@pytest.fixture
def published_galeri(users):
    """One Galeri kegiatan from the register through SOP steps 1-7 to the website."""
    photo = GambarFactory(title="Rapat pleno")
    with at(8, 0):
        # Step 1: the register offers the seventh type.
        form = client_for(users["kabag"]).get(url(CREATE)).content.decode()
        assert '<option value="galerikegiatanpage">Galeri Kegiatan</option>' in form
        surat = assigned_to_writer(users, jenis_publikasi="galerikegiatanpage", perihal=TITLE)
    with at(9, 0):
        # Step 3: the draft is made under the Galeri kegiatan listing, prefilled from the entry.
        assert client_for(users["penulis"]).post(url("buat_konsep", surat)).status_code == 302
        page = GaleriKegiatanPage.objects.get()
        assert page.title == TITLE and not page.live
        assert page.get_parent().specific_class is GaleriKegiatanIndexPage
        # Workflow routing: the full SOP (steps 4-7), on the office clock.
        assert submit_galeri(users["penulis"], page, photo).workflow.name == "SOP Penerbitan Informasi"
        assert current_task_name(page) == TASK_KASUBAG
    with at(9, 30):
        act(users["kasubag"], page, "approve", KASUBAG_CHECKS)
        assert current_task_name(page) == TASK_KABAG
    with at(10, 0):
        act(users["kabag"], page, "approve", {"comment": ""})
        assert current_task_name(page) == TASK_WEB_ADMIN
    with at(10, 30):
        act(users["webadmin"], page, "approve", {"catatan_dokumentasi": "Foto diunggah.", "comment": ""})
    page = GaleriKegiatanPage.objects.get(pk=page.pk)
    assert page.live
    assert PublicationRecord.objects.get(page=page).published_by == users["webadmin"]
    return page


@pytest.mark.django_db
def test_galeri_kegiatan_goes_from_the_register_to_its_listing_and_page(users, client, published_galeri):
    listing = client.get("/galeri-kegiatan/")
    assert listing.status_code == 200
    assert TITLE in listing.text and "Galeri Kegiatan" in listing.text

    detail = BeautifulSoup(client.get(published_galeri.url).content, "html.parser")
    assert detail.h1.get_text(strip=True) == TITLE
    figure = detail.select_one(".galeri figure")
    assert figure.img["alt"] == "Pembukaan rapat pleno"
    assert figure.figcaption.get_text(strip=True) == "Pembukaan rapat pleno"
    assert "Aula KPU Provinsi Banten, Serang" in detail.get_text()

    # In the menu; not among the home page's sections (on_home_page=False).
    home = BeautifulSoup(client.get("/").content, "html.parser")
    assert "/galeri-kegiatan/" in [a["href"] for a in home.select("nav a")]
    assert TITLE not in home.get_text()


@pytest.mark.django_db
def test_galeri_kegiatan_is_in_the_search_the_dip_and_the_feeds(users, client, published_galeri):
    search = BeautifulSoup(client.get("/cari/", {"q": "rekapitulasi"}).content, "html.parser")
    assert TITLE in search.get_text()
    assert (
        search.select_one('option[value="galeri-kegiatan"]').get_text(strip=True).lower() == "galeri kegiatan"
    )
    only = client.get("/cari/", {"q": "rekapitulasi", "jenis": "galeri-kegiatan"}).text
    assert TITLE in only

    dip = DaftarInformasiPublikPage.objects.get()
    row = next(
        " ".join(tr.get_text().split())
        for tr in BeautifulSoup(
            client.get(dip.url, {"kategori": "setiap_saat"}).content, "html.parser"
        ).select(".dip-table tbody tr")
        if TITLE in tr.get_text()
    )
    assert "Galeri Kegiatan" in row and "Elektronik" in row and "5 tahun" in row

    feed = feedparser.parse(client.get("/feed/rss.xml").content)
    assert TITLE in [entry.title for entry in feed.entries]


@pytest.mark.django_db
def test_galeri_kegiatan_is_in_the_sop_report(users, published_galeri):
    period = {"dari": "2026-11-24", "sampai": "2026-11-24"}
    report = client_for(users["kabag"]).get(reverse("sop_workflow:kinerja"), {**period, "kelompok": "jenis"})
    assert report.status_code == 200
    html = BeautifulSoup(report.content, "html.parser")
    assert html.select_one('option[value="galerikegiatanpage"]').get_text(strip=True) == "Galeri Kegiatan"
    assert "Galeri Kegiatan" in " ".join(td.get_text(" ", strip=True) for td in html.select("td"))
    only = client_for(users["kabag"]).get(
        reverse("sop_workflow:kinerja"), {**period, "jenis": "galerikegiatanpage"}
    )
    assert only.status_code == 200 and "Galeri Kegiatan" in only.text
