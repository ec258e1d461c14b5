"""A full disk during an upload: the user is told so in Indonesian, nothing partial is left, and
an upload that fits afterwards goes in.

On a REAL full file system: each test mounts a small tmpfs (``mount -t tmpfs -o size=4m``; CI
runs as root) as MEDIA_ROOT and PRIVATE_MEDIA_ROOT, fills it with a filler file up to the free
space the test wants, and uploads through the admin (Django's test client, the real views and
storage). Only where ``mount`` is refused (no root, no CAP_SYS_ADMIN) does the fixture fall back to
a simulated disk: the storage's writes raise ENOSPC once the same budget of bytes is used
(``Disk.real`` says which; the fallback is printed in the test's output).

Before the fix: the documents' and images' views answered the generic 500, and the first
600 KB of the refused file stayed on disk, so the 400 KB upload that followed failed too.
"""

import errno
import io
import json
import logging
import os
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from home.models import Dokumen, Gambar
from home.storage import SafeFileSystemStorage
from sop_workflow.models import BerkasSuratMasuk, SuratMasuk
from tests.live import ensure_site
from tests.sop_harness import client_for, sop_people

KB = 1024
FILLER = "pengisi-disk.bin"
MESSAGE = "Ruang penyimpanan server penuh"


class Disk:
    """A small file system at ``root``: real (tmpfs) when it can be mounted, simulated otherwise."""

    def __init__(self, root, monkeypatch):
        self.root = root
        self.monkeypatch = monkeypatch
        self.real = False
        self.budget = None

    def mount(self, size):
        self.root.mkdir(parents=True, exist_ok=True)
        mount = shutil.which("mount") or "/bin/mount"
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [mount, "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(self.root)],
            capture_output=True,
            text=True,
            check=False,
        )
        self.real = result.returncode == 0
        if not self.real:
            print(f"tmpfs could not be mounted ({result.stderr.strip()}): simulated full disk")
            self._simulate()

    def unmount(self):
        if self.real:
            umount = shutil.which("umount") or "/bin/umount"
            subprocess.run([umount, "-l", str(self.root)], check=False)  # noqa: S603

    def free(self):
        if self.real:
            stats = os.statvfs(self.root)
            return stats.f_bavail * stats.f_frsize
        return self.budget

    def fill(self, leave_free):
        """Leave about ``leave_free`` bytes free."""
        if not self.real:
            self.budget = leave_free
            return
        with open(self.root / FILLER, "wb") as filler:
            filler.write(b"\0" * (self.free() - leave_free))
        assert abs(self.free() - leave_free) <= 8 * KB

    def files(self):
        """Every file on the disk but the filler, with its size."""
        found = {}
        for folder, _dirs, names in os.walk(self.root):
            for name in names:
                path = os.path.join(folder, name)
                if name != FILLER:
                    found[os.path.relpath(path, self.root)] = os.path.getsize(path)
        return found

    def _simulate(self):
        original = SafeFileSystemStorage._write_content
        disk = self

        def write_with_budget(storage, out, content):
            class Limited:
                def write(self, data):
                    if disk.budget is not None and len(data) > disk.budget:
                        out.write(data[: disk.budget])
                        disk.budget = 0
                        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                    if disk.budget is not None:
                        disk.budget -= len(data)
                    return out.write(data)

            return original(storage, Limited(), content)

        self.monkeypatch.setattr(SafeFileSystemStorage, "_write_content", write_with_budget)


@pytest.fixture
def disk(tmp_path, settings, monkeypatch):
    disk = Disk(tmp_path / "disk", monkeypatch)
    disk.mount("4m")
    settings.MEDIA_ROOT = disk.root / "media"
    settings.PRIVATE_MEDIA_ROOT = disk.root / "private"
    yield disk
    disk.unmount()


