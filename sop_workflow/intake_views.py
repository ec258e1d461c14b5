"""The register's action views beside its ModelAdmin (intake_admin.py): create, edit, inspect,
the dispositions (steps 1-2), the draft (step 3), cancellation, the files and the control sheet."""

from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from wagtail.admin import messages
from wagtail_modeladmin.views import (
    CreateView,
    DeleteView,
    EditView,
    HistoryView,
    IndexView,
    InspectView,
    InstanceSpecificView,
)

from . import conf, intake
from .intake_forms import BatalForm, DisposisiForm
from .models import BerkasSuratMasuk, Disposisi, SOPRefusal, SuratMasuk
from .review import may_cancel
from .spreadsheet import FORMULA_STARTS, spreadsheet_text
from .timeline import timeline


def _refuse_unless(allowed, reason):
    if not allowed:
        raise SOPRefusal(reason)
    return True


class SuratMasukIndexView(IndexView):
    ALLOWED_PARAMS = {
        "q",
        "o",
        "ot",
        "p",
        "export",
        "status",
        "penerima",
        "tahun__exact",
        "tahun__isnull",
        "jenis_surat__exact",
        "jenis_publikasi__exact",
        "sifat__exact",
    }

    def get_heading(self, queryset, field):
        return self.model_admin.export_headings.get(field) or super().get_heading(queryset, field)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.permission_helper.user_can_list(request.user):
            raise SOPRefusal("Agenda surat masuk hanya untuk Kabag, Kasubag, penulis dan Web Admin.")
        unknown = sorted(set(request.GET) - self.ALLOWED_PARAMS)
        try:
            if unknown:
                raise IncorrectLookupParameters("Parameter tidak dikenal: " + ", ".join(unknown))
            return super().dispatch(request, *args, **kwargs)
        except (IncorrectLookupParameters, ValidationError, ValueError, OverflowError) as exc:
            message = str(exc.args[0]) if exc.args and isinstance(exc.args[0], str) else ""
            if not message.startswith(("Parameter", "Status", "Penerima")):
                message = "Nilai filter tidak valid"
            messages.error(request, f"{message}. Menampilkan seluruh agenda tanpa filter.")
            return redirect(self.url_helper.index_url)

    # Exports: Excel must never read a cell as a formula (XLSX: Wagtail writes "="-cells as
    # text; CSV: a leading apostrophe), and a BOM so Excel reads UTF-8.
    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: spreadsheet_text(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )

    def stream_csv(self, queryset):
        yield "\ufeff"
        yield from super().stream_csv(queryset)

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for cell in super().generate_xlsx_row(worksheet, row_dict, date_format):
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"
            yield cell


def _disk_full_as_form_error(view, form, save, creating=False):
    """A full disk while storing the files: nothing is kept (the transaction rolls back, the files
    written so far are removed) and the form says so, with everything typed still in it."""
    try:
        return save(form)
    except conf.disk_full_error() as error:
        if creating:  # the entry's row was rolled back: the form is again for a new one
            form.instance.pk = None
            form.instance._state.adding = True
        form.add_error("berkas_baru", error.strerror)
        return view.form_invalid(form)


class SuratMasukCreateView(CreateView):
    page_title = "Catat surat masuk"

    def check_action_permitted(self, user):
        return _refuse_unless(
            self.permission_helper.user_can_create(user), "Hanya Kabag yang mencatat surat masuk (langkah 1)."
        )

    def get_edit_handler(self):
        return self.model_admin.create_handler.bind_to_model(SuratMasuk)

    def get_meta_title(self):
        return "Catat surat masuk"

    def form_valid(self, form):
        return _disk_full_as_form_error(self, form, self._save, creating=True)

    @transaction.atomic
    def _save(self, form):
        surat = form.save(commit=False)
        surat.dicatat_oleh = self.request.user
        surat.save()
        with intake.StoredFiles() as stored:
            for upload in form.cleaned_data["berkas_baru"]:
                stored.add(intake.store_berkas(surat, upload, self.request.user).berkas)
            if form.cleaned_data.get("kasubag"):
                intake.assign(
                    surat,
                    Disposisi.Langkah.KASUBAG,
                    self.request.user,
                    form.cleaned_data["kasubag"],
                    form.cleaned_data["instruksi"],
                )
        messages.success(self.request, f"Surat masuk dicatat dengan nomor agenda {surat.nomor_agenda}.")
        return redirect(self.url_helper.get_action_url("inspect", surat.pk))


