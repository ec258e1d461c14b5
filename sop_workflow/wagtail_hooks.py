"""Admin wiring for the SOP: no publishing around the workflow, log labels, admin views."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem, WorkflowMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter, log
from wagtail_modeladmin.options import modeladmin_register

from . import registry
from .intake_admin import SuratMasukAdmin

modeladmin_register(SuratMasukAdmin)


def outside_workflow():
    """The refusal of a publish outside the workflow, naming the governed types (registry.py)."""
    labels = [label for _key, label in registry.choices()]
    names = f"{', '.join(labels[:-1])} dan {labels[-1]}" if len(labels) > 1 else "".join(labels)
    return (
        f"{names} hanya terbit melalui alur SOP: ajukan ke alur, lalu Web Admin menerbitkannya pada "
        "langkah terakhir."
    )


def _refuse(request, reason):
    return TemplateResponse(request, "sop_workflow/refused.html", {"reason": reason}, status=403)


def _is_publikasi(page_class):
    return registry.is_governed(page_class)


@hooks.register("before_create_page")
def refuse_publish_on_create(request, parent_page, page_class):
    if request.method == "POST" and "action-publish" in request.POST and _is_publikasi(page_class):
        return _refuse(request, outside_workflow())
    return None


@hooks.register("before_edit_page")
def refuse_publish_on_edit(request, page):
    if request.method == "POST" and "action-publish" in request.POST and _is_publikasi(page.specific_class):
        return _refuse(request, outside_workflow())
    return None


@hooks.register("before_edit_page")
def refuse_submitting_a_cancelled_entry(request, page):
    """A draft made from a register entry that Kabag cancelled cannot enter the workflow."""
    from .models import SuratMasuk

    if request.method != "POST" or not ({"action-submit", "action-restart-workflow"} & set(request.POST)):
        return None
    surat = SuratMasuk.objects.filter(page_id=page.pk, dibatalkan_pada__isnull=False).first()
    if surat is None:
        return None
    return _refuse(
        request,
        f"Surat masuk {surat.nomor_agenda} yang menjadi dasar konsep ini telah dibatalkan oleh Kabag "
        f"({surat.alasan_batal}); konsepnya tidak dapat diajukan ke alur SOP.",
    )


@hooks.register("before_bulk_action")
def refuse_bulk_publish(request, action_type, objects, action_class_instance):
    if action_type == "publish" and any(_is_publikasi(obj.specific_class) for obj in objects):
        return _refuse(request, outside_workflow())
    return None


# --- Withdrawal before deletion -------------------------------------------------------------
# Published content is never deleted directly: it is first withdrawn (unpublished) with a reason,
# which is logged. Deleting keeps the audit log and the publication records (their page
# reference is emptied, their copied title, type and URL stay).

WITHDRAW_FIRST = (
    "Halaman yang masih terbit (atau yang memuat halaman terbit) tidak dapat dihapus. Tarik dulu "
    "dari publikasi lewat Batalkan terbit, dengan alasannya; penarikan itu tercatat di log."
)
ONE_BY_ONE = "Penarikan dari publikasi dilakukan satu per satu, agar alasan tiap halaman tercatat."
REASON_REQUIRED = "Tuliskan alasan penarikan: alasan itu wajib dan tercatat di log halaman."


def _live_in(page):
    return page.live or page.get_descendants().filter(live=True).exists()


IN_REVIEW = (
    "Halaman ini (atau halaman di bawahnya) sedang dalam alur SOP dan tidak dapat dihapus. Alur itu "
    "hanya dapat dihentikan lewat “Batalkan alur SOP…”, dengan alasan tertulis, oleh Kabag atau oleh "
    "penulis yang mengajukannya selama belum ada langkah yang ditindaklanjuti."
)


def _run_only_others_may_stop(user, page):
    """A page (or one below it) whose SOP run this user may not cancel: deleting it would end
    the run without a reason, so it is refused (review.may_cancel says who may)."""
    from wagtail.models import Page, WorkflowState

    from .review import may_cancel

    pages = Page.objects.filter(pk=page.pk) | page.get_descendants()
    running = WorkflowState.objects.active().filter(
        base_content_type_id=page.get_base_content_type().pk,
        object_id__in=[str(pk) for pk in pages.values_list("pk", flat=True)],
    )
    return any(not may_cancel(user, state) for state in running)


def _lock_subtrees(pages):
    """Lock each page and every page below it (review.lock_pages), then re-read them in place:
    a delete or move decided on what they were before waiting would act on a page that a
    publication or a cancelled run changed meanwhile (the check below, and Wagtail's action
    after it, read them as they are now). A page deleted meanwhile is gone: 404."""
    from django.db.models import Q
    from django.http import Http404
    from wagtail.models import Page

    from .review import lock_pages

    if not pages:
        return
    subtree = Q()
    for page in pages:
        subtree |= Q(path__startswith=page.path)
    lock_pages(Page.objects.filter(subtree).values_list("pk", flat=True))
    for page in pages:
        try:
            page.refresh_from_db()
        except Page.DoesNotExist:
            raise Http404("Halaman itu sudah tidak ada (mungkin baru saja dihapus).") from None


@hooks.register("before_delete_page", order=-10)
def lock_before_deleting(request, page):
    # Wagtail's delete view runs in one transaction and calls this before its checks and the
    # deletion: the confirmed POST deletes what the page is once the lock is held.
    if request.method == "POST":
        _lock_subtrees([page])
    return None


@hooks.register("before_bulk_action", order=-10)
def lock_before_bulk_action(request, action_type, objects, action_class_instance):
    # Wagtail runs the bulk action's hooks and the action in one transaction (BulkAction.form_valid).
    from wagtail.models import Page

    _lock_subtrees([obj for obj in objects if isinstance(obj, Page)])
    return None


@hooks.register("before_delete_page")
def refuse_deleting_live_pages(request, page):
    if _live_in(page):
        return _refuse(request, WITHDRAW_FIRST)
    if _run_only_others_may_stop(request.user, page):
        return _refuse(request, IN_REVIEW)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_withdrawal_and_live_deletion(request, action_type, objects, action_class_instance):
    if action_type == "unpublish":
        return _refuse(request, ONE_BY_ONE)
    if action_type == "delete" and any(_live_in(obj) for obj in objects):
        return _refuse(request, WITHDRAW_FIRST)
    if action_type == "delete" and any(_run_only_others_may_stop(request.user, obj) for obj in objects):
        return _refuse(request, IN_REVIEW)
    return None


@hooks.register("before_unpublish_page")
def require_withdrawal_reason(request, page):
    alasan = " ".join(request.POST.get("alasan", "").split())[:1000]
    if not alasan:
        messages.error(request, REASON_REQUIRED)
        return redirect(reverse("wagtailadmin_pages:unpublish", args=(page.pk,)))
    request.sop_alasan_tarik = alasan
    return None


@hooks.register("after_unpublish_page")
def log_withdrawal_reason(request, page):
    log(
        instance=page,
        action="sop_workflow.tarik",
        user=request.user,
        data={"alasan": request.sop_alasan_tarik},
    )
    return None


@hooks.register("register_log_actions")
def register_withdrawal_log_action(actions):
    @actions.register_action("sop_workflow.tarik")
    class WithdrawalFormatter(LogFormatter):
        label = "Ditarik dari publikasi"

        def format_message(self, log_entry):
            return f"Ditarik dari publikasi: {log_entry.data.get('alasan', '')}"


# Wagtail's own cancel and restart post the edit form; in the SOP a run is cancelled on its own
# page, with a written reason (review.py says who may).
WAGTAIL_CANCEL_ITEMS = {"action-publish", "action-cancel-workflow", "action-restart-workflow"}


@hooks.register("construct_page_action_menu")
def sop_action_menu(menu_items, request, context):
    """The SOP's action first: a reviewer at their step sees it as the editor's main button
    (approve first, then returning), "Simpan konsep" after it, cancelling last."""
    page = context.get("page")
    page_class = page.specific_class if page is not None and page.pk else context.get("page_class")
    if page_class is None and page is not None:
        page_class = type(page)
    if page_class is None or not _is_publikasi(page_class):
        return
    items = [item for item in menu_items if item.name not in WAGTAIL_CANCEL_ITEMS]
    actions = [item for item in items if isinstance(item, WorkflowMenuItem)]
    actions.sort(key=lambda item: item.name != "approve")
    others = [item for item in items if not isinstance(item, WorkflowMenuItem)]
    last = [item for item in others if isinstance(item, SOPCancelMenuItem)]
    menu_items[:] = actions + [item for item in others if item not in last] + last


class SOPCancelMenuItem(ActionMenuItem):
    """Cancel the running SOP workflow, on a page that asks for the written reason."""

    label = "Batalkan alur SOP…"
    name = "sop-batalkan-alur"
    icon_name = "error"
    order = 95

    def is_shown(self, context):
        from .review import may_cancel

        page = context.get("page")
        if context.get("view") != "edit" or page is None or not _is_publikasi(page.specific_class):
            return False
        return may_cancel(context["request"].user, page.current_workflow_state)

    def get_url(self, context):
        return reverse("sop_workflow:cancel_workflow", args=(context["page"].pk,))


@hooks.register("register_page_action_menu_item")
def register_cancel_menu_item():
    return SOPCancelMenuItem()


@hooks.register("register_log_actions")
def register_cancel_log_action(actions):
    @actions.register_action("sop_workflow.batal")
    class CancelFormatter(LogFormatter):
        label = "Alur SOP dibatalkan"

        def format_message(self, log_entry):
            return f"Alur SOP dibatalkan: {log_entry.data.get('alasan', '')}"


@hooks.register("register_log_actions")
def register_reviewed_version_log_action(actions):
    @actions.register_action("sop_workflow.versi_ditinjau")
    class ReviewedVersionFormatter(LogFormatter):
        label = "Alur SOP: disetujui pada versi yang ditinjau"

        def format_message(self, log_entry):
            newer = log_entry.data.get("lebih_baru", {})
            return (
                f"Disetujui pada versi yang ditinjau (revisi {log_entry.data.get('ditinjau', {}).get('id')}); "
                f"versi yang lebih baru (revisi {newer.get('id')}, oleh {newer.get('oleh') or 'pengguna lain'}) "
                "belum ditinjau dan tetap sebagai konsep"
            )


@hooks.register("register_log_actions")
def register_sop_log_actions(actions):
    @actions.register_action("sop_workflow.kembalikan")
    class KembalikanFormatter(LogFormatter):
        label = "Alur SOP: dikembalikan ke Kasubag"

        def format_message(self, log_entry):
            return "Kabag mengembalikan ke Kasubag untuk diperbaiki"

        def format_comment(self, log_entry):
            return log_entry.data.get("comment", "")


class EmergencyPublishMenuItem(ActionMenuItem):
    """Offered to superusers only, on the six SOP types: publish outside the SOP, in writing."""

    label = "Terbit darurat…"
    name = "sop-terbit-darurat"
    icon_name = "warning"

    def is_shown(self, context):
        page = context.get("page")
        return (
            context["request"].user.is_superuser
            and context.get("view") == "edit"
            and page is not None
            and _is_publikasi(page.specific_class)
        )

    def get_url(self, context):
        return reverse("sop_workflow:emergency_publish", args=(context["page"].pk,))


@hooks.register("register_page_action_menu_item")
def register_emergency_menu_item():
    return EmergencyPublishMenuItem(order=90)


@hooks.register("register_admin_urls")
def register_sop_urls():
    from . import emergency, report_views, review_views

    urls = [
        path("darurat/<int:page_id>/", emergency.emergency_publish, name="emergency_publish"),
        path("batalkan/<int:page_id>/", review_views.cancel_workflow_view, name="cancel_workflow"),
        path("kinerja/", report_views.kinerja_view, name="kinerja"),
    ]
    return [path("sop/", include((urls, "sop_workflow"), namespace="sop_workflow"))]


@hooks.register("register_log_actions")
def register_emergency_log_action(actions):
    @actions.register_action("sop_workflow.terbit_darurat")
    class EmergencyFormatter(LogFormatter):
        label = "Terbit darurat (di luar alur SOP)"

        def format_message(self, log_entry):
            return "Diterbitkan darurat oleh superuser, di luar alur SOP"

        def format_comment(self, log_entry):
            return log_entry.data.get("comment", "")


@hooks.register("register_admin_viewset")
def register_sop_page_viewsets():
    from .views import SOPPageViewSet

    return [SOPPageViewSet(f"sop_{model._meta.model_name}", model=model) for model in registry.models()]


@hooks.register("register_admin_viewset")
def register_sop_admin_viewsets():
    from .admin_views import AlurJenisPublikasiViewSet, HariLiburViewSet, PublicationRecordViewSet
    from .outbox_admin import OutgoingMailViewSet

    return [
        PublicationRecordViewSet("catatan_penerbitan"),
        AlurJenisPublikasiViewSet("alur_jenis_publikasi"),
        HariLiburViewSet("hari_libur"),
        OutgoingMailViewSet("surat_keluar"),
    ]


@hooks.register("after_edit_page")
def back_to_queue_after_review(request, page):
    """After acting on a step in the editor, the reviewer returns to the dashboard's queue.

    Wagtail would send them to the listing in the explorer, which Kabag may not open.
    """
    if (
        request.method == "POST"
        and request.POST.get("action-workflow-action")
        and _is_publikasi(page.specific_class)
    ):
        return redirect("wagtailadmin_home")
    return None


@hooks.register("insert_global_admin_css")
def intake_admin_css():
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html('<link rel="stylesheet" href="{}">', static("sop_workflow/admin.css"))


@hooks.register("construct_homepage_panels")
def add_disposisi_panel(request, panels):
    from .panels import DisposisiUntukAndaPanel, MenungguTindakanPanel, TerlambatPanel
    from .roles import KABAG, KASUBAG, group_names

    # Ours lists the same workflow steps as Wagtail's "Menunggu tinjauan anda", with their due
    # times, and the register's steps too: one list, not two.
    panels[:] = [panel for panel in panels if getattr(panel, "name", "") != "workflow_objects_to_moderate"]
    panels.append(MenungguTindakanPanel(request))
    panels.append(DisposisiUntukAndaPanel(request))
    user = request.user
    if user.is_superuser or group_names(user) & {KABAG, KASUBAG}:
        panels.append(TerlambatPanel(request))
    if user.has_perm("sop_workflow.view_outgoingmail"):
        from .outbox_admin import OutboxFailingPanel

        panels.append(OutboxFailingPanel(request))


@hooks.register("register_log_actions")
def register_intake_log_actions(actions):
    @actions.register_action("sop_workflow.konsep_dari_surat")
    class KonsepDariSuratFormatter(LogFormatter):
        label = "Konsep dibuat dari surat masuk"

        def format_message(self, log_entry):
            surat = log_entry.data.get("surat", {})
            return f"Konsep dibuat dari surat masuk agenda {surat.get('nomor_agenda', '?')}: {surat.get('perihal', '')}"


class KinerjaMenuItem(MenuItem):
    def is_shown(self, request):
        from .report_views import may_read

        return may_read(request.user)


@hooks.register("register_reports_menu_item")
def register_kinerja_menu_item():
    return KinerjaMenuItem("Kinerja SOP", reverse("sop_workflow:kinerja"), icon_name="time", order=50)


# Their hooks: the returned-draft banner; writers see only the drafts they may edit.
from . import review_banner, visibility  # noqa: E402, F401
