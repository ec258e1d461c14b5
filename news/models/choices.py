"""Choices and field helpers shared by the material types."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone


class KategoriInformasi(models.TextChoices):
    """Information categories of UU 14/2008 (Keterbukaan Informasi Publik)."""

    BERKALA = "berkala", "Informasi berkala"
    SERTA_MERTA = "serta_merta", "Informasi serta merta"
    SETIAP_SAAT = "setiap_saat", "Informasi tersedia setiap saat"
    DIKECUALIKAN = "dikecualikan", "Informasi yang dikecualikan (tidak boleh terbit)"


DIKECUALIKAN_REFUSAL = (
    "Konten ini ditandai sebagai informasi yang dikecualikan (UU 14/2008 Pasal 17) dan tidak "
    "boleh diterbitkan. Ubah kategori informasinya bila keputusan PPID berubah, atau hentikan "
    "penerbitannya."
)


class StatusBerlaku(models.TextChoices):
    BERLAKU = "berlaku", "Berlaku"
    TIDAK_BERLAKU = "tidak_berlaku", "Tidak berlaku"


class JenisJuknis(models.TextChoices):
    JUKNIS = "juknis", "Petunjuk Teknis (Juknis)"
    JUKLAK = "juklak", "Petunjuk Pelaksanaan (Juklak)"


class TahapanPemilu(models.TextChoices):
    """Stages of the election (UU 7/2017 Pasal 167 ayat 4), plus Pilkada and non-stage work."""

    PERENCANAAN = "perencanaan", "Perencanaan program dan anggaran"
    PEMUTAKHIRAN = "pemutakhiran", "Pemutakhiran data pemilih dan penyusunan daftar pemilih"
    PENDAFTARAN = "pendaftaran", "Pendaftaran dan verifikasi peserta pemilu"
    PENETAPAN_PESERTA = "penetapan_peserta", "Penetapan peserta pemilu"
    DAPIL = "dapil", "Penetapan jumlah kursi dan daerah pemilihan"
    PENCALONAN = "pencalonan", "Pencalonan"
    KAMPANYE = "kampanye", "Masa kampanye"
    MASA_TENANG = "masa_tenang", "Masa tenang"
    PEMUNGUTAN = "pemungutan", "Pemungutan dan penghitungan suara"
    REKAPITULASI = "rekapitulasi", "Rekapitulasi dan penetapan hasil"
    SUMPAH = "sumpah", "Pengucapan sumpah/janji"
    PEMILIHAN = "pemilihan", "Pemilihan gubernur, bupati dan wali kota"
    UMUM = "umum", "Di luar tahapan (umum)"


class PeriodeLaporan(models.TextChoices):
    TRIWULAN_1 = "tw1", "Triwulan I"
    TRIWULAN_2 = "tw2", "Triwulan II"
    TRIWULAN_3 = "tw3", "Triwulan III"
    TRIWULAN_4 = "tw4", "Triwulan IV"
    SEMESTER_1 = "sem1", "Semester I"
    SEMESTER_2 = "sem2", "Semester II"
    TAHUNAN = "tahunan", "Tahunan"


class JenisLaporanKeuangan(models.TextChoices):
    LRA = "lra", "Laporan Realisasi Anggaran (LRA)"
    NERACA = "neraca", "Neraca"
    LO = "lo", "Laporan Operasional (LO)"
    LPE = "lpe", "Laporan Perubahan Ekuitas (LPE)"
    LAK = "lak", "Laporan Arus Kas (LAK)"
    CALK = "calk", "Catatan atas Laporan Keuangan (CaLK)"
    LPSAL = "lpsal", "Laporan Perubahan Saldo Anggaran Lebih (LPSAL)"
    LENGKAP = "lengkap", "Laporan Keuangan lengkap"


class BentukInformasi(models.TextChoices):
    CETAK_ELEKTRONIK = "cetak_elektronik", "Cetak dan elektronik"
    ELEKTRONIK = "elektronik", "Elektronik"
    CETAK = "cetak", "Cetak"


def today():
    return timezone.localdate()


def year_validators():
    return [MinValueValidator(1945), MaxValueValidator(2100)]


def kategori_field(default):
    return models.CharField(
        "kategori informasi (UU 14/2008)",
        max_length=20,
        choices=KategoriInformasi.choices,
        default=default,
        help_text="Kategori dalam Daftar Informasi Publik.",
    )


def status_field():
    return models.CharField(
        "status", max_length=20, choices=StatusBerlaku.choices, default=StatusBerlaku.BERLAKU
    )
