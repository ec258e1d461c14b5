"""SOP steps 4-7 as people meet them: who may cancel a run, what an action did, what comes next.

Shared by the page editor (editor.py), the moderation queue's action view (views.py) and the
cancellation page: each says the same thing in the same words.
"""

import logging
from contextvars import ContextVar

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import formats, timezone
from wagtail.models import Page, Revision, TaskState, WorkflowState

from .roles import KABAG, group_names, user_label

# Who may cancel a running SOP workflow (the SOP gives no one else that power):
# - Kabag, who assigns the work (step 1) and approves it (step 5), at any step;
# - the writer who submitted it, as long as no reviewer has acted on this run yet (before step
#   4 is done): once Kasubag has checked it, only Kabag may stop it;
# - a superuser (the system's administrator).
# Kasubag and Web Admin cannot: Wagtail lets anyone who may approve the current step cancel the
# whole run, which would let a reviewer throw away the writer's submission without a trace.


logger = logging.getLogger(__name__)


def lock_page(page_id):
    """Serialise every change to one page's workflow: PostgreSQL locks the row; SQLite's
    IMMEDIATE transactions already hold the database's write lock. Call inside a transaction,
    before reading anything of the page that the change depends on (re-read it after).

    Every path that changes a page's run or publication takes this lock first, and only this
    one for the page (one order, no deadlock): the editor's POSTs, the queue's actions, the
    workflow tasks, cancelling, emergency publication, every publication of the six types
    (``publish_locked``, which covers ``publish_scheduled``), deleting and the bulk actions.
    A page deleted by the request that held the lock is gone for the one that waited: 404."""
    if not Page.objects.select_for_update().filter(pk=page_id).values_list("pk", flat=True):
        raise Http404("Halaman itu sudah tidak ada (mungkin baru saja dihapus).")


def lock_pages(page_ids):
    """``lock_page`` for several pages (bulk actions), in id order: two requests locking
    overlapping sets wait for each other instead of deadlocking."""
    ids = sorted({int(pk) for pk in page_ids})
    if ids:
        list(Page.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))


# --- What an approval publishes: the version its approver reviewed -------------------------
# The revision the person approving had in front of them, for the length of their request: the
# editor sets the one its form was loaded from (``sop_seen_revision``); the queue's buttons
# leave it unset, meaning the revision the step started with (what the queue's preview shows).
REVIEWED = ContextVar("sop_reviewed_revision", default=None)
# The revision the workflow's last approval publishes, chosen by check_reviewed (finish.py).
PUBLISHING = ContextVar("sop_publishing_revision", default=None)

CHANGED_SINCE_REVIEW = (
    "Konsep berubah sejak ditinjau: versi yang lebih baru disimpan oleh {by} pada {at}, dan versi itu "
    "belum ditinjau pada langkah ini. Tidak ada yang diubah dan tidak ada yang diterbitkan. Muat ulang "
    "halaman, tinjau versi terbaru, lalu ulangi tindakan Anda."
)


def refuse_changed_since_review():
    """SOP_REFUSE_CHANGED_SINCE_REVIEW (default True): an approval of a draft changed since its
    approver reviewed it is refused. False: it goes ahead on the version reviewed, and the
    page's history records which version that was and which newer one was left as a draft."""
    return getattr(settings, "SOP_REFUSE_CHANGED_SINCE_REVIEW", True)


def changed_since_review_message(latest):
    return CHANGED_SINCE_REVIEW.format(
        by=user_label(latest.user) or "pengguna lain", at=when(latest.created_at)
    )


