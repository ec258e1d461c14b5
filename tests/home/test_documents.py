"""Uploading documents through the admin: the content must match the extension."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from home.demo_files import image_bytes, pdf_bytes
from home.models import Dokumen


def office_file(folder):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}document.xml", "<x/>")
    return buffer.getvalue()


def zip_file():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data.txt", "isi")
    return buffer.getvalue()


def upload(client, name, content):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": 1, "keterangan": ""},
    )


ACCEPTED = [
    ("salinan.pdf", pdf_bytes("Salinan", ["uji"])),
    ("laporan.docx", office_file("word/")),
    ("anggaran.xlsx", office_file("xl/")),
    ("paparan.pptx", office_file("ppt/")),
    ("lama.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
    ("data.csv", b"nama;jumlah\nSerang;10\nCilegon;5\n"),
    ("data-excel.csv", "kecamatan;pemilih\nCikupa;1.200\nPasar Kemis;980\n".encode("cp1252")),
    ("catatan.txt", "Catatan rapat pleno — 7 Juli 2017".encode()),
    ("arsip.zip", zip_file()),
]

REFUSED = [
    ("palsu.pdf", b"MZ\x90\x00 this is a windows program", "bukan PDF"),
    ("zip-menyamar.pdf", zip_file(), "bukan PDF"),
    ("foto.pdf", image_bytes("foto", size=(20, 20)), "bukan PDF"),
    ("bukan-word.docx", zip_file(), "bukan dokumen Word (.docx)"),
    ("word-menyamar.xlsx", office_file("word/"), "bukan lembar kerja Excel (.xlsx)"),
    ("biner.csv", b"\x00\x01\x02binary", "bukan berkas CSV"),
    ("pdf-menyamar.txt", pdf_bytes("x"), "bukan berkas teks"),
    ("rusak.zip", b"PK\x03\x04 not really a zip", "bukan arsip ZIP"),
    ("kosong.pdf", b"", None),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content"), ACCEPTED)
def test_real_files_are_accepted(admin_client, name, content):
    response = upload(admin_client, name, content)
    assert response.status_code == 302, response.context["form"].errors
    document = Dokumen.objects.get(title=name)
    assert document.file_size == len(content)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content", "message"), REFUSED)
def test_files_whose_content_is_not_their_extension_are_refused(admin_client, name, content, message):
    response = upload(admin_client, name, content)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get("file", []))
    assert errors, "the form must show an error on the file field"
    if message:
        assert message in errors
        assert name in errors
    assert not Dokumen.objects.exists()


@pytest.mark.django_db
def test_unlisted_extension_is_refused_with_the_allowed_list(admin_client):
    response = upload(admin_client, "skrip.exe", b"MZ\x90\x00")
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    assert "exe" in errors
    assert not Dokumen.objects.exists()


@pytest.mark.django_db
def test_multiple_upload_also_checks_content(admin_client):
    response = admin_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile("palsu.pdf", b"GIF89a not a pdf")},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert "bukan PDF" in response.json()["error_message"]
    assert not Dokumen.objects.exists()
