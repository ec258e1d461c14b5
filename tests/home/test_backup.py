"""Backup -> wipe -> restore gives back every page, revision, document (and its file), audit-log
entry and publication record, identical; on SQLite and on PostgreSQL. Bad archives are refused
with a message and change nothing."""

import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, PageLogEntry, Revision

from home.models import Dokumen
from news.models import BeritaIndexPage, PeraturanIndexPage
from news.structure import ensure_listings
from sop_workflow.models import PublicationRecord
from tests.factories import BeritaFactory, DokumenFactory, PeraturanFactory, attachments
from tests.live import ensure_site


def snapshot(media_root):
    """Everything the round trip must keep, as plain values."""
    return {
        "pages": list(Page.objects.order_by("pk").values()),
        "revisions": list(Revision.objects.order_by("pk").values()),
        "documents": list(Dokumen.objects.order_by("pk").values()),
        "log": list(PageLogEntry.objects.order_by("pk").values()),
        "records": list(PublicationRecord.objects.order_by("pk").values()),
        "files": {
            str(path.relative_to(media_root)): path.read_bytes()
            for path in sorted(Path(media_root).rglob("*"))
            if path.is_file()
        },
    }


@pytest.fixture
def content(settings):
    home = ensure_site()
    listings = ensure_listings(home)
    document = DokumenFactory(title="SK penetapan")
    PeraturanFactory(parent=listings[PeraturanIndexPage], lampiran=attachments(document))
    berita = BeritaFactory(parent=listings[BeritaIndexPage], title="Rapat pleno")
    berita.title = "Rapat pleno terbuka"
    berita.save_revision(log_action=True).publish()
    berita.unpublish(log_action=True)
    return {"document": document, "berita": berita}


@pytest.mark.django_db(transaction=True)
def test_backup_wipe_restore_gives_everything_back(content, settings, tmp_path):
    before = snapshot(settings.MEDIA_ROOT)
    assert before["records"] and before["log"] and before["files"]
    archive = tmp_path / "cadangan.tar.gz"
    call_command("backup", output=str(archive))
    with tarfile.open(archive) as opened:
        names = opened.getnames()
    assert "manifest.json" in names and any(name.startswith("media/documents/") for name in names)

    # Wipe: the pages and their history, the records, the files.
    PublicationRecord.objects.all().delete()
    PageLogEntry.objects.all().delete()
    content["document"].file.delete(save=False)
    Dokumen.objects.all().delete()
    Page.objects.filter(depth__gt=2).delete()
    assert snapshot(settings.MEDIA_ROOT) != before

    call_command("restore", str(archive), yes=True)
    assert snapshot(settings.MEDIA_ROOT) == before


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_what_is_not_a_backup_and_changes_nothing(content, settings, tmp_path):
    before = snapshot(settings.MEDIA_ROOT)
    junk = tmp_path / "bukan-cadangan.tar.gz"
    junk.write_bytes(b"%PDF-1.4 bukan arsip")
    with pytest.raises(CommandError, match="bukan arsip cadangan Terbit"):
        call_command("restore", str(junk), yes=True)
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("restore", str(tmp_path / "tidak-ada.tar.gz"), yes=True)
    assert snapshot(settings.MEDIA_ROOT) == before


@pytest.mark.django_db(transaction=True)
def test_restore_asks_before_overwriting(content, tmp_path, monkeypatch):
    archive = tmp_path / "cadangan.tar.gz"
    call_command("backup", output=str(archive))
    monkeypatch.setattr("builtins.input", lambda prompt: "tidak")
    with pytest.raises(CommandError, match="Dibatalkan"):
        call_command("restore", str(archive))
