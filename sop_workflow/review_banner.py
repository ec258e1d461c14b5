"""A returned item looks returned (issue #17, item 5).

When Kabag returns a draft to Kasubag (step 5's "Kembalikan ke Kasubag") or Kasubag or Web Admin
returns it to the writer (Wagtail's "reject": the workflow needs changes), the reason is shown
in Indonesian where the next person works: at the top of the page editor and in their row of
the dashboard's "Menunggu tindakan Anda" (dashboard.py), not two clicks deep in the history as
Wagtail's "Cancelled by … with comment".

In the editor it is a warning message added on GET by a ``before_edit_page`` hook: Wagtail 8
has no hook for content above the editor's form, and its message area is at the top of every
admin page. It is shown to whoever opens the editor while the page waits after the return:
    - at Kasubag's step, when the step before it ended with Kabag's return;
    - while the workflow needs changes, until the writer submits it again.
"""

from django.contrib import messages
from django.utils import dateformat, timezone
from wagtail import hooks
from wagtail.models import TaskState, WorkflowState

from . import registry
from .models import PemeriksaanKasubagTask, PenerbitanWebAdminTask, PersetujuanKabagTask, SOPTaskState
from .roles import user_label

ROLES = (
    (PemeriksaanKasubagTask, "Kasubag"),
    (PersetujuanKabagTask, "Kabag"),
    (PenerbitanWebAdminTask, "Web Admin"),
)
NO_REASON = "(tanpa alasan tertulis)"


def role_of(task):
    """The SOP role that acts at ``task``'s step ("Kabag"...), or "" for another task type."""
    task_class = task.specific_class
    return next((role for model, role in ROLES if task_class and issubclass(task_class, model)), "")


def describe_return(task_state):
    """ "Dikembalikan oleh Kabag <nama> pada <tanggal jam> WIB: <alasan>" for a return's task state."""
    who = " ".join(part for part in (role_of(task_state.task), user_label(task_state.finished_by)) if part)
    when = dateformat.format(timezone.localtime(task_state.finished_at), "j F Y H:i")
    reason = " ".join((task_state.comment or "").split()) or NO_REASON
    return f"Dikembalikan oleh {who} pada {when} WIB: {reason}"


def return_before(workflow_state):
    """The return the page waits after, or None: the rejected step of a workflow that needs
    changes, or Kabag's return just before the Kasubag step in progress."""
    if workflow_state is None:
        return None
    states = SOPTaskState.objects.filter(workflow_state=workflow_state).select_related("task", "finished_by")
    if workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return states.filter(
            pk=workflow_state.current_task_state_id, status=TaskState.STATUS_REJECTED
        ).first()
    if workflow_state.status != WorkflowState.STATUS_IN_PROGRESS:
        return None
    previous = (
        states.filter(finished_at__isnull=False)
        .exclude(pk=workflow_state.current_task_state_id)
        .order_by("-finished_at", "-pk")
        .first()
    )
    return previous if previous is not None and previous.dikembalikan else None


def editor_note(page):
    """The warning shown at the top of the editor of ``page``, or ""."""
    returned = return_before(page.current_workflow_state)
    if returned is None:
        return ""
    if returned.dikembalikan:
        then = "Perbaiki sesuai alasan itu, lalu teruskan lagi ke Kabag."
    else:
        then = "Perbaiki sesuai alasan itu, lalu ajukan kembali."
    return f"{describe_return(returned)} — {then}"


@hooks.register("before_edit_page")
def show_return_reason(request, page):
    """On opening the editor (GET) of a returned item: the reason, at the top of the page."""
    if request.method != "GET" or not registry.is_governed(page.specific_class):
        return None
    note = editor_note(page)
    if note:
        # Escaped by the template (plain text); "sop-dikembalikan" marks it for tests and CSS.
        messages.warning(request, note, extra_tags="sop-dikembalikan")
    return None
