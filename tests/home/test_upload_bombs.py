"""Decompression bombs posing as Office documents or ZIP archives are refused on upload, as
library documents (single and multiple upload) and as register files; real documents pass.

The bombs are built here: members of zeros (a deflate ratio near 1000:1), stored members that add
up beyond the total, a header that lies about its size, archives nested three deep, too many
members. The limits are lowered in some tests (settings) so the files stay small and fast.
"""

import io
import json
import struct
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from home.demo_files import pdf_bytes
from home.models import Dokumen
from home.validators import validate_archive, validate_document_content
from sop_workflow.models import BerkasSuratMasuk, SuratMasuk
from tests.sop_harness import client_for, sop_people

MB = 1024 * 1024


def archive(members, compression=zipfile.ZIP_DEFLATED):
    """A ZIP file from {name: bytes}."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as out:
        for name, data in members.items():
            out.writestr(name, data)
    return buffer.getvalue()


def docx(**extra):
    """A Word document as Word writes one (the parts the content check looks for), plus extras."""
    return archive({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>", **extra})


def xlsx(**extra):
    return archive({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>", **extra})


def ratio_bomb_docx(size=30 * MB):
    """A .docx whose document part is ``size`` zeros: about 30 KB on the wire."""
    return docx(**{"word/media/image1.png": b"\0" * size})


def lying_header(data, real_name, declared_size):
    """``data`` (a ZIP) with the sizes of member ``real_name`` rewritten to ``declared_size`` in the
    local header and the central directory: the declared sizes look harmless."""
    data = bytearray(data)
    name = real_name.encode()
    local = data.find(b"PK\x03\x04")
    while local >= 0:
        name_len = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30 : local + 30 + name_len] == name:
            struct.pack_into("<I", data, local + 22, declared_size)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_len] == name:
            struct.pack_into("<I", data, central + 24, declared_size)
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def refusal(data, name):
    with pytest.raises(ValidationError) as caught:
        validate_document_content(SimpleUploadedFile(name, data), name)
    return " ".join(caught.value.messages)


@pytest.mark.django_db
def test_a_docx_whose_member_expands_a_thousand_fold_is_refused():
    data = ratio_bomb_docx()
    assert len(data) < 100 * 1024
    message = refusal(data, "laporan.docx")
    assert "ditolak: isinya terlalu besar setelah dibuka" in message
    assert "“word/media/image1.png” membesar lebih dari 200 kali lipat" in message


@pytest.mark.django_db
def test_members_that_add_up_beyond_the_total_are_refused(settings):
    settings.UPLOAD_ARCHIVE_MAX_UNCOMPRESSED = 2 * MB
    # Stored, not compressed: the ratio is 1, only the total gives it away.
    parts = {f"xl/worksheets/sheet{i}.xml": bytes(range(256)) * 4096 for i in range(3)}
    data = archive(
        {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<w/>", **parts}, zipfile.ZIP_STORED
    )
    assert "lebih dari 2 MB setelah dibuka" in refusal(data, "anggaran.xlsx")


@pytest.mark.django_db
def test_a_header_that_lies_about_its_size_does_not_get_through():
    """The central directory says 1 KB; the member inflates to 30 MB. Decompressing with a cap
    finds out (the bytes beyond the declared size and the CRC do not match)."""
    data = lying_header(ratio_bomb_docx(), "word/media/image1.png", 1024)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/media/image1.png")
    assert info.file_size == 1024  # what a check of the directory alone would believe
    # zipfile stops at the declared size, and the CRC of what it read then does not match.
    assert "Berkas “laporan.docx” rusak atau tidak dapat dibuka sebagai arsip" in refusal(
        data, "laporan.docx"
    )


@pytest.mark.django_db
def test_nested_archives_count_toward_the_limits_and_their_depth():
    inner_bomb = archive({"isi.txt": b"\0" * (30 * MB)})
    message = refusal(archive({"lampiran.zip": inner_bomb}), "arsip.zip")
    assert "“lampiran.zip/isi.txt” membesar lebih dari 200 kali lipat" in message

    three_deep = archive({"a.zip": archive({"b.zip": archive({"c.txt": b"isi"})})})
    assert "arsip bersarang lebih dari 2 tingkat (“a.zip/b.zip”)" in refusal(three_deep, "arsip.zip")

    # A ZIP renamed to .bin inside a .docx is found by its bytes.
    renamed = docx(**{"word/embeddings/data.bin": archive({"isi.txt": b"\0" * (30 * MB)})})
    assert "data.bin/isi.txt" in refusal(renamed, "laporan.docx")


@pytest.mark.django_db
def test_too_many_members_are_refused_before_reading_them(settings):
    settings.UPLOAD_ARCHIVE_MAX_MEMBERS = 50
    data = archive({f"f{i}.txt": b"" for i in range(60)})
    assert "lebih dari 50 berkas di dalamnya" in refusal(data, "arsip.zip")


@pytest.mark.django_db
def test_real_documents_pass_including_an_embedded_workbook():
    validate_archive(SimpleUploadedFile("a.docx", docx(**{"word/embeddings/tabel.xlsx": xlsx()})))
    # A large, well-compressing but ordinary sheet: 3 MB of varied XML rows.
    rows = "".join(f'<row r="{i}"><c><v>{i * 7919 % 100003}</v></c></row>' for i in range(70_000))
    validate_document_content(
        SimpleUploadedFile("a.xlsx", xlsx(**{"xl/worksheets/sheet1.xml": rows})), "a.xlsx"
    )
    validate_document_content(SimpleUploadedFile("a.zip", archive({"data.csv": "a;b\n1;2\n"})), "a.zip")


# --- Through the admin ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_bomb_is_refused_by_the_document_library(admin_client):
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {"title": "Bom", "file": SimpleUploadedFile("laporan.docx", ratio_bomb_docx()), "collection": 1},
    )
    assert response.status_code == 200
    assert "isinya terlalu besar setelah dibuka" in response.content.decode()

    response = admin_client.post(
        reverse("wagtaildocs:add_multiple"),
        {
            "files[]": SimpleUploadedFile(
                "arsip.zip", archive({"x.zip": archive({"y.txt": b"\0" * (30 * MB)})})
            )
        },
    )
    answer = json.loads(response.content)
    assert answer["success"] is False
    assert "isinya terlalu besar setelah dibuka" in answer["error_message"]
    assert not Dokumen.objects.exists()

    # A real document still goes in.
    response = admin_client.post(
        reverse("wagtaildocs:add_multiple"), {"files[]": SimpleUploadedFile("laporan.docx", docx())}
    )
    assert json.loads(response.content)["success"] is True
    assert Dokumen.objects.count() == 1


@pytest.mark.django_db
def test_a_bomb_is_refused_as_a_register_file():
    people = sop_people()
    data = {
        "jenis_surat": "nota_dinas",
        "sifat": "biasa",
        "nomor_surat": "1/ND/2026",
        "tanggal_surat": "2026-11-23",
        "pengirim": "Divisi Hukum",
        "perihal": "Lampiran berbahaya",
        "diterima_pada": "2026-11-24 08:00",
        "jenis_publikasi": "pengumumanpage",
        "catatan": "",
        "kasubag": "",
        "instruksi": "",
        "berkas_baru": [
            SimpleUploadedFile("nota.pdf", pdf_bytes("Nota", ["isi"])),
            SimpleUploadedFile("rekap.xlsx", xlsx(**{"xl/media/a.bin": b"\0" * (30 * MB)})),
        ],
    }
    response = client_for(people["kabag"]).post(reverse("sop_workflow_suratmasuk_modeladmin_create"), data)
    assert response.status_code == 200
    assert "Berkas “rekap.xlsx” ditolak: isinya terlalu besar setelah dibuka" in response.content.decode()
    assert not SuratMasuk.objects.exists() and not BerkasSuratMasuk.objects.exists()
