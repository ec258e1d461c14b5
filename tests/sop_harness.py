"""Driving the SOP workflow through the admin as its people do (Django's test client).

The editor's form is posted as the browser sends it: with the revision the editor loaded and the
step it shows (``sop_task_state``, ``sop_seen_revision``: sop_workflow/editor.py).
"""

import json

from django.test import Client
from django.urls import reverse
from wagtail.models import Page, WorkflowState

from tests.news.admin_forms import page_form_data

KASUBAG_CHECKS = {
    "cek_kebenaran": True,
    "cek_narasumber": True,
    "narasumber": "Ketua Divisi Teknis KPU Provinsi Banten",
    "cek_bahasa": True,
    "comment": "Sudah diperiksa.",
}
WEB_ADMIN_NOTE = {"catatan_dokumentasi": "Diunggah dan didokumentasikan di arsip web."}


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def fresh(page):
    return Page.objects.get(pk=page.pk).specific


def editor_form(page, **extra):
    """The edit form as the editor shows it now: its fields, loaded revision and current step."""
    page = fresh(page).get_latest_revision_as_object()
    task_state = page.current_workflow_task_state
    data = page_form_data(
        page._meta.model_name,
        page.title,
        page.slug,
        documents=[value["dokumen"] for value in page.attachments],
        jenis_peraturan=getattr(page, "jenis", None),
    )
    data.update(
        loaded_revision_id=page.latest_revision_id,
        loaded_revision_created_at=page.latest_revision.created_at.isoformat(),
        sop_seen_revision=page.latest_revision_id,
        sop_task_state=task_state.pk if task_state else "",
    )
    data.update(extra)
    return data


def with_action(data, action, extra=None):
    """The form after the reviewer chose a workflow action (and answered its dialog)."""
    return {
        **data,
        "action-workflow-action": "true",
        "workflow-action-name": action,
        "workflow-action-extra-data": json.dumps(extra or {}),
    }


def post_editor(client, page, data, autosave=False):
    """Post the edit form: as the submit button does, or as autosave does (asking for JSON)."""
    headers = {"HTTP_ACCEPT": "application/json"} if autosave else {}
    return client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data, **headers)


def submit(user, page):
    """The writer presses "Ajukan" in the editor."""
    response = post_editor(client_for(user), page, editor_form(page, **{"action-submit": "action-submit"}))
    assert response.status_code == 302, response
    return WorkflowState.objects.for_instance(page).get(status="in_progress")


def current_task_name(page):
    state = WorkflowState.objects.for_instance(page).filter(status="in_progress").first()
    return state.current_task_state.task.name if state else None


def act(user, page, action, data=None):
    """The reviewer acts from the moderation queue (the dashboard's action button)."""
    task_state = fresh(page).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
    return client_for(user).post(url, data or {})


ROLE_OF = {
    "penulis": "Penulis",
    "penulis2": "Penulis",
    "kasubag": "Kasubag",
    "kasubag2": "Kasubag",
    "kabag": "Kabag",
    "webadmin": "Web Admin",
    "webadmin2": "Web Admin",
}


def sop_people():
    """One login per SOP role, two for the roles a colleague can race: username -> user.

    Works in transactional tests too (ensure_site rebuilds what a flush removed)."""
    from tests.live import ensure_site
    from tests.sop_workflow.conftest import make_user

    ensure_site()
    return {name: make_user(name, group) for name, group in ROLE_OF.items()}


def draft_of(kind, owner, **fields):
    """A draft Peraturan ("peraturan") or Berita ("berita") in its listing, owned by the writer."""
    from news.models import BeritaIndexPage, PeraturanIndexPage
    from news.structure import ensure_listings
    from tests.factories import BeritaFactory, PeraturanFactory
    from tests.live import ensure_site

    listings = ensure_listings(ensure_site())
    if kind == "berita":
        return BeritaFactory(parent=listings[BeritaIndexPage], owner=owner, publish=False, **fields)
    return PeraturanFactory(parent=listings[PeraturanIndexPage], owner=owner, publish=False, **fields)
