"""Shared content for the public-site tests."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.factories import (
    BeritaFactory,
    DokumenFactory,
    JuknisFactory,
    LaporanKeuanganFactory,
    PengumumanFactory,
    PeraturanFactory,
    SuratEdaranFactory,
    attachments,
)


@pytest.fixture
def dip(listings):
    """The site's Daftar Informasi Publik page (made with the listings)."""
    from news.models import DaftarInformasiPublikPage

    return DaftarInformasiPublikPage.objects.get()


@pytest.fixture
def people(listings):
    """One user per SOP role (tests/sop_harness.py)."""
    from tests.sop_harness import sop_people

    return sop_people()


# Titles of pages that exist but must never be shown to the public.
HIDDEN = {"Berita konsep", "Berita tertutup", "Berita terjadwal"}


@pytest.fixture
def published(listings):
    """One published item of each of the six original types, plus a draft, a private and a
    future-scheduled Berita.

    A literal list on purpose: the tests using it assert these titles and counts on the listings,
    search, feeds and DIP. Galeri kegiatan has its own end-to-end test
    (tests/sop_workflow/test_galeri_kegiatan.py); the tests over every type take
    news/catalogue.py (tests/factories.py: factories_by_key)."""
    salinan = DokumenFactory(title="Salinan keputusan")
    pages = {
        "berita": BeritaFactory(parent=listings["berita"], title="Berita terbit"),
        "pengumuman": PengumumanFactory(parent=listings["pengumuman"], title="Pengumuman terbit"),
        "peraturan": PeraturanFactory(
            parent=listings["peraturan"], title="Peraturan terbit", nomor="21", lampiran=attachments(salinan)
        ),
        "surat_edaran": SuratEdaranFactory(parent=listings["surat_edaran"], title="Surat edaran terbit"),
        "juknis": JuknisFactory(parent=listings["juknis"], title="Juknis terbit"),
        "laporan": LaporanKeuanganFactory(parent=listings["laporan_keuangan"], title="Laporan terbit"),
    }
    BeritaFactory(parent=listings["berita"], title="Berita konsep", publish=False)
    private = BeritaFactory(parent=listings["berita"], title="Berita tertutup")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="rahasia")
    scheduled = BeritaFactory(parent=listings["berita"], title="Berita terjadwal", publish=False)
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=3)
    scheduled.save_revision().publish()
    scheduled.refresh_from_db()
    assert not scheduled.live
    return pages
