"""Terbit darurat: superusers only, with a written reason, flagged and reported to Kabag."""

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry, WorkflowState

from news.models import PeraturanPage
from sop_workflow.models import PublicationRecord
from tests.factories import PeraturanFactory
from tests.sop_harness import client_for, submit

REASON = "Putusan MK harus diumumkan hari ini sebelum pukul 12.00 WIB."


@pytest.mark.django_db
def test_superuser_publishes_in_emergency_with_a_reason(
    users, sop, superuser, mailoutbox, django_capture_on_commit_callbacks
):
    page = PeraturanFactory(parent=sop["peraturan"], owner=users["penulis"], publish=False)
    submit(users["penulis"], page)  # waiting at Kasubag
    client = client_for(superuser)
    url = reverse("sop_workflow:emergency_publish", args=(page.pk,))

    edit = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert url in edit.text  # the menu offers it to superusers

    response = client.post(url, {"alasan": "Mendesak."})
    assert response.status_code == 200
    assert "sedikitnya 20 karakter" in response.text
    assert not PeraturanPage.objects.get(pk=page.pk).live

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"alasan": REASON})
    assert response.status_code == 302
    page = PeraturanPage.objects.get(pk=page.pk)
    assert page.live
    assert not WorkflowState.objects.for_instance(page).filter(status="in_progress").exists()

    record = PublicationRecord.objects.get(page=page)
    assert record.darurat and record.alasan_darurat == REASON
    assert record.published_by == superuser
    entry = PageLogEntry.objects.get(page=page, action="sop_workflow.terbit_darurat")
    assert entry.user == superuser and entry.data["comment"] == REASON
    assert [m.to[0].split("@")[0] for m in mailoutbox] == ["kabag"]
    assert REASON in mailoutbox[0].body and "DARURAT" in mailoutbox[0].subject


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["penulis", "kasubag", "kabag", "webadmin"])
def test_emergency_publish_is_refused_to_everyone_else(users, sop, role):
    page = PeraturanFactory(parent=sop["peraturan"], owner=users["penulis"], publish=False)
    client = client_for(users[role])
    url = reverse("sop_workflow:emergency_publish", args=(page.pk,))
    response = client.post(url, {"alasan": REASON})
    assert response.status_code == 403
    assert "hanya dapat dilakukan oleh superuser" in response.text
    assert not PeraturanPage.objects.get(pk=page.pk).live
    assert not PublicationRecord.objects.exists()
