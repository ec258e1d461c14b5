from wagtail.signals import page_published


def on_page_published(sender, instance, revision, **kwargs):
    from news.models import BasePublikasiPage

    from .publication import record_publication

    if isinstance(instance, BasePublikasiPage):
        record_publication(instance, revision, user=kwargs.get("user"))


def register_signal_handlers():
    page_published.connect(on_page_published, dispatch_uid="sop_workflow_publication_record")