class SuratMasukEditView(EditView):
    def check_action_permitted(self, user):
        return _refuse_unless(*self._rule(user))

    def _rule(self, user):
        reason = intake.rule_edit(user, self.instance)
        return reason is None, reason

    def get_edit_handler(self):
        return self.model_admin.edit_handler.bind_to_model(SuratMasuk)

    def get_meta_title(self):
        return f"Ubah surat masuk {self.instance.nomor_agenda}"

    def form_valid(self, form):
        return _disk_full_as_form_error(self, form, self._save)

    @transaction.atomic
    def _save(self, form):
        surat = form.save()
        with intake.StoredFiles() as stored:
            for upload in form.cleaned_data.get("berkas_baru") or []:
                stored.add(intake.store_berkas(surat, upload, self.request.user).berkas)
        messages.success(self.request, f"Surat masuk {surat.nomor_agenda} diperbarui.")
        return redirect(self.url_helper.get_action_url("inspect", surat.pk))


class VisibleInstanceMixin:
    """The entry must be one the user may see (writers: only their own assignments)."""

    def check_action_permitted(self, user):
        return _refuse_unless(
            intake.can_view(user, self.instance),
            "Anda tidak memiliki akses ke surat masuk ini: penulis hanya melihat surat yang ditugaskan kepadanya.",
        )


class SuratMasukHistoryView(VisibleInstanceMixin, HistoryView):
    pass


class SuratMasukDeleteView(DeleteView):
    def check_action_permitted(self, user):
        raise SOPRefusal(
            "Agenda surat masuk adalah arsip: entri tidak dihapus. Kabag dapat membatalkannya dengan alasan."
        )


class SuratMasukInspectView(VisibleInstanceMixin, InspectView):
    def get_meta_title(self):
        return f"Surat masuk {self.instance.nomor_agenda}"

    def get_page_title(self):
        return f"Agenda {self.instance.nomor_agenda}"

    def get_page_subtitle(self):
        return self.instance.perihal

    def get_template_names(self):
        return ["sop_workflow/intake/inspect.html"]

    def get_context_data(self, **kwargs):
        # Skip modeladmin's generic field list (queries this page does not show).
        context = InstanceSpecificView.get_context_data(self, **kwargs)
        context.update(life_context(self.instance))
        user = self.request.user
        surat = context["surat"]
        context["can"] = {
            "kasubag": intake.rule_assign_kasubag(user, surat) is None,
            "penulis": intake.rule_assign_writer(user, surat) is None,
            "konsep": intake.rule_create_draft(user, surat) is None,
            "batal": intake.rule_cancel(user, surat) is None,
            "ubah": intake.rule_edit(user, surat) is None,
        }
        context["urls"] = self.model_admin.action_urls(surat.pk)
        # Kabag may stop the run of its draft at any step, with a reason, without opening the
        # draft's editor (which is his only at step 5).
        workflow_state = surat.page.current_workflow_state if surat.page_id else None
        if workflow_state is not None and may_cancel(user, workflow_state):
            context["urls"]["batal_alur"] = reverse("sop_workflow:cancel_workflow", args=(surat.page_id,))
        return context


def life_context(surat):
    """Everything the inspect view, the printable sheet and the PDF show about one entry."""
    from .control_sheet import signatories

    surat = SuratMasuk.objects.with_status().with_chain().get(pk=surat.pk)
    context = {
        "surat": surat,
        "berkas": list(surat.berkas.all()),
        "disposisi": surat.chain(),
        "langkah": timeline(surat),
        "catatan_penerbitan": surat.publication_records.order_by("-published_at").first(),
        "sekarang": timezone.now(),
    }
    context["penandatangan"] = signatories(context)
    return context


class IntakeActionView(VisibleInstanceMixin, InstanceSpecificView):
    """A small form acting on one entry; the rule is checked again when it is saved."""

    template_name = "sop_workflow/intake/action_form.html"
    title = ""
    rule = None
    form_class = None
    submit_label = "Simpan"

    def check_action_permitted(self, user):
        super().check_action_permitted(user)
        self.instance = SuratMasuk.objects.with_status().with_chain().get(pk=self.instance.pk)
        intake.require(type(self).rule, user, self.instance)
        return True

    def get_page_title(self):
        return self.title

    def get_page_subtitle(self):
        return f"Agenda {self.instance.nomor_agenda}: {self.instance.perihal}"

    def get_form(self):
        return self.form_class(self.request.POST or None)

    def get(self, request, *args, **kwargs):
        return self.render(self.get_form())

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            return self.render(form)
        self.act(form.cleaned_data)
        return redirect(self.url_helper.get_action_url("inspect", self.instance.pk))

    def render(self, form):
        context = self.get_context_data(form=form, surat=self.instance, submit_label=self.submit_label)
        return TemplateResponse(self.request, self.template_name, context)


