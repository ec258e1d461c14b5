"""Admin views of the six SOP types: the moderation action (every refusal is a 403 with its
reason), and the views a reviewer needs to see what he approves (review_access.py)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from wagtail.admin.views.pages.history import (
    PageHistoryView,
    PageWorkflowHistoryViewMixin,
    WorkflowHistoryDetailView,
    WorkflowHistoryView,
)
from wagtail.admin.views.pages.preview import PreviewOnEditView
from wagtail.admin.views.pages.revisions import RevisionsCompareView, RevisionsView
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page, TaskState

from . import review
from .editor import SOPCreateView, SOPEditView, SOPRevisionsRevertView
from .models import SOPRefusal
from .review import lock_page
from .review_access import is_current_reviewer
from .roles import user_label


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
        if request.method != "POST":
            return self.dispatch_checked(request, *args, **kwargs)
        with transaction.atomic():
            lock_page(self.object.pk)  # after an action under way on this page, never beside it
            done = TaskState.objects.select_related("finished_by", "workflow_state").get(
                pk=self.task_state.pk
            )
            if done.status != TaskState.STATUS_IN_PROGRESS:
                message = review.already_processed_message(done, request.user)
                xhr = request.headers.get("x-requested-with") == "XMLHttpRequest"
                if done.finished_by_id != request.user.pk and not xhr:
                    raise SOPRefusal(message)
                # The same person's second click or retry: where the first one took them, told so.
                # (The queue's dialog ignores an error answer: a colleague is told the same way.)
                if done.finished_by_id == request.user.pk:
                    messages.info(request, message)
                else:
                    messages.error(request, message)
                if xhr:
                    return self.render_modal_json(
                        request, {"step": "success", "redirect": reverse("wagtailadmin_home")}
                    )
                return redirect("wagtailadmin_home")
            return self.dispatch_checked(request, *args, **kwargs)

    def dispatch_checked(self, request, *args, **kwargs):
        page = Page.objects.get(pk=self.object.pk)
        if not page.workflow_in_progress:
            raise SOPRefusal(f"“{self.object.title}” tidak sedang menunggu tindakan dalam alur SOP.")
        if request.method == "POST" and self.action_name == "approve":
            self.refuse_unreviewed_version(page)
        return super().dispatch(request, *args, **kwargs)

    def refuse_unreviewed_version(self, page):
        """From the queue, the reviewer has seen the version the step started with (the queue's
        preview shows it) or one they saved themselves: an approval publishes nothing else."""
        latest = page.get_latest_revision()
        if (
            not review.refuse_changed_since_review()  # then on the step's revision, recorded
            or latest is None
            or latest.pk == self.task_state.revision_id
            or latest.user_id == self.request.user.pk
        ):
            return
        raise SOPRefusal(
            "Konsep berubah sejak langkah ini dimulai: versi yang lebih baru disimpan oleh "
            f"{user_label(latest.user) or 'pengguna lain'} pada {review.when(latest.created_at)}. "
            "Tidak ada yang diubah. Buka konsepnya di editor, tinjau versi terbaru, lalu setujui dari sana."
        )

    def check_action(self):
        try:
            super().check_action()
        except PermissionDenied:
            # Say which rule refused (group, four eyes, stale step...).
            self.task.check_action(self.task_state, self.request.user, self.action_name)
            raise SOPRefusal("Tindakan ini tidak tersedia bagi Anda pada langkah ini.") from None


# --- What the reviewer of the current step may see -------------------------------------------
# Wagtail checks these views twice: the page against the user (``can_edit``, which the workflow
# grants to the current task's group), and, first or after, the user alone: does he hold any page
# permission anywhere? Kabag holds none (roles.py), so he was refused his own step's preview,
# history and comparisons. Each view below answers both questions with "yes" for the current
# reviewer (review_access.is_current_reviewer) and asks Wagtail as before for everyone else.


def _page_for_reviewer(request, page_id, refusal):
    """The page (specific) when ``request.user`` reviews its current step; else re-raise."""
    page = get_object_or_404(Page, id=page_id).specific
    if not is_current_reviewer(request.user, page):
        raise refusal
    return page


class SOPPreviewOnEditView(PreviewOnEditView):
    """The editor's preview panel (POST of the form, then GET of the preview in a frame)."""

    def get_object(self):
        try:
            return super().get_object()
        except PermissionDenied as refusal:
            return _page_for_reviewer(
                self.request, self.kwargs["page_id"], refusal
            ).get_latest_revision_as_object()

    def user_has_permission(self, permission):
        # PreviewOnEdit asks for "change" on pages in general before anything else.
        return super().user_has_permission(permission) or (
            permission == "change" and is_current_reviewer(self.request.user, self.object)
        )


class SOPPageHistoryView(PageHistoryView):
    """The page's history, with "Bandingkan dengan versi sebelumnya" for each revision."""

    def get_object(self):
        try:
            return super().get_object()
        except PermissionDenied as refusal:
            return _page_for_reviewer(self.request, self.pk, refusal)

    def user_has_any_permission(self, permissions):
        return super().user_has_any_permission(permissions) or is_current_reviewer(
            self.request.user, self.object
        )


class SOPRevisionsView(RevisionsView):
    """One revision of the page, as its public page would show it."""

    def get_object(self):
        try:
            return super().get_object()
        except PermissionDenied as refusal:
            return _page_for_reviewer(self.request, self.pk, refusal)

    def dispatch(self, request, *args, **kwargs):
        if is_current_reviewer(request.user, self.object):
            # Past RevisionsView's user_has_any_page_permission test, to the view itself.
            return super(RevisionsView, self).dispatch(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)


class SOPRevisionsCompareView(RevisionsCompareView):
    """Two revisions of the page side by side ("Bandingkan")."""

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except PermissionDenied as refusal:
            return _page_for_reviewer(self.request, self.pk, refusal)

    def dispatch(self, request, *args, **kwargs):
        if is_current_reviewer(request.user, self.object):
            return super(RevisionsCompareView, self).dispatch(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)


class SOPWorkflowHistoryView(WorkflowHistoryView):
    """The page's runs through the SOP workflow, step by step."""

    def dispatch(self, request, *args, **kwargs):
        if is_current_reviewer(request.user, self.object):
            # Past PageWorkflowHistoryViewMixin's can_edit check, to the view itself.
            return super(PageWorkflowHistoryViewMixin, self).dispatch(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)


class SOPWorkflowHistoryDetailView(WorkflowHistoryDetailView):
    """One run of the workflow: who did what at each step, with comments."""

    def dispatch(self, request, *args, **kwargs):
        if is_current_reviewer(request.user, self.object):
            return super(PageWorkflowHistoryViewMixin, self).dispatch(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)


class SOPPageViewSet(PageViewSet):
    """Admin views for one SOP material type."""

    workflow_action_view_class = SOPWorkflowActionView
    # The editor: a workflow action runs once, on what the reviewer saw (editor.py).
    edit_view_class = SOPEditView
    add_view_class = SOPCreateView
    revisions_revert_view_class = SOPRevisionsRevertView
    preview_on_edit_view_class = SOPPreviewOnEditView
    history_view_class = SOPPageHistoryView
    revisions_view_class = SOPRevisionsView
    revisions_compare_view_class = SOPRevisionsCompareView
    workflow_history_view_class = SOPWorkflowHistoryView
    workflow_history_detail_view_class = SOPWorkflowHistoryDetailView
