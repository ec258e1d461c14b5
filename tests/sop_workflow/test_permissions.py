"""Every role against every step: only the step's own group acts; every other try is refused
with 403 and a reason, and changes nothing (statuses, live, revisions, audit log)."""

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry, TaskState, WorkflowState

from news.models import PeraturanPage
from sop_workflow.setup import TASK_KABAG, TASK_KASUBAG, TASK_WEB_ADMIN
from tests.factories import PeraturanFactory
from tests.sop_harness import KASUBAG_CHECKS, act, client_for, current_task_name, submit

STEPS = [TASK_KASUBAG, TASK_KABAG, TASK_WEB_ADMIN]
ALLOWED = {
    TASK_KASUBAG: ("kasubag", {"approve", "reject"}),
    TASK_KABAG: ("kabag", {"approve", "kembalikan"}),
    TASK_WEB_ADMIN: ("webadmin", {"approve"}),
}
FORMS = {
    "approve": {**KASUBAG_CHECKS, "catatan_dokumentasi": "Diunggah."},
    "reject": {"comment": "Perbaiki."},
    "kembalikan": {"comment": "Perbaiki."},
}
ROLES = ["penulis", "penulis2", "kasubag", "kabag", "webadmin"]


def bring_to(users, sop, step):
    page = PeraturanFactory(parent=sop["peraturan"], owner=users["penulis"], publish=False)
    submit(users["penulis"], page)
    if step in (TASK_KABAG, TASK_WEB_ADMIN):
        act(users["kasubag2"], page, "approve", KASUBAG_CHECKS)
    if step == TASK_WEB_ADMIN:
        act(users["kabag"], page, "approve", {"comment": ""})
    assert current_task_name(page) == step
    return page


def snapshot(page):
    page = PeraturanPage.objects.get(pk=page.pk)
    return {
        "task_states": list(
            TaskState.objects.filter(workflow_state__object_id=str(page.pk)).values_list("pk", "status")
        ),
        "workflow": list(WorkflowState.objects.for_instance(page).values_list("pk", "status")),
        "live": page.live,
        "revisions": page.revisions.count(),
        "log": PageLogEntry.objects.filter(page=page).count(),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("role", ROLES)
def test_role_against_step(users, sop, step, role):
    page = bring_to(users, sop, step)
    allowed_role, allowed_actions = ALLOWED[step]
    for action in ("approve", "reject", "kembalikan"):
        if role == allowed_role and action in allowed_actions:
            continue  # the allowed paths are walked in test_workflow.py
        before = snapshot(page)
        response = act(users[role], page, action, FORMS[action])
        assert response.status_code == 403, (role, step, action)
        assert "Tindakan ditolak" in response.text
        assert snapshot(page) == before, (role, step, action)

    if role == allowed_role:
        action = sorted(allowed_actions)[0]  # "approve"
        response = act(users[role], page, action, FORMS[action])
        assert response.status_code == 302
        assert snapshot(page) != before


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["penulis", "kasubag", "webadmin"])
def test_editor_offers_no_publish_button(users, sop, role):
    page = PeraturanFactory(parent=sop["peraturan"], owner=users["penulis"], publish=False)
    response = client_for(users[role]).get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert response.status_code == 200
    assert 'name="action-publish"' not in response.text
    assert 'name="action-submit"' in response.text or role != "penulis"


@pytest.mark.django_db
def test_kabag_reviews_without_edit_rights_outside_his_step(users, sop):
    page = PeraturanFactory(parent=sop["peraturan"], owner=users["penulis"], publish=False)
    kabag = client_for(users["kabag"])
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    assert kabag.get(edit_url).status_code == 302  # not his step yet: no access
    submit(users["penulis"], page)
    act(users["kasubag"], page, "approve", KASUBAG_CHECKS)
    assert kabag.get(edit_url).status_code == 200  # his step: he may open and preview it
    preview = kabag.get(
        reverse(
            "wagtailadmin_pages:workflow_preview",
            args=(page.pk, PeraturanPage.objects.get(pk=page.pk).current_workflow_task.pk),
        )
    )
    assert preview.status_code == 200
