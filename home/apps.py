from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Beranda dan pengaturan situs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .page_cache_signals import connect

        connect()
