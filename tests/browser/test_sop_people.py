"""The SOP as people click it (issue 17's acceptance test), in real Chromium.

Each person types with delays, waits longer than the editor's autosave interval before every
action, opens the preview panel and the page's history at each review step, and presses each
action once or, in the second run, double-clicks it. The test fails on any response >= 400 it
did not expect, any console error, CSP refusal or uncaught page error, any ERROR logged by the
live server, and any state that is not what the people did; it ends as a person would check:
the page is live for an anonymous visitor, its publication record is its live HTML, everyone
got one "telah terbit" email, and the invariant check reports nothing.

The press-once run of the full path takes docs/panduan.md's "Alur SOP di admin" screenshots
(``make screenshots``).
"""

import io
import json
import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from playwright.sync_api import expect
from wagtail.models import TaskState, WorkflowState

from home.demo_files import pdf_bytes
from news.models import BeritaIndexPage, BeritaPage, PeraturanPage
from news.structure import ensure_listings
from sop_workflow.models import Disposisi, PublicationRecord, SOPTaskState, SuratMasuk
from sop_workflow.setup import TASK_KABAG, TASK_KASUBAG, TASK_WEB_ADMIN
from tests.browser.people import create_people, normalise_html, path_of, sha256
from tests.factories import JenisPeraturanFactory
from tests.live import ensure_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLICKS = pytest.mark.parametrize("double", [False, True], ids=["press-once", "double-click"])


@pytest.fixture
def sop_site():
    home = ensure_site()
    listings = ensure_listings(home)
    create_people()
    JenisPeraturanFactory(nama="Keputusan KPU Provinsi Banten", singkatan="Kpts KPU Prov")
    return listings


def kasubag_checks(person, modal):
    modal.get_by_label("Kebenaran bahan informasi sudah saya periksa").check()
    modal.get_by_label("Hal-hal yang diperlukan sudah dikonfirmasi kepada narasumber terkait").check()
    person.type(modal.get_by_label("Narasumber yang dikonfirmasi"), "Ketua Divisi Teknis KPU Provinsi Banten")
    modal.get_by_label("Kalimat sudah diperbaiki dan dilengkapi").check()


def kabag_reason(person, modal):
    person.type(
        modal.get_by_label("Alasan dan perbaikan yang diminta"),
        "Sebutkan tanggal pleno pada ringkasan.",
    )


def documentation(note):
    def fill(person, modal):
        person.type(modal.get_by_label("Catatan dokumentasi"), note)

    return fill


def published_emails():
    """Recipients of the "telah terbit" emails, one entry per email."""
    return sorted(
        address for message in mail.outbox if "telah terbit" in message.body for address in message.to
    )


def assert_published_truthfully(people, server_log, page_model, page_id, title, body_text, expected_mail):
    """What a person checks at the end, then what the watchers saw on the way."""
    page = page_model.objects.get(pk=page_id)
    assert page.live, "the page is not live after the final approval"
    assert not page.has_unpublished_changes

    # An anonymous visitor reads it on the public site.
    visitor = people.anonymous()
    response = visitor.goto(people.url + page.url)
    assert response.status == 200
    expect(visitor.locator("h1")).to_have_text(title)
    expect(visitor.locator("main")).to_contain_text(body_text)
    served = response.text()

    # One publication record, of the live revision, whose hash is of its HTML snapshot, which
    # is what the public URL serves.
    records = list(PublicationRecord.objects.filter(page_id=page_id))
    assert len(records) == 1, records
    record = records[0]
    assert record.revision_id == page.live_revision_id
    assert sha256(record.html) == record.sha256
    for html in (record.html, served):
        assert title in html
        assert body_text in html
    assert normalise_html(record.html) == normalise_html(served)

    # The workflow ran once and was approved.
    states = list(WorkflowState.objects.for_instance(page))
    assert [state.status for state in states] == [WorkflowState.STATUS_APPROVED]

    # Everyone concerned got one "telah terbit" email.
    assert published_emails() == sorted(expected_mail)

    # The invariant check (issue 17, point 2) finds nothing wrong.
    out = io.StringIO()
    try:
        call_command("check_sop_records", "--json", stdout=out)
    except CommandError:
        if not out.getvalue():  # not a report of what it found: the command did not run
            raise
    report = json.loads(out.getvalue())
    assert report["problems"] == [], report
    assert report["ok"]

    assert people.watch.problems() == {}
    assert server_log.records == []


