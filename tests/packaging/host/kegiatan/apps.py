from django.apps import AppConfig


def home_page():
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True).root_page


def prefill(surat):
    return {"title": surat.perihal, "ringkasan": f"Dari surat {surat.nomor_surat}: {surat.perihal}"}


class KegiatanConfig(AppConfig):
    name = "kegiatan"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from sop_workflow import registry

        from .models import KegiatanPage

        registry.register(KegiatanPage, label="Kegiatan", parent=home_page, prefill=prefill)
        registry.register_setup(lambda: [home_page()])
