"""Running SOP steps, with their due times: the dashboard's "Menunggu tindakan Anda" and
"Terlambat" panels. A fixed number of queries whatever the volume: filtering, ordering and
limits happen in the database; only the rows shown are loaded."""

import dataclasses
import datetime

from django.db.models import Case, CharField, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import Page, TaskState, WorkflowState

from .models import (
    Disposisi,
    PemeriksaanKasubagTask,
    PenerbitanWebAdminTask,
    PersetujuanKabagTask,
    SOPTaskState,
    StatusSurat,
    SuratMasuk,
)
from .roles import group_names, user_label

SOP_TASKS = (PemeriksaanKasubagTask, PersetujuanKabagTask, PenerbitanWebAdminTask)

LIMIT = 20

INTAKE_STEPS = {
    StatusSurat.DITERIMA: ("1", "Disposisikan ke Kasubag"),
    StatusSurat.DISPOSISI_KASUBAG: ("2", "Tugaskan penulis"),
    StatusSurat.DISPOSISI_PENULIS: ("3", "Susun konsep dan ajukan"),
    StatusSurat.KONSEP: ("3", "Susun konsep dan ajukan"),
}


@dataclasses.dataclass
class RunningStep:
    langkah: str
    tindakan: str
    judul: str
    url: str
    pelaksana: str
    mulai: datetime.datetime | None
    tenggat: datetime.datetime | None
    dari: str = ""  # who submitted it, or who gave the disposition; for step 1 the sender
    # Why it came back, when it waits after a return (review_banner.describe_return).
    dikembalikan: str = ""

    @property
    def terlambat(self):
        return self.tenggat is not None and self.tenggat < timezone.now()

    @property
    def selisih(self):
        """Time left (positive) or overdue (negative), wall time."""
        return None if self.tenggat is None else self.tenggat - timezone.now()

    @property
    def selisih_abs(self):
        return None if self.tenggat is None else abs(self.selisih)


def _disposition(langkah, field, newest=False):
    order = ("-dibuat_pada", "-pk") if newest else ("dibuat_pada", "pk")
    return Subquery(
        Disposisi.objects.filter(surat=OuterRef("pk"), langkah=langkah).order_by(*order).values(field)[:1]
    )


def _by_step(at_step_1, field, newest=False, **extra):
    """The value for the step an entry waits at: ``at_step_1`` while Kabag has it, else
    ``field`` of its step-1 (Kasubag) or step-2 (writer) disposition.

    For the entries ``intake_steps`` keeps (steps 1-3) the step follows from the entry's own
    page and dispositions, as in ``with_status``: a draft or a writer -> step 3, a Kasubag ->
    step 2, else step 1. Not from ``status_kode``: the database would repeat the whole status
    expression in every column (on PostgreSQL, hundreds of JIT-compiled functions a query:
    bench/README.md, "Figures behind the code").
    """
    return Case(
        When(Q(page__isnull=False) | Q(_has_writer=True), then=_disposition(2, field, newest=newest)),
        When(_has_kasubag=True, then=_disposition(1, field, newest=newest)),
        default=at_step_1,
        **extra,
    )


def intake_steps(standard_time=True):
    """Register entries waiting at step 1, 2 or 3, with the step's due time and actor, and its
    standard time (``waktu_baku_langkah``) unless ``standard_time`` is false."""
    entries = SuratMasuk.objects.before_review().with_status().filter(status_kode__in=list(INTAKE_STEPS))
    if standard_time:
        entries = entries.annotate(waktu_baku_langkah=_by_step(F("waktu_baku"), "waktu_baku"))
    return entries.annotate(
        tenggat_langkah=_by_step(F("tenggat"), "tenggat"),
        mulai_langkah=_by_step(F("diterima_pada"), "dibuat_pada"),
        pelaksana_id=_by_step(Value(None), "kepada_id", newest=True, output_field=IntegerField()),
        dari_nama=_by_step(F("pengirim"), "dari_nama", newest=True, output_field=CharField()),
        pelaksana_nama=_by_step(Value("Kabag"), "kepada_nama", newest=True, output_field=CharField()),
    ).order_by(F("tenggat_langkah").asc(nulls_last=True), "pk")


def workflow_steps():
    """SOP task states in progress (steps 4-7), with their due times."""
    return (
        SOPTaskState.objects.filter(
            status=TaskState.STATUS_IN_PROGRESS, workflow_state__status=WorkflowState.STATUS_IN_PROGRESS
        )
        .select_related("task", "workflow_state", "workflow_state__requested_by")
        .annotate(
            page_title=Subquery(
                Page.objects.filter(pk=Cast(OuterRef("workflow_state__object_id"), IntegerField())).values(
                    "title"
                )[:1]
            )
        )
        .order_by(F("tenggat").asc(nulls_last=True), "pk")
    )


def _intake_rows(queryset):
    from django.urls import reverse

    rows = []
    for surat in queryset:
        langkah, tindakan = INTAKE_STEPS[surat.status_kode]
        rows.append(
            RunningStep(
                langkah,
                tindakan,
                f"Agenda {surat.nomor_agenda}: {surat.perihal}",
                reverse("sop_workflow_suratmasuk_modeladmin_inspect", args=(surat.pk,)),
                surat.pelaksana_nama or "",
                surat.mulai_langkah,
                surat.tenggat_langkah,
                surat.dari_nama or "",
            )
        )
    return rows