class DisposisiView(IntakeActionView):
    langkah = None

    def get_form(self):
        queryset = (
            intake.kasubag_choices() if self.langkah == Disposisi.Langkah.KASUBAG else intake.writer_choices()
        )
        return DisposisiForm(self.request.POST or None, queryset=queryset)

    def act(self, data):
        disposisi = intake.assign(
            self.instance, self.langkah, self.request.user, data["kepada"], data["instruksi"]
        )
        messages.success(self.request, f"Disposisi kepada {disposisi.kepada_nama} dicatat.")


class DisposisiKasubagView(DisposisiView):
    title = "Disposisi kepada Kasubag (langkah 1)"
    rule = intake.rule_assign_kasubag
    langkah = Disposisi.Langkah.KASUBAG
    submit_label = "Disposisikan"


class DisposisiPenulisView(DisposisiView):
    title = "Tugaskan penulis (langkah 2)"
    rule = intake.rule_assign_writer
    langkah = Disposisi.Langkah.PENULIS
    submit_label = "Tugaskan"


class BatalView(IntakeActionView):
    title = "Batalkan surat masuk"
    rule = intake.rule_cancel
    submit_label = "Batalkan surat"
    form_class = BatalForm

    def act(self, data):
        intake.cancel(self.instance, self.request.user, data["alasan"])
        messages.warning(self.request, f"Surat masuk {self.instance.nomor_agenda} dibatalkan.")


class BuatKonsepView(VisibleInstanceMixin, InstanceSpecificView):
    """Step 3: the assigned writer gets a prefilled draft of the requested type (POST only)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        surat = self.instance
        if self._made_by(request.user, surat):
            return self._the_draft_made(request, surat)
        try:
            page = intake.create_draft(surat, request.user)
        except SOPRefusal:
            # A second click that arrived while the first was making the draft: it waited for
            # the entry's lock and found the draft made. The writer gets that draft, not a 403.
            surat = SuratMasuk.objects.get(pk=surat.pk)
            if self._made_by(request.user, surat):
                return self._the_draft_made(request, surat)
            raise
        messages.success(
            request,
            f"Konsep “{page.title}” dibuat dari surat {self.instance.nomor_agenda}. Lengkapi isinya, "
            "lalu ajukan ke alur SOP.",
        )
        return redirect("wagtailadmin_pages:edit", page.pk)

    @staticmethod
    def _made_by(user, surat):
        return bool(surat.page_id) and surat.penulis is not None and surat.penulis.pk == user.pk

    @staticmethod
    def _the_draft_made(request, surat):
        """The writer's second click or retry: the draft the first one made, told so."""
        messages.info(request, f"Konsep untuk surat {surat.nomor_agenda} sudah dibuat; ini konsepnya.")
        return redirect("wagtailadmin_pages:edit", surat.page_id)


def _visible_or_refuse(request, surat):
    if not intake.can_view(request.user, surat):
        raise SOPRefusal("Anda tidak memiliki akses ke surat masuk ini.")


def berkas_view(request, berkas_id):
    """A file of the register, for those who may see its entry; always as a download."""
    berkas = get_object_or_404(BerkasSuratMasuk.objects.select_related("surat"), pk=berkas_id)
    _visible_or_refuse(request, berkas.surat)
    try:
        handle = berkas.berkas.open("rb")
    except OSError as exc:
        raise Http404("Berkas tidak ditemukan di penyimpanan; hubungi pengelola sistem.") from exc
    response = FileResponse(handle, as_attachment=True, filename=berkas.nama_asli)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def lembar_kendali_view(request, surat_id):
    """The control sheet, ready to print on A4."""
    surat = get_object_or_404(SuratMasuk, pk=surat_id)
    _visible_or_refuse(request, surat)
    context = life_context(surat)
    context.update(sheet_context(request))
    return TemplateResponse(request, "sop_workflow/intake/lembar_kendali.html", context)


def lembar_kendali_pdf(request, surat_id):
    from .control_sheet import render_pdf

    surat = get_object_or_404(SuratMasuk, pk=surat_id)
    _visible_or_refuse(request, surat)
    context = life_context(surat)
    context.update(sheet_context(request))
    response = HttpResponse(render_pdf(context), content_type="application/pdf")
    filename = f"lembar-kendali-{surat.tahun}-{surat.nomor_urut:04d}.pdf"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


def sheet_context(request):
    return {"instansi": conf.institution_name(request), "dicetak_oleh": request.user}
