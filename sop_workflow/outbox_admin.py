"""Admin screens of the outbox: the listing "Surat keluar sistem" (Pengaturan) and the dashboard
warning when messages keep failing. For whoever may view OutgoingMail (superusers)."""

import django_filters
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from . import outbox
from .admin_views import ReadOnlyPermissionPolicy
from .models import OutgoingMail

# Written by the system only: administrators read it (and may not add or change a message).
register_permission_policy(OutgoingMail, ReadOnlyPermissionPolicy(OutgoingMail))


class StatusFilter(django_filters.ChoiceFilter):
    def filter(self, qs, value):
        if value == "gagal":
            return qs.filter(terkirim_pada__isnull=True, percobaan__gt=0)
        if value == "menunggu":
            return qs.filter(terkirim_pada__isnull=True)
        if value == "terkirim":
            return qs.filter(terkirim_pada__isnull=False)
        return qs


class OutgoingMailFilterSet(WagtailFilterSet):
    status = StatusFilter(
        label="Status",
        choices=[
            ("menunggu", "Belum terkirim"),
            ("gagal", "Gagal, menunggu dicoba lagi"),
            ("terkirim", "Terkirim"),
        ],
        empty_label="Semua",
    )

    class Meta:
        model = OutgoingMail
        fields = ["jenis"]


class OutgoingMailIndexView(generic.IndexView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["outbox_failing"] = outbox.failing().count()
        return context


class OutgoingMailInspectView(generic.InspectView):
    fields = [
        "status",
        "jenis",
        "penerima",
        "subjek",
        "dibuat_pada",
        "percobaan",
        "percobaan_terakhir",
        "galat_terakhir",
        "coba_lagi_pada",
        "terkirim_pada",
        "isi",
    ]


class OutgoingMailViewSet(ModelViewSet):
    model = OutgoingMail
    icon = "mail"
    menu_label = "Surat keluar sistem"
    add_to_settings_menu = True
    menu_order = 900
    index_view_class = OutgoingMailIndexView
    inspect_view_enabled = True
    inspect_view_class = OutgoingMailInspectView
    copy_view_enabled = False
    filterset_class = OutgoingMailFilterSet
    list_display = [
        "subjek",
        Column("penerima_teks", label="Penerima", accessor="penerima_teks"),
        "status",
        "percobaan",
        "galat_terakhir",
        "dibuat_pada",
        "terkirim_pada",
    ]
    search_fields = ["subjek", "penerima"]
    ordering = ["-dibuat_pada"]

    def get_form_class(self, for_update=False):
        # Never used: the permission policy refuses add and change to everyone.
        return forms.modelform_factory(OutgoingMail, fields=[])


class OutboxFailingPanel(Component):
    """The dashboard's warning: messages the mail server keeps refusing or cannot be reached for."""

    name = "surat_keluar_gagal"
    template_name = "sop_workflow/outbox/panel_gagal.html"
    order = 20

    def __init__(self, request):
        self.request = request

    def render_html(self, parent_context=None):
        failing = outbox.failing()
        count = failing.count()
        if not count:
            return ""
        last = failing.order_by("-percobaan_terakhir").first()
        context = {
            "count": count,
            "last": last,
            "threshold": outbox.FAILING_AFTER,
            "url": reverse("surat_keluar:index") + "?status=gagal",
        }
        return render_to_string(self.template_name, context, request=self.request)
