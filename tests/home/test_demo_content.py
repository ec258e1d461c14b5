"""The demo command: idempotent, one login per role, and never with DEBUG off."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page

from home.models import Dokumen, Gambar
from news import models as news
from news.catalogue import publication_types
from sop_workflow.roles import ROLES


@pytest.mark.django_db
def test_demo_content_is_idempotent_and_complete(settings, client):
    settings.DEBUG = True
    call_command("demo_content", stdout=io.StringIO())
    counts = {
        "pages": Page.objects.count(),
        "documents": Dokumen.objects.count(),
        "images": Gambar.objects.count(),
        "users": get_user_model().objects.count(),
    }
    call_command("demo_content", stdout=io.StringIO())
    assert counts == {
        "pages": Page.objects.count(),
        "documents": Dokumen.objects.count(),
        "images": Gambar.objects.count(),
        "users": get_user_model().objects.count(),
    }

    for model in publication_types():  # every material type of news/catalogue.py
        live = model.objects.live()
        assert live.count() >= 3, model
        for page in live:
            assert client.get(page.url).status_code == 200
    assert any(page.attachments for page in news.PeraturanPage.objects.live())
    # The demo's revoked regulation is "Tidak berlaku" through its relation, not typed.
    lama = news.PeraturanPage.objects.get(slug="keputusan-kpu-provinsi-banten-7-2019")
    assert (lama.status, lama.dicabut_oleh.slug) == ("tidak_berlaku", "keputusan-kpu-provinsi-banten-1-2024")
    assert news.BeritaPage.objects.filter(gambar_utama__isnull=False).exists()
    # One regulation has its abstract (Permenkumham 8/2019): on its page, as a PDF, in the feed.
    perubahan = news.PeraturanPage.objects.get(slug="keputusan-kpu-provinsi-banten-2-2024")
    page = client.get(perubahan.url).content.decode()
    assert 'id="abstrak-judul"' in page and "Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum" in page
    assert f'<a href="{perubahan.abstrak_dasar_hukum.get(peraturan__isnull=False).peraturan.url}">' in page
    pdf = client.get(f"/jdih/abstrak/{perubahan.pk}.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    record = next(r for r in client.get("/jdih/feed.json").json() if r["idData"] == str(perubahan.pk))
    assert record["urlAbstrak"] == f"http://testserver/jdih/abstrak/{perubahan.pk}.pdf"
    # ...added through the demo's publication path: the SOP records still match what is live.
    call_command("check_sop_records", stdout=io.StringIO())
    with Dokumen.objects.first().file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"

    User = get_user_model()
    for username, group in (
        ("kabag", "Kabag"),
        ("kasubag", "Kasubag"),
        ("penulis", "Penulis"),
        ("webadmin", "Web Admin"),
    ):
        user = User.objects.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert user.check_password("terbit-demo-2026")
    assert User.objects.get(username="admin").is_superuser
    assert set(ROLES) <= set(Group.objects.values_list("name", flat=True))


@pytest.mark.django_db
def test_demo_logins_reach_the_admin(settings, client):
    settings.DEBUG = True
    call_command("demo_content", stdout=io.StringIO())
    for username in ("kabag", "kasubag", "penulis", "webadmin", "admin"):
        client.logout()
        response = client.post("/admin/login/", {"username": username, "password": "terbit-demo-2026"})
        assert response.status_code == 302, username
        assert client.get("/admin/").status_code == 200, username


@pytest.mark.django_db
def test_demo_content_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=True"):
        call_command("demo_content")
    assert not get_user_model().objects.filter(username="kabag").exists()
