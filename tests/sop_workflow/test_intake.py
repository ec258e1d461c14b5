"""SOP steps 1-3 through the admin: the register, the disposition chain and the draft."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Collection

from home.demo_files import pdf_bytes
from home.models import Dokumen, Gambar
from news.models import BeritaPage, PeraturanPage
from sop_workflow.models import BerkasSuratMasuk, Disposisi, PublicationRecord, StatusSurat, SuratMasuk
from sop_workflow.setup import TASK_KABAG, TASK_KASUBAG, TASK_WEB_ADMIN
from tests.factories import JenisPeraturanFactory
from tests.news.admin_forms import page_form_data
from tests.sop_harness import (
    CREATE,
    EDIT,
    INDEX,
    INSPECT,
    KASUBAG_CHECKS,
    act,
    assigned_to_writer,
    client_for,
    dispose,
    entry_data,
    jpeg_upload,
    pdf_upload,
    race_inside_transaction,
    register,
    sop_people,
    status,
    submit,
    url,
)

WIB = ZoneInfo("Asia/Jakarta")

# --- Step 1: registering --------------------------------------------------------------------


@pytest.mark.django_db
def test_kabag_registers_with_files_and_assigns_kasubag_in_one_form(users):
    surat = register(
        users["kabag"],
        berkas_baru=[pdf_upload("Nota Dinas DCT.pdf"), jpeg_upload("foto rapat.jpg")],
        kasubag=users["kasubag"].pk,
        instruksi="Terbitkan sebagai pengumuman hari ini.",
    )
    assert surat.nomor_agenda == "0001/2026"
    assert surat.dicatat_oleh == users["kabag"]
    assert surat.waktu_baku == datetime.timedelta(minutes=10)
    assert status(surat) == StatusSurat.DISPOSISI_KASUBAG
    disposisi = surat.disposisi.get()
    assert (disposisi.dari, disposisi.kepada, disposisi.langkah) == (users["kabag"], users["kasubag"], 1)
    assert disposisi.waktu_baku == datetime.timedelta(minutes=5)  # the standard time of step 2
    files = list(surat.berkas.all())
    assert [f.nama_asli for f in files] == ["Nota Dinas DCT.pdf", "foto rapat.jpg"]
    for stored in files:
        # The uploaded name never becomes the path: a random name under the year.
        assert "Nota" not in stored.berkas.name and "foto" not in stored.berkas.name
        assert stored.berkas.name.startswith("surat-masuk/2026/")
        assert len(stored.sha256) == 64

    page = client_for(users["kabag"]).get(url(INSPECT, surat))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Agenda 0001/2026" in html
    assert "Didisposisikan ke Kasubag" in html
    assert "Terbitkan sebagai pengumuman hari ini." in html
    assert "Nota Dinas DCT.pdf" in html


@pytest.mark.django_db
def test_agenda_numbers_run_per_year(users):
    first = register(users["kabag"])
    second = register(users["kabag"], diterima_pada="2026-12-31 15:00")
    older = register(users["kabag"], diterima_pada="2025-12-30 09:00", tanggal_surat="2025-12-29")
    assert [first.nomor_agenda, second.nomor_agenda, older.nomor_agenda] == [
        "0001/2026",
        "0002/2026",
        "0001/2025",
    ]
    assert status(first) == StatusSurat.DITERIMA


@pytest.mark.django_db
def test_dates_as_the_admin_date_pickers_write_them(users):
    surat = register(users["kabag"], tanggal_surat="20/11/2026", diterima_pada="24/11/2026 14:05")
    assert surat.tanggal_surat == datetime.date(2026, 11, 20)
    assert surat.diterima_pada == datetime.datetime(2026, 11, 24, 14, 5, tzinfo=WIB)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["kasubag", "penulis", "webadmin"])
def test_only_kabag_registers(users, role):
    client = client_for(users[role])
    assert client.get(url(CREATE)).status_code == 403
    response = client.post(url(CREATE), entry_data())
    assert response.status_code == 403
    assert "Hanya Kabag" in response.content.decode()
    assert not SuratMasuk.objects.exists() and not BerkasSuratMasuk.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("nota.pdf", b"<html>bukan pdf</html>"), "bukan PDF"),
        (SimpleUploadedFile("nota.docx", pdf_bytes("x")), "bukan dokumen Word (.docx)"),
        (SimpleUploadedFile("foto.jpg", b"GIF89a" + b"\0" * 32), "bukan gambar JPEG"),
        (SimpleUploadedFile("program.exe", b"MZ\x90\x00"), "Jenis berkas .exe tidak diterima"),
        (SimpleUploadedFile("arsip.zip", b"PK\x05\x06" + b"\0" * 18), "Jenis berkas .zip tidak diterima"),
    ],
)
def test_uploads_are_checked_by_content(users, upload, message):
    response = client_for(users["kabag"]).post(url(CREATE), entry_data(berkas_baru=[pdf_upload(), upload]))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SuratMasuk.objects.exists() and not BerkasSuratMasuk.objects.exists()


@pytest.mark.django_db
def test_upload_size_limit_and_required_file(users, settings):
    settings.SURAT_MASUK_MAX_UPLOAD_SIZE = 1024
    big = SimpleUploadedFile("besar.pdf", pdf_bytes("Besar", ["x" * 80] * 30))
    response = client_for(users["kabag"]).post(url(CREATE), entry_data(berkas_baru=[big]))
    assert "batasnya 1,0\xa0KB" in response.content.decode()
    response = client_for(users["kabag"]).post(url(CREATE), entry_data(berkas_baru=[]))
    assert "Lampirkan sedikitnya satu berkas" in response.content.decode()
    response = client_for(users["kabag"]).post(url(CREATE), entry_data(kasubag=users["kasubag"].pk))
    assert "Tuliskan instruksi untuk Kasubag." in response.content.decode()
    assert not SuratMasuk.objects.exists()


# --- Steps 1-2: the disposition chain -------------------------------------------------------


@pytest.mark.django_db
def test_disposition_chain_and_its_refusals(users):
    surat = register(users["kabag"])
    # Step 1 is Kabag's alone.
    for role, reason in (
        ("kasubag", "Hanya Kabag"),
        ("webadmin", "Hanya Kabag"),
        ("penulis", "tidak memiliki akses"),
    ):
        response = dispose(users[role], surat, 1, users["kasubag"])
        assert response.status_code == 403
        assert reason in response.content.decode()
    assert not Disposisi.objects.exists()

    assert dispose(users["kabag"], surat, 1, users["kasubag"]).status_code == 302
    assert status(surat) == StatusSurat.DISPOSISI_KASUBAG

    # Step 2: the assigned Kasubag, not another one, nor a writer or Web Admin.
    for role in ("kasubag2", "penulis", "webadmin"):
        assert dispose(users[role], surat, 2, users["penulis"]).status_code == 403
    # Only a writer can be assigned; another user's id is refused with the form's message.
    response = dispose(users["kasubag"], surat, 2, users["kabag"])
    assert response.status_code == 200
    assert "Penerima itu tidak dapat dipilih" in response.content.decode()
    response = client_for(users["kasubag"]).post(
        url("disposisi_penulis", surat), {"kepada": "abc", "instruksi": ""}
    )
    assert "Tuliskan instruksi disposisi." in response.content.decode()
    assert surat.disposisi.count() == 1

    assert dispose(users["kasubag"], surat, 2, users["penulis"], "Tulis pengumumannya.").status_code == 302
    assert status(surat) == StatusSurat.DISPOSISI_PENULIS
    step2 = surat.disposisi.get(langkah=2)
    assert (step2.dari, step2.kepada, step2.instruksi) == (
        users["kasubag"],
        users["penulis"],
        "Tulis pengumumannya.",
    )
    assert step2.waktu_baku == datetime.timedelta(hours=5)

    # Once a writer is assigned, step 1 cannot be redone.
    response = dispose(users["kabag"], surat, 1, users["kasubag2"])
    assert response.status_code == 403
    assert "tidak dapat diubah lagi" in response.content.decode()
    # Kabag may also assign (or re-assign) the writer before the draft exists.
    assert dispose(users["kabag"], surat, 2, users["penulis2"]).status_code == 302
    assert SuratMasuk.objects.with_chain().get(pk=surat.pk).penulis == users["penulis2"]


@pytest.mark.django_db
def test_writers_see_only_their_assignments_web_admin_reads_all(users):
    mine = assigned_to_writer(users, perihal="Surat untuk penulis satu")
    other = register(users["kabag"], perihal="Surat yang belum didisposisikan")

    listing = client_for(users["penulis"]).get(url(INDEX))
    assert listing.status_code == 200
    assert "Surat untuk penulis satu" in listing.content.decode()
    assert "Surat yang belum didisposisikan" not in listing.content.decode()
    assert client_for(users["penulis"]).get(url(INSPECT, other)).status_code == 403
    assert client_for(users["penulis2"]).get(url(INSPECT, mine)).status_code == 403
    assert client_for(users["penulis2"]).get(url("lembar_kendali", mine)).status_code == 403
    berkas = mine.berkas.first()
    download = reverse("sop_workflow_suratmasuk_berkas", args=(berkas.pk,))
    assert client_for(users["penulis2"]).get(download).status_code == 403

    web_admin = client_for(users["webadmin"]).get(url(INDEX)).content.decode()
    assert "Surat untuk penulis satu" in web_admin and "Surat yang belum didisposisikan" in web_admin
    assert client_for(users["webadmin"]).get(url(INSPECT, mine)).status_code == 200
    assert client_for(users["webadmin"]).get(url(EDIT, mine)).status_code == 403

    response = client_for(users["penulis"]).get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    # The file has no public URL at all.
    with pytest.raises(ValueError):
        berkas.berkas.url  # noqa: B018


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_login(users, client):
    surat = register(users["kabag"])
    berkas = surat.berkas.first()
    for address in (url(INSPECT, surat), reverse("sop_workflow_suratmasuk_berkas", args=(berkas.pk,))):
        response = client.get(address)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


# --- Step 3: the draft ----------------------------------------------------------------------


@pytest.mark.django_db
def test_buat_konsep_makes_a_prefilled_linked_draft(users):
    JenisPeraturanFactory()
    surat = assigned_to_writer(
        users,
        jenis_publikasi="peraturanpage",
        perihal="Keputusan KPU Provinsi Banten tentang Jadwal Kampanye",
        berkas_baru=[pdf_upload("Salinan Keputusan.pdf"), pdf_upload("Lampiran Jadwal.pdf")],
    )
    assert client_for(users["penulis2"]).post(url("buat_konsep", surat)).status_code == 403
    assert client_for(users["kasubag"]).post(url("buat_konsep", surat)).status_code == 403
    assert client_for(users["penulis"]).get(url("buat_konsep", surat)).status_code == 405
    assert not PeraturanPage.objects.exists()

    response = client_for(users["penulis"]).post(url("buat_konsep", surat))
    page = PeraturanPage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=(page.pk,))
    assert page.title == "Keputusan KPU Provinsi Banten tentang Jadwal Kampanye"
    assert page.tentang == page.title and page.tahun == 2026
    assert page.get_parent().specific_class.__name__ == "PeraturanIndexPage"
    assert not page.live and page.owner == users["penulis"]
    # The entry's files are offered as references, not attached by themselves (issue #17).
    assert page.attachments == []
    copies = Dokumen.objects.filter(collection__name="Bahan surat masuk (belum terbit)").order_by("pk")
    assert [doc.title for doc in copies] == ["Salinan Keputusan", "Lampiran Jadwal"]
    assert SuratMasuk.objects.get(pk=surat.pk).page.pk == page.pk
    assert status(surat) == StatusSurat.KONSEP

    # The link both ways: the editor names the entry and offers its files; the entry opens the draft.
    editor = client_for(users["penulis"]).get(response["Location"]).content.decode()
    assert "Dibuat dari surat masuk" in editor and "agenda 0001/2026" in editor
    assert "Bahan rujukan, belum dilampirkan dengan sendirinya" in editor
    assert "Dokumen “Salinan Keputusan” (PDF)" in editor and "Dokumen “Lampiran Jadwal” (PDF)" in editor
    assert (
        reverse("wagtailadmin_pages:edit", args=(page.pk,))
        in client_for(users["kabag"]).get(url(INSPECT, surat)).content.decode()
    )

    # Only once: the writer's second click (or a retry) opens the draft the first one made.
    again = client_for(users["penulis"]).post(url("buat_konsep", surat), follow=True)
    assert again.redirect_chain == [(reverse("wagtailadmin_pages:edit", args=(page.pk,)), 302)]
    assert "sudah dibuat; ini konsepnya" in again.content.decode()
    assert PeraturanPage.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_second_buat_konsep_while_the_first_makes_the_draft_opens_that_draft():
    """A double click on "Buat konsep": the second POST arrives while the first is inside its
    transaction (seen in Chromium: the second answered 403 "sudah dibuat", and that refusal was
    the page the writer saw). It waits, then opens the draft the first one made, told so."""
    from django.db.models.signals import post_save
    from wagtail.models import Revision

    users = sop_people()
    surat = assigned_to_writer(users, perihal="Keputusan jadwal pleno")
    clients = {name: client_for(users["penulis"]) for name in ("winner", "loser")}
    first, second, _waited = race_inside_transaction(
        post_save,
        Revision,
        lambda: clients["winner"].post(url("buat_konsep", surat)),
        lambda: clients["loser"].post(url("buat_konsep", surat)),
    )
    page = SuratMasuk.objects.get(pk=surat.pk).page
    editor = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    assert (first.status_code, first["Location"]) == (302, editor)
    assert (second.status_code, second["Location"]) == (302, editor)
    assert page.specific_class.objects.count() == 1  # one draft made
    shown = clients["loser"].get(editor).content.decode()
    assert "sudah dibuat; ini konsepnya" in shown


@pytest.mark.django_db
def test_the_same_disposition_pressed_twice_is_recorded_once(users):
    surat = register(users["kabag"], kasubag=users["kasubag"].pk, instruksi="Proses.")
    assert dispose(users["kabag"], surat, 1, users["kasubag"], instruksi="Proses.").status_code == 302
    assert Disposisi.objects.filter(surat=surat, langkah=Disposisi.Langkah.KASUBAG).count() == 1
    for _click in range(2):
        assert dispose(users["kasubag"], surat, 2, users["penulis"]).status_code == 302
    assert Disposisi.objects.filter(surat=surat, langkah=Disposisi.Langkah.PENULIS).count() == 1
    # Another writer, or another instruction, is a real re-assignment (allowed until the draft).
    assert dispose(users["kasubag"], surat, 2, users["penulis2"]).status_code == 302
    assert Disposisi.objects.filter(surat=surat, langkah=Disposisi.Langkah.PENULIS).count() == 2


@pytest.mark.django_db
def test_draft_files_stay_private_until_published(users, client):
    surat = assigned_to_writer(
        users,
        jenis_publikasi="beritapage",
        perihal="Rapat pleno terbuka",
        berkas_baru=[pdf_upload("Rilis.pdf"), jpeg_upload("pleno.jpg")],
    )
    client_for(users["penulis"]).post(url("buat_konsep", surat))
    page = BeritaPage.objects.get()
    # Nothing attached by itself: the copies wait in the restricted collection as references.
    assert page.gambar_utama is None and page.attachments == []
    document, image = Dokumen.objects.get(title="Rilis"), Gambar.objects.get(title="pleno")
    assert document.collection.name == image.collection.name == "Bahan surat masuk (belum terbit)"
    assert client.get(document.url).status_code == 404  # not even a login page that confirms it

    # The writer attaches the press release (not the photo) and submits.
    data = page_form_data(
        "beritapage", page.title, page.slug, documents=[document], **{"action-submit": "action-submit"}
    )
    response = client_for(users["penulis"]).post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)
    assert response.status_code == 302
    act(users["webadmin"], page, "approve", {"catatan_dokumentasi": "Diunggah ke laman Berita."})
    document.refresh_from_db()
    image.refresh_from_db()
    assert document.collection == Collection.get_first_root_node()
    assert client.get(document.url).status_code == 200
    assert image.collection.name == "Bahan surat masuk (belum terbit)"  # not chosen: stays internal
    assert status(surat) == StatusSurat.TERBIT


# --- The whole life, steps 1 to 7, its status and its control sheet ------------------------


def at(hour, minute=0, day=24):
    return time_machine.travel(datetime.datetime(2026, 11, day, hour, minute, tzinfo=WIB), tick=False)


@pytest.fixture
def published_entry(users):
    """An entry that went through every step, at known times, with one return to the writer."""
    with at(8, 10):
        surat = register(
            users["kabag"],
            kasubag=users["kasubag"].pk,
            instruksi="Segera proses.",
            perihal="Pengumuman Daftar Calon Tetap",
        )
    with at(8, 20):
        dispose(users["kasubag"], surat, 2, users["penulis"], "Susun pengumumannya.")
    with at(9, 0):
        client_for(users["penulis"]).post(url("buat_konsep", surat))
    page = SuratMasuk.objects.get(pk=surat.pk).page.specific
    with at(13, 0):
        submit(users["penulis"], page)
    assert status(surat) == StatusSurat.DITINJAU
    with at(13, 30):
        act(users["kasubag"], page, "reject", {"comment": "Tambahkan dasar hukum."})
    assert status(surat) == StatusSurat.DIKEMBALIKAN
    with at(14, 0):
        submit(users["penulis"], page)
    with at(14, 20):
        act(users["kasubag"], page, "approve", KASUBAG_CHECKS)
    with at(15, 50):
        act(users["kabag"], page, "approve")
    with at(16, 0):
        act(users["webadmin"], page, "approve", {"catatan_dokumentasi": "Dibagikan ke media sosial."})
    assert status(surat) == StatusSurat.TERBIT
    return SuratMasuk.objects.get(pk=surat.pk)


@pytest.mark.django_db
def test_inspect_view_shows_every_step_with_times_and_standards(users, published_entry):
    with at(16, 30):
        html = client_for(users["kabag"]).get(url(INSPECT, published_entry)).content.decode()
    assert "Terbit" in html
    # Step 1: received 08:00, assigned 08:10: 10 minutes against 10 (on time).
    assert "Kabag mendisposisikan surat kepada Kasubag" in html
    assert "10 menit (tepat waktu)" in html
    # Step 2: 08:10 -> 08:20 against 5 minutes: late.
    assert "Kasubag menugaskan penulis" in html
    assert "10 menit <strong>(melebihi waktu baku)</strong>" in html
    # Step 3: 08:20 -> 13:00 against 5 hours.
    assert "4 jam 40 menit (tepat waktu)" in html
    assert "Penulis memperbaiki konsep dan mengajukannya lagi" in html
    for name in (TASK_KASUBAG, TASK_KABAG, TASK_WEB_ADMIN):
        assert name in html
    assert "Dikembalikan ke penulis" in html and "Tambahkan dasar hukum." in html
    # Step 5: 14:20 -> 15:50 against 1 hour.
    assert "1 jam 30 menit <strong>(melebihi waktu baku)</strong>" in html
    assert "Dokumentasi: Dibagikan ke media sosial." in html
    record = PublicationRecord.objects.get()
    assert record.surat_masuk == published_entry
    assert reverse("catatan_penerbitan:inspect", args=(record.pk,)) in html


@pytest.mark.django_db
def test_control_sheet_prints_on_a4_and_downloads_as_pdf(users, published_entry):
    from pypdf import PdfReader

    sheet = client_for(users["webadmin"]).get(url("lembar_kendali", published_entry))
    assert sheet.status_code == 200
    html = sheet.content.decode()
    assert "Lembar Kendali Penerbitan Informasi" in html and "0001/2026" in html
    assert "lembar_kendali" in html and ".css" in html
    for signer in ("Kabag Hukum, Teknis dan Hupmas", "Kasubag Teknis dan Hupmas", "Web Admin"):
        assert signer in html

    response = client_for(users["webadmin"]).get(url("lembar_kendali_pdf", published_entry))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="lembar-kendali-2026-0001.pdf"' in response["Content-Disposition"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "LEMBAR KENDALI PENERBITAN INFORMASI" in text
    assert "0001/2026" in text
    for step in (
        "Kabag mendisposisikan surat kepada Kasubag",
        "Kasubag menugaskan penulis",
        "Penulis menyusun konsep",
        "Penulis memperbaiki konsep",
        "Pemeriksaan Kasubag (langkah 4)",
        "Persetujuan Kabag (langkah 5)",
        "Penerbitan Web Admin (langkah 6-7)",
    ):
        assert step in text, step
    assert "Pengumuman Daftar Calon Tetap" in text
    assert "Kabag Hukum, Teknis dan Hupmas" in text and "Web Admin" in text
    assert "Webadmin" in text  # the Web Admin who published signs the third box
    assert PublicationRecord.objects.get().sha256 in text


@pytest.mark.django_db
def test_cancelled_entry(users):
    surat = register(users["kabag"], kasubag=users["kasubag"].pk, instruksi="Proses.")
    response = client_for(users["kasubag"]).post(url("batal", surat), {"alasan": "Surat ditarik pengirim."})
    assert response.status_code == 403
    response = client_for(users["kabag"]).post(url("batal", surat), {"alasan": "pendek"})
    assert "sedikitnya 10 karakter" in response.content.decode()
    response = client_for(users["kabag"]).post(
        url("batal", surat), {"alasan": "Surat ditarik oleh pengirimnya."}
    )
    assert response.status_code == 302
    assert status(surat) == StatusSurat.DIBATALKAN
    assert dispose(users["kasubag"], surat, 2, users["penulis"]).status_code == 403
    assert client_for(users["kabag"]).get(url(EDIT, surat)).status_code == 403
    assert (
        "Surat ditarik oleh pengirimnya."
        in client_for(users["kabag"]).get(url(INSPECT, surat)).content.decode()
    )


# --- The listing: filters, search, exports --------------------------------------------------


@pytest.mark.django_db
def test_listing_filters_and_search(users):
    register(
        users["kabag"],
        perihal="Jadwal kampanye",
        jenis_surat="disposisi",
        jenis_publikasi="beritapage",
        kasubag=users["kasubag"].pk,
        instruksi="Proses.",
    )
    register(users["kabag"], perihal="Laporan realisasi anggaran", jenis_publikasi="laporankeuanganpage")
    register(
        users["kabag"], perihal="Surat lama", diterima_pada="2025-03-01 10:00", tanggal_surat="2025-02-28"
    )
    client = client_for(users["kabag"])

    def titles(**params):
        response = client.get(url(INDEX), params)
        assert response.status_code == 200
        html = response.content.decode()
        return {t for t in ("Jadwal kampanye", "Laporan realisasi anggaran", "Surat lama") if t in html}

    assert titles() == {"Jadwal kampanye", "Laporan realisasi anggaran", "Surat lama"}
    assert titles(tahun__exact=2025) == {"Surat lama"}
    assert titles(jenis_surat__exact="disposisi") == {"Jadwal kampanye"}
    assert titles(jenis_publikasi__exact="laporankeuanganpage") == {"Laporan realisasi anggaran"}
    assert titles(status="disposisi_kasubag") == {"Jadwal kampanye"}
    assert titles(status="diterima") == {"Laporan realisasi anggaran", "Surat lama"}
    assert titles(penerima=users["kasubag"].pk) == {"Jadwal kampanye"}
    assert titles(q="realisasi") == {"Laporan realisasi anggaran"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["status=entah", "tahun__exact=abc", "penerima=x", "dicatat_oleh__password__startswith=a", "p=zz&foo=1"],
)
def test_malformed_listing_queries_get_a_message_not_an_error(users, query):
    register(users["kabag"])
    response = client_for(users["kabag"]).get(f"{url(INDEX)}?{query}", follow=True)
    assert response.status_code == 200
    assert "Menampilkan seluruh agenda tanpa filter" in response.content.decode()


INJECTIONS = {
    "perihal": '=HYPERLINK("http://evil.example","klik")',
    "pengirim": "+6281234567890",
    "nomor_surat": "-1+1",
    "catatan": "@SUM(A1:A2)",
}


@pytest.mark.django_db
def test_csv_export_is_safe_for_excel(users):
    import csv

    register(users["kabag"], **INJECTIONS)
    response = client_for(users["kabag"]).get(url(INDEX), {"export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(content.lstrip("\ufeff"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["Nomor agenda"] == "0001/2026"
    assert row["Perihal"] == "'" + INJECTIONS["perihal"]
    assert row["Pengirim"] == "'" + INJECTIONS["pengirim"]
    assert row["Nomor surat"] == "'" + INJECTIONS["nomor_surat"]
    assert row["Catatan"] == "'" + INJECTIONS["catatan"]
    assert row["Status"] == "Diterima, menunggu disposisi Kabag"


@pytest.mark.django_db
def test_xlsx_export_writes_formulas_as_text(users):
    from openpyxl import load_workbook

    register(users["kabag"], **INJECTIONS)
    register(users["kabag"], perihal="Surat biasa")
    response = client_for(users["kabag"]).get(url(INDEX), {"export": "xlsx"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    assert header[:6] == [
        "Nomor agenda",
        "Jenis surat",
        "Nomor surat",
        "Tanggal surat",
        "Pengirim",
        "Perihal",
    ]
    cells = {cell.value: cell for row in sheet.iter_rows(min_row=2) for cell in row}
    for value in INJECTIONS.values():
        assert cells[value].data_type == "s", value
    assert {sheet.cell(row=r, column=1).value for r in (2, 3)} == {"0001/2026", "0002/2026"}


@pytest.mark.django_db
def test_writer_export_holds_only_their_entries(users):
    assigned_to_writer(users, perihal="Milik penulis")
    register(users["kabag"], perihal="Bukan milik penulis")
    response = client_for(users["penulis"]).get(url(INDEX), {"export": "csv"})
    content = b"".join(response.streaming_content).decode("utf-8")
    assert "Milik penulis" in content and "Bukan milik penulis" not in content


@pytest.mark.django_db
def test_listing_query_count_does_not_grow_with_entries(users, django_assert_max_num_queries):
    for n in range(3):
        assigned_to_writer(users, perihal=f"Surat {n}")
    client = client_for(users["kabag"])
    with CaptureQueriesContext(connection) as small:
        client.get(url(INDEX))
    count = len(small.captured_queries)
    assert count <= 30
    for n in range(20):
        assigned_to_writer(users, perihal=f"Surat tambahan {n}")
    with django_assert_max_num_queries(count):
        response = client.get(url(INDEX))
    assert "Surat tambahan 19" in response.content.decode()


# --- Dashboard ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_dashboard_panel_disposisi_untuk_anda(users):
    surat = register(
        users["kabag"], kasubag=users["kasubag"].pk, instruksi="Proses segera.", perihal="Rilis pleno"
    )
    dashboard = client_for(users["kasubag"]).get(reverse("wagtailadmin_home")).content.decode()
    assert (
        "Disposisi untuk Anda" in dashboard and "Rilis pleno" in dashboard and "Tugaskan penulis" in dashboard
    )
    assert (
        "Disposisi untuk Anda"
        not in client_for(users["kasubag2"]).get(reverse("wagtailadmin_home")).content.decode()
    )

    dispose(users["kasubag"], surat, 2, users["penulis"])
    assert (
        "Rilis pleno" not in client_for(users["kasubag"]).get(reverse("wagtailadmin_home")).content.decode()
    )
    writer = client_for(users["penulis"]).get(reverse("wagtailadmin_home")).content.decode()
    assert "Disposisi untuk Anda" in writer and "Susun konsep (langkah 3)" in writer


@pytest.mark.django_db
def test_kabag_corrects_an_entry_and_adds_files(users):
    surat = register(users["kabag"])
    data = entry_data(perihal="Perihal yang dibetulkan", berkas_baru=[pdf_upload("Tambahan.pdf")])
    response = client_for(users["kabag"]).post(url(EDIT, surat), data)
    assert response.status_code == 302
    surat = SuratMasuk.objects.get(pk=surat.pk)
    assert surat.perihal == "Perihal yang dibetulkan"
    assert surat.nomor_agenda == "0001/2026"  # the agenda number never changes
    assert [b.nama_asli for b in surat.berkas.all()] == ["surat.pdf", "Tambahan.pdf"]
    # Editing without a new file keeps the files; Kasubag may not edit.
    response = client_for(users["kabag"]).post(url(EDIT, surat), entry_data(berkas_baru=[]))
    assert response.status_code == 302 and surat.berkas.count() == 2
    assert client_for(users["kasubag"]).post(url(EDIT, surat), entry_data(perihal="X")).status_code == 403
    assert SuratMasuk.objects.get(pk=surat.pk).perihal == "Penetapan Daftar Calon Tetap Anggota DPRD"


# --- Hardening (review findings) ------------------------------------------------------------


@pytest.mark.django_db
def test_history_and_delete_views_follow_the_rules(users):
    mine = assigned_to_writer(users)
    history = f"/admin/sop_workflow/suratmasuk/history/{mine.pk}/"
    assert client_for(users["kabag"]).get(history).status_code == 200
    assert client_for(users["penulis"]).get(history).status_code == 200
    assert client_for(users["penulis2"]).get(history).status_code == 403
    response = client_for(users["kabag"]).post(f"/admin/sop_workflow/suratmasuk/delete/{mine.pk}/")
    assert response.status_code == 403
    assert "tidak dihapus" in response.content.decode()
    assert SuratMasuk.objects.filter(pk=mine.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["inspect", "edit", "delete", "history"])
@pytest.mark.parametrize("bad_id", ["abc", "1_2", "99999999999999999999999"])
def test_malformed_ids_are_not_found(users, action, bad_id):
    response = client_for(users["kabag"]).get(f"/admin/sop_workflow/suratmasuk/{action}/{bad_id}/")
    assert response.status_code == 404


@pytest.mark.django_db
def test_huge_recipient_filter_gets_a_message(users):
    register(users["kabag"])
    response = client_for(users["kabag"]).get(url(INDEX), {"penerima": "9" * 25}, follow=True)
    assert "Menampilkan seluruh agenda tanpa filter" in response.content.decode()


@pytest.mark.django_db
def test_a_damaged_image_is_refused(users):
    fake = SimpleUploadedFile("foto.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 200)
    response = client_for(users["kabag"]).post(url(CREATE), entry_data(berkas_baru=[fake]))
    assert "tidak dapat dibaca" in response.content.decode()
    assert not SuratMasuk.objects.exists()


@pytest.mark.django_db
def test_long_texts_are_bounded_and_the_pdf_still_renders(users):
    response = client_for(users["kabag"]).post(url(CREATE), entry_data(catatan="x" * 2001))
    assert "paling banyak 2.000 karakter" in response.content.decode()
    surat = register(
        users["kabag"],
        catatan="Catatan panjang. " * 117,
        kasubag=users["kasubag"].pk,
        instruksi="Instruksi panjang. " * 52,
    )
    response = client_for(users["kabag"]).get(url("lembar_kendali_pdf", surat))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_a_replaced_writer_loses_access(users):
    surat = assigned_to_writer(users, perihal="Surat yang dialihkan")
    assert client_for(users["penulis"]).get(url(INSPECT, surat)).status_code == 200
    dispose(users["kasubag"], surat, 2, users["penulis2"], "Dialihkan ke penulis lain.")
    assert client_for(users["penulis"]).get(url(INSPECT, surat)).status_code == 403
    assert "Surat yang dialihkan" not in client_for(users["penulis"]).get(url(INDEX)).content.decode()
    assert client_for(users["penulis2"]).get(url(INSPECT, surat)).status_code == 200


@pytest.mark.django_db
def test_editor_panel_and_draft_files_are_not_shown_to_others(users, client):
    from django.contrib.auth.models import Group

    from tests.sop_workflow.conftest import make_user

    surat = assigned_to_writer(users, perihal="Bahan rahasia sebelum terbit")
    client_for(users["penulis"]).post(url("buat_konsep", surat))
    page = SuratMasuk.objects.get(pk=surat.pk).page.specific
    document = Dokumen.objects.get(collection__name="Bahan surat masuk (belum terbit)")
    assert "/konsep-" in document.file.name  # an unguessable folder in the media storage
    assert client_for(users["penulis2"]).get(document.url).status_code != 200
    assert client_for(users["kasubag"]).get(document.url).status_code == 200

    editor = make_user("editor", None)
    editor.groups.add(Group.objects.get(name="Editors"))
    html = client_for(editor).get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    assert "Dibuat dari surat masuk" not in html


@pytest.mark.django_db
def test_a_cancelled_entry_stops_its_draft_and_its_clock(users):
    surat = assigned_to_writer(users)
    client_for(users["penulis"]).post(url("buat_konsep", surat))
    page = SuratMasuk.objects.get(pk=surat.pk).page.specific
    client_for(users["kabag"]).post(url("batal", surat), {"alasan": "Pengirim menarik permohonannya."})
    from tests.news.admin_forms import page_form_data

    data = page_form_data("pengumumanpage", page.title, page.slug, **{"action-submit": "action-submit"})
    response = client_for(users["penulis"]).post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)
    assert response.status_code == 403
    assert "telah dibatalkan" in response.content.decode()
    html = client_for(users["kabag"]).get(url(INSPECT, surat)).content.decode()
    assert "Dihentikan: surat dibatalkan" in html


@pytest.mark.django_db
def test_approved_but_scheduled_is_its_own_status(users):
    from tests.news.admin_forms import page_form_data

    surat = assigned_to_writer(users, jenis_publikasi="beritapage")
    client_for(users["penulis"]).post(url("buat_konsep", surat))
    page = SuratMasuk.objects.get(pk=surat.pk).page.specific
    data = page_form_data(
        "beritapage",
        page.title,
        page.slug,
        go_live_at="2030-01-02 09:00",
        **{"action-submit": "action-submit"},
    )
    assert (
        client_for(users["penulis"])
        .post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)
        .status_code
        == 302
    )
    act(users["webadmin"], page, "approve", {"catatan_dokumentasi": "Dijadwalkan."})
    assert status(surat) == StatusSurat.DIJADWALKAN
    response = client_for(users["kabag"]).post(url("batal", surat), {"alasan": "Terlambat dibatalkan."})
    assert response.status_code == 403


@pytest.mark.django_db
def test_registration_facts_that_cannot_change(users):
    surat = assigned_to_writer(users)
    response = client_for(users["kabag"]).post(url(EDIT, surat), entry_data(diterima_pada="2027-01-02 08:00"))
    assert "harus tetap pada tahun itu" in response.content.decode()
    client_for(users["penulis"]).post(url("buat_konsep", surat))
    client_for(users["kabag"]).post(
        url(EDIT, surat), entry_data(jenis_publikasi="beritapage", berkas_baru=[])
    )
    assert SuratMasuk.objects.get(pk=surat.pk).jenis_publikasi == "pengumumanpage"
