"""The office calendar of the office-hours clock: days closed beyond the national holidays."""

from django.db import models


class HariLibur(models.Model):
    """A day the office calendar treats differently from the `holidays` library.

    The library gives Indonesia's national holidays (settings.SOP_LIBUR_NASIONAL) and, by
    default, its cuti bersama (SOP_CUTI_BERSAMA_FROM_LIBRARY). Enter here a closed day it does
    not know (a regional holiday, a cuti bersama decreed later, a holiday moved by decree), or
    a day *masuk kerja*: a library day the office works all the same (sop_workflow/clock.py).
    """

    class Jenis(models.TextChoices):
        CUTI_BERSAMA = "cuti_bersama", "Cuti bersama"
        NASIONAL = "nasional", "Libur nasional (tambahan atau pergeseran)"
        LAINNYA = "lainnya", "Libur lainnya (daerah, kantor)"
        MASUK_KERJA = "masuk_kerja", "Masuk kerja (membatalkan libur/cuti bersama dari pustaka)"

    NOT_A_LIBRARY_DAY = (
        "Menurut pustaka holidays, {tanggal} bukan hari libur nasional atau cuti bersama: "
        "tidak ada yang dibatalkan. Jenis “masuk kerja” hanya untuk membatalkan hari libur "
        "atau cuti bersama yang tercantum di daftar pustaka di halaman ini."
    )

    tanggal = models.DateField(
        "tanggal", unique=True, error_messages={"unique": "Tanggal ini sudah tercatat."}
    )
    nama = models.CharField(
        "keterangan", max_length=200, help_text="Misalnya: Cuti bersama Idulfitri 1448 H."
    )
    jenis = models.CharField("jenis", max_length=20, choices=Jenis.choices, default=Jenis.CUTI_BERSAMA)
    dasar = models.CharField(
        "dasar penetapan",
        max_length=255,
        blank=True,
        help_text="Misalnya: SKB Menteri Agama, Menaker dan MenPAN-RB.",
    )

    class Meta:
        ordering = ["tanggal"]
        verbose_name = "hari libur"
        verbose_name_plural = "hari libur dan cuti bersama"

    def __str__(self):
        return f"{self.tanggal:%d/%m/%Y} – {self.nama}"

    def clean(self):
        """A day *masuk kerja* must cancel a day the library closes, under the settings now."""
        from django.conf import settings
        from django.core.exceptions import ValidationError

        from ..clock import library_holidays

        if self.jenis != self.Jenis.MASUK_KERJA or self.tanggal is None:
            return
        library = library_holidays(self.tanggal.year) if settings.SOP_LIBUR_NASIONAL else {}
        if self.tanggal not in library:
            raise ValidationError(
                {"jenis": self.NOT_A_LIBRARY_DAY.format(tanggal=f"{self.tanggal:%d/%m/%Y}")}
            )


class Pengingat(models.Model):
    """A reminder (step past its due time) or an escalation (past twice its standard time),
    sent for one running step. The unique key makes it at most once, whoever runs it when."""

    class Tingkat(models.TextChoices):
        TERLAMBAT = "terlambat", "Pengingat: melewati tenggat"
        ESKALASI = "eskalasi", "Eskalasi ke atasan: melewati 2× waktu baku"

    kunci = models.CharField("langkah", max_length=100, help_text="surat:<id>:langkah-<n> atau tugas:<id>")
    tingkat = models.CharField("tingkat", max_length=20, choices=Tingkat.choices)
    judul = models.CharField("materi", max_length=255)
    langkah = models.CharField("langkah SOP", max_length=10)
    tenggat = models.DateTimeField("tenggat")
    penerima = models.TextField("dikirim kepada", blank=True)
    dikirim_pada = models.DateTimeField("dikirim pada", auto_now_add=True)

    class Meta:
        ordering = ["-dikirim_pada"]
        verbose_name = "pengingat terkirim"
        verbose_name_plural = "pengingat terkirim"
        constraints = [models.UniqueConstraint(fields=["kunci", "tingkat"], name="pengingat_sekali")]

    def __str__(self):
        return f"{self.get_tingkat_display()}: {self.judul}"
