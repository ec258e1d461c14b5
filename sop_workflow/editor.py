"""The page editor of the SOP types: a workflow action runs exactly once, on what the reviewer saw.

Why: Wagtail 8's editor autosaves (``WAGTAIL_AUTOSAVE_INTERVAL``, 500 ms) by posting the whole
edit form in the background, and Wagtail's workflow-action script adds the reviewer's choice to
that form as hidden inputs. So a background save could carry the action again, as can a double
click, a second tab or a network retry. Wagtail's ``EditView`` reads the page, saves the posted
form over it (``form.save()``) and only then looks for the step: a request that lost the race
reverted a just-published page to a draft, or answered 500 (Wagtail PR #14460). How autosave and
workflow actions coexist here:

1. Every POST of the editor runs in one transaction that first locks the page (``lock_page``):
   two requests for one page are served one after the other, and the second sees what the first
   committed. A refusal anywhere rolls the whole request back: no revision is left behind.
2. An autosave (a request asking for JSON) never carries an action: one that does is answered
   409 and changes nothing. The editor script (``sop_workflow/editor.js``) takes the action fields
   out of autosaves, waits for a save under way before sending an action, and sends it once.
3. A workflow action names the step it was meant for (``sop_task_state``, rendered into the form)
   and the revision the reviewer saw (``sop_seen_revision``, moved on by the tab's own autosaves).
   If that step is no longer waiting, nothing changes and the person is told who processed it
   ("sudah diproses oleh …"); a double click of the same person ends where the first click did.
   If someone saved a newer version meanwhile, or rewrote the one seen in place (a colleague's
   autosave), the action is refused ("konsep berubah sejak Anda membukanya"): an approval
   publishes only what its reviewer saw. An autosave may not rewrite in place a version a step
   started on or the workflow published (an old tab left open): it is answered 409. An action the person may not
   take is refused with the SOP rule, never silently turned into a plain save of a stale form.
4. Cancelling or restarting the workflow from the edit form is refused: cancelling has its own
   page with a written reason (``review.cancel_workflow``), allowed to Kabag and to the writer
   before anyone reviewed it.
"""

import json

from django.contrib import messages
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.revisions import RevisionsRevertView
from wagtail.models import Page, TaskState, WorkflowState

from . import outbox, review
from .models import SOPRefusal
from .roles import user_label

ACTION_FIELDS = (
    "action-workflow-action",
    "action-submit",
    "action-publish",
    "action-cancel-workflow",
    "action-restart-workflow",
)
ON_ACTION_ARGUMENTS = {"self", "task_state", "user", "action_name"}
CANCEL_FIELDS = ("action-cancel-workflow", "action-restart-workflow")

AUTOSAVE_WITH_ACTION = (
    "Simpan otomatis tidak menjalankan tindakan alur SOP; tindakan hanya dijalankan oleh tombolnya. "
    "Tidak ada yang diubah. Muat ulang halaman untuk melihat statusnya sekarang."
)
CANCEL_ELSEWHERE = (
    "Alur SOP dibatalkan lewat menu “Batalkan alur SOP…”, dengan alasan tertulis. Tidak ada yang diubah."
)
AUTOSAVE_OVER_REVIEWED = (
    "Versi yang disimpan otomatis dari tab ini sudah ditinjau dalam alur SOP atau sudah terbit, "
    "sehingga tidak ditimpa. Tidak ada yang diubah. Muat ulang halaman untuk melanjutkan dari "
    "versi terbaru."
)
BAD_EXTRA_DATA = (
    "Data tindakan alur tidak dapat dibaca (bukan isian formulir yang sah). Tidak ada yang diubah: "
    "muat ulang halaman lalu ulangi tindakan Anda."
)


