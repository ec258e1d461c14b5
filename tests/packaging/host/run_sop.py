"""Run from the host project's folder with the wheel's interpreter: migrate, set up the SOP, and
take one register entry through steps 1-7 in the admin (test client, the engine's real views).
Prints one JSON object with what a person would check; exits non-zero on any failure."""

import io
import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "host_site.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def post(user, url, data, expect=302):
    response = client_for(user).post(url, data)
    if response.status_code != expect:
        form = response.context.get("form") if response.context else None
        detail = form.errors if form else response.content.decode()[:2000]
        sys.exit(f"POST {url} as {user.username}: {response.status_code} {detail}")
    return response


def main():
    call_command("migrate", verbosity=0)
    setup_output = io.StringIO()
    call_command("setup_sop", stdout=setup_output)
    call_command("setup_sop", stdout=io.StringIO())  # idempotent

    from sop_workflow.models import PublicationRecord, StatusSurat, SuratMasuk
    from sop_workflow.registry import get

    users = {}
    for username, group in (
        ("kabag", "Kabag"),
        ("kasubag", "Kasubag"),
        ("penulis", "Penulis"),
        ("webadmin", "Web Admin"),
    ):
        user = get_user_model().objects.create_user(username, f"{username}@contoh.example", "pw")
        user.groups.add(Group.objects.get(name=group))
        users[username] = user

    # Steps 1-2: Kabag registers the letter and disposes it to Kasubag, who assigns the writer.
    post(
        users["kabag"],
        reverse("sop_workflow_suratmasuk_modeladmin_create"),
        {
            "jenis_surat": "nota_dinas",
            "sifat": "biasa",
            "nomor_surat": "7/ND/2026",
            "tanggal_surat": "2026-11-23",
            "pengirim": "Bidang Umum",
            "perihal": "Kerja bakti kantor",
            "diterima_pada": "2026-11-24 08:00",
            "jenis_publikasi": "kegiatanpage",
            "catatan": "",
            "kasubag": users["kasubag"].pk,
            "instruksi": "Mohon diproses.",
            "berkas_baru": [SimpleUploadedFile("nota.pdf", PDF, content_type="application/pdf")],
        },
    )
    surat = SuratMasuk.objects.get()
    post(
        users["kasubag"],
        reverse("sop_workflow_suratmasuk_disposisi_penulis", args=(surat.pk,)),
        {"kepada": users["penulis"].pk, "instruksi": "Susun konsepnya."},
    )
    # Step 3: the writer makes the draft from the entry and submits it.
    post(users["penulis"], reverse("sop_workflow_suratmasuk_buat_konsep", args=(surat.pk,)), {})
    surat = SuratMasuk.objects.get(pk=surat.pk)
    page = surat.page.specific
    post(
        users["penulis"],
        reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        {"title": page.title, "slug": page.slug, "ringkasan": page.ringkasan, "action-submit": "1"},
    )

    # Steps 4-7: Kasubag checks, Kabag approves, Web Admin documents and publishes.
    def act(user, data):
        fresh = type(page).objects.get(pk=page.pk)
        task_state = fresh.current_workflow_task_state
        url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
        post(user, url, data)
        return task_state.task.name

    steps = [
        act(
            users["kasubag"],
            {
                "cek_kebenaran": "on",
                "cek_narasumber": "on",
                "narasumber": "Kepala Bidang Umum",
                "cek_bahasa": "on",
                "comment": "Sudah diperiksa.",
            },
        ),
        act(users["kabag"], {}),
        act(users["webadmin"], {"catatan_dokumentasi": "Diunggah."}),
    ]
    page = type(page).objects.get(pk=page.pk)
    surat = SuratMasuk.objects.with_status().get(pk=surat.pk)
    record = PublicationRecord.objects.filter(page=page).first()
    inspect = client_for(users["kabag"]).get(
        reverse("sop_workflow_suratmasuk_modeladmin_inspect", args=(surat.pk,))
    )
    public = Client().get(page.url)
    print(
        json.dumps(
            {
                "sop_workflow": __import__("sop_workflow").__file__,
                "setup": setup_output.getvalue().strip(),
                "governed": get(type(page)).label,
                "page_type": type(page).__name__,
                "parent": page.get_parent().specific_class.__name__,
                "ringkasan": page.ringkasan,
                "steps": steps,
                "live": page.live,
                "status": str(surat.status.label),
                "terbit": surat.status == StatusSurat.TERBIT,
                "record": bool(record),
                "record_surat": record.surat_masuk_id == surat.pk if record else None,
                "inspect_status": inspect.status_code,
                "inspect_shows_terbit": "Terbit" in inspect.content.decode(),
                "public_status": public.status_code,
                "public_shows_title": page.title in public.content.decode(),
            }
        )
    )


if __name__ == "__main__":
    main()
