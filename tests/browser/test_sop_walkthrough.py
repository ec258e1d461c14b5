"""The SOP in a real browser: four people take a Peraturan from draft to the public site, and a
Berita takes the short path, at a quick pace (test_sop_people.py walks it as people do, and
takes docs/panduan.md's "Alur SOP di admin" screenshots)."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from home.demo_files import pdf_bytes
from news.models import BeritaIndexPage, PeraturanPage
from news.structure import ensure_listings
from tests.browser.people import create_people, footer_action, left_editor
from tests.factories import JenisPeraturanFactory
from tests.live import ensure_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sop_site():
    home = ensure_site()
    listings = ensure_listings(home)
    create_people()
    JenisPeraturanFactory(nama="Keputusan KPU Provinsi Banten", singkatan="Kpts KPU Prov")
    return listings


def current_task(page_id):
    state = PeraturanPage.objects.get(pk=page_id).current_workflow_task_state
    return state.task.name if state else None


def test_peraturan_goes_through_every_step_and_reaches_the_public_site(
    people, live_server, sop_site, tmp_path
):
    """From the letter on Kabag's desk to the public page, and the control sheet of its life."""
    title = "Keputusan KPU Provinsi Banten Nomor 21 Tahun 2026 tentang Jadwal Pleno"
    letter = tmp_path / "Nota Dinas Jadwal Pleno.pdf"
    letter.write_bytes(pdf_bytes("Nota Dinas", ["Mohon diterbitkan keputusan jadwal pleno."]))

    # Step 1: Kabag registers the Nota Dinas with its file and assigns Kasubag.
    kabag = people.login("kabag")
    kabag.get_by_role("link", name="Agenda surat masuk").first.click()
    kabag.get_by_role("link", name=re.compile("Tambah")).first.click()
    kabag.select_option("#id_jenis_surat", label="Nota Dinas")
    kabag.fill("#id_nomor_surat", "45/HK.03-ND/36/2026")
    kabag.fill("#id_tanggal_surat", "24/11/2026")
    kabag.locator("#id_pengirim").click()  # closes the date picker
    kabag.fill("#id_pengirim", "Divisi Hukum KPU Provinsi Banten")
    kabag.fill("#id_perihal", title)
    kabag.select_option("#id_jenis_publikasi", label="Peraturan")
    kabag.set_input_files("#id_berkas_baru", str(letter))
    kabag.select_option("#id_kasubag", label="Siti Rohmah")
    kabag.fill("#id_instruksi", "Mohon diproses untuk diterbitkan di laman Peraturan.")
    kabag.shot("alur-0a-kabag-mencatat-surat.png", full_page=True)
    kabag.locator("button.action-save").click()
    expect(kabag.locator(".messages")).to_contain_text("nomor agenda 0001/2026")
    expect(kabag.get_by_text("Didisposisikan ke Kasubag").first).to_be_visible()

    # Step 2: Kasubag finds the disposition on the dashboard and assigns the writer.
    kasubag = people.login("kasubag")
    expect(kasubag.get_by_text("Disposisi untuk Anda")).to_be_visible()
    kasubag.shot("alur-0b-kasubag-disposisi.png")
    kasubag.get_by_role("link", name="0001/2026", exact=True).click()
    kasubag.get_by_role("link", name="Tugaskan penulis").click()
    kasubag.select_option("#id_kepada", label="Dedi Kurniawan")
    kasubag.fill("#id_instruksi", "Susun konsep keputusan dari nota dinas ini.")
    kasubag.get_by_role("button", name="Tugaskan").click()
    expect(kasubag.get_by_text("Didisposisikan ke penulis").first).to_be_visible()

    # Step 3: the writer makes the draft from the entry, completes it and submits it.
    penulis = people.login("penulis")
    penulis.get_by_role("link", name="0001/2026", exact=True).click()
    penulis.get_by_role("button", name="Buat konsep").click()
    expect(penulis.get_by_text("Dibuat dari surat masuk")).to_be_visible()
    expect(penulis.locator("#id_title")).to_have_value(title)
    expect(penulis.locator("#id_tentang")).to_have_value(title)
    penulis.fill("#id_ringkasan", "Menetapkan jadwal rapat pleno terbuka rekapitulasi.")
    penulis.select_option("#id_jenis", label="Keputusan KPU Provinsi Banten (Kpts KPU Prov)")
    penulis.fill("#id_nomor", "21")
    penulis.fill("#id_tentang", "Jadwal Pleno")
    penulis.fill("#id_penandatangan", "Ketua KPU Provinsi Banten")
    penulis.shot("alur-1-penulis-menulis.png")
    footer_action(penulis, "Pengajuan ke SOP Penerbitan Informasi")
    expect(penulis.locator(".messages")).to_contain_text("dikirim untuk")
    page_id = PeraturanPage.objects.get(title=title).pk
    edit_url = f"{live_server.url}/admin/pages/{page_id}/edit/"

    # Step 4: Kasubag finds it on the dashboard, checks it and confirms the three checks.
    kasubag = people.login("kasubag")
    expect(kasubag.get_by_text(title)).to_be_visible()
    kasubag.shot("alur-2-kasubag-dasbor.png")
    kasubag.goto(edit_url)
    footer_action(kasubag, "Teruskan ke Kabag")
    modal = kasubag.locator(".modal-content")
    expect(modal).to_contain_text("Narasumber yang dikonfirmasi")
    modal.get_by_label("Kebenaran bahan informasi sudah saya periksa").check()
    modal.get_by_label("Hal-hal yang diperlukan sudah dikonfirmasi kepada narasumber terkait").check()
    modal.get_by_label("Narasumber yang dikonfirmasi").fill("Ketua Divisi Teknis KPU Provinsi Banten")
    modal.get_by_label("Kalimat sudah diperbaiki dan dilengkapi").check()
    kasubag.shot("alur-3-kasubag-memeriksa.png")
    modal.locator("button[type=submit]").click()
    left_editor(kasubag)

    # Step 5: Kabag approves.
    kabag = people.login("kabag")
    expect(kabag.get_by_text(title)).to_be_visible()
    kabag.goto(edit_url)
    kabag.shot("alur-4-kabag-menyetujui.png")
    footer_action(kabag, "Setujui")
    left_editor(kabag)

    # Steps 6-7: Web Admin publishes and documents it.
    webadmin = people.login("webadmin")
    expect(webadmin.get_by_text(title)).to_be_visible()
    webadmin.goto(edit_url)
    footer_action(webadmin, "Dokumentasikan dan Publikasikan")
    modal = webadmin.locator(".modal-content")
    modal.get_by_label("Catatan dokumentasi").fill(
        "Diunggah ke laman Peraturan; tautan dibagikan ke media sosial."
    )
    webadmin.shot("alur-5-webadmin-menerbitkan.png")
    modal.locator("button[type=submit]").click()
    left_editor(webadmin)

    # The citizen reads it on the public site.
    page = PeraturanPage.objects.get(pk=page_id)
    assert page.live
    public = people.anonymous()
    public.goto(live_server.url + page.url)
    expect(public.locator("h1")).to_have_text(title)
    people.shot(public, "alur-6-situs-publik.png", full_page=True)

    # The publication record, in the admin.
    webadmin.goto(f"{live_server.url}/admin/catatan_penerbitan/")
    expect(webadmin.get_by_text(title)).to_be_visible()
    webadmin.shot("alur-7-catatan-penerbitan.png")

    # The entry's whole life, and its control sheet for the paper archive.
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
    with kabag.expect_download() as download:
        kabag.get_by_role("link", name="Unduh lembar kendali (PDF)").click()
    assert download.value.suggested_filename == "lembar-kendali-2026-0001.pdf"
    kabag.get_by_role("link", name="Lembar kendali (cetak)").click()
    expect(kabag.locator("h1")).to_have_text("Lembar Kendali Penerbitan Informasi")
    kabag.emulate_media(media="print")
    expect(kabag.locator("nav.no-print")).to_be_hidden()
    kabag.shot("alur-9-lembar-kendali.png", full_page=True)
    assert people.watch.csp_refusals == []


