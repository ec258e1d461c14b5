"""Reminders and escalation (the SOP's named risk is late approval).

When a running step passes its due time, whoever must act is emailed once; at twice its
standard time (in the item's clock) the group above is emailed once (settings.SOP_ATASAN:
Penulis/Web Admin -> Kasubag -> Kabag -> Sekretaris). "Once" holds whoever runs it and however
often: each email is claimed first by inserting a ``Pengingat`` row under a unique key, so a
second run, or two runs at the same moment, find the key taken and send nothing. The claim and
the emails are one unit: the claim's transaction also writes the emails to the outbox
(outbox.py), which delivers them after it commits and retries until the mail server takes them.
A claim never stands without its emails, and no email without its claim.

Run every few minutes from cron (``manage.py send_sop_reminders``) or as the background task
``sop_workflow.tasks.send_reminders``.
"""

import dataclasses
import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from . import mail
from .clock import clock_for
from .dashboard import intake_steps, task_groups, workflow_steps
from .models import Pengingat, StatusSurat, SuratMasuk
from .roles import KABAG, KASUBAG, PENULIS

logger = logging.getLogger(__name__)

INTAKE_ROLE = {StatusSurat.DITERIMA: KABAG, StatusSurat.DISPOSISI_KASUBAG: KASUBAG}


@dataclasses.dataclass
class LateStep:
    kunci: str
    judul: str
    langkah: str
    url: str
    mulai: datetime.datetime
    tenggat: datetime.datetime
    eskalasi: datetime.datetime | None  # twice the standard time, in the item's clock
    pelaksana: list  # users who must act
    peran: str  # the acting role (group name)


def _members(group_name):
    return list(get_user_model().objects.filter(is_active=True, groups__name=group_name))


def _late_steps(now):

    base = settings.WAGTAILADMIN_BASE_URL
    for surat in intake_steps().filter(tenggat_langkah__lt=now):
        langkah = {StatusSurat.DITERIMA: "1", StatusSurat.DISPOSISI_KASUBAG: "2"}.get(surat.status_kode, "3")
        role = INTAKE_ROLE.get(surat.status_kode, PENULIS)
        actors = (
            _members(KABAG)
            if surat.pelaksana_id is None
            else list(get_user_model().objects.filter(pk=surat.pelaksana_id, is_active=True))
        )
        clock = clock_for(surat.jenis_publikasi, surat.mendesak)
        twice = (
            clock.add(surat.mulai_langkah, 2 * surat.waktu_baku_langkah) if surat.waktu_baku_langkah else None
        )
        yield LateStep(
            f"surat:{surat.pk}:langkah-{langkah}",
            f"Agenda {surat.nomor_agenda}: {surat.perihal}",
            langkah,
            base + reverse("sop_workflow_suratmasuk_modeladmin_inspect", args=(surat.pk,)),
            surat.mulai_langkah,
            surat.tenggat_langkah,
            twice,
            actors,
            role,
        )
    states = list(workflow_steps().filter(tenggat__lt=now).select_related("workflow_state__requested_by"))
    groups = task_groups() if states else {}
    for state in states:
        workflow_state = state.workflow_state
        page_id = int(workflow_state.object_id)
        model_name = workflow_state.content_type.model_class()._meta.model_name
        surat = SuratMasuk.objects.filter(page_id=page_id).only("sifat").first()
        clock = clock_for(model_name, bool(surat and surat.mendesak))
        twice = clock.add(state.started_at, 2 * state.waktu_baku) if state.waktu_baku else None
        names = groups.get(state.task_id, [])
        actors = [
            user
            for name in names
            for user in _members(name)
            if user.pk != workflow_state.requested_by_id  # four eyes: not the submitter
        ]
        steps = getattr(state.task.specific_class, "sop_steps", ())
        yield LateStep(
            f"tugas:{state.pk}",
            state.page_title or f"Halaman {page_id}",
            "-".join(str(step) for step in steps),
            base + reverse("wagtailadmin_pages:edit", args=(page_id,)),
            state.started_at,
            state.tenggat,
            twice,
            actors,
            names[0] if names else "",
        )


def _claim_and_send(step, tingkat, recipients, now):
    """Insert the reminder's row and queue its emails, in one transaction; False when it was
    already claimed (by this or another run)."""
    template = "pengingat" if tingkat == Pengingat.Tingkat.TERLAMBAT else "eskalasi"
    try:
        with transaction.atomic():
            Pengingat.objects.create(
                kunci=step.kunci,
                tingkat=tingkat,
                judul=step.judul[:255],
                langkah=step.langkah,
                tenggat=step.tenggat,
                penerima=", ".join(user.email for user in recipients),
            )
            mail.notify(recipients, template, {"step": step, "now": now, "peran": step.peran})
    except IntegrityError:
        return False
    return True


def run(now=None):
    """Send what is due; returns (reminders sent, escalations sent)."""
    now = now or timezone.now()
    sent = {Pengingat.Tingkat.TERLAMBAT: 0, Pengingat.Tingkat.ESKALASI: 0}
    taken = set(Pengingat.objects.values_list("kunci", "tingkat"))
    for step in _late_steps(now):
        levels = [(Pengingat.Tingkat.TERLAMBAT, step.pelaksana)]
        if step.eskalasi is not None and now >= step.eskalasi:
            supervisor = settings.SOP_ATASAN.get(step.peran)
            levels.append((Pengingat.Tingkat.ESKALASI, _members(supervisor) if supervisor else []))
        for tingkat, users in levels:
            if (step.kunci, tingkat) in taken:
                continue
            users = mail.recipients(users)
            if not _claim_and_send(step, tingkat, users, now):
                continue
            sent[tingkat] += 1
            logger.info("SOP %s sent for %s to %d recipient(s)", tingkat, step.kunci, len(users))
    return sent[Pengingat.Tingkat.TERLAMBAT], sent[Pengingat.Tingkat.ESKALASI]
