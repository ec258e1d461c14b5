"""A small public site with one item of every type, for the quality audits (axe, Nu Html
Checker): home, each listing, each detail type, search, the Pengumuman archive and the DIP."""

import datetime

from news.models import DaftarInformasiPublikPage, PeraturanRelasi
from news.structure import ensure_listings
from tests.factories import (
    BeritaFactory,
    DokumenFactory,
    GambarFactory,
    JenisPeraturanFactory,
    JuknisFactory,
    LaporanKeuanganFactory,
    PengumumanFactory,
    PeraturanFactory,
    SuratEdaranFactory,
    attachments,
)


def build_public_site(home):
    """Content under ``home``; returns {name: path} of the pages to audit."""
    listings = {type(page).__name__: page for page in ensure_listings(home).values()}
    salinan = DokumenFactory(title="Salinan keputusan (PDF)")
    jenis = JenisPeraturanFactory(nama="Keputusan KPU Provinsi Banten", singkatan="Kpts KPU Prov")
    lama = PeraturanFactory(
        parent=listings["PeraturanIndexPage"],
        title="Keputusan tentang jadwal pemilihan",
        jenis=jenis,
        tahun=2023,
        status="tidak_berlaku",
    )
    peraturan = PeraturanFactory(
        parent=listings["PeraturanIndexPage"],
        title="Keputusan tentang perubahan jadwal pemilihan",
        jenis=jenis,
        lampiran=attachments(salinan),
        relasi=[PeraturanRelasi(jenis="mencabut", target=lama)],
    )
    details = {
        "peraturan": peraturan,
        "surat_edaran": SuratEdaranFactory(
            parent=listings["SuratEdaranIndexPage"], title="Surat edaran pemutakhiran data pemilih"
        ),
        "juknis": JuknisFactory(parent=listings["JuknisIndexPage"], title="Juknis pemutakhiran data pemilih"),
        "laporan_keuangan": LaporanKeuanganFactory(
            parent=listings["LaporanKeuanganIndexPage"], title="Laporan realisasi anggaran semester I"
        ),
        "pengumuman": PengumumanFactory(
            parent=listings["PengumumanIndexPage"], title="Pengumuman seleksi anggota PPK pemilihan"
        ),
        "berita": BeritaFactory(
            parent=listings["BeritaIndexPage"],
            title="Rapat pleno rekapitulasi pemilih",
            gambar_utama=GambarFactory(title="Rapat pleno"),
            tags=["pleno", "pemilih"],
        ),
    }
    for n in range(3):
        BeritaFactory(
            parent=listings["BeritaIndexPage"],
            title=f"Sosialisasi pemilih pemula {n + 1}",
            gambar_utama=GambarFactory(title=f"Sosialisasi {n + 1}"),
            tanggal=datetime.date(2024, 4, 1 + n),
        )
    PengumumanFactory(
        parent=listings["PengumumanIndexPage"],
        title="Pengumuman yang sudah berakhir",
        berlaku_sampai=datetime.date(2024, 1, 31),
    )
    paths = {"home": home.url}
    for name, listing in listings.items():
        paths[name] = listing.url
    paths["PengumumanArsip"] = listings["PengumumanIndexPage"].url + "arsip/"
    paths.update({f"detail_{name}": page.url for name, page in details.items()})
    paths["search"] = "/cari/?q=pemilih"
    paths["search_empty"] = "/cari/"
    paths["peraturan_filtered"] = listings["PeraturanIndexPage"].url + "?tahun=abc&status=berlaku"
    paths["dip"] = DaftarInformasiPublikPage.objects.get().url
    return paths