def task_history(workflow_state):
    """(task name, status, returned to Kasubag) of every step run, in order."""
    states = TaskState.objects.filter(workflow_state=workflow_state).select_related("task").order_by("pk")
    returned = set(
        SOPTaskState.objects.filter(workflow_state=workflow_state, dikembalikan=True).values_list(
            "pk", flat=True
        )
    )
    return [(state.task.name, state.status, state.pk in returned) for state in states]


@CLICKS
def test_full_sop_path_from_the_register_with_one_return(
    people, server_log, live_server, sop_site, screenshots, tmp_path, double
):
    """Steps 1-7 of the SOP for a Peraturan, with Kabag returning it to Kasubag once."""
    if not double:
        people.screenshots = screenshots
    title = "Keputusan KPU Provinsi Banten Nomor 21 Tahun 2026 tentang Jadwal Pleno"
    summary = "Menetapkan jadwal rapat pleno terbuka rekapitulasi pada 2 Desember 2026."
    letter = tmp_path / "Nota Dinas Jadwal Pleno.pdf"
    letter.write_bytes(pdf_bytes("Nota Dinas", ["Mohon diterbitkan keputusan jadwal pleno."]))

    # Step 1: Kabag registers the Nota Dinas with its file and assigns Kasubag.
    kabag = people.login("kabag")
    kabag.get_by_role("link", name="Agenda surat masuk").first.click()
    kabag.get_by_role("link", name=re.compile("Tambah")).first.click()
    kabag.select_option("#id_jenis_surat", label="Nota Dinas")
    kabag.type("#id_nomor_surat", "45/HK.03-ND/36/2026")
    kabag.type("#id_tanggal_surat", "24/11/2026")
    kabag.type("#id_pengirim", "Divisi Hukum KPU Provinsi Banten")
    kabag.type("#id_perihal", title)
    kabag.select_option("#id_jenis_publikasi", label="Peraturan")
    kabag.set_input_files("#id_berkas_baru", str(letter))
    kabag.select_option("#id_kasubag", label="Siti Rohmah")
    kabag.type("#id_instruksi", "Mohon diproses untuk diterbitkan di laman Peraturan.")
    kabag.shot("alur-0a-kabag-mencatat-surat.png", full_page=True)
    if double:
        people.allow_duplicate("POST", "/admin/sop_workflow/suratmasuk/create/")
    kabag.press(kabag.locator("button.action-save"), double=double)
    expect(kabag.locator(".messages")).to_contain_text("nomor agenda 0001/2026")
    expect(kabag.get_by_text("Didisposisikan ke Kasubag").first).to_be_visible()

    # Step 2: Kasubag finds the disposition on the dashboard and assigns the writer.
    kasubag = people.login("kasubag")
    expect(kasubag.get_by_text("Disposisi untuk Anda")).to_be_visible()
    kasubag.shot("alur-0b-kasubag-disposisi.png")
    kasubag.get_by_role("link", name="0001/2026", exact=True).click()
    kasubag.get_by_role("link", name="Tugaskan penulis").click()
    kasubag.select_option("#id_kepada", label="Dedi Kurniawan")
    kasubag.type("#id_instruksi", "Susun konsep keputusan dari nota dinas ini.")
    if double:
        people.allow_duplicate("POST", path_of(kasubag.url))
    kasubag.press(kasubag.get_by_role("button", name="Tugaskan"), double=double)
    expect(kasubag.get_by_text("Didisposisikan ke penulis").first).to_be_visible()

    # Step 3: the writer makes the draft from the entry, completes it by typing, submits it.
    penulis = people.login("penulis")
    penulis.get_by_role("link", name="0001/2026", exact=True).click()
    if double:
        surat_id = SuratMasuk.objects.get().pk
        people.allow_duplicate("POST", reverse("sop_workflow_suratmasuk_buat_konsep", args=(surat_id,)))
    penulis.press(penulis.get_by_role("button", name="Buat konsep"), double=double)
    penulis.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    expect(penulis.get_by_text("Dibuat dari surat masuk")).to_be_visible()
    expect(penulis.locator("#id_title")).to_have_value(title)
    penulis.type("#id_ringkasan", summary)
    penulis.select_option("#id_jenis", label="Keputusan KPU Provinsi Banten (Kpts KPU Prov)")
    penulis.type("#id_nomor", "21")
    penulis.type("#id_tentang", "Jadwal Pleno")
    penulis.type("#id_penandatangan", "Ketua KPU Provinsi Banten")
    penulis.shot("alur-1-penulis-menulis.png")
    penulis.workflow_action("Pengajuan ke SOP Penerbitan Informasi", double=double)
    expect(penulis.locator(".messages")).to_contain_text("dikirim untuk")
    page_id = PeraturanPage.objects.get(title=title).pk

    # Step 4: Kasubag finds it on the dashboard, reads it, checks it and forwards it.
    kasubag = people.login("kasubag")
    expect(kasubag.get_by_text(title)).to_be_visible()
    kasubag.shot("alur-2-kasubag-dasbor.png")
    kasubag.open_editor_from_dashboard(title)
    kasubag.review(title)
    kasubag.workflow_action(
        "Teruskan ke Kabag",
        double=double,
        fill_modal=kasubag_checks,
        expect_modal="Narasumber yang dikonfirmasi",
        screenshot="alur-3-kasubag-memeriksa.png",
    )

    # Step 5: Kabag reads it and returns it to Kasubag with a reason.
    kabag.open_editor_from_dashboard(title)
    kabag.review(title)
    kabag.workflow_action("Kembalikan ke Kasubag", double=double, fill_modal=kabag_reason)

    # Step 4 again: Kasubag reads the reason and forwards it again.
    kasubag.open_editor_from_dashboard(title)
    with people.soft("Kasubag sees Kabag's reason at the top of the editor"):
        reason = kasubag.locator(".messages").filter(has_text="Sebutkan tanggal pleno pada ringkasan.")
        expect(reason.first).to_be_visible(timeout=5000)
    kasubag.review(title)
    kasubag.workflow_action("Teruskan ke Kabag", double=double, fill_modal=kasubag_checks)

    # Step 5: Kabag reads it and approves.
    kabag.open_editor_from_dashboard(title)
    kabag.review(title)
    kabag.shot("alur-4-kabag-menyetujui.png")
    kabag.workflow_action("Setujui", double=double)

    # Steps 6-7: Web Admin reads it, publishes and documents it.
    webadmin = people.login("webadmin")
    expect(webadmin.get_by_text(title)).to_be_visible()
    webadmin.open_editor_from_dashboard(title)
    webadmin.review(title)
    webadmin.workflow_action(
        "Dokumentasikan dan Publikasikan",
        double=double,
        fill_modal=documentation("Diunggah ke laman Peraturan; tautan dibagikan ke media sosial."),
        screenshot="alur-5-webadmin-menerbitkan.png",
    )

    # Each step was done exactly once.
    surat = SuratMasuk.objects.get()
    assert surat.page_id == page_id
    assert sorted(Disposisi.objects.filter(surat=surat).values_list("langkah", flat=True)) == [
        Disposisi.Langkah.KASUBAG,
        Disposisi.Langkah.PENULIS,
    ]
    assert PeraturanPage.objects.filter(title=title).count() == 1
    workflow_state = WorkflowState.objects.for_instance(PeraturanPage.objects.get(pk=page_id)).get()
    assert task_history(workflow_state) == [
        (TASK_KASUBAG, TaskState.STATUS_APPROVED, False),
        (TASK_KABAG, TaskState.STATUS_CANCELLED, True),
        (TASK_KASUBAG, TaskState.STATUS_APPROVED, False),
        (TASK_KABAG, TaskState.STATUS_APPROVED, False),
        (TASK_WEB_ADMIN, TaskState.STATUS_APPROVED, False),
    ]

    # The citizen reads it; Web Admin sees the record; Kabag sees the entry's whole life.
    public = people.anonymous()
    public.goto(live_server.url + PeraturanPage.objects.get(pk=page_id).url)
    expect(public.locator("h1")).to_have_text(title)
    people.shot(public, "alur-6-situs-publik.png", full_page=True)
    webadmin.goto(f"{live_server.url}/admin/catatan_penerbitan/")
    expect(webadmin.get_by_text(title)).to_be_visible()
    webadmin.shot("alur-7-catatan-penerbitan.png")
    kabag.goto(f"{live_server.url}/admin/sop_workflow/suratmasuk/")
    kabag.get_by_role("link", name="0001/2026", exact=True).click()
    expect(kabag.locator(".sop-status")).to_contain_text("Terbit")
    timeline = kabag.locator("table.sop-timeline")
    for step in (
        "Kabag mendisposisikan",
        "Kasubag menugaskan penulis",
        "Penulis menyusun konsep",
        "Pemeriksaan Kasubag",
        "Persetujuan Kabag",
        "Penerbitan Web Admin",
    ):
        expect(timeline).to_contain_text(step)
    kabag.shot("alur-8-perjalanan-surat.png", full_page=True)
    kabag.get_by_role("link", name="Lembar kendali (cetak)").click()
    expect(kabag.locator("h1")).to_have_text("Lembar Kendali Penerbitan Informasi")
    kabag.emulate_media(media="print")
    kabag.shot("alur-9-lembar-kendali.png", full_page=True)

    assert_published_truthfully(
        people,
        server_log=server_log,
        page_model=PeraturanPage,
        page_id=page_id,
        title=title,
        body_text=summary,
        expected_mail=[f"{name}@kpu-banten.example" for name in ("penulis", "kasubag", "kabag", "webadmin")],
    )


