"""Admin panels of the register: the dashboard's "Disposisi untuk Anda", and the page editor's
link back to the register entry a draft was made from."""

from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from wagtail.admin.panels import Panel
from wagtail.admin.ui.components import Component

from . import registry


class DisposisiUntukAndaPanel(Component):
    """Entries waiting for the signed-in user: a Kasubag's step 2, a writer's step 3."""

    name = "disposisi_untuk_anda"
    template_name = "sop_workflow/intake/panel_disposisi.html"
    order = 90

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        from .models import Disposisi, StatusSurat, SuratMasuk

        user = self.request.user
        mine = Disposisi.objects.filter(surat=OuterRef("pk"), kepada=user)
        entries = (
            SuratMasuk.objects.filter(Exists(mine))
            .before_review(returned_too=True)
            .with_status()
            .with_chain()
            .filter(
                status_kode__in=[
                    StatusSurat.DISPOSISI_KASUBAG,
                    StatusSurat.DISPOSISI_PENULIS,
                    StatusSurat.KONSEP,
                    StatusSurat.DIKEMBALIKAN,
                ]
            )
            .order_by("diterima_pada")
        )
        rows = []
        for surat in entries:
            # Still mine: the latest disposition of the step that is waiting names this user.
            if surat.status_kode == StatusSurat.DISPOSISI_KASUBAG:
                current, step = surat.current(Disposisi.Langkah.KASUBAG), "Tugaskan penulis (langkah 2)"
            else:
                current, step = surat.current(Disposisi.Langkah.PENULIS), "Susun konsep (langkah 3)"
            if current is None or current.kepada_id != user.pk:
                continue
            rows.append({"surat": surat, "disposisi": current, "tindakan": step})
        return {"rows": rows, "request": self.request}

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        if not context["rows"]:
            return ""
        return render_to_string(self.template_name, context, request=self.request)


class RunningStepsPanel(Component):
    """A dashboard table of running SOP steps with their due times."""

    template_name = "sop_workflow/dashboard/running_steps.html"
    heading = ""

    def __init__(self, request):
        self.request = request

    def rows(self):
        return [], 0

    def task_groups(self):
        """The SOP tasks' groups, loaded once for both panels of the dashboard."""
        from .dashboard import task_groups

        if not hasattr(self.request, "_sop_task_groups"):
            self.request._sop_task_groups = task_groups()
        return self.request._sop_task_groups

    def render_html(self, parent_context=None):
        rows, total = self.rows()
        if not rows:
            return ""
        context = {"rows": rows, "total": total, "heading": self.heading, "panel_id": self.name}
        return render_to_string(self.template_name, context, request=self.request)


class MenungguTindakanPanel(RunningStepsPanel):
    """The signed-in user's own running steps (SOP steps 1-7), soonest due first."""

    name = "menunggu-tindakan-anda"
    heading = "Menunggu tindakan Anda"
    order = 80

    def rows(self):
        from .dashboard import waiting_for

        rows = waiting_for(self.request.user, self.task_groups())
        return rows, len(rows)


class TerlambatPanel(RunningStepsPanel):
    """Every running step past its due time, for Kabag and Kasubag (the SOP's named risk)."""

    name = "terlambat"
    heading = "Terlambat"
    order = 70

    def rows(self):
        from .dashboard import overdue

        return overdue(self.task_groups())


class SOPStatusPanel(Panel):
    """At the top of the editor of the six types: the SOP step under way with its due time and
    time left (or overdue), and the register entry the draft was made from, with the library
    copies of its files that the writer may attach (references, not attachments)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "sop_workflow/intake/page_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.surat = None
            self.step = None
            self.references = [], []
            if self.instance is None or not self.instance.pk:
                return
            from .intake import can_view, reference_files
            from .models import SOPTaskState, SuratMasuk

            surat = (
                SuratMasuk.objects.filter(page_id=self.instance.pk)
                .with_chain()
                .prefetch_related("berkas")
                .first()
            )
            if surat is not None and can_view(self.request.user, surat):
                self.surat = surat
                self.references = reference_files(surat)
            self.step = (
                SOPTaskState.objects.filter(
                    status="in_progress",
                    workflow_state__status="in_progress",
                    workflow_state__object_id=str(self.instance.pk),
                )
                .select_related("task")
                .order_by("-started_at")
                .first()
            )

        def is_shown(self):
            return self.surat is not None or self.step is not None

        def get_context_data(self, parent_context=None):
            from django.utils import timezone

            context = super().get_context_data(parent_context)
            context["surat"] = self.surat
            context["step"] = self.step
            # The entry's files copied into the library: offered to attach, none attached by
            # itself (intake.create_draft); marked once the draft in the editor uses them.
            documents, images = self.references
            governed = registry.get(self.instance)
            attached = governed.attachments(self.instance) if governed else set()
            lead = governed.lead_image(self.instance) if governed else None
            context["reference_documents"] = [(item, item.pk in attached) for item in documents]
            context["reference_images"] = [(item, item.pk == lead) for item in images]
            if self.step is not None and self.step.tenggat is not None:
                now = timezone.now()
                context["late"] = self.step.tenggat < now
                context["gap"] = abs(self.step.tenggat - now)
            return context
