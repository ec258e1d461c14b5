"""SOP steps 4-7 as Wagtail workflow tasks, and the publication record (the SOP's dokumentasi).

Each task type carries its SOP step and its standard time (waktu baku, editable in the admin).
Every task state snapshots the standard time it started with, so changing it later does not
rewrite steps already under way (the SOP's rule on revisions).
"""

import datetime
import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import capfirst
from wagtail.log_actions import log
from wagtail.models import AbstractGroupApprovalTask, TaskState, Workflow, WorkflowState
from wagtail.signals import task_approved, task_cancelled, task_rejected

from .. import forms as sop_forms
from .. import mail as sop_mail

logger = logging.getLogger(__name__)


class SOPRefusal(Exception):
    """An SOP rule refused an action; answered with HTTP 403 and this message (middleware.py).

    Deliberately not a PermissionDenied: Wagtail's admin turns those into a redirect with a
    generic message, and the reviewer must be told which rule refused them.
    """


# --- Task states ----------------------------------------------------------------------------


class SOPTaskState(TaskState):
    """One run of an SOP step on a revision, with what the reviewer confirmed."""

    waktu_baku = models.DurationField("waktu baku saat mulai", null=True, blank=True)
    tenggat = models.DateTimeField("tenggat", null=True, blank=True)
    # Step 4: Kasubag's three checks.
    cek_kebenaran = models.BooleanField("kebenaran bahan diperiksa", default=False)
    cek_narasumber = models.BooleanField("dikonfirmasi kepada narasumber", default=False)
    narasumber = models.CharField("narasumber yang dikonfirmasi", max_length=255, blank=True)
    cek_bahasa = models.BooleanField("kalimat diperbaiki dan dilengkapi", default=False)
    # Step 5: Kabag returned the draft to Kasubag (not to the writer).
    dikembalikan = models.BooleanField("dikembalikan ke Kasubag", default=False)
    # Step 7: Web Admin's documentation note.
    catatan_dokumentasi = models.TextField("catatan dokumentasi", blank=True)

    class Meta:
        verbose_name = "status langkah SOP"
        verbose_name_plural = "status langkah SOP"


# --- Tasks ----------------------------------------------------------------------------------


def waktu_baku_field(default):
    return models.DurationField(
        "waktu baku",
        default=default,
        help_text="Standar waktu langkah ini menurut SOP (jj:mm:dd). Perubahan hanya berlaku untuk "
        "langkah yang dimulai sesudahnya.",
    )


