from django.apps import AppConfig


class SopWorkflowConfig(AppConfig):
    name = "sop_workflow"
    verbose_name = "Alur SOP penerbitan"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from .admin_views import ReadOnlyPermissionPolicy
        from .models import PublicationRecord
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
        register_permission_policy(PublicationRecord, ReadOnlyPermissionPolicy(PublicationRecord))
        # Every CSV/XLSX export of the admin is formula-safe (spreadsheet.py).
        from .spreadsheet import install_export_guard

        install_export_guard()
        # Pages: Wagtail's permissions, but a writer explores only what he may see (visibility.py).
        from wagtail.models import AbstractPage

        from .visibility import SOPPagePermissionPolicy

        register_permission_policy(AbstractPage, SOPPagePermissionPolicy("wagtailcore.Page"))
