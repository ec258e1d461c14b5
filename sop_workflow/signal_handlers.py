"""Signal wiring of the SOP workflow, connected from apps.py ready()."""

from wagtail.models import WorkflowState
from wagtail.signals import (
    page_published,
    task_rejected,
    task_submitted,
    workflow_approved,
    workflow_rejected,
    workflow_submitted,
)

from . import mail


def on_page_published(sender, instance, revision, **kwargs):
    from . import registry
    from .emergency import EMERGENCY
    from .publication import record_publication

    if not registry.is_governed(instance) or not instance.live:
        # Wagtail also sends page_published when it only schedules a future go-live; the
        # record is written when publish_scheduled makes the page live.
        return
    from .intake import release_attachments

    release_attachments(instance)
    emergency = EMERGENCY.get()
    if emergency:
        record_publication(instance, revision, user=emergency["user"], darurat=emergency["reason"])
    else:
        record = record_publication(instance, revision, user=kwargs.get("user"))
        mail.published(record)  # into the outbox, in this transaction; sent after it commits


def on_step_started(sender, instance, user=None, **kwargs):
    mail.step_started(instance, user=user)


def on_changes_requested(sender, instance, user=None, **kwargs):
    mail.changes_requested(instance, user=user)


def register_signal_handlers():
    from .models import SOPTaskState

    page_published.connect(on_page_published, dispatch_uid="sop_workflow_publication_record")
    task_submitted.connect(on_step_started, sender=SOPTaskState, dispatch_uid="sop_workflow_step_started")
    task_rejected.connect(
        on_changes_requested, sender=SOPTaskState, dispatch_uid="sop_workflow_changes_requested"
    )
    # Our notifications replace Wagtail's workflow-level ones, which would say the same twice.
    # (sop_workflow sits after wagtail.admin in INSTALLED_APPS, so those are connected by now.)
    for signal, uid in (
        (workflow_submitted, "workflow_state_submitted_email_notification"),
        (workflow_rejected, "workflow_state_rejected_email_notification"),
        (workflow_approved, "workflow_state_approved_email_notification"),
    ):
        signal.disconnect(sender=WorkflowState, dispatch_uid=uid)
