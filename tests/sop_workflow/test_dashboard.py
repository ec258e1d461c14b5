"""Dashboard panels with due times: "Menunggu tindakan Anda" and "Terlambat"."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sop_workflow.panels import MenungguTindakanPanel, TerlambatPanel
from tests.factories import PengumumanFactory
from tests.sop_harness import client_for, register, submit

WIB = ZoneInfo("Asia/Jakarta")


def at(hour, minute=0):
    return time_machine.travel(datetime.datetime(2026, 11, 24, hour, minute, tzinfo=WIB), tick=False)


def dashboard(user):
    return client_for(user).get(reverse("wagtailadmin_home")).content.decode()


@pytest.fixture
def running(users, sop):
    """Tuesday: one letter waiting for Kabag, one for Kasubag, one draft at Kasubag's check."""
    with at(8, 0):
        register(users["kabag"], perihal="Surat menunggu disposisi Kabag")
        register(
            users["kabag"], perihal="Surat menunggu penulis", kasubag=users["kasubag"].pk, instruksi="Proses."
        )
    page = PengumumanFactory(
        parent=sop["pengumuman"], title="Pengumuman rekrutmen", owner=users["penulis"], publish=False
    )
    with at(9, 0):
        submit(users["penulis"], page)
    return page


@pytest.mark.django_db
def test_menunggu_tindakan_anda_soonest_first_with_time_left(users, running):
    with at(8, 7):
        kabag = dashboard(users["kabag"])
        kasubag = dashboard(users["kasubag"])
    assert "Menunggu tindakan Anda" in kabag
    assert "Surat menunggu disposisi Kabag" in kabag and "3 menit lagi" in kabag
    assert "Surat menunggu penulis" in kasubag and "terlambat 2 menit" in kasubag  # step 2: 5 minutes
    assert "Pengumuman rekrutmen" in kasubag and "1 jam 53 menit lagi" in kasubag  # step 4 due 10:00
    assert kasubag.index("Surat menunggu penulis") < kasubag.index("Pengumuman rekrutmen")
    # Four eyes: the writer who submitted it has nothing to approve.
    with at(8, 7):
        assert 'id="menunggu-tindakan-anda' not in dashboard(users["penulis"])


@pytest.mark.django_db
def test_terlambat_panel_for_kabag_and_kasubag_only(users, running):
    with at(11, 0):
        kabag = dashboard(users["kabag"])
        penulis = dashboard(users["penulis"])
    section = kabag[kabag.index('id="terlambat') :]
    assert "Surat menunggu disposisi Kabag" in section and "terlambat 2 jam 50 menit" in section
    assert "Pengumuman rekrutmen" in section and "terlambat 1 jam" in section
    assert 'id="terlambat' not in penulis
    with at(8, 1):
        # Nothing is late yet: no panel.
        assert 'id="terlambat' not in dashboard(users["kasubag"])


@pytest.mark.django_db
def test_panels_query_count_does_not_grow(users, sop):
    def render_queries(user):
        request = RequestFactory().get("/admin/")
        request.user = type(user).objects.get(pk=user.pk)
        with CaptureQueriesContext(connection) as queries:
            html = MenungguTindakanPanel(request).render_html() + TerlambatPanel(request).render_html()
        return len(queries.captured_queries), html

    def add(n):
        with at(8, 0):
            for i in range(n):
                register(
                    users["kabag"], perihal=f"Surat {i}", kasubag=users["kasubag"].pk, instruksi="Proses."
                )
        for i in range(n):
            page = PengumumanFactory(
                parent=sop["pengumuman"], title=f"Pengumuman {i}", owner=users["penulis"], publish=False
            )
            with at(9, 0):
                submit(users["penulis"], page)

    add(2)
    with at(12, 0):
        small, html = render_queries(users["kasubag"])
    assert "Surat 1" in html and "Pengumuman 1" in html
    add(25)
    with at(12, 0):
        large, html = render_queries(users["kasubag"])
    assert "Menampilkan 20 dari 54 langkah" in html
    # Constant: two COUNTs are added once a list is cut at 20 rows, nothing per row.
    assert small < 20 and large <= small + 2 < 20


@pytest.mark.django_db
def test_due_time_in_the_editor_and_in_the_register(users, running):
    edit = reverse("wagtailadmin_pages:edit", args=(running.pk,))
    with at(9, 40):
        html = client_for(users["kasubag"]).get(edit).content.decode()
    assert "Langkah berjalan: Pemeriksaan Kasubag (langkah 4)" in html
    assert "24 November 2026 10:00 WIB" in html and "sisa 20 menit" in html
    with at(10, 30):
        assert "terlambat 30 menit" in client_for(users["kasubag"]).get(edit).content.decode()
        listing = (
            client_for(users["kabag"])
            .get(reverse("sop_workflow_suratmasuk_modeladmin_index"))
            .content.decode()
        )
    # Step 1 of the first letter was due 08:10, step 2 of the second 08:05.
    assert "Tenggat langkah berjalan" in listing
    assert "terlambat 2 jam 20 menit" in listing and "terlambat 2 jam 25 menit" in listing
