"""The moderation action view for the six SOP types: every refusal is a 403 with its reason."""

from django.core.exceptions import PermissionDenied
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet

from .models import SOPRefusal


class SOPWorkflowActionView(WorkflowActionView):
    """Wagtail's action view, refusing with the SOP rule that applies instead of a redirect."""

    def get_task_state(self):
        task_state = super().get_task_state()
        workflow_state = task_state.workflow_state
        # Wagtail takes the task state id from the URL as it is; it must belong to this page.
        if workflow_state.object_id != str(self.object.pk) or (
            workflow_state.base_content_type_id != self.object.get_base_content_type().id
        ):
            raise SOPRefusal("Langkah alur itu bukan milik halaman ini.")
        return task_state

    def dispatch(self, request, *args, **kwargs):
        if not self.object.workflow_in_progress:
            raise SOPRefusal(f"“{self.object.title}” tidak sedang menunggu tindakan dalam alur SOP.")
        return super().dispatch(request, *args, **kwargs)

    def check_action(self):
        try:
            super().check_action()
        except PermissionDenied:
            # Say which rule refused (group, four eyes, stale step...).
            self.task.check_action(self.task_state, self.request.user, self.action_name)
            raise SOPRefusal("Tindakan ini tidak tersedia bagi Anda pada langkah ini.") from None


class SOPPageViewSet(PageViewSet):
    """Admin views for one SOP material type."""

    workflow_action_view_class = SOPWorkflowActionView
