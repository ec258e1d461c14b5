"""The register of incoming material in the admin (wagtail-modeladmin): steps 1-3 of the SOP.

Listing with filters, search and CSV/XLSX export; an inspect view with the entry's whole life;
action views (intake_views.py) for the dispositions, the draft, the cancellation; the files and the control
sheet (lembar kendali) behind permission checks. Every refusal is a 403 with its reason.
"""

from django.contrib.admin import SimpleListFilter
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin

from . import intake, registry
from .intake_forms import SuratMasukForm
from .intake_views import (
    BatalView,
    BuatKonsepView,
    DisposisiKasubagView,
    DisposisiPenulisView,
    SuratMasukCreateView,
    SuratMasukDeleteView,
    SuratMasukEditView,
    SuratMasukHistoryView,
    SuratMasukIndexView,
    SuratMasukInspectView,
    berkas_view,
    lembar_kendali_pdf,
    lembar_kendali_view,
)
from .models import Disposisi, StatusSurat, SuratMasuk
from .roles import KASUBAG, PENULIS, user_label
from .templatetags.sop_tags import durasi

# --- Permissions and buttons ----------------------------------------------------------------


class SuratMasukPermissionHelper(PermissionHelper):
    def user_can_list(self, user):
        return user.is_active and (user.is_superuser or user.has_perm("sop_workflow.view_suratmasuk"))

    def user_can_create(self, user):
        return intake.is_kabag(user)

    def user_can_inspect_obj(self, user, obj):
        return intake.can_view(user, obj)

    def user_can_edit_obj(self, user, obj):
        return intake.rule_edit(user, obj) is None

    def user_can_delete_obj(self, user, obj):
        return False  # the register is an archive: an entry is cancelled, never deleted


class SuratMasukButtonHelper(ButtonHelper):
    def inspect_button(self, pk, classnames_add=None, classnames_exclude=None):
        button = super().inspect_button(pk, classnames_add, classnames_exclude)
        button.update(label="Lihat", title="Lihat perjalanan surat ini")
        return button

    def edit_button(self, pk, classnames_add=None, classnames_exclude=None):
        button = super().edit_button(pk, classnames_add, classnames_exclude)
        button.update(label="Ubah", title="Ubah data surat")
        return button


# --- Filters --------------------------------------------------------------------------------


class StatusFilter(SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return StatusSurat.choices

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        if self.value() not in StatusSurat.values:
            raise IncorrectLookupParameters(f"Status “{self.value()}” tidak dikenal.")
        return queryset.filter(status_kode=self.value())


class JenisPublikasiFilter(SimpleListFilter):
    """The governed page types (registry.py); the parameter keeps the name it had when the
    type was a field of its own, so saved links still work."""

    title = "jenis publikasi"
    parameter_name = "jenis_publikasi__exact"

    def lookups(self, request, model_admin):
        return registry.choices()

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        governed = registry.get(self.value())
        if governed is None:
            raise IncorrectLookupParameters("Jenis publikasi tidak dikenal.")
        return queryset.filter(page_type=governed.content_type())


class PenerimaFilter(SimpleListFilter):
    """Entries assigned (step 1 or 2) to a person."""

    title = "penerima disposisi"
    parameter_name = "penerima"

    def lookups(self, request, model_admin):
        people = (
            get_user_model()
            .objects.filter(groups__name__in=[KASUBAG, PENULIS])
            .distinct()
            .order_by("first_name")
        )
        return [(str(user.pk), user_label(user)) for user in people]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        if not self.value().isdigit() or len(self.value()) > 18:
            raise IncorrectLookupParameters("Penerima disposisi tidak dikenal.")
        return queryset.filter(
            Exists(Disposisi.objects.filter(surat=OuterRef("pk"), kepada_id=int(self.value())))
        )


# --- The ModelAdmin -------------------------------------------------------------------------

SURAT_PANELS = [
    MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel("jenis_surat"), FieldPanel("sifat")]),
            FieldRowPanel([FieldPanel("nomor_surat"), FieldPanel("tanggal_surat")]),
            FieldPanel("pengirim"),
            FieldPanel("perihal"),
            FieldPanel("diterima_pada"),
        ],
        heading="Surat",
    ),
    MultiFieldPanel(
        [FieldPanel("jenis_publikasi"), FieldPanel("berkas_baru"), FieldPanel("catatan")],
        heading="Bahan informasi",
    ),
]


