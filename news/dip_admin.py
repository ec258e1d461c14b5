"""The PPID's admin screens beside the DIP: "Edisi DIP" (listing, inspect, "Tetapkan edisi DIP";
never edited or deleted), the DIK register and the offline DIP entries (full CRUD).

Who is the PPID: Kabag (Hukum, Teknis dan Hupmas, who runs the information service) and the
Sekretaris (the office's head); ``grant_ppid_permissions`` runs in ``manage.py setup_sop``."""

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth.models import Group, Permission
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from sop_workflow.roles import KABAG, SEKRETARIS

from .dip_editions import EditionConflict, establish
from .models import (
    EXPIRED_LABEL,
    DaftarInformasiPublikPage,
    EdisiDIP,
    EntriDIPLuring,
    InformasiDikecualikan,
)

PPID_GROUPS = (KABAG, SEKRETARIS)
PPID_PERMISSIONS = [
    "tetapkan_edisi_dip",
    "view_edisidip",
    *(
        f"{action}_{model}"
        for model in ("informasidikecualikan", "entridipluring")
        for action in ("add", "change", "delete", "view")
    ),
]


def grant_ppid_permissions():
    """The PPID's groups may establish editions and keep the DIK and the offline entries."""
    wanted = Permission.objects.filter(content_type__app_label="news", codename__in=PPID_PERMISSIONS)
    for name in PPID_GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*wanted)


# --- editions ---


class EdisiDIPPermissionPolicy(ModelPermissionPolicy):
    """Established editions are never changed nor deleted; "add" is establishing one."""

    def user_has_permission(self, user, action):
        if action in {"change", "delete"}:
            return False
        if action == "add":
            return user.is_active and user.has_perm("news.tetapkan_edisi_dip")
        if action in {"view", "inspect"}:
            return user.is_active and (
                user.has_perm("news.view_edisidip") or user.has_perm("news.tetapkan_edisi_dip")
            )
        return super().user_has_permission(user, action)


register_permission_policy(EdisiDIP, EdisiDIPPermissionPolicy(EdisiDIP))


class TetapkanEdisiForm(forms.ModelForm):
    class Meta:
        model = EdisiDIP
        fields = ["nomor_sk", "tanggal_sk"]
        help_texts = {
            "nomor_sk": "Nomor Surat Keputusan PPID yang menetapkan Daftar Informasi Publik ini.",
        }
        error_messages = {
            "nomor_sk": {
                "unique": "Nomor SK ini sudah dipakai untuk menetapkan edisi DIP lain (mungkin tombol "
                "ditekan dua kali). Lihat daftar edisi."
            }
        }

    def clean_tanggal_sk(self):
        value = self.cleaned_data["tanggal_sk"]
        if value > timezone.localdate():
            raise forms.ValidationError("Tanggal SK tidak boleh sesudah hari ini.")
        return value


class TetapkanEdisiView(generic.CreateView):
    page_title = "Tetapkan edisi DIP"
    submit_button_label = "Tetapkan edisi"
    submit_button_active_label = "Menetapkan…"
    inspect_url_name = None

    def form_valid(self, form):
        self.form = form
        page = DaftarInformasiPublikPage.objects.live().first()
        if page is None:
            form.add_error(None, "Halaman Daftar Informasi Publik belum ada atau belum terbit.")
            return self.form_invalid(form)
        from home.models import SiteSettings

        site = page.get_site()
        instansi = SiteSettings.for_site(site).nama_instansi if site else ""
        try:
            self.object = establish(
                page,
                self.request,
                nomor_sk=form.cleaned_data["nomor_sk"],
                tanggal_sk=form.cleaned_data["tanggal_sk"],
                user=self.request.user,
                instansi=instansi,
            )
        except EditionConflict as error:
            form.add_error("nomor_sk", str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Edisi {self.object.nomor} ditetapkan dengan SK {self.object.nomor_sk}: "
            f"{self.object.jumlah_baris} informasi, SHA-256 {self.object.sha256}.",
        )
        return redirect(reverse(self.inspect_url_name, args=[self.object.pk]))

    def form_invalid(self, form):
        self.produced_error_message = "Edisi DIP belum ditetapkan. Periksa isian di bawah."
        return super().form_invalid(form)


