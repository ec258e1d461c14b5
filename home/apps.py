from django.apps import AppConfig
from wagtail.contrib.frontend_cache.apps import WagtailFrontendCacheAppConfig


class HomeConfig(AppConfig):
    default = True  # the one for "home" (this module holds two configs)
    name = "home"
    verbose_name = "Beranda dan pengaturan situs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .db_statistics import analyze_after_migrate
        from .page_cache_signals import connect

        connect()
        post_migrate.connect(analyze_after_migrate, sender=self, dispatch_uid="home.analyze_after_migrate")

        from . import bad_input

        bad_input.install()  # rich text posted as anything but Draftail's JSON: 400, not 500


class FrontendCacheConfig(WagtailFrontendCacheAppConfig):
    """Wagtail's front cache app without its signal handlers: they purge inside the publishing
    transaction (a visitor could store the old page again before COMMIT). The front cache is
    purged after COMMIT with the page cache instead (home/page_cache_signals.py)."""

    default = False

    def ready(self):
        pass
