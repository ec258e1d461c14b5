"""For the content app's governed page types: the SOP workflow follows the material type.

Wagtail picks a page's workflow from the page tree; the SOP assigns it per type (Pengaturan →
Alur jenis publikasi, ``AlurJenisPublikasi``), wherever the page sits. A governed page class
mixes this in before ``Page``::

    class KegiatanPage(SOPWorkflowMixin, Page): ...
"""


class SOPWorkflowMixin:
    def workflow_type(self):
        """The material type whose workflow applies: the page's own, unless overridden."""
        return type(self)

    def get_workflow(self):
        from .models import workflow_for_type

        return workflow_for_type(self.workflow_type())

    @property
    def has_workflow(self):
        # Wagtail's Page.has_workflow looks at the tree only; this follows get_workflow().
        return self.get_workflow() is not None
