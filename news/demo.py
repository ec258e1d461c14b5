"""Demo content of the material types: the items a local installation shows, one helper per type.

Used by ``manage.py demo_content`` (news/management/commands/demo_content.py), which adds the
logins, drafts in review and register entries. Idempotent: every object is looked up by a
natural key (slug, title) first.
"""

import datetime
import io

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils.text import slugify
from wagtail.models import Site

from home.demo_files import image_bytes, pdf_bytes
from home.models import Dokumen, Gambar, SiteSettings
from news.models import (
    BeritaPage,
    GaleriKegiatanPage,
    JenisPeraturan,
    JuknisPage,
    LaporanKeuanganPage,
    PengumumanPage,
    PeraturanDasarHukum,
    PeraturanPage,
    PeraturanRelasi,
    SuratEdaranPage,
)

JENIS_PERATURAN = (
    ("Peraturan Komisi Pemilihan Umum", "PKPU", 1),
    ("Keputusan Komisi Pemilihan Umum", "Kpts KPU", 2),
    ("Keputusan KPU Provinsi Banten", "Kpts KPU Prov", 3),
    ("Peraturan Sekretaris Jenderal KPU", "Persesjen", 4),
)


def rich(text):
    return [{"type": "paragraf", "value": f"<p>{text}</p>"}]