def _posted_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class SOPEditorMixin:
    """The rules above, on Wagtail's edit view (and its "revert to this revision" variant)."""

    def dispatch(self, request, *args, **kwargs):
        if request.method != "POST":
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            review.lock_page(kwargs["page_id"])
            # Before Wagtail's own checks: a reviewer whose step is done may no longer edit the
            # page, but their second click still deserves the answer "already processed".
            answer = self.sop_guard(Page.objects.get(pk=kwargs["page_id"]).specific)
            if answer is not None:
                return answer
            # The version this form was loaded from: what an approval may stand for
            # (review.check_reviewed, under this lock, after the form's own save).
            token = review.REVIEWED.set(getattr(self, "sop_reviewed_revision", None))
            try:
                return super().dispatch(request, *args, **kwargs)
            finally:
                review.REVIEWED.reset(token)

    def get_template_names(self):
        names = super().get_template_names()
        return [
            "sop_workflow/editor/edit.html" if name == "wagtailadmin/pages/edit.html" else name
            for name in names
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        task_state = self.page.current_workflow_task_state
        context["sop_task_state_id"] = task_state.pk if task_state else ""
        return context

    # --- the guard ---

    def sop_guard(self, page):
        posted = {name for name in ACTION_FIELDS if self.request.POST.get(name)}
        if self.expects_json_response:
            if posted:
                return self.autosave_refused(AUTOSAVE_WITH_ACTION)
            if self.overwrites_a_reviewed_revision(page):
                return self.autosave_refused(AUTOSAVE_OVER_REVIEWED)
            return None
        if posted & set(CANCEL_FIELDS):
            raise SOPRefusal(CANCEL_ELSEWHERE)
        if "action-workflow-action" in posted:
            return self.guard_workflow_action(page)
        if "action-submit" in posted:
            return self.guard_submit(page)
        return None

    def guard_submit(self, page):
        """ "Ajukan" once: while the run it started is under way, a second one is answered (Wagtail
        would turn it into a plain save of the old form, or refuse it in English as "locked")."""
        workflow_state = page.current_workflow_state
        if workflow_state is None or workflow_state.status != WorkflowState.STATUS_IN_PROGRESS:
            return None  # a first submission, or a resubmission after a return: Wagtail's
        message = review.already_submitted_message(workflow_state, self.request.user)
        if workflow_state.requested_by_id == self.request.user.pk:
            messages.info(self.request, message)
            return redirect("wagtailadmin_home")
        raise SOPRefusal(message)

    def autosave_refused(self, message):
        # "invalid_revision": Wagtail's autosave stops and shows the message (core.js).
        return JsonResponse(
            {"success": False, "error_code": "invalid_revision", "error_message": message}, status=409
        )

    def overwrites_a_reviewed_revision(self, page):
        """An autosave rewrites its tab's last autosaved revision in place (Wagtail checks only
        that it is the page's latest and the same user's). Once a step started on that version
        or the workflow published it, it is what a reviewer saw, approved or returned, or what is
        live with its publication record: an old tab must not rewrite it under them."""
        from .models import PublicationRecord

        revision_id = _posted_int(self.request.POST.get("overwrite_revision_id"))
        if revision_id is None:
            return False
        return (
            revision_id == page.live_revision_id
            or TaskState.objects.filter(revision_id=revision_id).exists()
            or PublicationRecord.objects.filter(revision_id=revision_id).exists()
        )

    def guard_workflow_action(self, page):
        user = self.request.user
        if self.sop_extra_data is None:
            return TemplateResponse(
                self.request, "sop_workflow/refused.html", {"reason": BAD_EXTRA_DATA}, status=400
            )
        current = page.current_workflow_task_state
        meant_id = _posted_int(self.request.POST.get("sop_task_state"))
        meant = current if current is not None and current.pk == meant_id else None
        if meant is None and meant_id is not None:
            meant = (
                TaskState.objects.select_related("finished_by", "workflow_state").filter(pk=meant_id).first()
            )
            if meant is not None and meant.workflow_state.object_id == str(page.pk):
                return self.already_processed(meant)
            raise SOPRefusal("Langkah alur itu bukan milik halaman ini.")
        if current is None:
            # Posted without naming its step (no script): the run it was meant for has ended.
            last = (
                TaskState.objects.filter(workflow_state__in=page.workflow_states.all())
                .exclude(status=TaskState.STATUS_IN_PROGRESS)
                .select_related("finished_by", "workflow_state")
                .order_by("-finished_at", "-pk")
                .first()
            )
            if last is None:
                raise SOPRefusal(f"“{page.title}” tidak sedang menunggu tindakan dalam alur SOP.")
            return self.already_processed(last)
        task = current.task.specific
        action = self.request.POST.get("workflow-action-name")
        if action not in {name for name, _label, _modal in task.get_actions(page, user)}:
            task.check_action(current.specific, user, action)
            raise SOPRefusal("Tindakan ini tidak tersedia bagi Anda pada langkah ini.")
        self.refuse_stale_draft(page)
        self.sop_acting_on = current
        return None

    def refuse_stale_draft(self, page):
        """The reviewer acts on the version they saw, or not at all."""
        seen = _posted_int(
            self.request.POST.get("sop_seen_revision") or self.request.POST.get("loaded_revision_id")
        )
        self.sop_reviewed_revision = seen
        latest = page.latest_revision
        if seen is None or latest is None:
            return  # the approval stands for the step's own revision (review.check_reviewed)
        if latest.pk == seen and not self.rewritten_since_loaded(latest, seen):
            return
        if not review.refuse_changed_since_review():
            return  # SOP_REFUSE_CHANGED_SINCE_REVIEW=False: on what was seen, recorded
        raise SOPRefusal(
            "Konsep berubah sejak Anda membukanya: versi yang lebih baru disimpan oleh "
            f"{user_label(latest.user) or 'pengguna lain'} pada {review.when(latest.created_at)}. "
            "Tidak ada yang diubah. Muat ulang halaman, tinjau versi terbaru, lalu ulangi tindakan Anda."
        )

    def rewritten_since_loaded(self, latest, seen):
        """The revision seen is the one the editor loaded, but a colleague's autosave rewrote it
        in place since (same id, newer time: Wagtail's own test in ``EditView.is_out_of_date``).
        Once this tab autosaved, it sees its own revision, which no one else may rewrite."""
        loaded_at = self.request.POST.get("loaded_revision_created_at")
        return (
            bool(loaded_at)
            and _posted_int(self.request.POST.get("loaded_revision_id")) == seen
            and loaded_at != latest.created_at.isoformat()
        )

    def already_processed(self, task_state):
        message = review.already_processed_message(task_state, self.request.user)
        if task_state.finished_by_id == self.request.user.pk:
            # The same person's second click or retry: they end where the first one took them.
            messages.info(self.request, message)
            return redirect("wagtailadmin_home")
        raise SOPRefusal(message)

    @cached_property
    def sop_extra_data(self):
        try:
            data = json.loads(self.request.POST.get("workflow-action-extra-data") or "{}")
        except ValueError:
            return None
        if not isinstance(data, dict) or set(data) & ON_ACTION_ARGUMENTS:
            # Wagtail passes the answers on as on_action(task_state, user, action_name, **data):
            # one named like an argument would crash the request (a 500) instead of being refused.
            return None
        return data

    # --- doing it ---

    def send_commenting_notifications(self, changes):
        # Wagtail mails comment subscribers from inside the view, that is inside the transaction
        # that holds the page (on SQLite, the database's write lock): a slow mail server would
        # hold every other save. With the outbox as EMAIL_BACKEND (production) they are written
        # to it in this transaction and delivered after the commit; with a direct backend
        # (development, tests) they are sent once it committed. Either way, only if it did.
        send = super().send_commenting_notifications
        if outbox.is_default_backend():
            send(changes)
        else:
            transaction.on_commit(lambda: send(changes))

    def add_save_confirmation_message(self):
        if self.action_name != "perform_workflow_action":
            return super().add_save_confirmation_message()
        # Called once the action ran: say what it did and what comes next.
        task_state = TaskState.objects.select_related("workflow_state").get(pk=self.sop_acting_on.pk)
        messages.success(self.request, review.action_message(task_state, self.workflow_action))
        return None


class SOPEditView(SOPEditorMixin, EditView):
    pass


class SOPRevisionsRevertView(SOPEditorMixin, RevisionsRevertView):
    pass


class SOPCreateView(CreateView):
    """The create view autosaves too (Wagtail turns it into the editor after the first save):
    the same script makes a submit wait for an autosave under way and go once."""

    template_name = "sop_workflow/editor/create.html"
