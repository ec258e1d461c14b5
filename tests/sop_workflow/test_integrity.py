"""``manage.py check_sop_records``: the record never lies (issue 17, item 2).

A history made through the admin, as people make it, passes; each false state that the editor's
racing request left behind (a record of a page reverted to draft, a "Terbit" entry whose page is
a draft) and each other broken invariant is named, page id and title, and fails the command.
"""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, TaskState, WorkflowState

from news.models import BeritaPage, PengumumanPage
from sop_workflow.models import PublicationRecord, StatusSurat, SuratMasuk
from tests.factories import BeritaFactory, DokumenFactory, PeraturanFactory, attachments
from tests.sop_harness import (
    KASUBAG_CHECKS,
    act,
    client_for,
    draft_from_register,
    full_path,
    short_path,
    submit,
    withdraw,
)


def check():
    """Run the command; returns (stdout, None) when it passes, (stdout, error) when it fails."""
    out = io.StringIO()
    try:
        call_command("check_sop_records", stdout=out)
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


def problems_json():
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("check_sop_records", "--json", stdout=out)
    return json.loads(out.getvalue())["problems"]


def draft(factory, listing, users, title):
    return factory(
        parent=listing,
        title=title,
        owner=users["penulis"],
        publish=False,
        lampiran=attachments(DokumenFactory(title=f"Lampiran {title}")),
    )


@pytest.fixture
def history(users, sop, superuser):
    """A real history of every kind, made through the admin."""
    pages = {}
    # Full path with a Kabag return; then changed and published again by a second workflow.
    peraturan = draft(PeraturanFactory, sop["peraturan"], users, "Keputusan Jadwal Kampanye")
    pages["peraturan"] = full_path(users, peraturan, kabag_returns=True)
    pages["peraturan"] = full_path(users, pages["peraturan"])
    # Berita's short path, then withdrawn with a reason.
    berita = draft(BeritaFactory, sop["berita"], users, "Rapat Pleno Terbuka")
    pages["ditarik"] = withdraw(superuser, short_path(users, berita))
    # From the register: steps 1-7 (published), and one under review, one returned to the writer.
    pages["surat_terbit"], pages["pengumuman"] = draft_from_register(users, "Pengumuman Daftar Calon Tetap")
    pages["pengumuman"] = full_path(users, pages["pengumuman"])
    pages["surat_ditinjau"], pages["ditinjau"] = draft_from_register(users, "Pengumuman Rekrutmen PPS")
    submit(users["penulis"], pages["ditinjau"])
    assert act(users["kasubag"], pages["ditinjau"], "approve", KASUBAG_CHECKS).status_code == 302
    surat, dikembalikan = draft_from_register(users, "Pengumuman Jadwal Uji Publik")
    submit(users["penulis"], dikembalikan)
    assert (
        act(users["kasubag"], dikembalikan, "reject", {"comment": "Lengkapi dasar hukumnya."}).status_code
        == 302
    )
    # Approved with a go-live date ahead: scheduled, no record yet.
    later = timezone.localtime() + datetime.timedelta(days=3)
    pages["surat_terjadwal"], pages["terjadwal"] = draft_from_register(
        users, "Pengumuman Hasil Seleksi", "pengumumanpage"
    )
    full_path(users, pages["terjadwal"], go_live_at=f"{later:%Y-%m-%d %H:%M}")
    # A cancelled workflow (the writer withdrew the submission).
    batal = draft(BeritaFactory, sop["berita"], users, "Sosialisasi Pemilih Pemula")
    workflow_state = submit(users["penulis"], batal)
    workflow_state.cancel(user=users["penulis"])
    # Published outside the workflow (as demo content and imports do): it has its record too.
    pages["langsung"] = PeraturanFactory(parent=sop["peraturan"], title="Peraturan lama")
    return pages


@pytest.fixture
def terbit(users, sop):
    """A register entry taken through steps 1-7: its Pengumuman is live."""
    surat, page = draft_from_register(users, "Pengumuman Daftar Calon Tetap")
    return SuratMasuk.objects.get(pk=surat.pk), full_path(users, page)