class SOPTask(AbstractGroupApprovalTask):
    """Shared by the SOP's moderation steps: step number, standard time, and the SOP's rules."""

    sop_steps = ()  # the SOP step numbers this task covers
    waktu_baku = None  # a DurationField, with each step's SOP default (waktu_baku_field)

    task_state_class = SOPTaskState
    admin_form_fields = AbstractGroupApprovalTask.admin_form_fields + ["waktu_baku"]

    class Meta:
        abstract = True

    # action name -> form class; actions not listed use the optional comment form.
    action_forms = {}

    def start(self, workflow_state, user=None):
        from ..clock import due
        from .intake import SuratMasuk

        task_state = super().start(workflow_state, user=user)
        # The standard time and the due time as they are now: later changes of either, or of
        # the office calendar, do not move a step already under way.
        page = workflow_state.content_object
        surat = SuratMasuk.objects.filter(page_id=page.pk).only("sifat").first()
        tenggat = due(
            task_state.started_at,
            self.waktu_baku,
            page.specific_class._meta.model_name,
            bool(surat and surat.mendesak),
        )
        SOPTaskState.objects.filter(pk=task_state.pk).update(waktu_baku=self.waktu_baku, tenggat=tenggat)
        task_state.waktu_baku, task_state.tenggat = self.waktu_baku, tenggat
        return task_state

    # --- who may do what ---

    def sop_actions(self, workflow):
        """(name, label, needs a form) for this step; ``workflow`` is the running workflow."""
        return []

    def is_first_step(self, workflow):
        first = workflow.workflow_tasks.order_by("sort_order").values_list("task_id", flat=True).first()
        return first == self.pk

    def get_actions(self, obj, user):
        if not (user.is_superuser or self._user_in_groups(user)):
            return []
        workflow_state = obj.current_workflow_state
        if workflow_state is None or workflow_state.requested_by_id == user.pk:
            # Four eyes: whoever submitted the content approves no step of it.
            return []
        return self.sop_actions(workflow_state.workflow)

    def get_form_for_action(self, action):
        return self.action_forms.get(action, sop_forms.CommentForm)

    @classmethod
    def get_description(cls):
        return (cls.__doc__ or "").strip()

    def check_action(self, task_state, user, action_name):
        """Refuse, with the reason, anything but the right person acting on the current step."""
        workflow_state = task_state.workflow_state
        if task_state.task_id != self.pk:
            raise SOPRefusal("Tindakan ini bukan untuk langkah tersebut.")
        if (
            task_state.status != TaskState.STATUS_IN_PROGRESS
            or workflow_state.status != WorkflowState.STATUS_IN_PROGRESS
            or workflow_state.current_task_state_id != task_state.pk
        ):
            done_by = task_state.finished_by.get_full_name() if task_state.finished_by else ""
            raise SOPRefusal(
                "Langkah ini sudah tidak menunggu tindakan"
                + (f": sudah ditindaklanjuti oleh {done_by}" if done_by else "")
                + ". Muat ulang halaman untuk melihat statusnya sekarang."
            )
        if not (user.is_superuser or self._user_in_groups(user)):
            raise SOPRefusal(
                f"Langkah “{self.name}” hanya dapat ditindaklanjuti oleh kelompok yang ditugaskan."
            )
        if workflow_state.requested_by_id == user.pk:
            raise SOPRefusal(
                "Prinsip empat mata: Anda yang mengajukan konten ini tidak dapat menyetujui "
                "langkah mana pun dalam alurnya."
            )
        if action_name not in {name for name, _label, _modal in self.sop_actions(workflow_state.workflow)}:
            raise SOPRefusal("Tindakan ini tidak tersedia pada langkah ini.")
        if action_name == "approve":
            from .. import registry

            # What the last step would publish is the latest revision (Wagtail's on_finish);
            # the page type's publish blockers (registry.py) may refuse it.
            content = workflow_state.content_object.get_latest_revision().as_object()
            governed = registry.get(content)
            refusal = governed.blocker(content) if governed is not None else None
            if refusal:
                raise SOPRefusal(refusal)

    # --- doing it ---

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        from ..review import lock_page

        # Lock the page first (as the editor and the cancellation do: one order, no deadlock),
        # then re-read the step: the check below sees the committed state.
        lock_page(task_state.workflow_state.object_id)
        task_state = (
            SOPTaskState.objects.select_for_update().select_related("workflow_state").get(pk=task_state.pk)
        )
        self.check_action(task_state, user, action_name)
        # The data may come from the editor's JSON (workflow-action-extra-data), which the client
        # controls: validate it again with the action's form and keep only its fields.
        form = self.get_form_for_action(action_name)(data=kwargs)
        if not form.is_valid():
            errors = "; ".join(str(message) for messages in form.errors.values() for message in messages)
            raise SOPRefusal(f"Data tindakan tidak lengkap: {errors}")
        handler = getattr(self, f"do_{action_name}")
        return handler(task_state, user, **form.cleaned_data)

    def _finish(self, task_state, user, status, comment, **fields):
        """Close the step once: a conditional update, so two reviewers cannot both advance it."""
        now = timezone.now()
        claimed = TaskState.objects.filter(pk=task_state.pk, status=TaskState.STATUS_IN_PROGRESS).update(
            status=status, finished_at=now, finished_by=user, comment=comment
        )
        if claimed != 1:
            raise SOPRefusal("Langkah ini baru saja ditindaklanjuti oleh pengguna lain. Muat ulang halaman.")
        if fields:
            SOPTaskState.objects.filter(pk=task_state.pk).update(**fields)
        task_state.refresh_from_db()
        task_state.workflow_state.refresh_from_db()
        return task_state

    def do_approve(self, task_state, user, comment="", **fields):
        from ..review import PUBLISHING, check_reviewed

        # What is approved (and, at the last step, published) is the version reviewed, or nothing.
        reviewed = check_reviewed(task_state, user)
        task_state = self._finish(task_state, user, TaskState.STATUS_APPROVED, comment, **fields)
        task_state.log_state_change_action(user, "approve")
        token = PUBLISHING.set(reviewed)
        try:
            task_state.workflow_state.update(user=user)  # the last step publishes
        except SOPRefusal:
            raise
        except Exception as exc:
            logger.exception("Publication failed for task state %s", task_state.pk)
            # Leaving on_action's transaction with an exception rolls every change back.
            raise SOPRefusal(
                f"Penerbitan gagal dan dibatalkan; tidak ada yang berubah. Sebab: {exc}. "
                "Coba lagi, atau hubungi pengelola sistem."
            ) from exc
        finally:
            PUBLISHING.reset(token)
        task_approved.send(sender=SOPTaskState, instance=task_state, user=user)

    def do_reject(self, task_state, user, comment=""):
        task_state = self._finish(task_state, user, TaskState.STATUS_REJECTED, comment)
        task_state.log_state_change_action(user, "reject")
        task_state.workflow_state.update(user=user)
        task_rejected.send(sender=SOPTaskState, instance=task_state, user=user)


