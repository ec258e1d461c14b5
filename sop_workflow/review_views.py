"""Cancelling a running SOP workflow: its own page, a written reason, logged (review.py)."""

from django import forms
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from wagtail.admin import messages
from wagtail.models import Page

from . import review
from .models import SOPRefusal


class CancelForm(forms.Form):
    alasan = forms.CharField(
        label="Alasan pembatalan",
        min_length=10,
        max_length=1000,
        widget=forms.Textarea({"rows": 4}),
        help_text="Mengapa alur SOP untuk konsep ini dihentikan. Alasan ini dicatat di riwayat halaman.",
        error_messages={
            "required": "Alasan wajib ditulis.",
            "min_length": "Tuliskan alasan yang jelas (sedikitnya %(limit_value)d karakter).",
            "max_length": "Alasan terlalu panjang (paling banyak %(limit_value)d karakter).",
        },
    )


def cancel_workflow_view(request, page_id):
    from . import registry

    page = get_object_or_404(Page, pk=page_id).specific
    if not registry.is_governed(page):
        raise SOPRefusal("Pembatalan alur SOP hanya untuk jenis publikasi SOP.")
    workflow_state = page.current_workflow_state
    if workflow_state is None:
        # Without the title: anyone may ask, and a draft's title is for those who may edit it.
        raise SOPRefusal("Konsep ini tidak sedang dalam alur SOP: tidak ada yang dibatalkan.")
    if not review.may_cancel(request.user, workflow_state):
        raise SOPRefusal(
            "Alur SOP hanya dapat dibatalkan oleh Kabag, atau oleh penulis yang mengajukannya "
            "selama belum ada langkah yang ditindaklanjuti."
        )
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        review.cancel_workflow(page, request.user, form.cleaned_data["alasan"])
        messages.success(
            request,
            f"Alur SOP untuk “{page.title}” dibatalkan; alasannya tercatat di riwayat halaman. "
            "Konsepnya tetap tersimpan dan dapat diajukan lagi.",
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(
        request,
        "sop_workflow/editor/cancel.html",
        {
            "page": page,
            "form": form,
            "workflow_state": workflow_state,
            "step": review.next_step_message(page),
        },
    )
