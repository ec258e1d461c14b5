"""The material types of the SOP (step 4's list, and the Galeri kegiatan), each a detail page with its listing.

Shared fields live in the abstract ``BasePublikasiPage``; listings share ``BaseIndexPage``.
No concrete intermediate table: every query stays on its own page table.

One module per family; every name is importable from ``news.models`` as before.
"""

from .. import catalogue
from .abstrak import AbstrakPeraturanMixin, PeraturanDasarHukum
from .base import NEWEST_FIRST, BaseIndexPage, BasePublikasiPage, PublikasiPageForm, TypeWorkflowMixin, public
from .berita import BeritaIndexPage, BeritaPage, BeritaTag
from .choices import (
    DIKECUALIKAN_REFUSAL,
    JenisJuknis,
    JenisLaporanKeuangan,
    KategoriInformasi,
    PeriodeLaporan,
    StatusBerlaku,
    TahapanPemilu,
    kategori_field,
    status_field,
    today,
    year_validators,
)
from .dip_edisi import EXPIRED_LABEL, EdisiDIP, EntriDIPLuring, InformasiDikecualikan, dik_note
from .galeri import FotoBlock, GaleriKegiatanIndexPage, GaleriKegiatanPage
from .informasi_publik import (
    BentukInformasi,
    DaftarInformasiPublikPage,
    DaftarInformasiPublikPageForm,
    RetensiInformasi,
)
from .juknis import JuknisIndexPage, JuknisPage
from .laporan_keuangan import LaporanKeuanganIndexPage, LaporanKeuanganPage
from .pengumuman import PengumumanIndexPage, PengumumanPage, active_pengumuman
from .peraturan import JenisPeraturan, PeraturanIndexPage, PeraturanPage, PeraturanPageForm, PeraturanRelasi
from .surat_edaran import SuratEdaranIndexPage, SuratEdaranPage

# Every type declared above, in menu order (news/catalogue.py).
PUBLICATION_TYPES = catalogue.publication_types()

__all__ = [
    "FotoBlock",
    "GaleriKegiatanPage",
    "GaleriKegiatanIndexPage",
    "KategoriInformasi",
    "DIKECUALIKAN_REFUSAL",
    "StatusBerlaku",
    "JenisJuknis",
    "TahapanPemilu",
    "PeriodeLaporan",
    "JenisLaporanKeuangan",
    "today",
    "year_validators",
    "kategori_field",
    "status_field",
    "PublikasiPageForm",
    "TypeWorkflowMixin",
    "BasePublikasiPage",
    "NEWEST_FIRST",
    "public",
    "BaseIndexPage",
    "JenisPeraturan",
    "PeraturanPageForm",
    "PeraturanPage",
    "PeraturanRelasi",
    "AbstrakPeraturanMixin",
    "PeraturanDasarHukum",
    "PeraturanIndexPage",
    "SuratEdaranPage",
    "SuratEdaranIndexPage",
    "JuknisPage",
    "JuknisIndexPage",
    "LaporanKeuanganPage",
    "LaporanKeuanganIndexPage",
    "PengumumanPage",
    "active_pengumuman",
    "PengumumanIndexPage",
    "BeritaTag",
    "BeritaPage",
    "BeritaIndexPage",
    "BentukInformasi",
    "DaftarInformasiPublikPageForm",
    "DaftarInformasiPublikPage",
    "RetensiInformasi",
    "PUBLICATION_TYPES",
    "EdisiDIP",
    "EntriDIPLuring",
    "InformasiDikecualikan",
    "EXPIRED_LABEL",
    "dik_note",
]
