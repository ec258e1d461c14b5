"""SOP steps 4-7 as people meet them: who may cancel a run, what an action did, what comes next.

Shared by the page editor (editor.py), the moderation queue's action view (views.py) and the
cancellation page: each says the same thing in the same words.
"""

from django.db import transaction
from django.utils import formats, timezone
from wagtail.models import Page, TaskState, WorkflowState

from .roles import KABAG, group_names, user_label

# Who may cancel a running SOP workflow (the SOP gives no one else that power):
# - Kabag, who assigns the work (step 1) and approves it (step 5), at any step;
# - the writer who submitted it, as long as no reviewer has acted on this run yet (before step
#   4 is done): once Kasubag has checked it, only Kabag may stop it;
# - a superuser (the system's administrator).
# Kasubag and Web Admin cannot: Wagtail lets anyone who may approve the current step cancel the
# whole run, which would let a reviewer throw away the writer's submission without a trace.


def lock_page(page_id):
    """Serialise every change to one page's workflow: PostgreSQL locks the row; SQLite's
    IMMEDIATE transactions already hold the database's write lock. Call inside a transaction."""
    list(Page.objects.select_for_update().filter(pk=page_id).values_list("pk", flat=True))


def when(moment):
    return formats.date_format(timezone.localtime(moment), "j F Y H.i") if moment else ""


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
