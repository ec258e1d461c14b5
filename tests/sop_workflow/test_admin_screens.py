"""The publication records and the type -> workflow assignments, as seen in the admin."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.models import Workflow

from news.models import PeraturanPage
from sop_workflow.models import AlurJenisPublikasi, PublicationRecord
from tests.factories import BeritaFactory, PeraturanFactory
from tests.sop_harness import client_for, submit


@pytest.fixture
def record(users, sop):
    page = BeritaFactory(
        parent=sop["berita"], title="Rapat pleno terbuka", owner=users["penulis"], publish=False
    )
    submit(users["penulis"], page)
    from tests.sop_harness import act

    act(users["webadmin"], page, "approve", {"catatan_dokumentasi": "Diunggah dan dibagikan.", "comment": ""})
    return PublicationRecord.objects.get(page=page)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["kabag", "kasubag", "webadmin"])
def test_supervisors_and_web_admin_read_the_records(users, record, role):
    client = client_for(users[role])
    listing = client.get(reverse("catatan_penerbitan:index"))
    assert listing.status_code == 200
    assert "Rapat pleno terbuka" in listing.text
    detail = client.get(reverse("catatan_penerbitan:inspect", args=(record.pk,)))
    assert detail.status_code == 200
    assert record.sha256 in detail.text
    assert "Diunggah dan dibagikan." in detail.text
    assert "Penerbitan Web Admin (langkah 6-7)" in detail.text


@pytest.mark.django_db
def test_records_cannot_be_edited_or_deleted_even_by_a_superuser(users, record, admin_client):
    for url in (
        reverse("catatan_penerbitan:add"),
        reverse("catatan_penerbitan:edit", args=(record.pk,)),
        reverse("catatan_penerbitan:delete", args=(record.pk,)),
    ):
        response = admin_client.post(url, {"page_title": "Dipalsukan"})
        assert response.status_code in (302, 403), url
    record.refresh_from_db()
    assert record.page_title == "Rapat pleno terbuka"
    assert client_for(users["penulis"]).get(reverse("catatan_penerbitan:index")).status_code == 302


@pytest.mark.django_db
def test_record_survives_unpublishing_and_deletion(users, record):
    page = record.page.specific
    html = record.html
    page.unpublish()
    page.delete()
    record.refresh_from_db()
    assert record.page is None
    assert record.html == html
    assert record.page_title == "Rapat pleno terbuka"


@pytest.mark.django_db
def test_assignment_is_shown_and_can_be_changed_by_the_administrator(users, sop, admin_client):
    listing = admin_client.get(reverse("alur_jenis_publikasi:index"))
    assert listing.status_code == 200
    for label in ("Peraturan: SOP Penerbitan Informasi", "Berita: SOP Berita KPU"):
        assert label in listing.text
    assignment = AlurJenisPublikasi.objects.get(content_type=ContentType.objects.get_for_model(PeraturanPage))
    berita_workflow = Workflow.objects.get(name="SOP Berita KPU")
    response = admin_client.post(
        reverse("alur_jenis_publikasi:edit", args=(assignment.pk,)),
        {"content_type": assignment.content_type_id, "workflow": berita_workflow.pk},
    )
    assert response.status_code == 302
    page = PeraturanFactory(parent=sop["peraturan"], owner=users["penulis"], publish=False)
    assert submit(users["penulis"], page).workflow == berita_workflow