class EdisiDIPIndexView(generic.IndexView):
    add_item_label = "Tetapkan edisi DIP"


# What the inspect view shows: the SK, who and when, the count and the three digests; the rows
# themselves are read on the public edition page and in its PDF/XLSX (linked), not as raw JSON.
EDISI_INSPECT_FIELDS = [
    "nomor",
    "nomor_sk",
    "tanggal_sk",
    "ditetapkan_pada",
    "ditetapkan_oleh_nama",
    "jumlah_baris",
    "sha256",
    "sha256_pdf",
    "sha256_xlsx",
]


class EdisiDIPInspectView(generic.InspectView):
    template_name = "news/admin/edisi_dip_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = DaftarInformasiPublikPage.objects.live().first()
        context["public_url"] = f"{page.url}edisi/{self.object.nomor}/" if page and page.url else ""
        return context


class EdisiDIPViewSet(ModelViewSet):
    model = EdisiDIP
    icon = "list-ol"
    menu_label = "Edisi DIP"
    add_view_class = TetapkanEdisiView
    index_view_class = EdisiDIPIndexView
    inspect_view_class = EdisiDIPInspectView
    inspect_view_enabled = True
    inspect_view_fields = EDISI_INSPECT_FIELDS  # the viewset passes its own list to the view
    copy_view_enabled = False
    form_fields = ["nomor_sk", "tanggal_sk"]
    list_display = [
        Column("nomor", label="Edisi", sort_key="nomor"),
        "nomor_sk",
        "tanggal_sk",
        "ditetapkan_pada",
        "ditetapkan_oleh_nama",
        "jumlah_baris",
    ]
    ordering = ["-nomor"]

    def get_form_class(self, for_update=False):
        return TetapkanEdisiForm


# --- DIK ---


class MasaPengecualianFilter(django_filters.ChoiceFilter):
    def filter(self, qs, value):
        if value == "berakhir":
            return qs.expired()
        if value == "berlaku":
            return qs.in_force()
        return qs


class InformasiDikecualikanFilterSet(WagtailFilterSet):
    masa = MasaPengecualianFilter(
        label="Masa pengecualian",
        choices=[("berlaku", "Masih dikecualikan"), ("berakhir", EXPIRED_LABEL)],
        empty_label="Semua",
    )

    class Meta:
        model = InformasiDikecualikan
        fields = []


class InformasiDikecualikanViewSet(ModelViewSet):
    model = InformasiDikecualikan
    icon = "lock"
    menu_label = "Informasi dikecualikan (DIK)"
    copy_view_enabled = False
    inspect_view_enabled = True
    filterset_class = InformasiDikecualikanFilterSet
    inspect_view_fields = [
        "informasi",
        "dasar_hukum",
        "konsekuensi",
        "jangka_waktu",
        "berlaku_sampai",
        "status_label",
        "nomor_sk",
        "tanggal_sk",
        "ditetapkan_oleh",
        "halaman",
    ]
    list_display = [
        "informasi",
        "dasar_hukum",
        "jangka_waktu",
        "berlaku_sampai",
        Column("status", label="Status", accessor="status_label"),
    ]
    search_fields = ["informasi", "dasar_hukum", "nomor_sk"]
    list_export = [
        "informasi",
        "dasar_hukum",
        "konsekuensi",
        "jangka_waktu",
        "berlaku_sampai",
        "status_label",
        "nomor_sk",
        "tanggal_sk",
        "ditetapkan_oleh",
    ]
    export_headings = {"status_label": "Status"}
    export_filename = "daftar-informasi-dikecualikan"


# --- offline entries ---


class EntriDIPLuringViewSet(ModelViewSet):
    model = EntriDIPLuring
    icon = "doc-full"
    menu_label = "Entri DIP tercetak"
    copy_view_enabled = False
    list_display = ["judul", "kategori_informasi", "pejabat_penguasa", "tanggal_pembuatan", "bentuk"]
    list_filter = ["kategori_informasi", "bentuk"]
    search_fields = ["judul", "ringkasan"]
    ordering = ["-tanggal_pembuatan"]


class PPIDViewSetGroup(ViewSetGroup):
    menu_label = "PPID"
    menu_icon = "info-circle"
    menu_order = 260
    items = (EdisiDIPViewSet, InformasiDikecualikanViewSet, EntriDIPLuringViewSet)
