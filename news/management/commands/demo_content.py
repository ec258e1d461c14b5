"""Demo content for a local installation: the site tree, items of every type, one login per role.

Idempotent: every object is looked up by a natural key (slug, title, username) first, so a
second run creates nothing new. Refuses to run when DEBUG is off: demo logins with published
passwords must never reach a server.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from home.demo_files import pdf_bytes
from news.demo import DemoContent, rich
from news.models import (
    BeritaIndexPage,
    BeritaPage,
    GaleriKegiatanIndexPage,
    JenisPeraturan,
    JuknisIndexPage,
    LaporanKeuanganIndexPage,
    PengumumanIndexPage,
    PengumumanPage,
    PeraturanIndexPage,
    PeraturanPage,
    SuratEdaranIndexPage,
)
from news.structure import ensure_listings
from sop_workflow.roles import KABAG, KASUBAG, PENULIS, SEKRETARIS, WEB_ADMIN

DEMO_PASSWORD = "terbit-demo-2026"  # noqa: S105 - local-only demo logins, listed in README

DEMO_USERS = (
    # username, first name, last name, group, jabatan
    ("kabag", "Ahmad", "Fauzi", KABAG, "Kepala Bagian Hukum, Teknis dan Hupmas"),
    ("kasubag", "Siti", "Rohmah", KASUBAG, "Kepala Sub Bagian Teknis dan Hupmas"),
    ("penulis", "Dedi", "Kurniawan", PENULIS, "Fungsional Umum / Tim Penulis Artikel Website"),
    ("webadmin", "Rina", "Marlina", WEB_ADMIN, "Web Admin"),
    ("sekretaris", "Hendra", "Gunawan", SEKRETARIS, "Sekretaris KPU Provinsi Banten"),
)
SUPERUSER = "admin"


class Command(DemoContent, BaseCommand):
    help = "Mengisi konten dan akun demo (hanya untuk pengembangan lokal, DEBUG=True). Aman diulang."

    def add_arguments(self, parser):
        parser.add_argument("--no-users", action="store_true", help="Jangan membuat akun demo.")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Konten dan akun demo hanya boleh dibuat pada pengembangan lokal (DEBUG=True). "
                "Server produksi tidak boleh memiliki akun dengan kata sandi yang dipublikasikan."
            )
        call_command("setup_sop", stdout=self.stdout)
        with transaction.atomic():
            self.created = 0
            self.site_settings()
            listings = ensure_listings()
            files = self.media()
            self.peraturan(listings[PeraturanIndexPage], files)
            self.surat_edaran(listings[SuratEdaranIndexPage], files)
            self.juknis(listings[JuknisIndexPage], files)
            self.laporan_keuangan(listings[LaporanKeuanganIndexPage], files)
            self.pengumuman(listings[PengumumanIndexPage], files)
            self.berita(listings[BeritaIndexPage], files)
            self.galeri_kegiatan(listings[GaleriKegiatanIndexPage], files)
            if not options["no_users"]:
                self.users()
                self.in_review(listings)
                self.intake()
        self.stdout.write(self.style.SUCCESS(f"Konten demo siap ({self.created} objek baru)."))

    def in_review(self, listings):
        """Three drafts waiting in the SOP queue, one at each step, for the demo logins."""
        User = get_user_model()
        penulis, kasubag = User.objects.get(username="penulis"), User.objects.get(username="kasubag")
        kabag = User.objects.get(username="kabag")
        specs = (
            (PeraturanIndexPage, PeraturanPage, "konsep-keputusan-jadwal-kampanye", 0),
            (PengumumanIndexPage, PengumumanPage, "konsep-pengumuman-rekrutmen-pantarlih", 1),
            (BeritaIndexPage, BeritaPage, "konsep-berita-sosialisasi-difabel", 0),
        )
        jenis = JenisPeraturan.objects.get(singkatan="Kpts KPU Prov")
        fields = {
            PeraturanPage: {
                "title": "Konsep: Keputusan KPU Provinsi Banten tentang Jadwal Kampanye",
                "jenis": jenis,
                "nomor": "30",
                "tahun": datetime.date.today().year,
                "tentang": "Jadwal Kampanye",
                "tanggal_penetapan": datetime.date.today(),
                "penandatangan": "Ketua KPU Provinsi Banten",
                "ringkasan": "Menetapkan jadwal kampanye di Provinsi Banten.",
            },
            PengumumanPage: {
                "title": "Konsep: Pengumuman Rekrutmen Pantarlih",
                "ringkasan": "Rekrutmen petugas pemutakhiran data pemilih.",
                "isi": rich("Pendaftaran dibuka di kantor PPS masing-masing."),
            },
            BeritaPage: {
                "title": "Konsep: Sosialisasi Pemilu bagi Pemilih Disabilitas",
                "ringkasan": "KPU Banten menyosialisasikan pemilu bagi pemilih disabilitas.",
                "isi": rich("Serang — KPU Provinsi Banten menggelar sosialisasi bagi pemilih disabilitas."),
            },
        }
        for index_model, model, slug, approvals in specs:
            listing = index_model.objects.first()
            if model.objects.filter(slug=slug).exists():
                continue
            page = model(slug=slug, owner=penulis, live=False, **fields[model])
            listing.add_child(instance=page)
            page.save_revision(user=penulis)
            page.get_workflow().start(page, penulis)
            for reviewer in (kasubag, kabag)[:approvals]:
                state = page.current_workflow_task_state
                checks = {
                    "cek_kebenaran": True,
                    "cek_narasumber": True,
                    "narasumber": "Sekretaris",
                    "cek_bahasa": True,
                }
                state.task.specific.on_action(state, reviewer, "approve", **checks)
            self.created += 1

    def intake(self):
        """Three entries of the register, one waiting at each of steps 1, 2 and 3."""
        from sop_workflow import intake
        from sop_workflow.models import Disposisi, SuratMasuk

        User = get_user_model()
        kabag, kasubag = User.objects.get(username="kabag"), User.objects.get(username="kasubag")
        penulis = User.objects.get(username="penulis")
        specs = (
            (
                "Permohonan publikasi jadwal uji publik rancangan dapil",
                "surat_permohonan",
                "pengumumanpage",
                0,
            ),
            (
                "Nota dinas penyampaian laporan realisasi anggaran triwulan III",
                "nota_dinas",
                "laporankeuanganpage",
                1,
            ),
            ("Disposisi publikasi rapat koordinasi logistik pemilihan", "disposisi", "beritapage", 2),
        )
        for number, (perihal, jenis_surat, jenis_publikasi, steps) in enumerate(specs, start=1):
            if SuratMasuk.objects.filter(perihal=perihal).exists():
                continue
            surat = SuratMasuk(
                jenis_surat=jenis_surat,
                nomor_surat=f"{number}/PP.01-ND/36/{datetime.date.today().year}",
                tanggal_surat=datetime.date.today(),
                pengirim="Divisi Teknis Penyelenggaraan KPU Provinsi Banten",
                perihal=perihal,
                jenis_publikasi=jenis_publikasi,
                dicatat_oleh=kabag,
            )
            surat.save()
            upload = ContentFile(pdf_bytes(perihal, ["Bahan informasi untuk diterbitkan."]), name="bahan.pdf")
            intake.store_berkas(surat, upload, kabag)
            if steps >= 1:
                intake.assign(
                    surat, Disposisi.Langkah.KASUBAG, kabag, kasubag, "Mohon diproses untuk diterbitkan."
                )
            if steps >= 2:
                intake.assign(surat, Disposisi.Langkah.PENULIS, kasubag, penulis, "Tulis beritanya hari ini.")
            self.created += 1

    def users(self):
        User = get_user_model()
        for username, first, last, group_name, jabatan in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@kpu-banten.example",
                    "jabatan": jabatan,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
                self.created += 1
            user.groups.add(Group.objects.get(name=group_name))
        admin, created = User.objects.get_or_create(
            username=SUPERUSER,
            defaults={
                "email": "admin@kpu-banten.example",
                "is_staff": True,
                "is_superuser": True,
                "first_name": "Admin",
            },
        )
        if created:
            admin.set_password(DEMO_PASSWORD)
            admin.save()
            self.created += 1
