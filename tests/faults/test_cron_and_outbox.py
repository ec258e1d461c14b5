"""Cron doubled and the mail server down (issue 18, items 3 and 4), with real processes:

- two ``manage.py publish_scheduled`` processes at once publish a scheduled page once (one
  record, one audit entry, one email per person); a run that finds another holding the lock
  says "sudah berjalan", exits 0 and does nothing;
- with a real SMTP server stopped, a submission, a Kasubag approval and a publication answer as
  usual (not 500), their emails wait in the outbox, visible to the administrator (listing and
  dashboard warning once they keep failing); after the server is started again, two
  ``send_outbox`` processes at once deliver each exactly once;
- a reminder claimed while the mail server is down is delivered once it is back;
- a password reset with the mail server down answers as usual.
"""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision

from home.cron_lock import single_run
from news.models import BeritaPage
from sop_workflow.models import OutgoingMail, PublicationRecord
from tests.faults.harness import SMTPServer, start_manage
from tests.news.admin_forms import page_form_data
from tests.sop_harness import KASUBAG_CHECKS, WEB_ADMIN_NOTE, act, client_for, draft_of, sop_people, submit

MAIL_SETTINGS = "tests.faults.mail_settings"


def subject(message):
    """The subject as written (a long one is folded on the wire)."""
    return " ".join(message["Subject"].split())


def finish(*processes, timeout=120):
    results = []
    for process in processes:
        out, err = process.communicate(timeout=timeout)
        results.append((process.returncode, out, err))
    return results


def scheduled_berita(people):
    """A Berita through its SOP step (Web Admin) with a go-live time, then made due (its time
    has come): Wagtail's schedule is the revision's approved_go_live_at and its go_live_at."""
    page = draft_of("berita", people["penulis"], title="Hasil rekapitulasi terjadwal")
    later = timezone.now() + datetime.timedelta(hours=2)
    form = page_form_data(
        "beritapage",
        page.title,
        page.slug,
        go_live_at=timezone.localtime(later).strftime("%Y-%m-%d %H:%M"),
        **{"action-submit": "action-submit"},
    )
    response = client_for(people["penulis"]).post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), form)
    assert response.status_code == 302
    assert act(people["webadmin"], page, "approve", {**WEB_ADMIN_NOTE, "comment": ""}).status_code == 302
    revision = Revision.objects.get(object_id=str(page.pk), approved_go_live_at__isnull=False)
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    BeritaPage.objects.filter(pk=page.pk).update(go_live_at=past)
    assert not BeritaPage.objects.get(pk=page.pk).live
    return page


@pytest.mark.django_db(transaction=True)
def test_two_publish_scheduled_processes_at_once_publish_once(tmp_path):
    people = sop_people()
    page = scheduled_berita(people)
    smtp = SMTPServer(tmp_path).start()
    try:
        # A run that finds the lock held (here by the test) does nothing and says so.
        with single_run("publish_scheduled") as held:
            assert held
            [(code, out, err)] = finish(start_manage("publish_scheduled", settings_module=MAIL_SETTINGS))
        assert code == 0, err
        assert "publish_scheduled sudah berjalan" in out
        assert not BeritaPage.objects.get(pk=page.pk).live

        env = smtp.environment()
        runs = finish(
            *(start_manage("publish_scheduled", settings_module=MAIL_SETTINGS, **env) for _ in "ab")
        )
    finally:
        smtp.stop()
    assert [code for code, _out, _err in runs] == [0, 0], runs
    assert all("Traceback" not in err for _code, _out, err in runs), runs
    page = BeritaPage.objects.get(pk=page.pk)
    assert page.live
    assert PublicationRecord.objects.filter(page=page).count() == 1
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish.scheduled").count() == 1
    published = [m for m in smtp.messages() if subject(m).startswith("[Terbit] Terbit")]
    recipients = sorted(m["To"] for m in published)
    assert recipients == sorted({people["penulis"].email, people["webadmin"].email}), recipients
    outputs = " ".join(out for _code, out, _err in runs)
    # Either the second run found the lock taken, or it came after and found nothing due.
    assert "sudah berjalan" in outputs or "0 revisi diterbitkan" in outputs, outputs


