"""Uploads everywhere: an oversized body is refused before it is read, a pixel bomb and SVG (with
or without script, under any name) never enter the image library, and public documents are
served as downloads that browsers may not sniff into something else."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from home.demo_files import image_bytes, pdf_bytes
from home.models import Dokumen, Gambar
from tests.factories import DokumenFactory, PengumumanFactory, attachments

SVG = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script>
<rect width="10" height="10"/></svg>"""


def pixel_bomb():
    """A 12,000 x 12,000 PNG (144 million pixels) that weighs only a few hundred kilobytes."""
    buffer = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(buffer, "PNG")
    return buffer.getvalue()


def upload_image(client, name, content):
    return client.post(
        reverse("wagtailimages:add"),
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": 1, "sumber": ""},
    )


def errors_of(response):
    assert response.status_code == 200  # the form again, with its message
    return " ".join(str(error) for error in response.context["form"].errors.get("file", []))


@pytest.mark.django_db
def test_an_ordinary_photo_is_accepted(admin_client):
    response = upload_image(admin_client, "pleno.jpg", image_bytes("pleno", size=(800, 450)))
    assert response.status_code == 302
    assert Gambar.objects.filter(title="pleno.jpg").exists()


@pytest.mark.django_db
def test_a_pixel_bomb_is_refused(admin_client):
    content = pixel_bomb()
    assert len(content) < 2 * 1024 * 1024  # small on disk: the size limit alone would let it in
    message = errors_of(upload_image(admin_client, "bom.png", content))
    assert "pixel" in message.lower() or "piksel" in message.lower()
    assert not Gambar.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["logo.svg", "logo.png", "logo.jpg"])
def test_svg_never_enters_the_image_library(admin_client, name):
    assert errors_of(upload_image(admin_client, name, SVG))
    assert not Gambar.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["gambar.svg", "halaman.html", "gambar-svg.txt"])
def test_svg_and_html_are_refused_as_documents(admin_client, name):
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {"title": name, "file": SimpleUploadedFile(name, SVG), "collection": 1, "keterangan": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors.get("file")
    assert not Dokumen.objects.exists()


@pytest.mark.django_db
def test_an_oversized_body_is_refused_before_it_is_read(admin_client, settings):
    settings.MAX_REQUEST_BODY_SIZE = 50_000
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "besar",
            "file": SimpleUploadedFile("besar.pdf", pdf_bytes("x") + b"0" * 60_000),
            "collection": 1,
            "keterangan": "",
        },
    )
    assert response.status_code == 413
    assert "Berkas terlalu besar" in response.content.decode()
    assert not Dokumen.objects.exists()


@pytest.mark.django_db
def test_the_body_is_never_read_when_it_is_too_large(client, settings):
    """Content-Length alone decides: a body that would fail if read is never touched."""
    settings.MAX_REQUEST_BODY_SIZE = 1000

    class Unreadable(io.RawIOBase):
        def read(self, *args):
            raise AssertionError("the body was read")

    response = client.generic(
        "POST", "/admin/login/", b"", CONTENT_TYPE="application/octet-stream", CONTENT_LENGTH="5000000",
        **{"wsgi.input": Unreadable()},
    )  # fmt: skip
    assert response.status_code == 413


@pytest.mark.django_db
def test_public_documents_download_with_disposition_and_nosniff(client, listings):
    document = DokumenFactory(title="Salinan keputusan")
    # Public once a published page uses it (home/file_privacy.py).
    PengumumanFactory(parent=listings["pengumuman"], lampiran=attachments(document))
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].split(";")[0] in ("attachment", "inline")
    assert 'filename="lampiran' in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
