from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from sop_workflow.pages import SOPWorkflowMixin


class KegiatanPage(SOPWorkflowMixin, Page):
    """The host's one page type, governed by the SOP engine (registered in apps.py)."""

    ringkasan = models.TextField("ringkasan", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("ringkasan")]

    class Meta:
        verbose_name = "kegiatan"
