"""A small public site with one item of every type, for the quality audits (axe, Nu Html
Checker): home, each listing, each detail type, search, the Pengumuman archive, the DIP, its
editions and the DIK."""

import datetime

from news.models import DaftarInformasiPublikPage, PeraturanRelasi
from news.structure import ensure_listings
from tests.factories import (
    BeritaFactory,
    DokumenFactory,
    EntriDIPLuringFactory,
    GambarFactory,
    InformasiDikecualikanFactory,
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
    # Literal content per type on purpose (titles the audits name). Every listing, Galeri kegiatan's
    # included, is audited through ensure_listings below; a Galeri kegiatan detail page is not yet.
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
    dip = DaftarInformasiPublikPage.objects.get()
    paths["dip"] = dip.url
    paths.update(dip_registers(dip))
    return paths


def dip_registers(dip):
    """An offline DIP entry, a DIK row and two established editions (the second with a diff):
    the paths of the edition list, the second edition and the public DIK."""
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    from news.dip_editions import establish
    from news.models import EdisiDIP

    EntriDIPLuringFactory(judul="Buku agenda surat 2019")
    InformasiDikecualikanFactory(informasi="Salinan KTP elektronik pelamar PPK")
    if not EdisiDIP.objects.exists():
        user = get_user_model().objects.filter(is_superuser=True).first()
        request = RequestFactory().get(dip.url)
        establish(dip, request, nomor_sk="1/PPID/2026", tanggal_sk=datetime.date(2026, 1, 5), user=user)
        EntriDIPLuringFactory(judul="Buku ekspedisi 2020")
        establish(dip, request, nomor_sk="2/PPID/2026", tanggal_sk=datetime.date(2026, 2, 5), user=user)
    latest = EdisiDIP.objects.order_by("-nomor").first()
    return {
        "dip_edisi": dip.url + "edisi/",
        "dip_edisi_detail": f"{dip.url}edisi/{latest.nomor}/",
        "dip_dikecualikan": dip.url + "dikecualikan/",
    }
