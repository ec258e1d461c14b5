"""Emergency publication ("terbit darurat"): a superuser publishes outside the SOP, in writing.

The reason is required; the publication is flagged in the audit log and in the publication
record, and the Kabag group is notified so it can be reviewed afterwards.
"""

from contextvars import ContextVar

from django import forms
from django.contrib.auth.models import Group
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from wagtail.admin import messages
from wagtail.log_actions import log
from wagtail.models import Page

from . import mail
from .models import SOPRefusal
from .review import lock_page
from .roles import KABAG

# Set while an emergency publication runs, read by the page_published handler.
EMERGENCY = ContextVar("sop_emergency", default=None)


class EmergencyForm(forms.Form):
    alasan = forms.CharField(
        label="Alasan terbit darurat",
        min_length=20,
        widget=forms.Textarea({"rows": 4}),
        help_text="Mengapa informasi ini tidak dapat menunggu alur SOP. Alasan ini dicatat dan dikirim ke Kabag.",
        error_messages={
            "required": "Alasan wajib ditulis.",
            "min_length": "Tuliskan alasan yang jelas (sedikitnya %(limit_value)d karakter).",
        },
    )


def emergency_publish(request, page_id):
    from . import registry

    page = get_object_or_404(Page, pk=page_id).specific
    if not request.user.is_superuser:
        raise SOPRefusal("Terbit darurat hanya dapat dilakukan oleh superuser.")
    if not registry.is_governed(page):
        raise SOPRefusal("Terbit darurat hanya untuk keenam jenis publikasi SOP.")
    form = EmergencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["alasan"]
        with transaction.atomic():
            lock_page(page.pk)  # after a reviewer's action under way, not in the middle of it
            page = Page.objects.get(pk=page.pk).specific  # as it is now (its latest revision)
            workflow_state = page.current_workflow_state
            if workflow_state is not None:
                workflow_state.cancel(user=request.user)
            token = EMERGENCY.set({"user": request.user, "reason": reason})
            try:
                page.get_latest_revision().publish(user=request.user, skip_permission_checks=True)
            finally:
                EMERGENCY.reset(token)
            log(
                instance=page,
                action="sop_workflow.terbit_darurat",
                user=request.user,
                data={"comment": reason},
            )
            record = page.publication_records.order_by("-pk").first()
            mail.emergency(record, Group.objects.filter(name=KABAG))  # outbox: sent after the commit
        messages.warning(request, f"“{page.title}” diterbitkan darurat. Kabag telah diberi tahu.")
        return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(request, "sop_workflow/emergency.html", {"page": page, "form": form})
