"""The record never lies: checks that what the SOP records matches what actually happened.

Run over the whole database by ``manage.py check_sop_records`` (CI, and hourly from cron). Each
check is one set-based query (a handful in all, whatever the number of pages), reads only, and
sends nothing. What is checked:

1. Publication record <=> live revision. A live page of the six SOP types has a record for the
   revision it shows. The latest record of a page names the revision that is live, unless the
   page was withdrawn afterwards (logged as ``wagtail.unpublish``, ``sop_workflow.tarik`` or a
   scheduled expiry). A record whose page is a draft with no withdrawal logged is exactly what a
   stale editor request reverting a just-published page leaves behind. Every record's SHA-256
   matches its HTML snapshot, and its revision is a revision of its page.
2. Workflow state <=> task states. An approved workflow has no step under way, ended on an
   approved step, and its page went live (a record of that workflow) or is scheduled to; a running
   one has exactly one step under way, its current one; a returned or cancelled one has none.
   A Web Admin publication step counted as finished in Kinerja SOP belongs to an approved workflow.
3. Register entry (surat masuk) status <=> page. "Terbit" means its page is live (or was withdrawn
   afterwards); a live page means "Terbit"; "Disetujui, dijadwalkan terbit" means a revision is
   scheduled; a record made for an entry is a record of that entry's page.
"""

import dataclasses
import hashlib

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Exists, F, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Revision, TaskState, WorkflowState

from .models import PublicationRecord, SOPTaskState, StatusSurat, SuratMasuk

# Log actions after which a page is legitimately no longer live.
WITHDRAWAL_ACTIONS = ("wagtail.unpublish", "wagtail.unpublish.scheduled", "sop_workflow.tarik")

WORKFLOW_STATUS_LABELS = {
    WorkflowState.STATUS_IN_PROGRESS: "berjalan",
    WorkflowState.STATUS_APPROVED: "disetujui",
    WorkflowState.STATUS_NEEDS_CHANGES: "dikembalikan ke penulis",
    WorkflowState.STATUS_CANCELLED: "dibatalkan",
}
TASK_STATUS_LABELS = {
    TaskState.STATUS_IN_PROGRESS: "berjalan",
    TaskState.STATUS_APPROVED: "disetujui",
    TaskState.STATUS_REJECTED: "dikembalikan",
    TaskState.STATUS_SKIPPED: "dilewati",
    TaskState.STATUS_CANCELLED: "dibatalkan",
    None: "tidak ada",
}


@dataclasses.dataclass
class Problem:
    """One mismatch between a record and what happened."""

    check: str  # a stable code, for machines (--json) and tests
    message: str  # in Indonesian, what is wrong
    page_id: int | None = None
    title: str = ""
    record_id: int | None = None
    workflow_state_id: int | None = None
    task_state_id: int | None = None
    surat_masuk_id: int | None = None
    nomor_agenda: str = ""

    def line(self):
        if self.page_id is not None:
            subject = f"Halaman {self.page_id} “{self.title}”"
        elif self.record_id is not None:
            subject = f"Catatan penerbitan {self.record_id} “{self.title}” (halamannya sudah dihapus)"
        else:
            subject = f"Surat masuk {self.nomor_agenda}"
        if self.nomor_agenda and self.page_id is not None:
            subject += f" (surat masuk {self.nomor_agenda})"
        return f"{subject}: {self.message} [{self.check}]"

    def as_dict(self):
        return dataclasses.asdict(self) | {"line": self.line()}


@dataclasses.dataclass
class Result:
    problems: list
    counts: dict  # what was checked: name -> number


def governed_content_type_ids():
    """The page types the SOP governs (registry.py)."""
    from . import registry

    return registry.content_type_ids()


def _local(moment):
    return f"{timezone.localtime(moment):%d/%m/%Y %H:%M}" if moment else "-"


def _withdrawn_after(page_ref, moment_ref):
    return Exists(
        PageLogEntry.objects.filter(
            page_id=OuterRef(page_ref), action__in=WITHDRAWAL_ACTIONS, timestamp__gte=OuterRef(moment_ref)
        )
    )


def _scheduled(page_ref):
    """A revision of the page waits for its go-live time (``publish_scheduled`` publishes it)."""
    return Exists(
        Revision.page_revisions.filter(
            object_id=Cast(OuterRef(page_ref), CharField()), approved_go_live_at__isnull=False
        )
    )


# --- 1. Publication record <=> live revision ------------------------------------------------


def check_live_pages(ct_ids):
    """Every live page of the six types has a record of the revision it shows."""
    pages = (
        Page.objects.filter(content_type_id__in=ct_ids, live=True)
        .annotate(
            recorded=Exists(
                PublicationRecord.objects.filter(
                    page_id=OuterRef("pk"), revision_number=OuterRef("live_revision_id")
                )
            )
        )
        .filter(recorded=False)
        .order_by("pk")
        .values_list("pk", "title", "live_revision_id")
    )
    for pk, title, revision_id in pages:
        if revision_id is None:
            message = "tayang di situs publik tanpa revisi terbit dan tanpa catatan penerbitan"
        else:
            message = (
                f"tayang di situs publik (revisi {revision_id}) tanpa catatan penerbitan untuk revisi itu"
            )
        yield Problem("live_without_record", message, page_id=pk, title=title)


