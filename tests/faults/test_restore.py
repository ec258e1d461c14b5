"""A bad backup cannot destroy the installation it is restored onto (issue 18, item 5).

A real backup (pages, documents and images in MEDIA_ROOT, register files in PRIVATE_MEDIA_ROOT)
is damaged in the ways disks, copies and people damage files; every restore of it must answer a
clear message (CommandError, no traceback) and leave the installation exactly as it was: every
row of every table, every file byte for byte, no staging or rollback folder left behind. A good
backup restores exactly what it held. On SQLite and on PostgreSQL (DATABASE_URL)."""

import gzip
import hashlib
import io
import json
import sqlite3
import tarfile
import tempfile
import threading
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from wagtail.models import Page

from home.models import Dokumen
from news.models import BeritaIndexPage, PeraturanIndexPage
from news.structure import ensure_listings
from sop_workflow import registry
from sop_workflow.models import BerkasSuratMasuk, SuratMasuk
from tests.factories import BeritaFactory, DokumenFactory, GambarFactory, PeraturanFactory, attachments
from tests.faults.harness import database_fingerprint, tree_fingerprint
from tests.live import ensure_site

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site_dir(settings, tmp_path):
    """Both upload folders under one folder, so that its fingerprint shows anything left beside them."""
    settings.MEDIA_ROOT = tmp_path / "site" / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "site" / "private-media"
    return tmp_path / "site"


def register_file(surat, name, data):
    berkas = BerkasSuratMasuk(
        surat=surat, nama_asli=name, ukuran=len(data), sha256=hashlib.sha256(data).hexdigest()
    )
    berkas.berkas.save(name, ContentFile(data), save=False)
    berkas.save()
    return berkas


@pytest.fixture
def installation(site_dir):
    listings = ensure_listings(ensure_site())
    documents = [DokumenFactory(title=f"SK penetapan {n}") for n in range(2)]
    PeraturanFactory(parent=listings[PeraturanIndexPage], lampiran=attachments(*documents))
    BeritaFactory(parent=listings[BeritaIndexPage], title="Rapat pleno", gambar_utama=GambarFactory())
    surat = SuratMasuk.objects.create(
        jenis_surat=SuratMasuk._meta.get_field("jenis_surat").choices[0][0],
        nomor_surat="001/KPU/XII/2026",
        tanggal_surat="2026-12-01",
        pengirim="Divisi Teknis",
        perihal="Permohonan penayangan",
        jenis_publikasi=registry.keys()[0],
    )
    register_file(surat, "surat.pdf", b"%PDF-1.4 surat permohonan\n" * 400)
    register_file(surat, "lampiran.docx", bytes(range(256)) * 40)
    # A scan does not compress: gzip stores it as it is, so a flipped byte there reaches the file.
    scan = b"".join(hashlib.sha256(b"pindaian %d" % n).digest() for n in range(8192))
    register_file(surat, "pindaian.jpg", scan)
    return {"surat": surat}


def state(site_dir):
    """The installation as the operator knows it."""
    leftovers = sorted(p.name for p in Path(tempfile.gettempdir()).glob(".terbit-pulih-*"))
    if connection.vendor == "sqlite":
        leftovers += sorted(
            p.name for p in Path(connection.settings_dict["NAME"]).parent.glob(".terbit-pulih-*")
        )
    return {"database": database_fingerprint(), "files": tree_fingerprint(site_dir), "leftovers": leftovers}


def backup(path):
    call_command("backup", output=str(path), stdout=io.StringIO())
    return path


def restore(path, *options):
    out = io.StringIO()
    call_command("restore", str(path), "--yes", *options, stdout=out, stderr=out)
    return out.getvalue()


# -- ways to damage an archive ----------------------------------------------------------------


def members(path):
    """The archive's members in order: [(TarInfo, bytes or None)]."""
    with tarfile.open(path, "r:gz") as archive:
        return [(m, archive.extractfile(m).read() if m.isreg() else None) for m in archive.getmembers()]


