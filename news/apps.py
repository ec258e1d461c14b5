from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "Publikasi"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The six material types, governed by the SOP engine (sop_workflow/registry.py).
        from . import sop

        sop.register()
