"""Information marked as excluded (*dikecualikan*, UU 14/2008 Pasal 17) is never published: the
editor refuses to submit it, the workflow refuses to approve it, and publishing it is refused."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from news.models import DIKECUALIKAN_REFUSAL, PeraturanPage
from sop_workflow.models import SOPRefusal
from sop_workflow.setup import TASK_KASUBAG
from tests.factories import PeraturanFactory
from tests.news.admin_forms import page_form_data
from tests.sop_harness import (
    KASUBAG_CHECKS,
    act,
    client_for,
    current_task_name,
    submit,
)


@pytest.fixture
def draft_peraturan(users, sop):
    return PeraturanFactory(
        parent=sop["peraturan"], title="Keputusan rahasia", owner=users["penulis"], publish=False
    )


def edit(user, page, title=None, **extra):
    data = page_form_data(
        "peraturanpage",
        title or page.title,
        page.slug,
        jenis_peraturan=page.jenis,
        documents=[att["dokumen"] for att in page.attachments],
        **extra,
    )
    return client_for(user).post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)


@pytest.mark.django_db
def test_writer_cannot_submit_excluded_information_and_keeps_the_text(users, draft_peraturan):
    page = draft_peraturan
    response = edit(
        users["penulis"],
        page,
        kategori_informasi="dikecualikan",
        title="Judul baru",
        **{"action-submit": "1"},
    )
    assert response.status_code == 200  # the form again, with the reason, nothing saved or lost
    assert DIKECUALIKAN_REFUSAL in response.content.decode()
    assert response.context["form"]["title"].value() == "Judul baru"
    assert not WorkflowState.objects.for_instance(page).filter(status="in_progress").exists()
    # Saving it as a draft is allowed: the writer keeps the work.
    response = edit(users["penulis"], page, kategori_informasi="dikecualikan")
    assert response.status_code == 302
    assert (
        PeraturanPage.objects.get(pk=page.pk).get_latest_revision_as_object().kategori_informasi
        == "dikecualikan"
    )


@pytest.mark.django_db
def test_workflow_refuses_to_approve_content_marked_excluded(users, draft_peraturan):
    page = draft_peraturan
    submit(users["penulis"], page)
    # During the check, Kasubag marks it as excluded and presses approve in the editor.
    response = edit(
        users["kasubag"],
        page,
        kategori_informasi="dikecualikan",
        **{
            "action-workflow-action": "true",
            "workflow-action-name": "approve",
            "workflow-action-extra-data": "{}",
        },
    )
    assert response.status_code == 200
    assert DIKECUALIKAN_REFUSAL in response.content.decode()
    assert current_task_name(page) == TASK_KASUBAG

    # The excluded version saved as a draft, then approved from the queue: refused (403) with the reason.
    assert edit(users["kasubag"], page, kategori_informasi="dikecualikan").status_code == 302
    response = act(users["kasubag"], page, "approve", KASUBAG_CHECKS)
    assert response.status_code == 403
    assert DIKECUALIKAN_REFUSAL in response.content.decode()
    assert current_task_name(page) == TASK_KASUBAG
    # Sending it back to the writer is still possible.
    assert act(users["kasubag"], page, "reject", {"comment": "Dikecualikan oleh PPID."}).status_code == 302
    assert not PeraturanPage.objects.get(pk=page.pk).live


@pytest.mark.django_db
def test_publishing_an_excluded_revision_is_refused_by_any_path(users, draft_peraturan):
    page = draft_peraturan
    page.kategori_informasi = "dikecualikan"
    revision = page.save_revision(user=users["penulis"])
    with pytest.raises(SOPRefusal, match="dikecualikan"):
        revision.publish()
    assert not PeraturanPage.objects.get(pk=page.pk).live