@CLICKS
def test_berita_short_path(people, server_log, live_server, sop_site, double):
    """The writer drafts a Berita and submits it; Web Admin alone publishes it (step 7's note)."""
    title = "KPU Banten Gelar Rapat Pleno Terbuka Rekapitulasi"
    summary = "Rapat pleno terbuka digelar di Serang dan disiarkan langsung."
    body = "Komisi Pemilihan Umum Provinsi Banten menggelar rapat pleno terbuka pada Rabu pagi."
    index = sop_site[BeritaIndexPage]

    penulis = people.login("penulis")
    penulis.goto(f"{live_server.url}/admin/pages/{index.pk}/add_subpage/")
    penulis.wait_for_url(re.compile(r"/add/news/beritapage/"))
    penulis.type("#id_title", title)
    penulis.type("#id_ringkasan", summary)
    penulis.locator("[data-streamfield-stream-container] button[title], .c-sf-add-button").first.click()
    penulis.get_by_role("option", name=re.compile("^Paragraf")).first.click()
    editor = penulis.locator(".DraftEditor-root [contenteditable=true]").first
    editor.click()
    penulis.keyboard.type(body, delay=35)
    penulis.think()
    penulis.locator("footer").get_by_role("button", name="Simpan konsep", exact=True).click()
    penulis.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    expect(penulis.locator(".messages")).to_contain_text(title)
    page_id = BeritaPage.objects.get(title=title).pk
    penulis.workflow_action("Pengajuan ke SOP Berita KPU", double=double)
    expect(penulis.locator(".messages")).to_contain_text("dikirim untuk")

    webadmin = people.login("webadmin")
    expect(webadmin.get_by_text(title)).to_be_visible()
    webadmin.open_editor_from_dashboard(title)
    webadmin.review(title)
    webadmin.workflow_action(
        "Dokumentasikan dan Publikasikan",
        double=double,
        fill_modal=documentation("Diunggah; foto dari dokumentasi humas."),
    )

    assert BeritaPage.objects.filter(title=title).count() == 1
    workflow_state = WorkflowState.objects.for_instance(BeritaPage.objects.get(pk=page_id)).get()
    assert task_history(workflow_state) == [(TASK_WEB_ADMIN, TaskState.STATUS_APPROVED, False)]
    assert_published_truthfully(
        people,
        server_log=server_log,
        page_model=BeritaPage,
        page_id=page_id,
        title=title,
        body_text=body,
        expected_mail=["penulis@kpu-banten.example", "webadmin@kpu-banten.example"],
    )