class DemoContent:
    """Creates the demo items; ``self.created`` counts what is new, ``self.stdout`` reports."""

    # --- helpers --------------------------------------------------------------------------

    def publish(self, listing, model, slug, **fields):
        """Create and publish ``model`` under ``listing`` unless a page with ``slug`` exists."""
        existing = model.objects.child_of(listing).filter(slug=slug).first()
        if existing is not None:
            return existing
        relasi = fields.pop("relasi", ())
        dasar_hukum = fields.pop("dasar_hukum", ())
        tags = fields.pop("tags", ())
        page = model(slug=slug, **fields)
        for jenis, target, catatan in relasi:
            page.relasi_keluar.add(PeraturanRelasi(jenis=jenis, target=target, catatan=catatan))
        for basis in dasar_hukum:  # a page of the site, or a title (the abstract's legal bases)
            item = (
                PeraturanDasarHukum(judul=basis)
                if isinstance(basis, str)
                else PeraturanDasarHukum(peraturan=basis)
            )
            page.abstrak_dasar_hukum.add(item)
        listing.add_child(instance=page)
        if tags:
            page.tags.add(*tags)
            page.save()
        page.save_revision().publish()
        self.created += 1
        return page

    def document(self, title, lines):
        doc = Dokumen.objects.filter(title=title).first()
        if doc is None:
            name = f"{slugify(title)[:60]}.pdf"
            doc = Dokumen(title=title, file=ContentFile(pdf_bytes(title, lines), name=name))
            doc._set_document_file_metadata()
            doc.save()
            self.created += 1
        return doc

    def image(self, title, color, sumber="Dokumentasi KPU Provinsi Banten"):
        image = Gambar.objects.filter(title=title).first()
        if image is None:
            name = f"{slugify(title)[:60]}.jpg"
            image = Gambar(title=title, description=title, sumber=sumber)
            image.file = ImageFile(io.BytesIO(image_bytes(title, color)), name=name)
            image._set_image_file_metadata()
            image.save()
            self.created += 1
        return image

    @staticmethod
    def attach(*docs):
        return [{"type": "lampiran", "value": {"dokumen": doc.pk, "judul": ""}} for doc in docs]

    # --- content --------------------------------------------------------------------------

    def site_settings(self):
        site = Site.objects.get(is_default_site=True)
        values = SiteSettings.for_site(site)
        if not values.alamat:
            values.alamat = (
                "Jl. Syekh Nawawi Al Bantani, Kawasan Pusat Pemerintahan Provinsi Banten\nSerang, Banten"
            )
            values.telepon = "(0254) 000000 (contoh)"
            values.email = "humas@kpu-banten.example"
            values.jam_layanan = "Senin–Kamis 07.30–16.00, Jumat 07.30–16.30 WIB"
            values.instagram = "https://instagram.com/kpu_banten_contoh"
            values.youtube = "https://youtube.com/@kpubantencontoh"
            values.teks_footer = "Situs demo Terbit. Konten ini contoh, bukan informasi resmi."
            values.save()

    def media(self):
        return {
            "pdf": {
                key: self.document(title, lines)
                for key, title, lines in (
                    (
                        "pkpu",
                        "Salinan Keputusan KPU Provinsi Banten 1 2024",
                        ["Salinan resmi.", "Dokumen demo."],
                    ),
                    (
                        "pkpu2",
                        "Salinan Perubahan Keputusan 2 2024",
                        ["Perubahan atas Keputusan Nomor 1 Tahun 2024."],
                    ),
                    ("kpts", "Salinan Keputusan KPU Provinsi Banten 15 2024", ["Penetapan jadwal pleno."]),
                    (
                        "se",
                        "Surat Edaran Nomor 5 2024",
                        ["Kepada Ketua KPU Kabupaten/Kota se-Provinsi Banten."],
                    ),
                    ("juknis", "Juknis Pemutakhiran Data Pemilih", ["Petunjuk teknis coklit."]),
                    (
                        "lra",
                        "Laporan Realisasi Anggaran Semester I 2024",
                        ["Realisasi belanja dan pendapatan."],
                    ),
                    ("neraca", "Neraca per 31 Desember 2023", ["Aset, kewajiban dan ekuitas."]),
                    ("jadwal", "Jadwal Pleno Rekapitulasi", ["Jadwal rapat pleno terbuka."]),
                )
            },
            "img": {
                key: self.image(title, color)
                for key, title, color in (
                    ("pleno", "Rapat pleno terbuka rekapitulasi", (128, 0, 32)),
                    ("sosialisasi", "Sosialisasi pemilih pemula di Serang", (20, 90, 140)),
                    ("bimtek", "Bimbingan teknis PPK se-Banten", (30, 110, 60)),
                    ("rakor", "Rapat koordinasi pemutakhiran data", (110, 60, 20)),
                )
            },
        }

    def peraturan(self, listing, files):
        jenis = {}
        for nama, singkatan, urutan in JENIS_PERATURAN:
            jenis[singkatan], created = JenisPeraturan.objects.get_or_create(
                nama=nama, defaults={"singkatan": singkatan, "urutan": urutan}
            )
            self.created += int(created)
        pdf = files["pdf"]
        common = {
            "penandatangan": "Ketua KPU Provinsi Banten",
            "subjek": "PEMILU - TAHAPAN",
            "bidang_hukum": "Hukum Tata Negara",
        }
        induk = self.publish(
            listing,
            PeraturanPage,
            "keputusan-kpu-provinsi-banten-1-2024",
            title="Keputusan KPU Provinsi Banten Nomor 1 Tahun 2024 tentang Tata Kerja Pleno",
            jenis=jenis["Kpts KPU Prov"],
            nomor="1",
            tahun=2024,
            tentang="Tata Kerja Rapat Pleno Komisi Pemilihan Umum Provinsi Banten",
            tanggal=datetime.date(2024, 1, 15),
            tanggal_penetapan=datetime.date(2024, 1, 15),
            tanggal_pengundangan=datetime.date(2024, 1, 16),
            sumber="Berita Daerah Provinsi Banten Tahun 2024 Nomor 3",
            ringkasan="Mengatur tata kerja rapat pleno: undangan, kuorum, pengambilan keputusan dan risalah.",
            lampiran=self.attach(pdf["pkpu"]),
            **common,
        )
        perubahan = self.publish(
            listing,
            PeraturanPage,
            "keputusan-kpu-provinsi-banten-2-2024",
            title="Keputusan KPU Provinsi Banten Nomor 2 Tahun 2024 tentang Perubahan atas Keputusan Nomor 1 Tahun 2024",
            jenis=jenis["Kpts KPU Prov"],
            nomor="2",
            tahun=2024,
            tentang="Perubahan atas Keputusan KPU Provinsi Banten Nomor 1 Tahun 2024 tentang Tata Kerja Pleno",
            tanggal=datetime.date(2024, 6, 3),
            tanggal_penetapan=datetime.date(2024, 6, 3),
            ringkasan="Mengubah ketentuan kuorum rapat pleno dan menambah pleno secara daring.",
            lampiran=self.attach(pdf["pkpu2"]),
            relasi=[(PeraturanRelasi.Jenis.MENGUBAH, induk, "Pasal 5 dan Pasal 9")],
            # Its abstract per Permenkumham 8/2019: the public page's "Abstrak" and /jdih/abstrak/<id>.pdf.
            abstrak_menimbang=(
                "bahwa rapat pleno secara daring diperlukan agar keputusan tetap dapat diambil tepat "
                "waktu ketika anggota tidak dapat hadir secara fisik\n"
                "bahwa ketentuan kuorum dalam Keputusan KPU Provinsi Banten Nomor 1 Tahun 2024 perlu "
                "disesuaikan dengan pleno secara daring"
            ),
            dasar_hukum=[
                "Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum",
                "Peraturan Komisi Pemilihan Umum Nomor 8 Tahun 2019 tentang Tata Kerja Komisi Pemilihan "
                "Umum, Komisi Pemilihan Umum Provinsi dan Komisi Pemilihan Umum Kabupaten/Kota",
                induk,
            ],
            abstrak_materi_pokok=(
                "<p>Perubahan ketentuan rapat pleno:</p>"
                "<ul><li>kuorum rapat pleno dihitung dari anggota yang hadir secara fisik maupun daring;</li>"
                "<li>rapat pleno dapat dilaksanakan secara daring dengan risalah yang ditandatangani "
                "secara elektronik.</li></ul>"
            ),
            abstrak_catatan="Keputusan ini mulai berlaku pada tanggal ditetapkan.",
            **common,
        )
        lama = self.publish(
            listing,
            PeraturanPage,
            "keputusan-kpu-provinsi-banten-7-2019",
            title="Keputusan KPU Provinsi Banten Nomor 7 Tahun 2019 tentang Pedoman Pleno",
            jenis=jenis["Kpts KPU Prov"],
            nomor="7",
            tahun=2019,
            tentang="Pedoman Rapat Pleno Komisi Pemilihan Umum Provinsi Banten",
            tanggal=datetime.date(2019, 2, 11),
            tanggal_penetapan=datetime.date(2019, 2, 11),
            # "Tidak berlaku" comes from Nomor 1 Tahun 2024 revoking it (news/status_relasi.py).
            ringkasan="Pedoman rapat pleno yang berlaku sebelum tahun 2024.",
            **common,
        )
        if not induk.relasi_keluar.exists():
            induk.relasi_keluar.add(PeraturanRelasi(jenis=PeraturanRelasi.Jenis.MENCABUT, target=lama))
            induk.save_revision().publish()
        self.publish(
            listing,
            PeraturanPage,
            "keputusan-kpu-provinsi-banten-15-2024",
            title="Keputusan KPU Provinsi Banten Nomor 15 Tahun 2024 tentang Jadwal Rekapitulasi",
            jenis=jenis["Kpts KPU Prov"],
            nomor="15",
            tahun=2024,
            tentang="Jadwal Rapat Pleno Terbuka Rekapitulasi Hasil Penghitungan Suara Tingkat Provinsi",
            tanggal=datetime.date(2024, 2, 20),
            tanggal_penetapan=datetime.date(2024, 2, 20),
            ringkasan="Menetapkan jadwal rapat pleno terbuka rekapitulasi tingkat provinsi.",
            lampiran=self.attach(pdf["kpts"], pdf["jadwal"]),
            **common,
        )
        return perubahan

    def surat_edaran(self, listing, files):
        for slug, nomor, tanggal, perihal in (
            (
                "se-5-2024",
                "5/PP.01-SD/36/2024",
                datetime.date(2024, 3, 4),
                "Pelaksanaan Pemutakhiran Data Pemilih Berkelanjutan",
            ),
            (
                "se-9-2024",
                "9/HM.02-SD/36/2024",
                datetime.date(2024, 8, 19),
                "Publikasi Hasil Pemilu melalui Laman Resmi",
            ),
            (
                "se-2-2023",
                "2/PL.01-SD/36/2023",
                datetime.date(2023, 1, 9),
                "Penyampaian Laporan Tahapan Bulanan",
            ),
        ):
            self.publish(
                listing,
                SuratEdaranPage,
                slug,
                title=f"Surat Edaran tentang {perihal}",
                nomor=nomor,
                tanggal=tanggal,
                tanggal_surat=tanggal,
                perihal=perihal,
                ditujukan_kepada="Ketua KPU Kabupaten/Kota se-Provinsi Banten",
                status="tidak_berlaku" if tanggal.year < 2024 else "berlaku",
                ringkasan=f"Surat edaran kepada KPU kabupaten/kota perihal {perihal.lower()}.",
                lampiran=self.attach(files["pdf"]["se"]),
            )

    def juknis(self, listing, files):
        for slug, jenis, nomor, tentang, tahapan in (
            (
                "juknis-pemutakhiran-2024",
                "juknis",
                "12",
                "Pemutakhiran Data Pemilih dan Coklit",
                "pemutakhiran",
            ),
            (
                "juklak-rekapitulasi-2024",
                "juklak",
                "3",
                "Rekapitulasi Hasil Penghitungan Suara",
                "rekapitulasi",
            ),
            ("juknis-kampanye-2024", "juknis", "7", "Fasilitasi Alat Peraga Kampanye", "kampanye"),
        ):
            self.publish(
                listing,
                JuknisPage,
                slug,
                title=f"{jenis.capitalize()} {tentang}",
                jenis=jenis,
                nomor=nomor,
                tahun=2024,
                tentang=tentang,
                tahapan_pemilu=tahapan,
                tanggal=datetime.date(2024, 4, int(nomor)),
                ringkasan=f"Pedoman bagi penyelenggara tentang {tentang.lower()}.",
                lampiran=self.attach(files["pdf"]["juknis"]),
            )

    def laporan_keuangan(self, listing, files):
        for slug, tahun, periode, jenis, doc, tanggal in (
            ("lra-semester-1-2024", 2024, "sem1", "lra", "lra", datetime.date(2024, 7, 15)),
            ("neraca-2023", 2023, "tahunan", "neraca", "neraca", datetime.date(2024, 2, 28)),
            ("lra-triwulan-3-2024", 2024, "tw3", "lra", "lra", datetime.date(2024, 10, 10)),
        ):
            page = LaporanKeuanganPage(periode=periode, jenis_laporan=jenis)
            self.publish(
                listing,
                LaporanKeuanganPage,
                slug,
                title=f"{page.get_jenis_laporan_display()} {page.get_periode_display()} Tahun Anggaran {tahun}",
                tahun_anggaran=tahun,
                periode=periode,
                jenis_laporan=jenis,
                tanggal=tanggal,
                ringkasan=f"{page.get_jenis_laporan_display()} Sekretariat KPU Provinsi Banten, {page.get_periode_display()} {tahun}.",
                lampiran=self.attach(files["pdf"][doc]),
            )

    def pengumuman(self, listing, files):
        today = datetime.date.today()
        for slug, title, nomor, tanggal, sampai in (
            (
                "pengumuman-seleksi-ppk",
                "Pengumuman Seleksi Anggota PPK",
                "10/PP.04-Pu/36/2026",
                today - datetime.timedelta(days=3),
                today + datetime.timedelta(days=30),
            ),
            (
                "pengumuman-jadwal-pleno",
                "Pengumuman Jadwal Rapat Pleno Terbuka",
                "11/PL.02-Pu/36/2026",
                today - datetime.timedelta(days=1),
                None,
            ),
            (
                "pengumuman-dps-2024",
                "Pengumuman Daftar Pemilih Sementara Pemilu 2024",
                "4/PL.02.1-Pu/36/2023",
                datetime.date(2023, 6, 20),
                datetime.date(2023, 7, 2),
            ),
        ):
            self.publish(
                listing,
                PengumumanPage,
                slug,
                title=title,
                nomor=nomor,
                tanggal=tanggal,
                berlaku_sampai=sampai,
                ringkasan=f"{title}. Masyarakat dipersilakan memeriksa lampiran.",
                isi=rich(
                    f"Dengan ini KPU Provinsi Banten mengumumkan: {title.lower()}. Rincian terdapat pada lampiran."
                ),
                lampiran=self.attach(files["pdf"]["jadwal"]),
            )

    def berita(self, listing, files):
        img = files["img"]
        today = datetime.date.today()
        for days_ago, slug, title, image, tags in (
            (
                0,
                "rapat-pleno-terbuka-rekapitulasi",
                "KPU Banten Gelar Rapat Pleno Terbuka Rekapitulasi",
                "pleno",
                ["pleno", "rekapitulasi"],
            ),
            (
                2,
                "sosialisasi-pemilih-pemula-serang",
                "Sosialisasi Pemilih Pemula di Kota Serang",
                "sosialisasi",
                ["sosialisasi", "pemilih pemula"],
            ),
            (5, "bimtek-ppk-se-banten", "Bimbingan Teknis PPK se-Provinsi Banten", "bimtek", ["bimtek"]),
            (
                9,
                "rakor-pemutakhiran-data-pemilih",
                "Rapat Koordinasi Pemutakhiran Data Pemilih Berkelanjutan",
                "rakor",
                ["pemutakhiran"],
            ),
            (14, "kunjungan-media-kpu-banten", "KPU Banten Terima Kunjungan Media", None, ["humas"]),
        ):
            self.publish(
                listing,
                BeritaPage,
                slug,
                title=title,
                tanggal=today - datetime.timedelta(days=days_ago),
                gambar_utama=img[image] if image else None,
                ringkasan=f"{title}: kegiatan KPU Provinsi Banten untuk menjaga pemilu yang jujur dan adil.",
                isi=[
                    *rich(f"Serang — {title}. Kegiatan dihadiri jajaran KPU Provinsi Banten."),
                    {
                        "type": "kutipan",
                        "value": {
                            "teks": "Setiap tahapan kami jalankan terbuka untuk publik.",
                            "sumber": "Ketua KPU Provinsi Banten",
                        },
                    },
                    *rich("Informasi lengkap dapat diperoleh melalui PPID KPU Provinsi Banten."),
                ],
                tags=tags,
            )

    def galeri_kegiatan(self, listing, files):
        img = files["img"]
        today = datetime.date.today()
        for days_ago, slug, title, tempat, photos in (
            (
                1,
                "dokumentasi-rapat-pleno-rekapitulasi",
                "Dokumentasi Rapat Pleno Terbuka Rekapitulasi",
                "Aula KPU Provinsi Banten, Serang",
                (("pleno", "Pembukaan rapat pleno"), ("rakor", "Penyampaian hasil oleh PPK")),
            ),
            (
                4,
                "dokumentasi-sosialisasi-pemilih-pemula",
                "Dokumentasi Sosialisasi Pemilih Pemula",
                "SMA Negeri 1 Kota Serang",
                (("sosialisasi", "Sesi tanya jawab dengan pelajar"),),
            ),
            (
                7,
                "dokumentasi-bimtek-ppk",
                "Dokumentasi Bimbingan Teknis PPK se-Provinsi Banten",
                "Hotel di Kota Serang",
                (("bimtek", "Peserta bimbingan teknis"), ("pleno", "Simulasi rekapitulasi")),
            ),
        ):
            self.publish(
                listing,
                GaleriKegiatanPage,
                slug,
                title=title,
                tanggal=today - datetime.timedelta(days=days_ago),
                ringkasan=f"Foto kegiatan: {title[len('Dokumentasi ') :].lower()}.",
                tempat_kegiatan=tempat,
                foto=[
                    {"type": "foto", "value": {"gambar": img[key].pk, "keterangan": caption}}
                    for key, caption in photos
                ],
            )