def check_reviewed(task_state, user):
    """Under the page's lock, before a step is approved: the revision the approval stands for.

    That is the latest revision when it is the one reviewed (``REVIEWED``, else the revision the
    step started with) or the approver's own (saved from their editor, by this request or an
    earlier one: they wrote it). A newer revision of someone else's was not reviewed: the
    approval is refused (``SOP_REFUSE_CHANGED_SINCE_REVIEW``), or, when the setting is False,
    goes ahead on the reviewed revision, recorded in the page's history."""
    from wagtail.log_actions import log

    from .models import SOPRefusal

    page_id = int(task_state.workflow_state.object_id)
    latest_id = Page.objects.filter(pk=page_id).values_list("latest_revision_id", flat=True).first()
    reviewed_id = REVIEWED.get() or task_state.revision_id
    latest = Revision.objects.select_related("user").filter(pk=latest_id).first()
    if latest is None or latest.pk == reviewed_id or latest.user_id == user.pk:
        return latest
    if refuse_changed_since_review():
        raise SOPRefusal(changed_since_review_message(latest))
    reviewed = Revision.objects.get(pk=reviewed_id)
    log(
        instance=reviewed.as_object(),
        action="sop_workflow.versi_ditinjau",
        user=user,
        revision=reviewed,
        data={
            "ditinjau": {"id": reviewed.pk, "created": reviewed.created_at.isoformat()},
            "lebih_baru": {
                "id": latest.pk,
                "created": latest.created_at.isoformat(),
                "oleh": user_label(latest.user),
            },
            "task": {"id": task_state.task_id, "title": task_state.task.name},
        },
    )
    return reviewed


def publish_locked(page, revision, publish, scheduled=False):
    """Every publication of the six types (the workflow's, an emergency one, ``publish_scheduled``):
    under the page's lock, on the page as it is now (not as the caller read it before waiting).

    ``publish(fresh_page)`` publishes. A scheduled publication (``publish_scheduled``, which read
    its list of due revisions before waiting) goes ahead only if the revision is still scheduled:
    a publication or unscheduling committed meanwhile cleared it, and a second cron run finds it
    done. Returns what ``publish`` returned, or None when there was nothing left to do."""
    with transaction.atomic():
        lock_page(page.pk)
        if (
            scheduled
            and not Revision.objects.filter(pk=revision.pk, approved_go_live_at__isnull=False).exists()
        ):
            logger.info(
                "Scheduled revision %s of page %s is no longer scheduled: not published", revision.pk, page.pk
            )
            return None
        fresh = type(page).objects.get(pk=page.pk)
        # The revision's object (Wagtail saves it whole) is built on the page as it is now.
        Revision._meta.get_field("content_object").set_cached_value(revision, fresh)
        return publish(fresh)


def when(moment):
    return formats.date_format(timezone.localtime(moment), "j F Y H:i") if moment else ""


def may_cancel(user, workflow_state):
    if workflow_state is None or workflow_state.status not in (
        WorkflowState.STATUS_IN_PROGRESS,
        WorkflowState.STATUS_NEEDS_CHANGES,
    ):
        return False
    if user.is_superuser or KABAG in group_names(user):
        return True
    if user.pk not in (
        workflow_state.requested_by_id,
        getattr(workflow_state.content_object, "owner_id", None),
    ):
        return False
    acted = TaskState.objects.filter(workflow_state=workflow_state).exclude(
        status=TaskState.STATUS_IN_PROGRESS
    )
    return not acted.exists()


def step_label(task):
    """ "Kabag (langkah 5)": the group that acts on a task and the SOP steps it covers."""
    groups = ", ".join(task.groups.order_by("name").values_list("name", flat=True))
    steps = "-".join(str(step) for step in getattr(task, "sop_steps", ()))
    return f"{groups} (langkah {steps})" if steps else groups


