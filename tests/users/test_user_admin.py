"""Staff accounts carry the NIP and jabatan printed on the control sheet."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse


@pytest.mark.django_db
def test_admin_creates_a_user_with_nip_jabatan_and_role(admin_client):
    from sop_workflow.roles import KASUBAG

    kasubag = Group.objects.get_or_create(name=KASUBAG)[0]
    form = admin_client.get(reverse("wagtailusers_users:add"))
    assert "NIP" in form.text and "Jabatan" in form.text
    response = admin_client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "siti",
            "email": "siti@kpu-banten.example",
            "first_name": "Siti",
            "last_name": "Rohmah",
            "nip": "19800101 200501 2 001",
            "jabatan": "Kepala Sub Bagian Teknis dan Hupmas",
            "password1": "Kata-sandi-yang-panjang-2026",
            "password2": "Kata-sandi-yang-panjang-2026",
            "is_active": "on",
            "groups": [kasubag.pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    user = get_user_model().objects.get(username="siti")
    assert user.nip == "19800101 200501 2 001"
    assert user.jabatan == "Kepala Sub Bagian Teknis dan Hupmas"
    assert list(user.groups.all()) == [kasubag]

    response = admin_client.post(
        reverse("wagtailusers_users:edit", args=(user.pk,)),
        {
            "username": "siti",
            "email": "siti@kpu-banten.example",
            "first_name": "Siti",
            "last_name": "Rohmah",
            "nip": "19800101 200501 2 009",
            "jabatan": "Kepala Bagian Hukum, Teknis dan Hupmas",
            "is_active": "on",
            "groups": [kasubag.pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    user.refresh_from_db()
    assert user.nip == "19800101 200501 2 009"


@pytest.mark.django_db
def test_admin_speaks_indonesian(admin_client):
    response = admin_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert 'lang="id"' in response.text
    assert "<title>Dasbor - Terbit</title>" in response.text


@pytest.mark.django_db
def test_login_page_names_the_product(client):
    response = client.get(reverse("wagtailadmin_login"))
    assert "Masuk ke Terbit — KPU Provinsi Banten" in response.text
    assert "<title>Masuk - Terbit</title>" in response.text
