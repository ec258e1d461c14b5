"""Reminders past the due time and escalation at twice the standard time: each sent once."""

import datetime
import io
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import TestCase

from sop_workflow import reminders
from sop_workflow.models import Pengingat
from sop_workflow.roles import SEKRETARIS
from sop_workflow.tasks import send_reminders
from tests.factories import PengumumanFactory
from tests.sop_harness import register, submit
from tests.sop_workflow.conftest import make_user

WIB = ZoneInfo("Asia/Jakarta")


def at(hour, minute=0):
    return time_machine.travel(datetime.datetime(2026, 11, 24, hour, minute, tzinfo=WIB), tick=False)


def run_command():
    out = io.StringIO()
    # The emails wait in the outbox until the claim's transaction commits (here: the test's).
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_sop_reminders", stdout=out)
    return out.getvalue()


def sent_to():
    return sorted((message.to[0].split("@")[0], message.subject.split(":")[0]) for message in mail.outbox)


@pytest.fixture
def late_material(users, sop):
    """Tuesday 08:00: a letter assigned to Kasubag (step 2: 5 min); 09:00: a Pengumuman at
    Kasubag's check (step 4: 1 h)."""
    make_user("sekretaris", SEKRETARIS)
    with at(8, 0):
        register(
            users["kabag"], perihal="Surat untuk Kasubag", kasubag=users["kasubag"].pk, instruksi="Proses."
        )
    page = PengumumanFactory(
        parent=sop["pengumuman"], title="Pengumuman seleksi", owner=users["penulis"], publish=False
    )
    with at(9, 0):
        submit(users["penulis"], page)
    mail.outbox.clear()
    return page


@pytest.mark.django_db
def test_reminder_once_then_escalation_once(users, late_material):
    with at(8, 4):
        assert "Pengingat terkirim: 0; eskalasi terkirim: 0." in run_command()
    with at(8, 6):
        assert "Pengingat terkirim: 1; eskalasi terkirim: 0." in run_command()
        assert sent_to() == [("kasubag", "[Terbit] Melewati tenggat")]
        assert "Agenda 0001/2026: Surat untuk Kasubag" in mail.outbox[0].body
        run_command()
    assert len(mail.outbox) == 1  # never the same reminder twice
    with at(8, 11):  # past twice the 5-minute standard: to Kabag, Kasubag's supervisor
        assert "eskalasi terkirim: 1." in run_command()
        run_command()
    assert sent_to() == [("kabag", "[Terbit] Eskalasi"), ("kasubag", "[Terbit] Melewati tenggat")]

    mail.outbox.clear()
    with at(10, 1):  # Kasubag's check (due 10:00): both Kasubag, not the writer who submitted it
        run_command()
    assert sent_to() == [("kasubag", "[Terbit] Melewati tenggat"), ("kasubag2", "[Terbit] Melewati tenggat")]
    mail.outbox.clear()
    with at(11, 1):
        run_command()
    assert sent_to() == [("kabag", "[Terbit] Eskalasi")]
    assert Pengingat.objects.count() == 4


@pytest.mark.django_db
def test_kabag_escalates_to_sekretaris_on_the_office_clock(users, sop):
    make_user("sekretaris", SEKRETARIS)
    with at(15, 55):  # Kabag's step 1 (10 min): 5 min today, 5 min tomorrow from 07:30
        register(users["kabag"], perihal="Surat sore hari", diterima_pada="2026-11-24 15:55")
    mail.outbox.clear()
    with at(20, 0):
        run_command()
    assert mail.outbox == []  # evening: not late yet in office time
    with time_machine.travel(datetime.datetime(2026, 11, 25, 7, 36, tzinfo=WIB), tick=False):
        run_command()
    assert sent_to() == [("kabag", "[Terbit] Melewati tenggat")]
    with time_machine.travel(datetime.datetime(2026, 11, 25, 7, 46, tzinfo=WIB), tick=False):
        run_command()
    assert ("sekretaris", "[Terbit] Eskalasi") in sent_to()


@pytest.mark.django_db
def test_background_task_does_the_same(users, late_material):
    with at(8, 6), TestCase.captureOnCommitCallbacks(execute=True):
        result = send_reminders.enqueue()
        assert result.return_value == {"pengingat": 1, "eskalasi": 0}
        assert send_reminders.enqueue().return_value == {"pengingat": 0, "eskalasi": 0}
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_reminder_once():
    from django.contrib.auth.models import Group

    from news.models import PengumumanIndexPage
    from news.structure import ensure_listings
    from tests.live import ensure_site

    home = ensure_site()
    call_command("setup_sop", stdout=io.StringIO())
    listing = ensure_listings(home)[PengumumanIndexPage]
    penulis = make_user("penulis", "Penulis")
    for name in ("kasubag", "kasubag2"):
        make_user(name, "Kasubag")
    assert Group.objects.filter(name="Kasubag").exists()
    for n in range(3):
        page = PengumumanFactory(parent=listing, title=f"Pengumuman {n}", owner=penulis, publish=False)
        with at(9, 0):
            submit(penulis, page)
    mail.outbox.clear()

    barrier = threading.Barrier(2)
    results = []

    def worker():
        try:
            barrier.wait(timeout=10)
            results.append(reminders.run(now=datetime.datetime(2026, 11, 24, 10, 30, tzinfo=WIB)))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(results) == 2
    assert sum(late for late, _escalated in results) == 3
    assert len(mail.outbox) == 6  # three steps, two Kasubag each, once
    assert Pengingat.objects.count() == 3