def test_berita_short_path(people, live_server, sop_site):
    """The writer submits a drafted Berita; Web Admin alone publishes it (SOP step 7's note)."""
    from news.models import BeritaPage
    from tests.factories import BeritaFactory

    title = "KPU Banten Gelar Rapat Pleno Terbuka"
    penulis_user = get_user_model().objects.get(username="penulis")
    draft = BeritaFactory(parent=sop_site[BeritaIndexPage], title=title, owner=penulis_user, publish=False)
    edit_path = f"/admin/pages/{draft.pk}/edit/"

    penulis = people.login("penulis")
    penulis.goto(live_server.url + edit_path)
    footer_action(penulis, "Pengajuan ke SOP Berita KPU")
    expect(penulis.locator(".messages")).to_contain_text("dikirim untuk")

    webadmin = people.login("webadmin")
    expect(webadmin.get_by_text(title)).to_be_visible()
    webadmin.goto(live_server.url + edit_path)
    footer_action(webadmin, "Dokumentasikan dan Publikasikan")
    modal = webadmin.locator(".modal-content")
    modal.get_by_label("Catatan dokumentasi").fill("Diunggah; foto dari dokumentasi humas.")
    modal.locator("button[type=submit]").click()
    left_editor(webadmin)

    page = BeritaPage.objects.get(pk=draft.pk)
    assert page.live
    public = people.anonymous()
    public.goto(live_server.url + page.url)
    expect(public.locator("h1")).to_have_text(title)
    assert people.watch.csp_refusals == []
