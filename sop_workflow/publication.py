"""The publication record: written whenever one of the six material types goes live."""

import hashlib
import logging
from urllib.parse import urlsplit

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import timezone
from wagtail.models import TaskState, WorkflowState

from .models import PublicationRecord, SOPTaskState, SuratMasuk
from .roles import user_label

logger = logging.getLogger(__name__)


def render_public_html(page):
    """The page as an anonymous citizen receives it at the moment of publication."""
    _site_id, root_url, path = page.get_url_parts()
    address = urlsplit(root_url)
    request = RequestFactory().get(path, HTTP_HOST=address.netloc, secure=address.scheme == "https")
    request.user = AnonymousUser()
    response = page.serve(request)
    if hasattr(response, "render"):
        response.render()
    return response.content.decode(response.charset or "utf-8")


def step_rows(workflow_state):
    """Every step of the workflow run, in order: who, when, what, and what they confirmed."""
    if workflow_state is None:
        return []
    rows = []
    states = (
        TaskState.objects.filter(workflow_state=workflow_state)
        .select_related("task", "finished_by")
        .order_by("started_at", "pk")
    )
    extra = {s.pk: s for s in SOPTaskState.objects.filter(workflow_state=workflow_state)}
    for state in states:
        task = state.task.specific
        sop = extra.get(state.pk)
        row = {
            "task": task.name,
            "sop_steps": list(getattr(task, "sop_steps", ())),
            "status": state.status,
            "returned": bool(sop and sop.dikembalikan),
            "started_at": state.started_at.isoformat(),
            "finished_at": state.finished_at.isoformat() if state.finished_at else None,
            "by": user_label(state.finished_by),
            "comment": state.comment,
            "waktu_baku_seconds": sop.waktu_baku.total_seconds() if sop and sop.waktu_baku else None,
        }
        if sop and sop.cek_kebenaran:
            row["checks"] = {
                "kebenaran": sop.cek_kebenaran,
                "narasumber": sop.narasumber,
                "bahasa": sop.cek_bahasa,
            }
        if sop and sop.catatan_dokumentasi:
            row["catatan_dokumentasi"] = sop.catatan_dokumentasi
        rows.append(row)
    return rows


def latest_approved_workflow(page):
    return (
        WorkflowState.objects.for_instance(page)
        .filter(status=WorkflowState.STATUS_APPROVED)
        .select_related("requested_by")
        .order_by("-created_at", "-pk")
        .first()
    )


def record_publication(page, revision, user=None, darurat=""):
    """Write the record of this publication, with a snapshot of the live HTML and its hash.

    ``darurat`` is the written reason of an emergency publication outside the workflow.
    """
    workflow_state = None if darurat else latest_approved_workflow(page)
    steps = step_rows(workflow_state)
    if workflow_state is not None and workflow_state.requested_by:
        steps.insert(
            0,
            {
                "task": "Pengajuan oleh penulis",
                "sop_steps": [3],
                "status": "submitted",
                "started_at": workflow_state.created_at.isoformat(),
                "finished_at": workflow_state.created_at.isoformat(),
                "by": user_label(workflow_state.requested_by),
                "comment": "",
            },
        )
    if user is None and workflow_state is not None:
        # Published by the workflow's last approval: that reviewer is the publisher.
        last = (
            TaskState.objects.filter(workflow_state=workflow_state, status=TaskState.STATUS_APPROVED)
            .select_related("finished_by")
            .order_by("-finished_at")
            .first()
        )
        user = last.finished_by if last else None
    html = render_public_html(page)
    documentation = next(
        (row.get("catatan_dokumentasi") for row in reversed(steps) if row.get("catatan_dokumentasi")), ""
    )
    return PublicationRecord.objects.create(
        page=page,
        revision=revision,
        revision_number=revision.pk,
        workflow_state=workflow_state,
        surat_masuk=SuratMasuk.objects.filter(page_id=page.pk).first(),
        page_title=page.title,
        page_type=str(page._meta.verbose_name),
        url=page.full_url or "",
        published_at=page.last_published_at or timezone.now(),
        published_by=user,
        published_by_name=user_label(user),
        steps=steps,
        catatan_dokumentasi=documentation,
        darurat=bool(darurat),
        alasan_darurat=darurat,
        html=html,
        sha256=hashlib.sha256(html.encode("utf-8")).hexdigest(),
    )
