"""The dashboard and the moderation queue (Wagtail's workflow reports) for each reviewing role: at
most 40 queries, the same at 3 and at 30 items in the workflow (issue "Election-day load";
figures at 1,000 items: bench/admin_bench.py, bench/README.md)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import WorkflowState

from sop_workflow.admin_views import attach_tasks_with_status
from tests.factories import (
    BeritaFactory,
    LaporanKeuanganFactory,
    PengumumanFactory,
    PeraturanFactory,
    SuratEdaranFactory,
)
from tests.sop_harness import KASUBAG_CHECKS, act, client_for, register, submit

MAX_QUERIES = 40
WIB = ZoneInfo("Asia/Jakarta")
REVIEWERS = ("kasubag", "kabag", "webadmin", "superuser")
QUEUE = {
    "workflows": reverse("wagtailadmin_reports:workflow"),
    "workflows awaiting my review": reverse("wagtailadmin_reports:workflow") + "?reviewable=true",
    "tasks": reverse("wagtailadmin_reports:workflow_tasks"),
    "tasks awaiting my review": reverse("wagtailadmin_reports:workflow_tasks")
    + "?reviewable=true&status=in_progress",
}
# (factory, listing) in turn; every sixth item is a Berita, on its short path (step 6-7 only).
# (Not Juknis: the editor-form helper of ``submit`` reads its "jenis" as a Peraturan's.)
TYPES = [
    (PengumumanFactory, "pengumuman"),
    (PeraturanFactory, "peraturan"),
    (SuratEdaranFactory, "surat_edaran"),
    (LaporanKeuanganFactory, "laporan_keuangan"),
]


def at(hour, minute=0):
    """Tuesday 24 November 2026, an office day."""
    return time_machine.travel(datetime.datetime(2026, 11, 24, hour, minute, tzinfo=WIB), tick=False)


def fill(users, sop, items, count):
    """Bring the workflow up to ``count`` items, a third waiting at each of steps 4, 5 and 6-7;
    the even ones submitted at 08:00 (late by 15:00), the odd ones at 14:30. Every third item
    also brings a register entry, waiting for Kabag (step 1) or for Kasubag (step 2).
    ``items`` maps each step to the titles waiting there."""
    for n in range(sum(len(titles) for titles in items.values()), count):
        step = ("4", "5", "6-7")[n % 3]
        berita = n % 6 == 5
        title = f"Materi uji {n:03d} langkah {step}"
        if berita:
            page = BeritaFactory(parent=sop["berita"], title=title, owner=users["penulis"], publish=False)
        else:
            factory, listing = TYPES[n % len(TYPES)]
            page = factory(parent=sop[listing], title=title, owner=users["penulis"], publish=False)
        with at(8) if n % 2 == 0 else at(14, 30):
            submit(users["penulis"], page)
            if not berita and step != "4":
                assert act(users["kasubag"], page, "approve", KASUBAG_CHECKS).status_code == 302
            if not berita and step == "6-7":
                assert act(users["kabag"], page, "approve", {"comment": ""}).status_code == 302
            if n % 3 == 0:
                to_kasubag = {"kasubag": users["kasubag"].pk, "instruksi": "Proses."} if n % 2 else {}
                register(users["kabag"], perihal=f"Surat uji {n:03d}", **to_kasubag)
        items[step].append(title)


def panel(html, panel_id):
    """The HTML of one dashboard panel, or "" when it is not shown."""
    start = html.find(f'id="{panel_id}-section"')
    return "" if start < 0 else html[start : html.index("</section>", start)]


def count_queries(client, url):
    client.get(url)  # warm up, as on a running site
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(context.captured_queries)


@pytest.mark.django_db
def test_dashboard_and_queue_stay_within_40_queries_from_3_to_30_items(
    users, sop, superuser, django_assert_max_num_queries
):
    people = {**users, "superuser": superuser}
    clients = {role: client_for(people[role]) for role in REVIEWERS}
    urls = {(role, "dashboard"): reverse("wagtailadmin_home") for role in REVIEWERS}
    # Kabag holds no page permission: Wagtail's reports are not his (his queue is the dashboard).
    urls.update({(role, name): url for role in REVIEWERS if role != "kabag" for name, url in QUEUE.items()})
    items = {"4": [], "5": [], "6-7": []}

    fill(users, sop, items, 3)
    with at(15):
        small = {key: count_queries(clients[key[0]], url) for key, url in urls.items()}
    fill(users, sop, items, 30)
    with at(15):
        large = {key: count_queries(clients[key[0]], url) for key, url in urls.items()}
        for key, url in urls.items():
            with django_assert_max_num_queries(MAX_QUERIES):
                clients[key[0]].get(url)
    print("queries at 30 items:", large)

    # Nothing per row. (The dashboard may add one COUNT once the "Terlambat" lists are cut at 20
    # rows.)
    assert {k: v for k, v in large.items() if k[1] != "dashboard"} == {
        k: v for k, v in small.items() if k[1] != "dashboard"
    }
    for role in REVIEWERS:
        key = (role, "dashboard")
        assert small[key] <= large[key] <= small[key] + 1, (role, small[key], large[key])

    # What each reviewer sees: their own step's items under "Menunggu tindakan Anda".
    with at(15):
        dashboards = {
            role: clients[role].get(reverse("wagtailadmin_home")).content.decode() for role in REVIEWERS
        }
    mine = {"kasubag": "4", "kabag": "5", "webadmin": "6-7"}
    for role, step in mine.items():
        waiting = panel(dashboards[role], "menunggu-tindakan-anda")
        assert all(title in waiting for title in items[step]), role
        others = [title for other, titles in items.items() if other != step for title in titles]
        assert not any(title in waiting for title in others), role
    assert "Surat uji 000" in panel(dashboards["kabag"], "menunggu-tindakan-anda")  # step 1: Kabag's
    assert "Surat uji 003" in panel(dashboards["kasubag"], "menunggu-tindakan-anda")  # step 2
    # The superuser may act on every step: the 20 soonest due of 30 items and 5 letters at step 1.
    assert panel(dashboards["superuser"], "menunggu-tindakan-anda").count("<tr") == 1 + 20
    # "Terlambat" for Kabag and Kasubag: the 15 items submitted at 08:00 and the 10 letters.
    late = panel(dashboards["kabag"], "terlambat")
    assert "Menampilkan 20 dari 25 langkah" in late
    assert "Materi uji 000 langkah 4" in late and "Materi uji 001 langkah 5" not in late
    assert panel(dashboards["webadmin"], "terlambat") == ""

    # The queue: Kasubag's "awaiting my review" holds step 4, not what Kabag has; the full
    # report holds all 30, each with its steps' statuses.
    with at(15):
        queue = clients["kasubag"].get(QUEUE["workflows awaiting my review"]).content.decode()
        report = clients["superuser"].get(QUEUE["workflows"]).content.decode()
    assert all(title in queue for title in items["4"])
    assert not any(title in queue for title in items["5"] + items["6-7"])
    assert all(title in report for titles in items.values() for title in titles)
    assert report.count('data-w-tooltip-content-value="Persetujuan Kabag (langkah 5)') == 25
    assert report.count('data-w-tooltip-content-value="Penerbitan Web Admin (langkah 6-7)') == 30


@pytest.mark.django_db
def test_report_task_statuses_are_wagtails(users, sop):
    """The workflow report's statuses, loaded for all rows at once, are what Wagtail's own
    per-row ``all_tasks_with_status`` gives: after a return to Kasubag and a resubmission too."""
    returned = PengumumanFactory(
        parent=sop["pengumuman"], title="Dikembalikan", owner=users["penulis"], publish=False
    )
    submit(users["penulis"], returned)
    act(users["kasubag"], returned, "approve", KASUBAG_CHECKS)
    act(users["kabag"], returned, "kembalikan", {"comment": "Perbaiki judul."})
    act(users["kasubag"], returned, "approve", KASUBAG_CHECKS)
    rejected = PengumumanFactory(
        parent=sop["pengumuman"], title="Ditolak", owner=users["penulis"], publish=False
    )
    submit(users["penulis"], rejected)
    act(users["kasubag"], rejected, "reject", {"comment": "Lengkapi."})
    submit(users["penulis"], rejected)
    berita = BeritaFactory(parent=sop["berita"], title="Berita", owner=users["penulis"], publish=False)
    submit(users["penulis"], berita)

    def statuses(state):
        return [
            (task.pk, task.name, task.status, str(task.status_display))
            for task in state.all_tasks_with_status()
        ]

    states = list(WorkflowState.objects.select_related("workflow").order_by("pk"))
    expected = [statuses(state) for state in states]
    with CaptureQueriesContext(connection) as context:
        attach_tasks_with_status(states)
        got = [statuses(state) for state in states]
    assert got == expected
    assert len(context.captured_queries) == 2
    assert [status for _pk, _name, status, _label in got[0]] == ["approved", "in_progress", None]


@pytest.mark.django_db
def test_register_steps_1_to_3_whatever_else_the_register_holds(users):
    """The dashboard works out the status of the entries that may still be before review only;
    it finds the same entries at steps 1-3 as the register's own status, with the same due times,
    and the writer's "Disposisi untuk Anda" still lists a draft returned to him."""
    from sop_workflow.dashboard import INTAKE_STEPS, intake_steps
    from sop_workflow.models import StatusSurat, SuratMasuk
    from tests.news.admin_forms import page_form_data
    from tests.sop_harness import assigned_to_writer, url

    def drafted(perihal, **extra):
        surat = assigned_to_writer(users, perihal=perihal, **extra)
        assert client_for(users["penulis"]).post(url("buat_konsep", surat)).status_code == 302
        return SuratMasuk.objects.get(pk=surat.pk).page.specific

    register(users["kabag"], perihal="Diterima")
    register(users["kabag"], perihal="Ke Kasubag", kasubag=users["kasubag"].pk, instruksi="Proses.")
    assigned_to_writer(users, perihal="Ke penulis")
    drafted("Konsep")
    submit(users["penulis"], drafted("Ditinjau"))
    returned = drafted("Dikembalikan")
    submit(users["penulis"], returned)
    act(users["kasubag"], returned, "reject", {"comment": "Lengkapi."})
    published = drafted("Terbit", jenis_publikasi="beritapage")
    submit(users["penulis"], published)
    act(users["webadmin"], published, "approve", {"catatan_dokumentasi": "Diunggah."})
    scheduled = drafted("Dijadwalkan", jenis_publikasi="beritapage")
    data = page_form_data(
        "beritapage", scheduled.title, scheduled.slug, go_live_at="2030-01-02 09:00", **{"action-submit": "1"}
    )
    client_for(users["penulis"]).post(reverse("wagtailadmin_pages:edit", args=(scheduled.pk,)), data)
    act(users["webadmin"], scheduled, "approve", {"catatan_dokumentasi": "Dijadwalkan."})
    cancelled = register(users["kabag"], perihal="Dibatalkan")
    client_for(users["kabag"]).post(url("batal", cancelled), {"alasan": "Pengirim menarik permohonannya."})

    everything = {surat.perihal: surat for surat in SuratMasuk.objects.with_status().with_chain()}
    assert {perihal: surat.status_kode for perihal, surat in everything.items()} == {
        "Diterima": StatusSurat.DITERIMA,
        "Ke Kasubag": StatusSurat.DISPOSISI_KASUBAG,
        "Ke penulis": StatusSurat.DISPOSISI_PENULIS,
        "Konsep": StatusSurat.KONSEP,
        "Ditinjau": StatusSurat.DITINJAU,
        "Dikembalikan": StatusSurat.DIKEMBALIKAN,
        "Terbit": StatusSurat.TERBIT,
        "Dijadwalkan": StatusSurat.DIJADWALKAN,
        "Dibatalkan": StatusSurat.DIBATALKAN,
    }
    waiting = {surat.perihal: surat for surat in intake_steps()}
    assert set(waiting) == {p for p, surat in everything.items() if surat.status_kode in INTAKE_STEPS}
    for perihal, surat in waiting.items():
        assert surat.tenggat_langkah == everything[perihal].tenggat_berjalan, perihal
    assert {perihal: surat.pelaksana_id for perihal, surat in waiting.items()} == {
        "Diterima": None,
        "Ke Kasubag": users["kasubag"].pk,
        "Ke penulis": users["penulis"].pk,
        "Konsep": users["penulis"].pk,
    }

    writer = panel(
        client_for(users["penulis"]).get(reverse("wagtailadmin_home")).content.decode(),
        "disposisi-untuk-anda",
    )
    assert all(perihal in writer for perihal in ("Ke penulis", "Konsep", "Dikembalikan"))
    assert not any(perihal in writer for perihal in ("Ditinjau", "Terbit", "Dijadwalkan"))
