"""Who reviews a page now, and what that lets them see (issue #17: reviewers see what they approve).

Wagtail opens the editor to the group of the current workflow task (``user_can_access_editor``),
but several views around the editor first ask whether the user holds *any* page permission of
their own, which Kabag, by design, does not (sop_workflow/roles.py):

- the preview on edit (``PreviewOnEdit.permission_required = "change"``, a user-wide check), so
  the preview panel stays blank;
- the page history (``HistoryView.any_permission_required``), so "History" answers "Maaf, Anda
  tidak memiliki izin…";
- the revision preview and the comparison of revisions (``user_has_any_page_permission``).

The views in sop_workflow/views.py lift exactly those gates for :func:`is_current_reviewer`, and
for nobody else: a reviewer of another step, another writer, Sekretaris are refused as before.
"""

from wagtail.models import AbstractGroupApprovalTask, TaskState, WorkflowState


def current_review_step(page):
    """(workflow state, group-approval task) the page waits on now, or (None, None)."""
    workflow_state = page.current_workflow_state
    if workflow_state is None or workflow_state.status != WorkflowState.STATUS_IN_PROGRESS:
        return None, None
    task_state = workflow_state.current_task_state
    if task_state is None or task_state.status != TaskState.STATUS_IN_PROGRESS:
        return None, None
    task = task_state.task.specific
    if not isinstance(task, AbstractGroupApprovalTask):
        return None, None
    return workflow_state, task


def is_current_reviewer(user, page):
    """Whether ``user`` is to act on the step ``page`` is at now.

    That is: an active user in a group of the current in-progress task, who did not submit the
    page to the workflow (four eyes: the submitter reviews no step of it).
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    workflow_state, task = current_review_step(page)
    return bool(
        task is not None
        and workflow_state.requested_by_id != user.pk
        and task.groups.filter(pk__in=user.groups.values("pk")).exists()
    )
