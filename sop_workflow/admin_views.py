"""Admin screens: the publication records (read-only) and the workflow of each material type."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy

from .models import AlurJenisPublikasi, HariLibur, PublicationRecord


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """The archive is written by the system only: nobody adds, edits or deletes a record."""

    def user_has_permission(self, user, action):
        if action in {"add", "change", "delete"}:
            return False
        return super().user_has_permission(user, action)


class PublicationRecordInspectView(generic.InspectView):
    template_name = "sop_workflow/publication_record_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["record"] = self.object
        return context


class PublicationRecordViewSet(ModelViewSet):
    model = PublicationRecord
    icon = "doc-full-inverse"
    menu_label = "Catatan penerbitan"
    menu_order = 250
    add_to_admin_menu = True
    inspect_view_enabled = True
    inspect_view_class = PublicationRecordInspectView
    copy_view_enabled = False
    list_display = ["page_title", "page_type", "published_at", "published_by_name", "darurat"]
    list_filter = ["darurat", "page_type"]
    search_fields = ["page_title", "url"]
    ordering = ["-published_at"]

    def get_form_class(self, for_update=False):
        # Never used: the permission policy refuses add and change to everyone.
        return forms.modelform_factory(PublicationRecord, fields=[])


class AlurJenisPublikasiForm(forms.ModelForm):
    class Meta:
        model = AlurJenisPublikasi
        fields = ["content_type", "workflow"]

    def __init__(self, *args, **kwargs):
        from news.models import PUBLICATION_TYPES

        super().__init__(*args, **kwargs)
        ids = [ContentType.objects.get_for_model(model).id for model in PUBLICATION_TYPES]
        self.fields["content_type"].queryset = ContentType.objects.filter(id__in=ids)
        self.fields["content_type"].label_from_instance = lambda ct: (
            ct.model_class()._meta.verbose_name.capitalize()
        )


class AlurJenisPublikasiViewSet(ModelViewSet):
    """Which workflow each material type follows, wherever its pages sit in the tree."""

    model = AlurJenisPublikasi
    icon = "tasks"
    menu_label = "Alur per jenis publikasi"
    add_to_settings_menu = True
    copy_view_enabled = False
    list_display = ["__str__", "workflow"]

    def get_form_class(self, for_update=False):
        return AlurJenisPublikasiForm


class HariLiburViewSet(ModelViewSet):
    """The office calendar's closed days beyond the national holidays (cuti bersama...)."""

    model = HariLibur
    icon = "date"
    menu_label = "Hari libur dan cuti bersama"
    add_to_settings_menu = True
    copy_view_enabled = False
    form_fields = ["tanggal", "nama", "jenis", "dasar"]
    list_display = ["tanggal", "nama", "jenis", "dasar"]
    list_filter = ["jenis"]
    search_fields = ["nama", "dasar"]
    ordering = ["-tanggal"]
