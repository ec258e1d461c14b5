"""The life of one register entry, steps 1 to 7: who acted, when, how long, against which
standard time and due time (the entry's inspect page, its control sheet and the PDF)."""

import dataclasses
import datetime

from django.utils import timezone
from wagtail.models import TaskState, WorkflowState

from .clock import clock_for
from .models import Disposisi, SOPTaskState
from .roles import KABAG, KASUBAG, PENULIS, WEB_ADMIN, user_label


@dataclasses.dataclass
class Langkah:
    """One step of the SOP as it happened (or is happening) for one entry."""

    nomor: str
    kegiatan: str
    peran: str
    oleh: str = ""
    mulai: datetime.datetime | None = None
    selesai: datetime.datetime | None = None
    waktu_baku: datetime.timedelta | None = None
    hasil: str = ""
    keterangan: str = ""
    dilewati: bool = False
    tenggat: datetime.datetime | None = None  # the due time fixed when the step started
    jam: object = None  # the clock of this entry (clock.OfficeCalendar or clock.WallClock)

    @property
    def berjalan(self):
        return self.mulai is not None and self.selesai is None and not self.dilewati

    @property
    def durasi(self):
        """How long the step took (or has taken so far), in the entry's clock."""
        if self.mulai is None or self.dilewati:
            return None
        end = self.selesai or timezone.now()
        return self.jam.elapsed(self.mulai, end) if self.jam else end - self.mulai

    @property
    def terlambat(self):
        """True once the step finished (or is still running) after its due time."""
        if self.mulai is None or self.dilewati:
            return None
        if self.tenggat is not None:
            return (self.selesai or timezone.now()) > self.tenggat
        if self.waktu_baku is not None:
            return self.durasi > self.waktu_baku
        return None

    @property
    def tepat_waktu(self):
        """True/False once measurable against the standard time; None when not applicable."""
        late = self.terlambat
        return None if late is None else not late

    @property
    def sisa(self):
        """A running step's time left before its due time (wall time), or None."""
        if not self.berjalan or self.tenggat is None or self.terlambat:
            return None
        return self.tenggat - timezone.now()

    @property
    def lewat(self):
        """A running step's time past its due time (wall time), or None."""
        if not self.berjalan or self.tenggat is None or not self.terlambat:
            return None
        return timezone.now() - self.tenggat


TASK_RESULTS = {
    TaskState.STATUS_APPROVED: "Disetujui",
    TaskState.STATUS_REJECTED: "Dikembalikan ke penulis",
    TaskState.STATUS_CANCELLED: "Dibatalkan",
    TaskState.STATUS_IN_PROGRESS: "Berjalan",
}

STEP_ROLES = {(4,): KASUBAG, (5,): KABAG, (6, 7): f"Kasubag, {WEB_ADMIN}"}


def timeline(surat):
    """Steps 1 to 7 of this entry, in order: who, when, how long, and the standard time.

    A cancelled entry's running step stops at the cancellation.
    """
    rows = _timeline(surat)
    clock = clock_for(surat.jenis_publikasi, surat.mendesak)
    for row in rows:
        row.jam = clock
    if surat.dibatalkan_pada:
        for row in rows:
            if row.berjalan:
                row.selesai = surat.dibatalkan_pada
                row.hasil = "Dihentikan: surat dibatalkan"
    return rows


