"""Test harness: the SOP's steps as its people take them in the admin (Django's test client,
real views). Every test that drives the SOP takes its helpers from here, never from another
test_*.py module (tests/test_architecture.py checks it).

Steps 1-3 through the register's views; steps 4-7 through the page editor and Wagtail's workflow
action view; withdrawal through the unpublish view. The editor's form is posted as the browser
sends it: with the revision the editor loaded and the step it shows (``sop_task_state``,
``sop_seen_revision``: sop_workflow/editor.py).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import nested_form_data

from home.demo_files import image_bytes, pdf_bytes
from sop_workflow.models import SuratMasuk
from tests.news.admin_forms import page_form_data

ROOT = Path(__file__).resolve().parent.parent

# Kasubag's three checks of step 4, as the browser posts the checkboxes (also inside the editor's
# JSON answers: the form reads "on" as checked).
KASUBAG_CHECKS = {
    "cek_kebenaran": "on",
    "cek_narasumber": "on",
    "narasumber": "Ketua Divisi Teknis KPU Provinsi Banten",
    "cek_bahasa": "on",
    "comment": "Sudah diperiksa.",
}
WEB_ADMIN_NOTE = {"catatan_dokumentasi": "Diunggah dan didokumentasikan di arsip web."}


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def fresh(page):
    return Page.objects.get(pk=page.pk).specific


def editor_form(page, **extra):
    """The edit form as the editor shows it now: its fields, loaded revision and current step."""
    page = fresh(page).get_latest_revision_as_object()
    task_state = page.current_workflow_task_state
    data = page_form_data(
        page._meta.model_name,
        page.title,
        page.slug,
        documents=[value["dokumen"] for value in page.attachments],
        jenis_peraturan=getattr(page, "jenis", None),
    )
    data.update(
        loaded_revision_id=page.latest_revision_id,
        loaded_revision_created_at=page.latest_revision.created_at.isoformat(),
        sop_seen_revision=page.latest_revision_id,
        sop_task_state=task_state.pk if task_state else "",
    )
    data.update(nested_form_data(extra))  # an inline formset or a stream as the browser posts it
    return data


def with_action(data, action, extra=None):
    """The form after the reviewer chose a workflow action (and answered its dialog)."""
    return {
        **data,
        "action-workflow-action": "true",
        "workflow-action-name": action,
        "workflow-action-extra-data": json.dumps(extra or {}),
    }


def post_editor(client, page, data, autosave=False):
    """Post the edit form: as the submit button does, or as autosave does (asking for JSON)."""
    headers = {"HTTP_ACCEPT": "application/json"} if autosave else {}
    return client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data, **headers)


def submit(user, page, **extra):
    """The writer presses "Ajukan" in the editor (``extra``: more editor fields)."""
    form = editor_form(page, **{"action-submit": "action-submit"}, **extra)
    response = post_editor(client_for(user), page, form)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return WorkflowState.objects.for_instance(page).get(status="in_progress")


def current_task_name(page):
    state = WorkflowState.objects.for_instance(page).filter(status="in_progress").first()
    return state.current_task_state.task.name if state else None


def act(user, page, action, data=None, follow=False):
    """The reviewer acts from the moderation queue (the dashboard's action button)."""
    task_state = fresh(page).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
    return client_for(user).post(url, data or {}, follow=follow)


def full_path(users, page, kabag_returns=False, **submit_extra):
    """Steps 4-7 of the full path (Kasubag, Kabag, Web Admin), optionally with a Kabag return."""
    submit(users["penulis"], page, **submit_extra)
    steps = [("kasubag", "approve", KASUBAG_CHECKS)]
    if kabag_returns:
        steps += [
            ("kabag", "kembalikan", {"comment": "Perbaiki judulnya."}),
            ("kasubag", "approve", KASUBAG_CHECKS),
        ]
    steps += [("kabag", "approve", None), ("webadmin", "approve", WEB_ADMIN_NOTE)]
    for who, action, data in steps:
        response = act(users[who], page, action, data)
        assert response.status_code == 302, response
    return fresh(page)


def short_path(users, page):
    """Berita's short path: the writer submits, Web Admin publishes."""
    submit(users["penulis"], page)
    response = act(users["webadmin"], page, "approve", WEB_ADMIN_NOTE)
    assert response.status_code == 302, response
    return fresh(page)


def withdraw(user, page, alasan="Informasi diperbarui oleh keputusan baru."):
    response = client_for(user).post(
        reverse("wagtailadmin_pages:unpublish", args=(page.pk,)), {"alasan": alasan}
    )
    assert response.status_code == 302, response
    return fresh(page)


ROLE_OF = {
    "penulis": "Penulis",
    "penulis2": "Penulis",
    "kasubag": "Kasubag",
    "kasubag2": "Kasubag",
    "kabag": "Kabag",
    "webadmin": "Web Admin",
    "webadmin2": "Web Admin",
}


def sop_people():
    """One login per SOP role, two for the roles a colleague can race: username -> user.

    Works in transactional tests too (ensure_site rebuilds what a flush removed)."""
    from tests.live import ensure_site
    from tests.sop_workflow.conftest import make_user

    ensure_site()
    return {name: make_user(name, group) for name, group in ROLE_OF.items()}


def draft_of(kind, owner, **fields):
    """A draft Peraturan ("peraturan") or Berita ("berita") in its listing, owned by the writer."""
    from news.models import BeritaIndexPage, PeraturanIndexPage
    from news.structure import ensure_listings
    from tests.factories import BeritaFactory, PeraturanFactory
    from tests.live import ensure_site

    listings = ensure_listings(ensure_site())
    if kind == "berita":
        return BeritaFactory(parent=listings[BeritaIndexPage], owner=owner, publish=False, **fields)
    return PeraturanFactory(parent=listings[PeraturanIndexPage], owner=owner, publish=False, **fields)


# --- Steps 1-3: the register (Agenda surat masuk) --------------------------------------------

INDEX = "sop_workflow_suratmasuk_modeladmin_index"
CREATE = "sop_workflow_suratmasuk_modeladmin_create"
INSPECT = "sop_workflow_suratmasuk_modeladmin_inspect"
EDIT = "sop_workflow_suratmasuk_modeladmin_edit"


def url(name, surat=None):
    """The register's URLs: modeladmin's by their full name, the action views by their short one."""
    if surat is None:
        return reverse(name)
    if name in (INSPECT, EDIT):
        return reverse(name, args=(surat.pk,))
    return reverse(f"sop_workflow_suratmasuk_{name}", args=(surat.pk,))


def pdf_upload(name="surat.pdf", title="Nota Dinas"):
    return SimpleUploadedFile(name, pdf_bytes(title, ["Bahan informasi."]), content_type="application/pdf")


def jpeg_upload(name="foto.jpg"):
    return SimpleUploadedFile(name, image_bytes("Foto kegiatan", size=(320, 200)), content_type="image/jpeg")


def entry_data(**overrides):
    """The register's "Tambah" form, filled in as Kabag does (step 1)."""
    data = {
        "jenis_surat": "nota_dinas",
        "sifat": "biasa",
        "nomor_surat": "123/HK.03/ND/2026",
        "tanggal_surat": "2026-11-23",
        "pengirim": "Divisi Hukum KPU Provinsi Banten",
        "perihal": "Penetapan Daftar Calon Tetap Anggota DPRD",
        "diterima_pada": "2026-11-24 08:00",
        "jenis_publikasi": "pengumumanpage",
        "catatan": "",
        "kasubag": "",
        "instruksi": "",
    }
    data.update(overrides)
    if "berkas_baru" not in data:
        data["berkas_baru"] = [pdf_upload()]
    return data


def register(kabag, **overrides):
    """Kabag registers an incoming letter (step 1; with ``kasubag=<pk>`` also its disposition)."""
    before = set(SuratMasuk.objects.values_list("pk", flat=True))
    response = client_for(kabag).post(url(CREATE), entry_data(**overrides))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    (pk,) = set(SuratMasuk.objects.values_list("pk", flat=True)) - before
    return SuratMasuk.objects.get(pk=pk)


def dispose(user, surat, step, to, instruksi="Mohon ditindaklanjuti."):
    """A disposition: step 1 (Kabag to a Kasubag) or step 2 (Kasubag to a writer)."""
    name = "disposisi_kasubag" if step == 1 else "disposisi_penulis"
    return client_for(user).post(url(name, surat), {"kepada": to.pk, "instruksi": instruksi})


def status(surat):
    return SuratMasuk.objects.get(pk=surat.pk).status


def assigned_to_writer(users, **overrides):
    """Steps 1-2: registered, disposed to Kasubag and by him to the writer."""
    surat = register(users["kabag"], kasubag=users["kasubag"].pk, instruksi="Proses.", **overrides)
    assert dispose(users["kasubag"], surat, 2, users["penulis"]).status_code == 302
    return surat


def draft_from_register(users, perihal, jenis_publikasi="pengumumanpage"):
    """Steps 1-3: registered, assigned to the writer, drafted with "Buat konsep"."""
    surat = register(
        users["kabag"],
        kasubag=users["kasubag"].pk,
        instruksi="Mohon diproses.",
        perihal=perihal,
        jenis_publikasi=jenis_publikasi,
    )
    response = dispose(users["kasubag"], surat, 2, users["penulis"], instruksi="Susun konsepnya.")
    assert response.status_code == 302, response
    response = client_for(users["penulis"]).post(url("buat_konsep", surat))
    assert response.status_code == 302, response
    surat = SuratMasuk.objects.get(pk=surat.pk)
    return surat, surat.page.specific


# --- Other processes ------------------------------------------------------------------------


def manage(*args, **env):
    """``manage.py`` in its own process with the production settings (and ``env``)."""
    environment = {
        key: value
        for key, value in os.environ.items()
        # (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE, which a deployment must not have)
        if key
        not in {"DJANGO_SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="cms.settings.production")
    return subprocess.run(  # noqa: S603 - fixed command line
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def race_inside_transaction(signal, sender, winner, loser, wait=1.5):
    """Two requests at the same moment, the second arriving while the first is inside its
    transaction: ``winner()`` runs in a thread that holds still on ``signal`` (sent for
    ``sender`` inside the action's transaction: a real extension point) until ``loser()``, in
    another thread, has been given ``wait`` seconds. Returns (winner's result, loser's result,
    whether the loser was still waiting when the winner was let go)."""
    import threading

    from django.db import connection

    inside, release = threading.Event(), threading.Event()
    threads, results = {}, {}

    def pause(sender, instance, **kwargs):
        if threading.current_thread() is threads.get("winner"):
            inside.set()
            release.wait(timeout=30)

    def run(name, call):
        try:
            results[name] = call()
        finally:
            connection.close()

    uid = f"race_inside_transaction_{id(pause)}"
    signal.connect(pause, sender=sender, dispatch_uid=uid)
    try:
        threads["winner"] = threading.Thread(target=run, args=("winner", winner))
        threads["winner"].start()
        assert inside.wait(timeout=60), "the first request never reached its transaction"
        threads["loser"] = threading.Thread(target=run, args=("loser", loser))
        threads["loser"].start()
        threads["loser"].join(timeout=wait)
        loser_waited = threads["loser"].is_alive()
        release.set()
        threads["winner"].join(timeout=60)
        threads["loser"].join(timeout=60)
    finally:
        release.set()
        signal.disconnect(sender=sender, dispatch_uid=uid)
    return results.get("winner"), results.get("loser"), loser_waited