class SuratMasukAdmin(ModelAdmin):
    """Steps 1-3 of the SOP: the agenda of incoming material and its disposition chain."""

    model = SuratMasuk
    menu_label = "Agenda surat masuk"
    menu_icon = "mail"
    menu_order = 150
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_per_page = 25
    index_view_class = SuratMasukIndexView
    create_view_class = SuratMasukCreateView
    edit_view_class = SuratMasukEditView
    inspect_view_class = SuratMasukInspectView
    history_view_class = SuratMasukHistoryView
    delete_view_class = SuratMasukDeleteView
    permission_helper_class = SuratMasukPermissionHelper
    button_helper_class = SuratMasukButtonHelper
    list_display = (
        "nomor_agenda",
        "perihal",
        "jenis_publikasi_label",
        "diterima",
        "status_label",
        "tenggat_label",
        "penerima",
    )
    list_filter = ("tahun", "jenis_surat", JenisPublikasiFilter, "sifat", StatusFilter, PenerimaFilter)
    search_fields = ("perihal", "pengirim", "nomor_surat", "catatan")
    list_export = (
        "nomor_agenda",
        "jenis_surat_label",
        "nomor_surat",
        "tanggal_surat_text",
        "pengirim",
        "perihal",
        "diterima",
        "jenis_publikasi_label",
        "sifat_label",
        "status_label",
        "kasubag_nama",
        "penulis_nama",
        "halaman",
        "catatan",
    )
    export_filename = "agenda-surat-masuk"
    export_headings = {
        "nomor_agenda": "Nomor agenda",
        "jenis_surat_label": "Jenis surat",
        "nomor_surat": "Nomor surat",
        "tanggal_surat_text": "Tanggal surat",
        "pengirim": "Pengirim",
        "perihal": "Perihal",
        "diterima": "Diterima",
        "jenis_publikasi_label": "Jenis publikasi",
        "sifat_label": "Sifat",
        "status_label": "Status",
        "kasubag_nama": "Kasubag",
        "penulis_nama": "Penulis",
        "halaman": "Halaman",
        "catatan": "Catatan",
    }

    create_handler = ObjectList(
        [
            *SURAT_PANELS,
            MultiFieldPanel(
                [FieldPanel("kasubag"), FieldPanel("instruksi")], heading="Disposisi (langkah 1)"
            ),
        ],
        base_form_class=SuratMasukForm,
    )
    edit_handler = ObjectList(SURAT_PANELS, base_form_class=SuratMasukForm)

    def get_queryset(self, request):
        return SuratMasuk.objects.visible_to(request.user).with_status().with_chain().with_current_task_due()

    # modeladmin's URLs take any word as the id: anything but a number is simply not found.
    @staticmethod
    def _check_id(instance_pk):
        if not str(instance_pk).isdigit() or len(str(instance_pk)) > 18:
            raise Http404("Surat masuk tidak ditemukan.")

    def inspect_view(self, request, instance_pk):
        self._check_id(instance_pk)
        return super().inspect_view(request, instance_pk)

    def edit_view(self, request, instance_pk):
        self._check_id(instance_pk)
        return super().edit_view(request, instance_pk)

    def delete_view(self, request, instance_pk):
        self._check_id(instance_pk)
        return super().delete_view(request, instance_pk)

    def history_view(self, request, instance_pk):
        self._check_id(instance_pk)
        return super().history_view(request, instance_pk)

    def get_empty_value_display(self, field_name=None):
        return "–"

    # --- columns (list and export) ---

    def nomor_agenda(self, obj):
        return obj.nomor_agenda

    nomor_agenda.short_description = "Nomor agenda"

    def jenis_surat_label(self, obj):
        return obj.get_jenis_surat_display()

    jenis_surat_label.short_description = "Jenis surat"

    def jenis_publikasi_label(self, obj):
        return obj.get_jenis_publikasi_display()

    jenis_publikasi_label.short_description = "Jenis publikasi"

    def sifat_label(self, obj):
        return obj.get_sifat_display()

    sifat_label.short_description = "Sifat"

    def tanggal_surat_text(self, obj):
        return obj.tanggal_surat.strftime("%d/%m/%Y")

    tanggal_surat_text.short_description = "Tanggal surat"

    def diterima(self, obj):
        return timezone.localtime(obj.diterima_pada).strftime("%d/%m/%Y %H:%M")

    diterima.short_description = "Diterima"

    def status_label(self, obj):
        return obj.status.label

    status_label.short_description = "Status"

    def kasubag_nama(self, obj):
        current = obj.current(Disposisi.Langkah.KASUBAG)
        return current.kepada_nama if current else ""

    kasubag_nama.short_description = "Kasubag"

    def penulis_nama(self, obj):
        current = obj.current(Disposisi.Langkah.PENULIS)
        return current.kepada_nama if current else ""

    penulis_nama.short_description = "Penulis"

    def tenggat_label(self, obj):
        due = obj.tenggat_berjalan
        if due is None:
            return ""
        text = timezone.localtime(due).strftime("%d/%m/%Y %H:%M")
        now = timezone.now()
        if due < now:
            return format_html("{}<br><strong>terlambat {}</strong>", text, durasi(now - due))
        return format_html("{}<br><small>sisa {}</small>", text, durasi(due - now))

    tenggat_label.short_description = "Tenggat langkah berjalan"

    def penerima(self, obj):
        return " → ".join(name for name in (self.kasubag_nama(obj), self.penulis_nama(obj)) if name)

    penerima.short_description = "Disposisi"

    def halaman(self, obj):
        return obj.page.title if obj.page_id and obj.page else ""

    halaman.short_description = "Halaman"

    # --- extra URLs ---

    def action_urls(self, pk):

        names = [
            "disposisi_kasubag",
            "disposisi_penulis",
            "buat_konsep",
            "batal",
            "lembar_kendali",
            "lembar_kendali_pdf",
        ]
        return {name: reverse(f"sop_workflow_suratmasuk_{name}", args=(pk,)) for name in names}

    def _action(self, view_class):
        def view(request, instance_pk):
            return view_class.as_view(model_admin=self, instance_pk=str(instance_pk))(request)

        return view

    def get_admin_urls_for_registration(self):
        base = "sop_workflow/suratmasuk"
        return super().get_admin_urls_for_registration() + (
            path(
                f"{base}/<int:instance_pk>/disposisi-kasubag/",
                self._action(DisposisiKasubagView),
                name="sop_workflow_suratmasuk_disposisi_kasubag",
            ),
            path(
                f"{base}/<int:instance_pk>/disposisi-penulis/",
                self._action(DisposisiPenulisView),
                name="sop_workflow_suratmasuk_disposisi_penulis",
            ),
            path(
                f"{base}/<int:instance_pk>/buat-konsep/",
                self._action(BuatKonsepView),
                name="sop_workflow_suratmasuk_buat_konsep",
            ),
            path(
                f"{base}/<int:instance_pk>/batal/",
                self._action(BatalView),
                name="sop_workflow_suratmasuk_batal",
            ),
            path(
                f"{base}/<int:surat_id>/lembar-kendali/",
                lembar_kendali_view,
                name="sop_workflow_suratmasuk_lembar_kendali",
            ),
            path(
                f"{base}/<int:surat_id>/lembar-kendali.pdf",
                lembar_kendali_pdf,
                name="sop_workflow_suratmasuk_lembar_kendali_pdf",
            ),
            path(f"{base}/berkas/<int:berkas_id>/", berkas_view, name="sop_workflow_suratmasuk_berkas"),
        )
