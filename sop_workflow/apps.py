from django.apps import AppConfig


class SopWorkflowConfig(AppConfig):
    name = "sop_workflow"
    verbose_name = "Alur SOP penerbitan"
    default_auto_field = "django.db.models.BigAutoField"