def _timeline(surat):
    first = surat.chain(Disposisi.Langkah.KASUBAG)
    second = surat.chain(Disposisi.Langkah.PENULIS)
    step1_end = first[0].dibuat_pada if first else None
    rows = [
        Langkah(
            "1",
            "Kabag mendisposisikan surat kepada Kasubag",
            KABAG,
            oleh=first[0].dari_nama if first else "",
            mulai=surat.diterima_pada,
            selesai=step1_end,
            waktu_baku=surat.waktu_baku,
            tenggat=surat.tenggat,
            hasil=("Kepada " + ", ".join(d.kepada_nama for d in first)) if first else "",
            keterangan="; ".join(d.instruksi for d in first),
        )
    ]
    if first:
        rows.append(
            Langkah(
                "2",
                "Kasubag menugaskan penulis",
                KASUBAG,
                oleh=second[0].dari_nama if second else first[-1].kepada_nama,
                mulai=step1_end,
                selesai=second[0].dibuat_pada if second else None,
                waktu_baku=first[0].waktu_baku,
                tenggat=first[0].tenggat,
                hasil=("Kepada " + ", ".join(d.kepada_nama for d in second)) if second else "",
                keterangan="; ".join(d.instruksi for d in second),
            )
        )
    if not second:
        return rows

    workflow_states = []
    if surat.page_id:
        workflow_states = list(
            WorkflowState.objects.for_instance(surat.page)
            .select_related("requested_by")
            .order_by("created_at", "pk")
        )
    first_submission = workflow_states[0] if workflow_states else None
    rows.append(
        Langkah(
            "3",
            "Penulis menyusun konsep dan mengajukannya",
            PENULIS,
            oleh=user_label(first_submission.requested_by)
            if first_submission and first_submission.requested_by
            else second[-1].kepada_nama,
            mulai=second[0].dibuat_pada,
            selesai=first_submission.created_at if first_submission else None,
            waktu_baku=second[0].waktu_baku,
            tenggat=second[0].tenggat,
            hasil="Diajukan ke alur SOP" if first_submission else ("Konsep dibuat" if surat.page_id else ""),
        )
    )
    if not workflow_states:
        return rows

    states = list(
        SOPTaskState.objects.filter(workflow_state__in=workflow_states)
        .select_related("task", "finished_by")
        .order_by("started_at", "pk")
    )
    tasks = {}
    for state in states:
        if state.task_id not in tasks:
            tasks[state.task_id] = state.task.specific
    governed = surat.governed
    short_path = governed is not None and governed.short_path
    requested_by = {ws.pk: ws.requested_by for ws in workflow_states}
    previous = None
    for state in states:
        if previous is not None and (
            previous.status == TaskState.STATUS_REJECTED
            or previous.workflow_state_id != state.workflow_state_id
        ):
            # Back with the writer (returned, or the workflow was cancelled), then submitted again.
            writer = requested_by.get(state.workflow_state_id)
            rows.append(
                Langkah(
                    "3",
                    "Penulis memperbaiki konsep dan mengajukannya lagi",
                    PENULIS,
                    oleh=user_label(writer) if writer else "",
                    mulai=previous.finished_at,
                    selesai=state.started_at,
                    hasil="Diajukan ulang",
                )
            )
        if short_path and (previous is None or previous.workflow_state_id != state.workflow_state_id):
            rows.append(
                Langkah(
                    "4-5",
                    "Pemeriksaan Kasubag dan persetujuan Kabag",
                    "",
                    dilewati=True,
                    keterangan=governed.path_note,
                )
            )
        rows.append(_task_row(state, tasks[state.task_id]))
        previous = state
    return rows


def _task_row(state, task):
    steps = tuple(getattr(task, "sop_steps", ()))
    result = TASK_RESULTS.get(state.status, state.status)
    if state.dikembalikan:
        result = "Dikembalikan ke Kasubag"
    notes = [state.comment] if state.comment else []
    if state.narasumber:
        notes.append(f"Narasumber: {state.narasumber}")
    if state.catatan_dokumentasi:
        notes.append(f"Dokumentasi: {state.catatan_dokumentasi}")
    return Langkah(
        "-".join(str(step) for step in steps) or "?",
        task.name,
        STEP_ROLES.get(steps, ""),
        oleh=user_label(state.finished_by) if state.finished_by else "",
        mulai=state.started_at,
        selesai=state.finished_at,
        waktu_baku=state.waktu_baku,
        tenggat=state.tenggat,
        hasil=result,
        keterangan=" · ".join(notes),
    )
