from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "Publikasi"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from home.page_cache_signals import purge_every_page_on_change

        from . import sop, status_relasi
        from .models import EdisiDIP, EntriDIPLuring, InformasiDikecualikan, JenisPeraturan

        # The material types (news/catalogue.py), governed by the SOP engine (sop_workflow/registry.py).
        sop.register()
        # A jenis peraturan shows on every regulation and in the listing's filter.
        purge_every_page_on_change(JenisPeraturan)
        # The DIP shows the offline entries; its edition and DIK pages, the editions and the DIK.
        for model in (EdisiDIP, EntriDIPLuring, InformasiDikecualikan):
            purge_every_page_on_change(model)
        # A published revocation makes its target "Tidak berlaku"; withdrawing it restores it.
        status_relasi.connect()