@pytest.fixture
def ditinjau(users, sop):
    """A register entry whose Pengumuman waits for Kabag (step 5)."""
    surat, page = draft_from_register(users, "Pengumuman Rekrutmen PPS")
    submit(users["penulis"], page)
    assert act(users["kasubag"], page, "approve", KASUBAG_CHECKS).status_code == 302
    return surat, page


@pytest.mark.django_db
def test_a_real_history_passes(history):
    assert history["peraturan"].live and history["pengumuman"].live
    assert not history["ditarik"].live
    terjadwal = PengumumanPage.objects.get(pk=history["terjadwal"].pk)
    assert not terjadwal.live and terjadwal.revisions.filter(approved_go_live_at__isnull=False).exists()
    assert SuratMasuk.objects.get(pk=history["surat_terjadwal"].pk).status == StatusSurat.DIJADWALKAN
    assert SuratMasuk.objects.get(pk=history["surat_terbit"].pk).status == StatusSurat.TERBIT
    assert PublicationRecord.objects.filter(page=history["peraturan"]).count() == 2

    out, error = check()
    assert error is None, out
    assert out.startswith("Catatan SOP sesuai dengan yang terjadi")
    assert "3 halaman terbit" in out  # peraturan, pengumuman, langsung
    quiet = io.StringIO()
    call_command("check_sop_records", verbosity=0, stdout=quiet)  # as cron runs it
    assert quiet.getvalue() == ""


@pytest.mark.django_db
def test_demo_content_passes(settings):
    settings.DEBUG = True
    call_command("demo_content", stdout=io.StringIO())
    out, error = check()
    assert error is None, out


# --- What the racing editor request left behind --------------------------------------------


@pytest.mark.django_db
def test_a_record_of_a_page_reverted_to_draft_is_named(terbit):
    surat, page = terbit
    record = PublicationRecord.objects.get(page=page)
    assert check()[1] is None
    # The losing request's stale form.save(): the page as it was loaded, a draft.
    Page.objects.filter(pk=page.pk).update(live=False, live_revision=None, has_unpublished_changes=True)

    out, error = check()
    assert error is not None and error.returncode == 1
    assert "2 ketidaksesuaian ditemukan" in str(error)
    assert out.splitlines() == [
        f"Halaman {page.pk} “{page.title}”: catatan penerbitan {record.pk} menyatakan revisi "
        f"{record.revision_number} terbit pada {timezone.localtime(record.published_at):%d/%m/%Y %H:%M}, "
        "tetapi halaman tidak tayang (konsep) dan tidak pernah ditarik dari publikasi [record_not_live]",
        f"Halaman {page.pk} “{page.title}” (surat masuk {surat.nomor_agenda}): surat berstatus “Terbit”, "
        "tetapi halamannya tidak tayang (konsep) dan tidak pernah ditarik [register_published_not_live]",
    ]


@pytest.mark.django_db
def test_a_live_page_reverted_to_its_previous_revision_is_named(users, sop):
    page = full_path(users, draft(PeraturanFactory, sop["peraturan"], users, "Keputusan Jadwal Kampanye"))
    page = full_path(users, page)  # changed and published again through a second workflow
    first, second = PublicationRecord.objects.filter(page=page).order_by("pk")
    assert page.live_revision_id == second.revision_number
    assert check()[1] is None
    # The stale form carried the page as it was before the second publication.
    Page.objects.filter(pk=page.pk).update(
        live_revision_id=first.revision_number, has_unpublished_changes=True
    )

    out, error = check()
    assert error is not None
    assert (
        f"Halaman {page.pk} “{page.title}”: catatan penerbitan {second.pk} menyatakan revisi "
        f"{second.revision_number} terbit"
    ) in out
    assert f"tetapi yang tayang adalah revisi {first.revision_number}" in out
    assert [p["check"] for p in problems_json()] == ["record_not_live"]