def pdf(size, name="salinan.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + os.urandom(size - 9), content_type="application/pdf")


def png(size_px):
    from PIL import Image

    image = Image.frombytes("RGB", (size_px, size_px), os.urandom(size_px * size_px * 3))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile("foto.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def admin(admin_client):
    ensure_site()  # the root collection, after the flush of an earlier transactional test
    admin_client.raise_request_exception = False  # the answer a browser gets, not the exception
    return admin_client


# Transactional: each request commits on its own, as in production. Inside a test's wrapping
# transaction, Django marks the whole transaction for rollback when a model's save fails (here,
# in the file write), which production, in autocommit, never sees.
transactional = pytest.mark.django_db(transaction=True)


@transactional
def test_a_document_too_big_for_the_disk_is_refused_whole_and_one_that_fits_goes_in(disk, admin, caplog):
    disk.fill(leave_free=600 * KB)
    with caplog.at_level(logging.ERROR):
        response = admin.post(
            reverse("wagtaildocs:add"), {"title": "Salinan", "file": pdf(1024 * KB), "collection": 1}
        )
    assert response.status_code == 507
    body = response.content.decode()
    assert MESSAGE in body and "“salinan.pdf” tidak tersimpan" in body
    assert "Ruang penyimpanan penuh" in caplog.text  # the operator's log says why
    assert not Dokumen.objects.exists()
    assert disk.files() == {}  # nothing partial left
    assert disk.free() >= 590 * KB

    response = admin.post(
        reverse("wagtaildocs:add"), {"title": "Kecil", "file": pdf(400 * KB), "collection": 1}
    )
    assert response.status_code == 302
    document = Dokumen.objects.get()
    assert list(disk.files().values()) == [400 * KB]
    assert document.file.size == 400 * KB


@transactional
def test_multiple_upload_shows_the_message_beside_the_file(disk, admin):
    """Wagtail's multiple upload shows ``error_message`` only from a 200 JSON answer."""
    disk.fill(leave_free=600 * KB)
    response = admin.post(reverse("wagtaildocs:add_multiple"), {"files[]": pdf(1024 * KB, "besar.pdf")})
    assert response.status_code == 200, response.content
    answer = json.loads(response.content)
    assert answer["success"] is False
    assert MESSAGE in answer["error_message"] and "besar.pdf" in answer["error_message"]

    photo = png(600)  # random pixels: about 1 MB, does not compress
    assert len(photo) > 1000 * KB
    response = admin.post(reverse("wagtailimages:add_multiple"), {"files[]": photo})
    answer = json.loads(response.content)
    assert answer["success"] is False and MESSAGE in answer["error_message"]
    assert not Dokumen.objects.exists() and not Gambar.objects.exists()
    assert disk.files() == {}

    response = admin.post(reverse("wagtaildocs:add_multiple"), {"files[]": pdf(300 * KB, "kecil.pdf")})
    assert json.loads(response.content)["success"] is True
    assert Dokumen.objects.count() == 1


@transactional
def test_a_register_entry_whose_files_do_not_fit_is_not_recorded_and_the_form_says_so(disk):
    kabag = sop_people()["kabag"]
    disk.fill(leave_free=600 * KB)

    def entry(*files):
        return {
            "jenis_surat": "nota_dinas",
            "sifat": "biasa",
            "nomor_surat": "12/ND/2026",
            "tanggal_surat": "2026-11-23",
            "pengirim": "Divisi Hukum",
            "perihal": "Surat dengan lampiran besar",
            "diterima_pada": "2026-11-24 08:00",
            "jenis_publikasi": "pengumumanpage",
            "catatan": "",
            "kasubag": "",
            "instruksi": "",
            "berkas_baru": list(files),
        }

    client = client_for(kabag)
    client.raise_request_exception = False
    # The first file fits, the second does not: neither is kept, nor the entry.
    response = client.post(
        reverse("sop_workflow_suratmasuk_modeladmin_create"),
        entry(pdf(300 * KB, "nota.pdf"), pdf(500 * KB, "lampiran.pdf")),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert MESSAGE in body and "“lampiran.pdf” tidak tersimpan" in body
    assert "Surat dengan lampiran besar" in body  # what Kabag typed is still in the form
    assert not SuratMasuk.objects.exists() and not BerkasSuratMasuk.objects.exists()
    assert disk.files() == {}

    response = client.post(
        reverse("sop_workflow_suratmasuk_modeladmin_create"), entry(pdf(300 * KB, "nota.pdf"))
    )
    assert response.status_code == 302
    assert BerkasSuratMasuk.objects.get().ukuran == 300 * KB


@transactional
def test_a_full_temporary_folder_while_the_upload_is_received_says_so_too(disk, admin, settings):
    """Django keeps an upload above FILE_UPLOAD_MAX_MEMORY_SIZE in FILE_UPLOAD_TEMP_DIR while it
    reads the request: when that folder's disk is full, the same message (no file name yet)."""
    temporary = disk.root / "tmp"
    temporary.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(temporary)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * KB
    disk.fill(leave_free=600 * KB)
    response = admin.post(
        reverse("wagtaildocs:add"), {"title": "Salinan", "file": pdf(1024 * KB), "collection": 1}
    )
    assert response.status_code == 507
    assert "Ruang penyimpanan server penuh, sehingga kiriman ini tidak tersimpan" in response.content.decode()
    assert not Dokumen.objects.exists()
    assert disk.files() == {}
