"""Admin screens: the publication records (read-only), the workflow of each material type, and
Wagtail's workflow report (the moderation queue) without a query per row."""

import copy

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils.text import capfirst
from django.utils.translation import gettext
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.workflows import WorkflowView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import PageLogEntry, TaskState, WorkflowTask
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


def ya_tidak(value):
    return gettext("Yes") if value else gettext("No")


class PublicationRecordViewSet(ModelViewSet):
    model = PublicationRecord
    icon = "doc-full-inverse"
    menu_label = "Catatan penerbitan"
    menu_order = 250
    add_to_admin_menu = True
    inspect_view_enabled = True
    inspect_view_class = PublicationRecordInspectView
    copy_view_enabled = False
    list_display = [
        "page_title",
        # The type is stored as its verbose name ("pengumuman"); shown as a label, "Pengumuman".
        Column(
            "page_type",
            label="Jenis publikasi",
            accessor=lambda r: capfirst(r.page_type),
            sort_key="page_type",
        ),
        "published_at",
        "published_by_name",
        Column("darurat", label="Terbit darurat", accessor=lambda r: ya_tidak(r.darurat), sort_key="darurat"),
    ]
    list_filter = ["darurat", "page_type"]
    search_fields = ["page_title", "url"]
    ordering = ["-published_at"]
    # The register of publications as a spreadsheet (CSV/XLSX buttons on the listing).
    list_export = [
        "published_at",
        "page_title",
        "page_type",
        "url",
        "revision_number",
        "published_by_name",
        "darurat",
        "alasan_darurat",
        "catatan_dokumentasi",
    ]
    export_filename = "catatan-penerbitan"

    def get_form_class(self, for_update=False):
        # Never used: the permission policy refuses add and change to everyone.
        return forms.modelform_factory(PublicationRecord, fields=[])


class AlurJenisPublikasiForm(forms.ModelForm):
    class Meta:
        model = AlurJenisPublikasi
        fields = ["content_type", "workflow"]

    def __init__(self, *args, **kwargs):
        from . import registry

        super().__init__(*args, **kwargs)
        ids = registry.content_type_ids()
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


def library_year(request):
    """The `holidays` library's days off of the year asked (``?tahun=``, default this year), each
    with what the office clock does with it: for the listing of *Hari libur dan cuti bersama*."""
    from django.utils import timezone

    from . import conf
    from .clock import CUTI_BERSAMA, library_holidays

    this_year = timezone.localdate().year
    raw = request.GET.get("tahun", "").strip()
    year, note = this_year, ""
    if raw:
        if raw.isdigit() and 2000 <= int(raw) <= 2100:
            year = int(raw)
        else:
            note = f"Tahun “{raw[:20]}” tidak dikenali (2000–2100): ditampilkan tahun {this_year}."
    entries = {entry.tanggal: entry for entry in HariLibur.objects.filter(tanggal__year=year)}
    rows = []
    for day, (name, category) in sorted(library_holidays(year, cuti_bersama=True).items()):
        entry = entries.get(day)
        if not settings.SOP_LIBUR_NASIONAL:
            used = "Tidak dipakai: hari libur dari pustaka dimatikan (SOP_LIBUR_NASIONAL)"
        elif category == CUTI_BERSAMA and not conf.cuti_bersama_from_library():
            used = "Tidak dipakai: cuti bersama dari pustaka dimatikan (SOP_CUTI_BERSAMA_FROM_LIBRARY)"
        elif entry is not None and entry.jenis == HariLibur.Jenis.MASUK_KERJA:
            used = f"Dibatalkan: masuk kerja ({entry.nama})"
        else:
            used = "Libur"
        rows.append(
            {
                "tanggal": day,
                "nama": name,
                "kategori": "Cuti bersama" if category == CUTI_BERSAMA else "Libur nasional",
                "dipakai": used,
                "libur": used == "Libur",
            }
        )
    return {"tahun": year, "sebelumnya": year - 1, "berikutnya": year + 1, "catatan": note, "hari": rows}


class HariLiburIndexView(generic.IndexView):
    """The entries, then the library's days of the year: all that the office clock uses."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pustaka"] = library_year(self.request)
        return context


class HariLiburViewSet(ModelViewSet):
    """The office calendar beyond the `holidays` library: closed days it does not know, and
    days *masuk kerja* that cancel one of its days (cuti bersama...)."""

    model = HariLibur
    icon = "date"
    menu_label = "Hari libur dan cuti bersama"
    add_to_settings_menu = True
    copy_view_enabled = False
    index_view_class = HariLiburIndexView
    index_template_name = "sop_workflow/hari_libur_index.html"
    form_fields = ["tanggal", "nama", "jenis", "dasar"]
    list_display = ["tanggal", "nama", "jenis", "dasar"]
    list_filter = ["jenis"]
    search_fields = ["nama", "dasar"]
    ordering = ["-tanggal"]


# --- Reports -> Workflows (the moderation queue) -------------------------------------------


def attach_tasks_with_status(states):
    """Give each workflow state its ``all_tasks_with_status()`` from two queries for the whole
    list: Wagtail's method runs one query per state, 50 a page of its workflow report.

    Same result as Wagtail's: the workflow's tasks in order, each with the status of its latest
    task state in this workflow state ("Not started" without one).
    """
    if not states or getattr(settings, "WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT", False):
        return states  # then Wagtail counts only the latest revision's states: keep its method
    tasks = {}
    for link in (
        WorkflowTask.objects.filter(workflow_id__in={state.workflow_id for state in states})
        .select_related("task")
        .order_by("sort_order")
    ):
        tasks.setdefault(link.workflow_id, []).append(link.task)
    latest = {}
    for state_id, task_id, status in (
        TaskState.objects.filter(workflow_state_id__in=[state.pk for state in states])
        .order_by("started_at", "id")
        .values_list("workflow_state_id", "task_id", "status")
    ):
        latest[state_id, task_id] = status  # the last one started wins
    labels = dict(TaskState.STATUS_CHOICES)
    for state in states:
        with_status = []
        for task in tasks.get(state.workflow_id, []):
            task = copy.copy(task)
            task.status = latest.get((state.pk, task.pk))
            task.status_display = labels.get(task.status, gettext("Not started"))
            with_status.append(task)
        state.all_tasks_with_status = lambda with_status=with_status: with_status
    return states


class SOPWorkflowReportView(WorkflowView):
    """Wagtail's Reports -> Workflows, with the rows' task statuses loaded at once.

    Routed in place of Wagtail's (cms/urls.py): its URL is registered before the admin hooks'.
    """

    def decorate_paginated_queryset(self, object_list):
        return attach_tasks_with_status(super().decorate_paginated_queryset(object_list))


class SOPSiteHistoryView(LogEntriesView):
    """Wagtail's Reports -> Site history, where a page's entries show only to those who may edit
    that page (its change permission, or its owner under an add permission).

    Wagtail shows them to anyone who may *explore* the page, and a writer explores the whole
    section he writes in: he would read the titles and actions of the other writers' drafts,
    which the SOP keeps to the writer assigned (as the register does). Routed in place of
    Wagtail's view, like the workflow report (report_urls.py).
    """

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        user = self.request.user
        if queryset.model is PageLogEntry and not user.is_superuser:
            from wagtail.permission_policies.pages import PagePermissionPolicy

            editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
            queryset = queryset.filter(page_id__in=editable.values("pk"))
        return queryset
