"""WAGTAIL_FINISH_WORKFLOW_ACTION. Imported while wagtail.models loads: keep it import-free."""


def publish_workflow_state(workflow_state, user=None):
    """The approved workflow publishes, whoever approved last.

    No role holds the publish permission; passing every step of the workflow is the permission.
    A future go-live date schedules the page instead (Wagtail's revision publishing does that).
    What it publishes is the revision the last approver reviewed, chosen under the page's lock by
    ``review.check_reviewed`` (the latest revision, unless it was refused or
    SOP_REFUSE_CHANGED_SINCE_REVIEW=False kept the reviewed one).
    """
    from .review import PUBLISHING

    revision = PUBLISHING.get() or workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)