@pytest.mark.django_db(transaction=True)
def test_mail_server_down_actions_answer_and_mail_waits_then_is_delivered_once(tmp_path, superuser):
    people = sop_people()
    smtp = SMTPServer(tmp_path)  # not started: the mail server is down
    peraturan = draft_of("peraturan", people["penulis"], title="Keputusan KPU Nomor 7")
    berita = draft_of("berita", people["penulis"], title="Rapat pleno terbuka")
    with override_settings(**smtp.settings()):
        submit(people["penulis"], peraturan)  # the writer's submission: 302
        approval = act(people["kasubag"], peraturan, "approve", KASUBAG_CHECKS)
        assert approval.status_code == 302, approval.content[:2000]
        submit(people["penulis"], berita)
        publication = act(people["webadmin"], berita, "approve", {**WEB_ADMIN_NOTE, "comment": ""})
        assert publication.status_code == 302, publication.content[:2000]
        assert BeritaPage.objects.get(pk=berita.pk).live

        waiting = OutgoingMail.objects.filter(terkirim_pada__isnull=True)
        subjects = {row.subjek.split(":")[0] for row in waiting}
        assert subjects == {"[Terbit] Menunggu tindakan Anda", "[Terbit] Terbit"}, subjects
        expected = {
            (tuple(row.penerima), " ".join(row.subjek.split())) for row in waiting
        }  # what must arrive, each once
        assert ("kabag@kpu-banten.example",) in {to for to, _subject in expected}  # Kabag's step began
        assert "ConnectionRefusedError" in waiting.exclude(galat_terakhir="").first().galat_terakhir

        # The administrator sees them waiting, with the error.
        admin = client_for(superuser)
        listing = admin.get(reverse("surat_keluar:index") + "?status=menunggu")
        assert listing.status_code == 200
        assert "Rapat pleno terbuka" in listing.text
        assert "ConnectionRefusedError" in listing.text
        assert "Surat keluar sistem gagal terkirim" not in admin.get(reverse("wagtailadmin_home")).text

        # Cron keeps trying while the server stays down (the first attempt was right after the
        # commit); at the third attempt it says so.
        waiting.update(coba_lagi_pada=timezone.now())  # the pause after a failure has passed
        call_command("send_outbox", stdout=io.StringIO())
        waiting.update(coba_lagi_pada=timezone.now())
        with pytest.raises(CommandError, match="gagal terkirim setelah 3 percobaan"):
            call_command("send_outbox", stdout=io.StringIO())
        dashboard = admin.get(reverse("wagtailadmin_home")).text
        assert "Surat keluar sistem gagal terkirim" in dashboard
        assert "ConnectionRefusedError" in dashboard
        assert smtp.messages() == []

    # The mail server is back: two cron runs at once deliver each message once.
    smtp.start()
    try:
        OutgoingMail.objects.update(coba_lagi_pada=timezone.now())
        runs = finish(
            *(start_manage("send_outbox", settings_module=MAIL_SETTINGS, **smtp.environment()) for _ in "ab")
        )
    finally:
        smtp.stop()
    assert [code for code, _out, _err in runs] == [0, 0], runs
    received = [(tuple(m["To"].split(", ")), subject(m)) for m in smtp.messages()]
    assert sorted(received) == sorted(expected)
    assert len(received) == len(set(received))
    assert not OutgoingMail.objects.filter(terkirim_pada__isnull=True).exists()


@pytest.mark.django_db(transaction=True)
def test_reminder_claimed_while_mail_is_down_is_delivered_when_it_returns(tmp_path):
    people = sop_people()
    page = draft_of("peraturan", people["penulis"], title="Pengumuman seleksi PPK")
    smtp = SMTPServer(tmp_path)
    tuesday = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=datetime.UTC) - datetime.timedelta(hours=7)
    with override_settings(**smtp.settings()):
        with time_machine.travel(tuesday, tick=False):
            submit(people["penulis"], page)
        with time_machine.travel(tuesday + datetime.timedelta(hours=1, minutes=30), tick=False):
            out = io.StringIO()
            call_command("send_sop_reminders", stdout=out)  # mail down: no crash
        assert "Pengingat terkirim: 1" in out.getvalue()
    reminders = OutgoingMail.objects.filter(subjek__startswith="[Terbit] Melewati tenggat")
    assert sorted(r.penerima[0] for r in reminders) == [
        "kasubag2@kpu-banten.example",
        "kasubag@kpu-banten.example",
    ]
    assert not reminders.filter(terkirim_pada__isnull=False).exists()

    smtp.start()
    try:
        OutgoingMail.objects.update(coba_lagi_pada=timezone.now())
        [(code, out, err)] = finish(
            start_manage("send_outbox", settings_module=MAIL_SETTINGS, **smtp.environment())
        )
        # Run again: nothing is sent twice, and the reminder is not claimed again.
        [(again, _out, _err)] = finish(
            start_manage("send_sop_reminders", settings_module=MAIL_SETTINGS, **smtp.environment())
        )
    finally:
        smtp.stop()
    assert code == 0 and again == 0, err
    late = sorted(m["To"] for m in smtp.messages() if subject(m).startswith("[Terbit] Melewati tenggat"))
    assert late == ["kasubag2@kpu-banten.example", "kasubag@kpu-banten.example"]


@pytest.mark.django_db(transaction=True)
def test_password_reset_with_mail_down_answers_and_waits_in_the_outbox(tmp_path, superuser):
    smtp = SMTPServer(tmp_path)  # down
    with override_settings(**smtp.settings()):
        response = Client().post(reverse("wagtailadmin_password_reset"), {"email": superuser.email})
    assert response.status_code == 302
    row = OutgoingMail.objects.get()
    assert row.penerima == [superuser.email] and row.terkirim_pada is None


@pytest.mark.django_db(transaction=True)
def test_every_cron_job_started_while_its_lock_is_held_exits_0_and_does_nothing(tmp_path):
    """Each job of docs/deploy.md's cron section, started while another run holds its lock (here
    the test holds them all): it says "sudah berjalan", exits 0 and does nothing."""
    import contextlib

    jobs = {
        "publish_scheduled": ["publish_scheduled"],
        "send_outbox": ["send_outbox"],
        "send_sop_reminders": ["send_sop_reminders"],
        "check_sop_records": ["check_sop_records", "-v", "0"],
        "analyze_database": ["analyze_database"],
        "backup": ["backup", "--output", str(tmp_path / "cadangan.tar.gz")],
        "purge_page_cache": ["purge_page_cache", "--pending"],
    }
    with contextlib.ExitStack() as stack:
        for name in jobs:
            assert stack.enter_context(single_run(name))
        runs = dict(zip(jobs, finish(*(start_manage(*args) for args in jobs.values())), strict=True))
    for name, (code, out, err) in runs.items():
        assert code == 0, (name, err)
        assert f"{name} sudah berjalan di proses lain" in out, (name, out, err)
    assert not (tmp_path / "cadangan.tar.gz").exists()
    # Released when the holder ends: the next run does its work.
    [(code, out, err)] = finish(start_manage("send_outbox"))
    assert code == 0 and "Surat keluar: 0 terkirim, 0 gagal, 0 menunggu." in out, (out, err)