@pytest.mark.django_db
def test_a_withdrawn_page_is_not_a_lie_but_an_unlogged_unpublish_is(users, sop, superuser):
    page = short_path(users, draft(BeritaFactory, sop["berita"], users, "Berita ditarik"))
    withdraw(superuser, page)
    assert check()[1] is None
    # Published again, then "unpublished" without anything in the log.
    page = short_path(users, BeritaPage.objects.get(pk=page.pk))
    assert page.live and check()[1] is None
    Page.objects.filter(pk=page.pk).update(live=False, live_revision=None)
    out, error = check()
    assert error is not None
    assert f"Halaman {page.pk} “Berita ditarik”: catatan penerbitan" in out


@pytest.mark.django_db
def test_a_tampered_snapshot_is_named(terbit):
    surat, page = terbit
    record = PublicationRecord.objects.get(page=page)
    PublicationRecord.objects.filter(pk=record.pk).update(
        html=record.html.replace("</body>", "<p>x</p></body>")
    )
    out, error = check()
    assert error is not None
    assert (
        f"Halaman {page.pk} “{page.title}”: SHA-256 catatan penerbitan {record.pk} tidak cocok "
        "dengan salinan HTML-nya"
    ) in out
    assert [p["check"] for p in problems_json()] == ["record_hash_mismatch"]


@pytest.mark.django_db
def test_a_record_of_a_deleted_page_is_still_checked(users, sop, superuser):
    page = withdraw(
        superuser, short_path(users, draft(BeritaFactory, sop["berita"], users, "Berita dihapus"))
    )
    client_for(superuser).post(reverse("wagtailadmin_pages:delete", args=(page.pk,)))
    record = PublicationRecord.objects.get(page_title="Berita dihapus")
    assert record.page_id is None
    assert check()[1] is None
    PublicationRecord.objects.filter(pk=record.pk).update(sha256="0" * 64)
    out, error = check()
    assert error is not None
    assert f"Catatan penerbitan {record.pk} “Berita dihapus” (halamannya sudah dihapus): SHA-256" in out


@pytest.mark.django_db
def test_a_live_page_without_a_record_is_named(users, sop):
    page = draft(PeraturanFactory, sop["peraturan"], users, "Konsep yang tiba-tiba tayang")
    Page.objects.filter(pk=page.pk).update(live=True)
    out, error = check()
    assert error is not None
    assert (
        f"Halaman {page.pk} “Konsep yang tiba-tiba tayang”: tayang di situs publik tanpa revisi terbit "
        "dan tanpa catatan penerbitan"
    ) in out


# --- Workflow state <=> task states --------------------------------------------------------


@pytest.mark.django_db
def test_a_workflow_approved_with_a_step_still_running_is_named(ditinjau):
    surat, page = ditinjau
    workflow_state = WorkflowState.objects.for_instance(page).get(status="in_progress")
    WorkflowState.objects.filter(pk=workflow_state.pk).update(status=WorkflowState.STATUS_APPROVED)

    out, error = check()
    assert error is not None
    name = f"Halaman {page.pk} “{page.title}”: alur kerja {workflow_state.pk} (disetujui)"
    assert f"{name} masih memiliki 1 langkah berjalan" in out
    assert f"{name}, tetapi langkah terakhirnya berstatus berjalan" in out
    assert f"{name}, tetapi halamannya tidak pernah terbit dari alur itu" in out
    assert {p["check"] for p in problems_json()} == {
        "workflow_running_steps",
        "workflow_last_step",
        "workflow_approved_not_published",
        "register_scheduled_not_scheduled",  # its register entry now says "dijadwalkan"
    }


@pytest.mark.django_db
def test_running_returned_and_cancelled_workflows_keep_their_steps_consistent(ditinjau):
    surat, page = ditinjau
    workflow_state = WorkflowState.objects.for_instance(page).get(status="in_progress")
    current = workflow_state.current_task_state
    assert check()[1] is None
    # Two steps under way at once.
    TaskState.objects.filter(workflow_state=workflow_state, status="approved").update(status="in_progress")
    out, error = check()
    assert error is not None
    assert (
        f"alur kerja {workflow_state.pk} (berjalan) memiliki 2 langkah berjalan, seharusnya tepat satu" in out
    )
    # None under way.
    TaskState.objects.filter(workflow_state=workflow_state).update(status="approved")
    out, error = check()
    assert "memiliki 0 langkah berjalan" in out and "langkah saat ini berstatus disetujui" in out
    # Returned to the writer, or cancelled, while a step still runs.
    TaskState.objects.filter(pk=current.pk).update(status="in_progress")
    for status, label in (("needs_changes", "dikembalikan ke penulis"), ("cancelled", "dibatalkan")):
        WorkflowState.objects.filter(pk=workflow_state.pk).update(status=status)
        out, error = check()
        assert f"alur kerja {workflow_state.pk} ({label}) masih memiliki 1 langkah berjalan" in out


