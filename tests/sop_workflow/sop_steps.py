"""Test harness: the SOP's steps as people take them in the admin (test client, real views).

Steps 1-3 through the register's views, steps 4-7 through the page editor and Wagtail's workflow
action view, withdrawal through the unpublish view. Used by tests that need a real history.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.models import WorkflowState

from home.demo_files import pdf_bytes
from sop_workflow.models import SuratMasuk
from tests.news.admin_forms import page_form_data

KASUBAG_CHECKS = {
    "cek_kebenaran": "on",
    "cek_narasumber": "on",
    "narasumber": "Ketua Divisi Teknis KPU Provinsi Banten",
    "cek_bahasa": "on",
    "comment": "Sudah diperiksa.",
}
DOCUMENTATION = {"catatan_dokumentasi": "Diunggah dan dibagikan ke media sosial."}


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def submit(user, page, **extra):
    """The writer presses "Ajukan" in the editor (``extra``: more editor fields)."""
    data = page_form_data(
        page._meta.model_name,
        page.title,
        page.slug,
        documents=[att["dokumen"] for att in page.attachments],
        jenis_peraturan=getattr(page, "jenis", None),
        **{"action-submit": "action-submit"},
        **extra,
    )
    response = client_for(user).post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return WorkflowState.objects.for_instance(page).get(status="in_progress")


def act(user, page, action, data=None):
    """A reviewer takes a workflow action on the page's current step (Wagtail's action view)."""
    page = type(page).objects.get(pk=page.pk)
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
    response = client_for(user).post(url, data or {})
    assert response.status_code == 302, response
    return response


def full_path(users, page, kabag_returns=False, **submit_extra):
    """Steps 4-7 of the full path (Kasubag, Kabag, Web Admin), optionally with a Kabag return."""
    submit(users["penulis"], page, **submit_extra)
    act(users["kasubag"], page, "approve", KASUBAG_CHECKS)
    if kabag_returns:
        act(users["kabag"], page, "kembalikan", {"comment": "Perbaiki judulnya."})
        act(users["kasubag"], page, "approve", KASUBAG_CHECKS)
    act(users["kabag"], page, "approve")
    act(users["webadmin"], page, "approve", DOCUMENTATION)
    return type(page).objects.get(pk=page.pk)


def short_path(users, page):
    """Berita's short path: the writer submits, Web Admin publishes."""
    submit(users["penulis"], page)
    act(users["webadmin"], page, "approve", DOCUMENTATION)
    return type(page).objects.get(pk=page.pk)


def withdraw(user, page, alasan="Informasi diperbarui oleh keputusan baru."):
    response = client_for(user).post(
        reverse("wagtailadmin_pages:unpublish", args=(page.pk,)), {"alasan": alasan}
    )
    assert response.status_code == 302, response
    return type(page).objects.get(pk=page.pk)


# --- Steps 1-3: the register ----------------------------------------------------------------


def register(kabag, kasubag, perihal, jenis_publikasi="pengumumanpage"):
    """Kabag registers an incoming letter and assigns Kasubag (step 1)."""
    before = set(SuratMasuk.objects.values_list("pk", flat=True))
    data = {
        "jenis_surat": "nota_dinas",
        "sifat": "biasa",
        "nomor_surat": "123/HK.03/ND/2026",
        "tanggal_surat": "2026-11-23",
        "pengirim": "Divisi Hukum KPU Provinsi Banten",
        "perihal": perihal,
        "diterima_pada": "2026-11-24 08:00",
        "jenis_publikasi": jenis_publikasi,
        "catatan": "",
        "kasubag": kasubag.pk,
        "instruksi": "Mohon diproses.",
        "berkas_baru": [
            SimpleUploadedFile(
                "surat.pdf", pdf_bytes("Nota Dinas", ["Bahan."]), content_type="application/pdf"
            )
        ],
    }
    response = client_for(kabag).post(reverse("sop_workflow_suratmasuk_modeladmin_create"), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    (pk,) = set(SuratMasuk.objects.values_list("pk", flat=True)) - before
    return SuratMasuk.objects.get(pk=pk)


def draft_from_register(users, perihal, jenis_publikasi="pengumumanpage"):
    """Steps 1-3: registered, assigned to the writer, drafted with "Buat konsep"."""
    surat = register(users["kabag"], users["kasubag"], perihal, jenis_publikasi)
    response = client_for(users["kasubag"]).post(
        reverse("sop_workflow_suratmasuk_disposisi_penulis", args=(surat.pk,)),
        {"kepada": users["penulis"].pk, "instruksi": "Susun konsepnya."},
    )
    assert response.status_code == 302, response
    response = client_for(users["penulis"]).post(
        reverse("sop_workflow_suratmasuk_buat_konsep", args=(surat.pk,))
    )
    assert response.status_code == 302, response
    surat = SuratMasuk.objects.get(pk=surat.pk)
    return surat, surat.page.specific