def check_latest_records():
    """The latest record of each existing page names what is live, or the page was withdrawn."""
    latest = (
        PublicationRecord.objects.filter(page__isnull=False)
        .exclude(Exists(PublicationRecord.objects.filter(page_id=OuterRef("page_id"), pk__gt=OuterRef("pk"))))
        .annotate(withdrawn=_withdrawn_after("page_id", "published_at"))
        .order_by("page_id")
        .values_list(
            "pk",
            "page_id",
            "page__title",
            "page__live",
            "page__live_revision_id",
            "revision_number",
            "published_at",
            "withdrawn",
        )
    )
    for pk, page_id, title, live, live_revision_id, revision_number, published_at, withdrawn in latest:
        if withdrawn or (live and live_revision_id == revision_number):
            continue
        claim = (
            f"catatan penerbitan {pk} menyatakan revisi {revision_number} terbit pada {_local(published_at)}"
        )
        if live:
            message = (
                f"{claim}, tetapi yang tayang adalah revisi {live_revision_id} "
                "dan tidak ada penarikan yang tercatat"
            )
        else:
            message = f"{claim}, tetapi halaman tidak tayang (konsep) dan tidak pernah ditarik dari publikasi"
        yield Problem("record_not_live", message, page_id=page_id, title=title, record_id=pk)


def check_record_contents(counts):
    """Each record's hash matches its HTML snapshot, and its revision is one of its page's."""
    records = PublicationRecord.objects.order_by("pk").values_list(
        "pk",
        "page_id",
        "page_title",
        "html",
        "sha256",
        "revision_id",
        "revision_number",
        "revision__object_id",
    )
    counts["catatan_penerbitan"] = 0
    # Streamed: the snapshots are the bulk of the table.
    for pk, page_id, title, html, sha256, revision_id, number, revision_page in records.iterator(
        chunk_size=200
    ):
        counts["catatan_penerbitan"] += 1
        if hashlib.sha256(html.encode("utf-8")).hexdigest() != sha256:
            yield Problem(
                "record_hash_mismatch",
                f"SHA-256 catatan penerbitan {pk} tidak cocok dengan salinan HTML-nya "
                "(salinan atau hash-nya telah diubah)",
                page_id=page_id,
                title=title,
                record_id=pk,
            )
        if revision_id is not None and (
            revision_id != number or (page_id is not None and revision_page != str(page_id))
        ):
            yield Problem(
                "record_wrong_revision",
                f"catatan penerbitan {pk} (nomor revisi {number}) menunjuk revisi {revision_id} "
                f"milik halaman {revision_page}",
                page_id=page_id,
                title=title,
                record_id=pk,
            )


# --- 2. Workflow state <=> task states ------------------------------------------------------


def check_workflow_states(ct_ids, counts):
    page_type = ContentType.objects.get_for_model(Page)
    latest_task_state = TaskState.objects.filter(workflow_state=OuterRef("pk")).order_by("-started_at", "-pk")
    running = (
        TaskState.objects.filter(workflow_state=OuterRef("pk"), status=TaskState.STATUS_IN_PROGRESS)
        .values("workflow_state")
        .annotate(n=Count("pk"))
    )
    states = (
        WorkflowState.objects.filter(base_content_type=page_type, content_type_id__in=ct_ids)
        .annotate(
            running=Coalesce(Subquery(running.values("n")[:1]), 0),
            current_status=F("current_task_state__status"),
            latest_task_state=Subquery(latest_task_state.values("pk")[:1]),
            recorded=Exists(PublicationRecord.objects.filter(workflow_state=OuterRef("pk"))),
            scheduled=_scheduled("object_id"),
        )
        .order_by("pk")
        .values_list(
            "pk",
            "object_id",
            "status",
            "running",
            "current_task_state_id",
            "current_status",
            "latest_task_state",
            "recorded",
            "scheduled",
        )
    )
    counts["alur_kerja"] = 0
    for pk, object_id, status, running, current_id, current_status, latest_id, recorded, scheduled in states:
        counts["alur_kerja"] += 1
        name = f"alur kerja {pk} ({WORKFLOW_STATUS_LABELS.get(status, status)})"
        current = TASK_STATUS_LABELS.get(current_status, current_status)

        def problem(check, message, pk=pk, object_id=object_id):
            return Problem(check, message, page_id=int(object_id), workflow_state_id=pk)

        if status == WorkflowState.STATUS_IN_PROGRESS:
            if running != 1:
                yield problem(
                    "workflow_running_steps",
                    f"{name} memiliki {running} langkah berjalan, seharusnya tepat satu",
                )
            if current_status != TaskState.STATUS_IN_PROGRESS:
                yield problem(
                    "workflow_current_step",
                    f"{name}: langkah saat ini berstatus {current}",
                )
            continue
        if running:
            yield problem("workflow_running_steps", f"{name} masih memiliki {running} langkah berjalan")
        if status != WorkflowState.STATUS_APPROVED:
            continue
        if current_status != TaskState.STATUS_APPROVED or current_id != latest_id:
            yield problem(
                "workflow_last_step",
                f"{name}, tetapi langkah terakhirnya berstatus {current}",
            )
        if not recorded and not scheduled:
            yield problem(
                "workflow_approved_not_published",
                f"{name}, tetapi halamannya tidak pernah terbit dari alur itu (tidak ada catatan "
                "penerbitan) dan tidak dijadwalkan terbit; Kinerja SOP menghitung langkah terakhirnya "
                "selesai",
            )


