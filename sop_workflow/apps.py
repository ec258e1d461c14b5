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