def next_step_message(page):
    """Where the page stands now, in a sentence: the next step with its due time, or the result."""
    from .models import SOPTaskState

    page = Page.objects.get(pk=page.pk).specific
    workflow_state = (
        WorkflowState.objects.for_instance(page).select_related("current_task_state").order_by("-pk").first()
    )
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
        task_state = workflow_state.current_task_state
        task = task_state.task.specific
        sop_state = SOPTaskState.objects.filter(pk=task_state.pk).only("tenggat").first()
        due = f", tenggat {when(sop_state.tenggat)}" if sop_state and sop_state.tenggat else ""
        return f"Sekarang menunggu {step_label(task)}{due}."
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return "Dikembalikan ke penulis untuk diperbaiki, lalu diajukan lagi."
    if page.live:
        return f"Telah terbit di {page.full_url or page.url_path}."
    if page.go_live_at and page.go_live_at > timezone.now():
        return f"Dijadwalkan terbit {when(page.go_live_at)}."
    return "Konsep ini tidak sedang dalam alur SOP."


def action_message(task_state, action_name):
    """What the reviewer's action did, and what comes next."""
    task = task_state.task.specific
    page = task_state.workflow_state.content_object
    done = {
        "approve": "disetujui",
        "reject": "dikembalikan ke penulis",
        "kembalikan": "dikembalikan ke Kasubag",
    }.get(action_name, "diproses")
    return f"“{page.title}”: langkah {step_label(task)} {done}. {next_step_message(page)}"


def _who(person, user):
    """How a message names the person who acted: "Anda" to themselves."""
    if person is not None and person.pk == user.pk:
        return "Anda"
    return user_label(person) or "pengguna lain"


def already_processed_message(task_state, user):
    """The answer to an action on a step that is no longer waiting (a double click, a second
    tab, a retry): who processed it and when, and where the page stands now."""
    page = task_state.workflow_state.content_object
    task = task_state.task.specific
    if task_state.status == TaskState.STATUS_IN_PROGRESS:
        # The run itself ended (cancelled) while this step was waiting.
        workflow_state = task_state.workflow_state
        return (
            f"Langkah {step_label(task)} untuk “{page.title}” sudah tidak menunggu tindakan: alur SOP-nya "
            f"berstatus {workflow_state.get_status_display().lower()}. Tidak ada yang diubah. "
            f"{next_step_message(page)}"
        )
    by = _who(task_state.finished_by, user)
    return (
        f"Langkah {step_label(task)} untuk “{page.title}” sudah tidak menunggu tindakan: sudah diproses oleh {by} pada "
        f"{when(task_state.finished_at)}; tindakan ini tidak dijalankan lagi dan tidak ada yang diubah. "
        f"{next_step_message(page)} Muat ulang halaman untuk melihat statusnya sekarang."
    )


def already_submitted_message(workflow_state, user):
    """The answer to "Ajukan" on a draft whose run is already under way (a double click, a
    second tab, a retry): who submitted it, and where it stands now."""
    page = workflow_state.content_object
    by = _who(workflow_state.requested_by, user)
    return (
        f"“{page.title}” sudah diajukan ke alur SOP oleh {by}; pengajuan ini tidak dijalankan lagi "
        f"dan tidak ada yang diubah. {next_step_message(page)}"
    )


@transaction.atomic
def cancel_workflow(page, user, alasan):
    """Cancel the page's running SOP workflow with a written reason, logged; the cancelled run."""
    from wagtail.log_actions import log

    from .models import SOPRefusal

    lock_page(page.pk)
    workflow_state = (
        WorkflowState.objects.for_instance(page)
        .filter(status__in=(WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES))
        .first()
    )
    if workflow_state is None:
        raise SOPRefusal(f"“{page.title}” tidak sedang dalam alur SOP: tidak ada yang dibatalkan.")
    if not may_cancel(user, workflow_state):
        raise SOPRefusal(
            "Alur SOP hanya dapat dibatalkan oleh Kabag, atau oleh penulis yang mengajukannya "
            "selama belum ada langkah yang ditindaklanjuti."
        )
    workflow_state.cancel(user=user)
    log(
        instance=page.get_latest_revision_as_object(),
        action="sop_workflow.batal",
        user=user,
        data={
            "alasan": alasan,
            "workflow": {"id": workflow_state.workflow_id, "title": workflow_state.workflow.name},
        },
    )
    return workflow_state