def check_publication_steps():
    """A finished Web Admin step (counted in Kinerja SOP) belongs to an approved workflow."""
    from wagtail.models import Task

    publishing = [
        task.pk
        for task in Task.objects.filter(pk__in=SOPTaskState.objects.values("task_id"))
        if 7 in getattr(task.specific_class, "sop_steps", ())
    ]
    states = (
        SOPTaskState.objects.filter(task_id__in=publishing, status=TaskState.STATUS_APPROVED)
        .exclude(workflow_state__status=WorkflowState.STATUS_APPROVED)
        .order_by("pk")
        .values_list(
            "pk", "workflow_state_id", "workflow_state__object_id", "workflow_state__status", "finished_at"
        )
    )
    for pk, workflow_state_id, object_id, status, finished_at in states:
        yield Problem(
            "publication_step_not_approved",
            f"langkah 6-7 (status langkah {pk}) disetujui pada {_local(finished_at)} dan dihitung selesai di "
            f"Kinerja SOP, tetapi alur kerjanya ({workflow_state_id}) berstatus "
            f"{WORKFLOW_STATUS_LABELS.get(status, status)}",
            page_id=int(object_id),
            workflow_state_id=workflow_state_id,
            task_state_id=pk,
        )


# --- 3. Register entry status <=> page ------------------------------------------------------


def check_register(counts):
    latest_record = PublicationRecord.objects.filter(page_id=OuterRef("page_id")).order_by("-pk")
    entries = (
        SuratMasuk.objects.with_status()
        .annotate(
            latest_published_at=Subquery(latest_record.values("published_at")[:1]),
            withdrawn=_withdrawn_after("page_id", "latest_published_at"),
            scheduled=_scheduled("page_id"),
            foreign_record=Subquery(
                PublicationRecord.objects.filter(surat_masuk=OuterRef("pk"), page__isnull=False)
                .exclude(page_id=OuterRef("page_id"))
                .values("pk")[:1]
            ),
        )
        .order_by("tahun", "nomor_urut")
        .values_list(
            "pk",
            "tahun",
            "nomor_urut",
            "page_id",
            "page__title",
            "page__live",
            "status_kode",
            "withdrawn",
            "scheduled",
            "foreign_record",
        )
    )
    counts["surat_masuk"] = 0
    for pk, tahun, nomor, page_id, title, live, status, withdrawn, scheduled, foreign in entries:
        counts["surat_masuk"] += 1
        if page_id is None:
            continue  # no draft yet (steps 1-3), or its page was withdrawn and deleted
        label = StatusSurat(status).label

        def problem(check, message, pk=pk, page_id=page_id, title=title, agenda=f"{nomor:04d}/{tahun}"):
            return Problem(
                check, message, page_id=page_id, title=title, surat_masuk_id=pk, nomor_agenda=agenda
            )

        if status == StatusSurat.TERBIT and not live and not withdrawn:
            yield problem(
                "register_published_not_live",
                "surat berstatus “Terbit”, tetapi halamannya tidak tayang (konsep) dan tidak pernah ditarik",
            )
        if status != StatusSurat.TERBIT and live:
            yield problem(
                "register_live_not_published", f"halamannya tayang, tetapi surat berstatus “{label}”"
            )
        if status == StatusSurat.DIJADWALKAN and not scheduled and not live:
            yield problem(
                "register_scheduled_not_scheduled",
                f"surat berstatus “{label}”, tetapi tidak ada revisi yang dijadwalkan terbit",
            )
        if foreign is not None:
            yield problem(
                "register_record_other_page",
                f"catatan penerbitan {foreign} dibuat untuk surat ini, tetapi mencatat halaman lain",
            )


# --- All of them ----------------------------------------------------------------------------


def run():
    """Every check over the whole database; a fixed number of queries whatever its size."""
    ct_ids = governed_content_type_ids()
    counts = {
        "halaman_terbit": Page.objects.filter(content_type_id__in=ct_ids, live=True).count(),
    }
    problems = [
        *check_live_pages(ct_ids),
        *check_latest_records(),
        *check_record_contents(counts),
        *check_workflow_states(ct_ids, counts),
        *check_publication_steps(),
        *check_register(counts),
    ]
    # Titles of pages named only by id (workflow states): one query for all of them.
    untitled = {problem.page_id for problem in problems if problem.page_id is not None and not problem.title}
    titles = dict(Page.objects.filter(pk__in=untitled).values_list("pk", "title")) if untitled else {}
    for problem in problems:
        if problem.page_id is not None and not problem.title:
            problem.title = titles.get(problem.page_id, "")
    return Result(problems, counts)