class PemeriksaanKasubagTask(SOPTask):
    """Step 4 of the SOP: Kasubag checks truth, confirms with sources, corrects the language."""

    sop_steps = (4,)
    waktu_baku = waktu_baku_field(datetime.timedelta(hours=1))
    action_forms = {"approve": sop_forms.KasubagCheckForm, "reject": sop_forms.ReasonForm}

    def sop_actions(self, workflow):
        return [
            ("reject", "Kembalikan ke penulis", True),
            ("approve", "Teruskan ke Kabag", True),
        ]

    class Meta:
        verbose_name = "Pemeriksaan Kasubag (langkah 4)"
        verbose_name_plural = "Pemeriksaan Kasubag (langkah 4)"


class PersetujuanKabagTask(SOPTask):
    """Step 5 of the SOP: Kabag approves, or returns the draft to Kasubag for correction."""

    sop_steps = (5,)
    waktu_baku = waktu_baku_field(datetime.timedelta(hours=1))
    action_forms = {"kembalikan": sop_forms.ReasonForm}

    def sop_actions(self, workflow):
        return [
            ("kembalikan", "Kembalikan ke Kasubag", True),
            ("approve", "Setujui", False),
            ("approve", "Setujui dengan komentar", True),
        ]

    def do_kembalikan(self, task_state, user, comment=""):
        """Back to the Kasubag step (not to the writer, as Wagtail's reject would)."""
        task_state = self._finish(task_state, user, TaskState.STATUS_CANCELLED, comment, dikembalikan=True)
        workflow_state = task_state.workflow_state
        kasubag_task = (
            PemeriksaanKasubagTask.objects.filter(workflow_tasks__workflow=workflow_state.workflow_id)
            .order_by("workflow_tasks__sort_order")
            .first()
        )
        log(
            instance=task_state.revision.as_object(),
            action="sop_workflow.kembalikan",
            user=user,
            revision=task_state.revision,
            data={
                "workflow": {"id": workflow_state.workflow_id, "title": workflow_state.workflow.name},
                "task": {"id": self.pk, "title": self.name},
                "comment": comment,
            },
        )
        workflow_state.update(user=user, next_task=kasubag_task)
        task_cancelled.send(sender=SOPTaskState, instance=task_state, user=user)
        sop_mail.returned_to_kasubag(task_state, kasubag_task, user=user)  # outbox: sent after the commit

    class Meta:
        verbose_name = "Persetujuan Kabag (langkah 5)"
        verbose_name_plural = "Persetujuan Kabag (langkah 5)"


