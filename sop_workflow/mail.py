"""Email notifications of the SOP workflow, replacing Wagtail's own workflow emails.

Who is told what (issue: "Notifications"):
- a step starts -> the group that must act on it (preference: submitted notifications);
- the writer is asked for changes -> the writer (rejected notifications);
- Kabag returns the draft -> the Kasubag group, with the reason (rejected notifications);
- the page is published -> the writer, and the Kasubag and Kabag who approved it, with the
  live URL (approved notifications);
- an emergency publication -> the Kabag group, so it can be reviewed afterwards (always).
Each user's notification preferences (Akun -> Notifikasi) are respected, except for the
emergency notice, which the SOP's supervisors must always receive.

Nothing here talks to the mail server: each message is written to the outbox (outbox.py) in the
transaction of the action that causes it, and delivered after it commits, with retries. Call
these functions inside that transaction (not from ``transaction.on_commit``), so a message exists
exactly when its action committed.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail.models import TaskState
from wagtail.users.models import UserProfile

from . import conf, outbox

logger = logging.getLogger(__name__)


def _wants(user, preference):
    if preference is None:
        return True
    return getattr(UserProfile.get_for_user(user), preference)


def recipients(users, preference=None, exclude=None):
    seen = set()
    result = []
    for user in users:
        if user is None or not user.is_active or not user.email or user.pk in seen:
            continue
        if exclude is not None and user.pk == exclude.pk:
            continue
        if not _wants(user, preference):
            continue
        seen.add(user.pk)
        result.append(user)
    return result


def group_members(groups):
    return get_user_model().objects.filter(is_active=True, groups__in=groups).distinct()


def notify(users, template, context):
    """Queue one email per recipient (addresses are never shared) in the outbox; returns how
    many. Delivered after the current transaction commits (outbox.py)."""
    context = {
        "base_url": settings.WAGTAILADMIN_BASE_URL,
        "account_url": settings.WAGTAILADMIN_BASE_URL + reverse("wagtailadmin_account"),
        "institution_name": conf.institution_name(),
        **context,
    }
    subject = render_to_string(f"sop_workflow/mail/{template}_subject.txt", context).strip()
    messages = [
        EmailMessage(
            subject,
            render_to_string(f"sop_workflow/mail/{template}.txt", {**context, "recipient": user}),
            None,
            [user.email],
        )
        for user in users
    ]
    outbox.enqueue(messages, jenis=template)
    return len(messages)


def page_context(workflow_state):
    page = workflow_state.content_object.specific
    return {
        "page": page,
        "page_type": page._meta.verbose_name,
        "workflow": workflow_state.workflow,
        "requested_by": workflow_state.requested_by,
        "edit_url": settings.WAGTAILADMIN_BASE_URL + reverse("wagtailadmin_pages:edit", args=(page.pk,)),
    }


def step_started(task_state, user=None):
    task = task_state.task.specific
    workflow_state = task_state.workflow_state
    users = recipients(
        group_members(task.groups.all()), "submitted_notifications", exclude=workflow_state.requested_by
    )
    notify(users, "step_started", {**page_context(workflow_state), "task": task, "task_state": task_state})


def changes_requested(task_state, user=None):
    workflow_state = task_state.workflow_state
    users = recipients([workflow_state.requested_by], "rejected_notifications")
    notify(users, "changes_requested", {**page_context(workflow_state), "task_state": task_state, "by": user})


def returned_to_kasubag(task_state, kasubag_task, user=None):
    workflow_state = task_state.workflow_state
    users = recipients(group_members(kasubag_task.groups.all()), "rejected_notifications")
    notify(users, "returned", {**page_context(workflow_state), "task_state": task_state, "by": user})


def published(record):
    """The writer and everyone who approved a step, with the live URL."""
    if record.workflow_state is None:
        return
    workflow_state = record.workflow_state
    approvers = [
        state.finished_by
        for state in TaskState.objects.filter(workflow_state=workflow_state, status=TaskState.STATUS_APPROVED)
        .select_related("finished_by")
        .order_by("finished_at")
    ]
    users = recipients([workflow_state.requested_by, *approvers], "approved_notifications")
    notify(users, "published", {**page_context(workflow_state), "record": record})


def emergency(record, kabag_groups):
    users = recipients(group_members(kabag_groups))
    notify(users, "emergency", {"record": record, "page": record.page})