def with_return(states):
    """``workflow_steps()`` marked ``after_return`` when the step before it in its workflow was
    Kabag's return to Kasubag (``returned_id``: that step's task state)."""
    previous = (
        TaskState.objects.filter(workflow_state_id=OuterRef("workflow_state_id"), finished_at__isnull=False)
        .exclude(pk=OuterRef("pk"))
        .order_by("-finished_at", "-pk")
        .values("pk")[:1]
    )
    return states.annotate(returned_id=Subquery(previous)).annotate(
        after_return=Exists(SOPTaskState.objects.filter(pk=OuterRef("returned_id"), dikembalikan=True))
    )


def _returns(states):
    """{task state id: the return it waits after, described}, in one query, only when any of
    ``states`` (from ``with_return``) waits after one."""
    from .review_banner import describe_return

    ids = [state.returned_id for state in states if getattr(state, "after_return", False)]
    if not ids:
        return {}
    returned = SOPTaskState.objects.filter(pk__in=ids).select_related("task", "finished_by")
    return {state.pk: describe_return(state) for state in returned}


def _workflow_rows(states, groups):
    from django.urls import reverse

    states = list(states)
    returns = _returns(states)
    rows = []
    for state in states:
        page_id = int(state.workflow_state.object_id)
        steps = getattr(state.task.specific_class, "sop_steps", ())
        rows.append(
            RunningStep(
                "-".join(str(step) for step in steps),
                state.task.name,
                state.page_title or f"Halaman {page_id}",
                reverse("wagtailadmin_pages:edit", args=(page_id,)),
                ", ".join(groups.get(state.task_id, [])),
                state.started_at,
                state.tenggat,
                user_label(state.workflow_state.requested_by),
                returns.get(getattr(state, "returned_id", None), ""),
            )
        )
    return rows


def returned_to_writer(user):
    """Rows for the items ``user`` submitted that were sent back to them (the workflow needs
    changes): correct and submit again, with the reason."""
    from django.urls import reverse

    from .review_banner import describe_return

    states = (
        WorkflowState.objects.filter(status=WorkflowState.STATUS_NEEDS_CHANGES, requested_by=user)
        .select_related("current_task_state__task", "current_task_state__finished_by")
        .annotate(
            page_title=Subquery(
                Page.objects.filter(pk=Cast(OuterRef("object_id"), IntegerField())).values("title")[:1]
            )
        )
        .order_by("-current_task_state__finished_at", "-pk")[:LIMIT]
    )
    rows = []
    for state in states:
        returned = state.current_task_state
        if returned is None or returned.status != TaskState.STATUS_REJECTED:
            continue
        page_id = int(state.object_id)
        rows.append(
            RunningStep(
                "3",
                "Perbaiki dan ajukan kembali",
                state.page_title or f"Halaman {page_id}",
                reverse("wagtailadmin_pages:edit", args=(page_id,)),
                user_label(user),
                returned.finished_at,
                None,
                user_label(returned.finished_by),
                describe_return(returned),
            )
        )
    return rows


def task_groups():
    """{task id: [group names]} of the SOP's tasks, in one query (each task type keeps its
    groups in its own table)."""
    first, *others = (model.objects.values_list("pk", "groups__name") for model in SOP_TASKS)
    groups = {}
    for task_id, name in first.union(*others, all=True):
        if name:
            groups.setdefault(task_id, []).append(name)
    return groups


def _merge(*row_lists):
    far = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    rows = [row for rows in row_lists for row in rows]
    return sorted(rows, key=lambda row: row.tenggat or far)[:LIMIT]


def waiting_for(user, groups=None):
    """The signed-in user's running steps, soonest due first. ``groups``: ``task_groups()``,
    when the caller has it already."""
    from .intake import is_kabag

    mine = Q(pelaksana_id=user.pk)
    if is_kabag(user):
        mine |= Q(status_kode=StatusSurat.DITERIMA)
    intake = _intake_rows(intake_steps(standard_time=False).filter(mine)[:LIMIT])
    groups = task_groups() if groups is None else groups
    states = workflow_steps()
    if not user.is_superuser:
        names = group_names(user)
        states = states.filter(task_id__in=[task for task, owners in groups.items() if names & set(owners)])
    # Four eyes: no one approves what they submitted themselves.
    states = with_return(states.exclude(workflow_state__requested_by=user))
    return _merge(intake, _workflow_rows(states[:LIMIT], groups), returned_to_writer(user))


def overdue(groups=None):
    """Every running step past its due time, most overdue first, and how many there are."""
    now = timezone.now()
    intake = intake_steps(standard_time=False).filter(tenggat_langkah__lt=now)
    states = with_return(workflow_steps().filter(tenggat__lt=now))
    intake_rows = _intake_rows(intake[:LIMIT])
    state_list = list(states[:LIMIT])
    # Count only the lists cut at the limit; both in one query.
    intake_cut, states_cut = len(intake_rows) == LIMIT, len(state_list) == LIMIT
    if intake_cut and states_cut:
        total = intake.order_by().values("pk").union(states.order_by().values("pk"), all=True).count()
    else:
        total = (intake.count() if intake_cut else len(intake_rows)) + (
            states.count() if states_cut else len(state_list)
        )
    if not state_list:
        return _merge(intake_rows), total
    groups = task_groups() if groups is None else groups
    return _merge(intake_rows, _workflow_rows(state_list, groups)), total