class PenerbitanWebAdminTask(SOPTask):
    """Steps 6-7 of the SOP: handed to Web Admin, who publishes and documents it."""

    sop_steps = (6, 7)
    waktu_baku = waktu_baku_field(datetime.timedelta(minutes=5) + datetime.timedelta(hours=1))
    action_forms = {"approve": sop_forms.WebAdminPublishForm, "reject": sop_forms.ReasonForm}

    def sop_actions(self, workflow):
        # Wagtail adds "dan Publikasikan" to the approve action of the last step.
        actions = [("approve", "Dokumentasikan", True)]
        if self.is_first_step(workflow):
            # Berita's short path: Web Admin may send it back to the writer. In the full path a
            # return to the writer would restart at this step and skip Kasubag and Kabag.
            actions.insert(0, ("reject", "Kembalikan ke penulis", True))
        return actions

    class Meta:
        verbose_name = "Penerbitan Web Admin (langkah 6-7)"
        verbose_name_plural = "Penerbitan Web Admin (langkah 6-7)"


# --- Which workflow each material type follows ----------------------------------------------


class AlurJenisPublikasi(models.Model):
    """The workflow a material type follows, wherever its page sits in the tree."""

    content_type = models.OneToOneField(
        ContentType, verbose_name="jenis publikasi", on_delete=models.CASCADE, related_name="+"
    )
    workflow = models.ForeignKey(
        Workflow, verbose_name="alur kerja", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "alur per jenis publikasi"
        verbose_name_plural = "alur per jenis publikasi"

    def __str__(self):
        return f"{capfirst(self.content_type.model_class()._meta.verbose_name)}: {self.workflow.name}"


# --- Publication record ---------------------------------------------------------------------


class PublicationRecord(models.Model):
    """The SOP's dokumentasi: what went live, who did each step and when, kept for the archive.

    Kept even when the page is later changed, unpublished or deleted: every reference to the
    page is nullable and its title, type and URL are copied.
    """

    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="publication_records",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision_number = models.PositiveIntegerField("nomor revisi")
    workflow_state = models.ForeignKey(
        "wagtailcore.WorkflowState", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    surat_masuk = models.ForeignKey(
        "sop_workflow.SuratMasuk",
        verbose_name="surat masuk",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="publication_records",
    )
    page_title = models.CharField("judul", max_length=255)
    page_type = models.CharField("jenis publikasi", max_length=100)
    url = models.URLField("alamat terbit", max_length=500)
    published_at = models.DateTimeField("waktu terbit")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_by_name = models.CharField("diterbitkan oleh", max_length=255, blank=True)
    steps = models.JSONField("langkah SOP", default=list)
    catatan_dokumentasi = models.TextField("catatan dokumentasi", blank=True)
    darurat = models.BooleanField("terbit darurat", default=False)
    alasan_darurat = models.TextField("alasan terbit darurat", blank=True)
    html = models.TextField("salinan HTML halaman terbit")
    sha256 = models.CharField("SHA-256 salinan HTML", max_length=64)

    class Meta:
        ordering = ["-published_at"]
        verbose_name = "catatan penerbitan"
        verbose_name_plural = "catatan penerbitan"

    def __str__(self):
        return f"{self.page_title} ({timezone.localtime(self.published_at):%d/%m/%Y %H:%M})"


def workflow_for_type(model):
    """The active workflow assigned to a material type (``AlurJenisPublikasi``), or None."""
    assignment = (
        AlurJenisPublikasi.objects.filter(
            content_type=ContentType.objects.get_for_model(model), workflow__active=True
        )
        .select_related("workflow")
        .first()
    )
    return assignment.workflow if assignment else None
