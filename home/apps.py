from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Beranda dan pengaturan situs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .db_statistics import analyze_after_migrate
        from .page_cache_signals import connect

        connect()
        post_migrate.connect(analyze_after_migrate, sender=self, dispatch_uid="home.analyze_after_migrate")