def write_archive(path, items):
    with tarfile.open(path, "w:gz") as archive:
        for info, data in items:
            info = tarfile.TarInfo(info.name) if isinstance(info, str) else info
            if data is not None:
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
            else:
                archive.addfile(info)
    return path


def with_manifest(items, change):
    """The items with the manifest changed by ``change`` and its checksum written again."""
    manifest = json.loads({m.name: d for m, d in items}["manifest.json"])
    change(manifest)
    data = json.dumps(manifest).encode()
    checksum = f"{hashlib.sha256(data).hexdigest()}  manifest.json\n".encode()
    replaced = {"manifest.json": data, "manifest.json.sha256": checksum}
    return [(m, replaced.get(m.name, d)) for m, d in items]


def replaced(items, name, data, fix_manifest=False):
    items = [(m, data if m.name == name else d) for m, d in items]
    if fix_manifest:

        def record(manifest):
            manifest["files"][name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}

        items = with_manifest(items, record)
    return items


def database_member(items):
    return next(m.name for m, _ in items if m.name.startswith("database."))


def damaged_archives(good, folder):
    """name -> (damaged archive, words its refusal must contain)."""
    raw = good.read_bytes()
    items = members(good)
    db_name = database_member(items)
    db_bytes = {m.name: d for m, d in items}[db_name]
    media_file = next(m.name for m, d in items if m.name.startswith("media/documents/") and d is not None)
    cases = {}
    for n in range(1, 10):  # 64 bytes flipped at 9 evenly spaced places
        offset = len(raw) * n // 10
        flipped = bytearray(raw)
        flipped[offset : offset + 64] = bytes(b ^ 0xFF for b in flipped[offset : offset + 64])
        (folder / f"flip-{n}.tar.gz").write_bytes(flipped)
        cases[f"64 bytes flipped at {n}/10"] = (folder / f"flip-{n}.tar.gz", "rusak")
    for fraction in (3, 5, 9):
        path = folder / f"cut-{fraction}.tar.gz"
        path.write_bytes(raw[: len(raw) * fraction // 10])
        cases[f"truncated at {fraction}/10"] = (path, "terpotong")
    half_db = db_bytes[: len(db_bytes) // 2]
    cases["database member truncated"] = (
        write_archive(folder / "db-cut.tar.gz", replaced(items, db_name, half_db)),
        "Checksum SHA-256 tidak cocok",
    )
    cases["database truncated, manifest written for it"] = (
        write_archive(
            folder / "db-cut-manifest.tar.gz", replaced(items, db_name, half_db, fix_manifest=True)
        ),
        "Basis data di dalam cadangan rusak" if connection.vendor == "sqlite" else "Dump PostgreSQL",
    )
    without = {
        "manifest.json": "tidak memuat manifest.json",
        "manifest.json.sha256": "tidak memuat manifest.json.sha256",
        media_file: "tidak ada di",
        db_name: "tidak memuat basis data",
    }
    for n, (name, words) in enumerate(without.items()):
        path = write_archive(folder / f"without-{n}.tar.gz", [(m, d) for m, d in items if m.name != name])
        cases[f"{name} missing"] = (path, words)
    # One checksum in the manifest changed, its own checksum left as it was.
    changed = [
        (m, d.replace(b'"sha256": "', b'"sha256": "0', 1) if m.name == "manifest.json" else d)
        for m, d in items
    ]
    cases["manifest altered"] = (
        write_archive(folder / "manifest-altered.tar.gz", changed),
        "tidak cocok dengan checksum-nya",
    )
    extra = tarfile.TarInfo("media/documents/sisipan.html")
    cases["member the manifest does not name"] = (
        write_archive(folder / "extra.tar.gz", [*items[:-2], (extra, b"<script>"), *items[-2:]]),
        "tidak disebut manifest",
    )
    link = tarfile.TarInfo("media/documents/tautan")
    link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
    cases["symbolic link"] = (
        write_archive(folder / "link.tar.gz", [(link, None), *items]),
        "bukan berkas biasa",
    )
    escape = tarfile.TarInfo("media/../../keluar.txt")
    cases["path out of the folder"] = (
        write_archive(folder / "escape.tar.gz", [(escape, b"x"), *items]),
        "tidak sah",
    )
    other = "database.dump" if connection.vendor == "sqlite" else "database.sqlite3"
    cases["backup of the other database engine"] = (
        write_archive(
            folder / "other-engine.tar.gz",
            with_manifest(
                [(tarfile.TarInfo(other) if m.name == db_name else m, d) for m, d in items],
                lambda manifest: manifest.update(
                    database="postgresql" if connection.vendor == "sqlite" else "sqlite",
                    database_file=other,
                    files={(other if k == db_name else k): v for k, v in manifest["files"].items()},
                ),
            ),
        ),
        "dari basis data",
    )
    cases["not even gzip"] = (folder / "junk.tar.gz", "bukan arsip cadangan Terbit")
    (folder / "junk.tar.gz").write_bytes(b"%PDF-1.4 bukan arsip" * 50)
    return cases


# -- the tests ----------------------------------------------------------------------------------


def test_a_good_backup_restores_exactly_what_it_held(installation, site_dir, tmp_path):
    at_backup = state(site_dir)
    assert len([n for n, h in at_backup["files"].items() if "surat-masuk" in n and h != "dir"]) == 3
    archive = backup(tmp_path / "cadangan.tar.gz")

    # Then life goes on: a document and a register file deleted, a page renamed, a new upload.
    document = Dokumen.objects.first()
    document.file.delete(save=False)
    document.delete()
    berkas = BerkasSuratMasuk.objects.first()
    berkas.berkas.delete(save=False)
    berkas.delete()
    Page.objects.filter(title="Rapat pleno").update(title="Rapat pleno (ralat)")
    DokumenFactory(title="Unggahan sesudah cadangan")
    assert state(site_dir) != at_backup

    output = restore(archive)
    assert "Dipulihkan dari cadangan" in output
    assert state(site_dir) == at_backup


def test_a_damaged_archive_is_refused_and_changes_nothing(installation, site_dir, tmp_path):
    good = backup(tmp_path / "cadangan.tar.gz")
    # The installation differs from the backup: a restore that changed anything would show.
    Page.objects.filter(title="Rapat pleno").update(title="Rapat pleno (sesudah cadangan)")
    DokumenFactory(title="Unggahan sesudah cadangan")
    register_file(installation["surat"], "baru.pdf", b"%PDF-1.4 baru\n" * 100)
    before = state(site_dir)
    folder = tmp_path / "rusak"
    folder.mkdir()

    failures, messages = [], []
    for case, (archive, words) in damaged_archives(good, folder).items():
        try:
            restore(archive)
        except CommandError as error:
            message = str(error)
            messages.append(message)
            if words not in message or "Tidak ada yang diubah" not in message:
                failures.append(f"{case}: message {message!r} lacks {words!r}")
        else:
            failures.append(f"{case}: restored")
        if state(site_dir) != before:
            failures.append(f"{case}: the installation changed")
            break  # the next cases would compare against a changed installation
    assert failures == []
    # Some flips land inside a stored (incompressible) file and only its checksum shows them.
    assert any(message.startswith("Checksum SHA-256 tidak cocok") for message in messages)

    # The good archive still restores (nothing above spoiled the installation for it).
    restore(good)
    assert Page.objects.filter(title="Rapat pleno").exists()
    assert not Dokumen.objects.filter(title="Unggahan sesudah cadangan").exists()


def page_size_changed(db_bytes, work):
    """The same SQLite database with another page size: valid, but a WAL database cannot take it."""
    path = work / "lain.sqlite3"
    path.write_bytes(db_bytes)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=DELETE")
    db.execute("PRAGMA page_size=8192")
    db.execute("VACUUM")
    db.close()
    return path.read_bytes()


def test_a_database_that_fails_to_load_after_the_checks_puts_the_folders_back(
    installation, site_dir, tmp_path, settings
):
    """The last step (loading the database, after the folders were swapped) fails for a reason
    no check foresaw: the swapped folders are put back, the database is as it was."""
    items = members(backup(tmp_path / "cadangan.tar.gz"))
    DokumenFactory(title="Unggahan sesudah cadangan")
    before = state(site_dir)
    if connection.vendor == "sqlite":
        db_name = database_member(items)
        other = page_size_changed({m.name: d for m, d in items}[db_name], tmp_path)
        archive = write_archive(tmp_path / "lain.tar.gz", replaced(items, db_name, other, fix_manifest=True))
        with pytest.raises(CommandError, match="Basis data tidak bisa dimuat") as refused:
            restore(archive)
    else:
        # The site was left running: a request holds a lock pg_restore --clean has to wait for.
        import psycopg

        archive = write_archive(tmp_path / "sama.tar.gz", items)
        settings.RESTORE_LOCK_TIMEOUT = 1
        params = connection.get_connection_params()
        holding, release = threading.Event(), threading.Event()

        def reader():
            with psycopg.connect(**params) as other:
                other.execute("SELECT 1 FROM wagtailcore_page LIMIT 1")  # opens the transaction
                holding.set()
                release.wait(30)

        thread = threading.Thread(target=reader)
        thread.start()
        try:
            assert holding.wait(10)
            with pytest.raises(CommandError, match="menunggu kunci lebih dari 1 detik") as refused:
                restore(archive)
        finally:
            release.set()
            thread.join()
    assert "Tidak ada yang diubah" in str(refused.value)
    assert state(site_dir) == before


def legacy_archive(good, path):
    """An archive as the first version of `manage.py backup` wrote it: no checksums."""
    items = members(good)
    manifest = json.loads({m.name: d for m, d in items}["manifest.json"])
    old = {key: manifest[key] for key in ("created", "database", "database_file", "folders")}
    old["format"] = 1
    data = json.dumps(old).encode()
    rest = [(m, d) for m, d in items if not m.name.startswith("manifest.json")]
    return write_archive(path, [(tarfile.TarInfo("manifest.json"), data), *rest])


def test_an_archive_without_checksums_is_restored_only_when_asked(installation, site_dir, tmp_path):
    at_backup = state(site_dir)
    archive = legacy_archive(backup(tmp_path / "cadangan.tar.gz"), tmp_path / "lama.tar.gz")
    DokumenFactory(title="Unggahan sesudah cadangan")
    before = state(site_dir)

    with pytest.raises(CommandError, match="tanpa checksum.*--no-checksums"):
        restore(archive)
    assert state(site_dir) == before

    # Asked for: its database is still checked (a truncated one is refused) ...
    items = members(archive)
    db_name = database_member(items)
    cut = {m.name: d for m, d in items}[db_name]
    broken = write_archive(tmp_path / "lama-rusak.tar.gz", replaced(items, db_name, cut[: len(cut) // 2]))
    with pytest.raises(CommandError, match="rusak"):
        restore(broken, "--no-checksums")
    assert state(site_dir) == before

    # ... and a sound one restores.
    restore(archive, "--no-checksums")
    assert state(site_dir) == at_backup


def test_the_archive_is_a_plain_gzip_tar_with_its_manifest_last(installation, site_dir, tmp_path):
    """What an operator can check by hand: `tar tzf` lists it, and the manifest's checksum is
    the one `sha256sum -c manifest.json.sha256` would compare."""
    archive = backup(tmp_path / "cadangan.tar.gz")
    with gzip.open(archive) as unzipped, tarfile.open(fileobj=unzipped) as opened:
        contents = opened.getmembers()
        manifest = opened.extractfile("manifest.json").read()
        checksum = opened.extractfile("manifest.json.sha256").read().decode()
    assert [m.name for m in contents[-2:]] == ["manifest.json", "manifest.json.sha256"]
    assert checksum == f"{hashlib.sha256(manifest).hexdigest()}  manifest.json\n"
    listed = json.loads(manifest)
    assert set(listed["files"]) == {m.name for m in contents[:-2] if m.isreg()}
    assert set(listed["directories"]) == {m.name for m in contents if m.isdir()}
    assert any(name.startswith("private-media/surat-masuk/") for name in listed["files"])