@pytest.mark.django_db
def test_an_approved_publication_step_of_an_unapproved_workflow_is_named(terbit):
    surat, page = terbit
    workflow_state = WorkflowState.objects.for_instance(page).get(status="approved")
    WorkflowState.objects.filter(pk=workflow_state.pk).update(status=WorkflowState.STATUS_CANCELLED)
    out, error = check()
    assert error is not None
    assert f"Halaman {page.pk} “{page.title}”: langkah 6-7" in out
    assert "dihitung selesai di Kinerja SOP" in out
    assert f"alur kerjanya ({workflow_state.pk}) berstatus dibatalkan" in out


@pytest.mark.django_db
def test_an_approved_workflow_whose_page_never_went_live_is_named(users, sop):
    surat, page = draft_from_register(users, "Pengumuman Hasil Seleksi")
    later = timezone.localtime() + datetime.timedelta(days=3)
    page = full_path(users, page, go_live_at=f"{later:%Y-%m-%d %H:%M}")
    assert not page.live and page.revisions.filter(approved_go_live_at__isnull=False).exists()
    assert check()[1] is None
    # The schedule is dropped without a publication: nothing will go live, nothing is recorded.
    page.revisions.update(approved_go_live_at=None)
    out, error = check()
    assert error is not None
    assert f"Halaman {page.pk} “{page.title}”: alur kerja" in out
    assert "tidak pernah terbit dari alur itu" in out and "tidak dijadwalkan terbit" in out
    assert (
        f"(surat masuk {surat.nomor_agenda}): surat berstatus “Disetujui, dijadwalkan terbit”, tetapi tidak "
        "ada revisi yang dijadwalkan terbit"
    ) in out


# --- Register entry <=> page ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_live_page_of_an_entry_that_is_not_terbit_is_named(ditinjau):
    surat, page = ditinjau
    Page.objects.filter(pk=page.pk).update(live=True)
    out, error = check()
    assert error is not None
    assert (
        f"Halaman {page.pk} “{page.title}” (surat masuk {surat.nomor_agenda}): halamannya tayang, tetapi "
        "surat berstatus “Dalam pemeriksaan alur SOP”"
    ) in out


@pytest.mark.django_db
def test_json_report_for_machines(terbit):
    surat, page = terbit
    Page.objects.filter(pk=page.pk).update(live=False, live_revision=None)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("check_sop_records", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["ok"] is False
    assert report["checked"] == {
        "halaman_terbit": 0,
        "catatan_penerbitan": 1,
        "alur_kerja": 1,
        "surat_masuk": 1,
    }
    first = report["problems"][0]
    assert first["page_id"] == page.pk and first["title"] == page.title
    assert first["check"] == "record_not_live" and first["line"].startswith(f"Halaman {page.pk} ")


# --- Cost ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_pages(users, sop, django_assert_max_num_queries):
    def add(count):
        for index in range(count):
            berita = draft(BeritaFactory, sop["berita"], users, f"Berita {index}")
            short_path(users, berita)
            surat, pengumuman = draft_from_register(users, f"Pengumuman {index}")
            submit(users["penulis"], pengumuman)

    add(1)
    with django_assert_max_num_queries(12) as few:
        assert check()[1] is None
    queries = len(few)
    add(9)  # 20 pages: 10 published through the workflow, 10 drafts from the register under review
    assert PublicationRecord.objects.count() == 10 and SuratMasuk.objects.count() == 10
    with django_assert_max_num_queries(queries):
        assert check()[1] is None
