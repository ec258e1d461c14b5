"""Published content is withdrawn (unpublished) with a logged reason before it can be deleted,
and deleting it keeps its audit log and its publication records."""

import pytest
from django.urls import reverse
from wagtail.models import Page, PageLogEntry

from news.models import BeritaPage, PeraturanPage
from sop_workflow.models import PublicationRecord
from tests.factories import BeritaFactory, PeraturanFactory


@pytest.fixture
def live_page(listings):
    page = PeraturanFactory(parent=listings["peraturan"], title="Keputusan lama")
    assert PublicationRecord.objects.filter(page=page).count() == 1  # every publication leaves one
    return page


def unpublish(client, page, **data):
    return client.post(reverse("wagtailadmin_pages:unpublish", args=(page.pk,)), data)


@pytest.mark.django_db
def test_a_live_page_cannot_be_deleted(admin_client, live_page):
    url = reverse("wagtailadmin_pages:delete", args=(live_page.pk,))
    for response in (admin_client.get(url), admin_client.post(url)):
        assert response.status_code == 403
        assert "Tarik dulu dari publikasi" in response.content.decode()
    assert PeraturanPage.objects.filter(pk=live_page.pk, live=True).exists()


@pytest.mark.django_db
def test_a_section_holding_live_pages_cannot_be_deleted(admin_client, listings, live_page):
    section = listings["peraturan"]
    section.unpublish()
    response = admin_client.post(reverse("wagtailadmin_pages:delete", args=(section.pk,)))
    assert response.status_code == 403
    assert Page.objects.filter(pk=live_page.pk).exists()


@pytest.mark.django_db
def test_withdrawal_asks_for_a_reason_and_refuses_without_one(admin_client, live_page):
    form = admin_client.get(reverse("wagtailadmin_pages:unpublish", args=(live_page.pk,)))
    assert 'name="alasan"' in form.content.decode() and "Alasan penarikan" in form.content.decode()
    response = unpublish(admin_client, live_page, alasan="   ")
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:unpublish", args=(live_page.pk,))
    followed = admin_client.get(response["Location"])
    assert "alasan itu wajib" in followed.content.decode()
    assert PeraturanPage.objects.get(pk=live_page.pk).live


@pytest.mark.django_db
def test_withdraw_with_a_reason_then_delete_keeps_log_and_records(admin_client, live_page):
    reason = "Dicabut oleh Keputusan Nomor 12 Tahun 2026"
    response = unpublish(admin_client, live_page, alasan=reason)
    assert response.status_code == 302
    assert not PeraturanPage.objects.get(pk=live_page.pk).live
    entry = PageLogEntry.objects.get(page_id=live_page.pk, action="sop_workflow.tarik")
    assert entry.data == {"alasan": reason}
    assert entry.user.username == "super"
    history = admin_client.get(reverse("wagtailadmin_pages:history", args=(live_page.pk,)))
    assert f"Ditarik dari publikasi: {reason}" in history.content.decode()

    log_before = PageLogEntry.objects.filter(page_id=live_page.pk).count()
    response = admin_client.post(reverse("wagtailadmin_pages:delete", args=(live_page.pk,)))
    assert response.status_code == 302
    assert not Page.objects.filter(pk=live_page.pk).exists()
    # The page's audit log stays (with the deletion added), and so does its publication record.
    assert PageLogEntry.objects.filter(page_id=live_page.pk).count() == log_before + 1
    assert PageLogEntry.objects.filter(page_id=live_page.pk, action="sop_workflow.tarik").exists()
    record = PublicationRecord.objects.get(page_title="Keputusan lama")
    assert record.page is None and record.url


@pytest.mark.django_db
def test_bulk_withdrawal_and_bulk_deletion_of_live_pages_are_refused(admin_client, listings):
    pages = [BeritaFactory(parent=listings["berita"]) for _ in range(2)]
    query = "&".join(f"id={page.pk}" for page in pages)
    for action in ("unpublish", "delete"):
        url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", action)) + f"?{query}"
        response = admin_client.post(url, {"include_descendants": ""})
        assert response.status_code == 403, action
    assert BeritaPage.objects.filter(live=True).count() == 2
