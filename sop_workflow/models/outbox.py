"""The outbox: every email the system sends, written in the transaction of the action that
causes it and delivered after that commits (sop_workflow/outbox.py)."""

from django.db import models
from django.utils import timezone


class OutgoingMail(models.Model):
    """One email waiting to be delivered, or delivered (kept a while as the record of it)."""

    dibuat_pada = models.DateTimeField("dibuat pada", default=timezone.now, db_index=True)
    jenis = models.CharField("jenis", max_length=100, blank=True, help_text="Pemberitahuan yang dikirim.")
    pengirim = models.CharField("pengirim", max_length=255, blank=True)
    penerima = models.JSONField("penerima", default=list)
    tembusan = models.JSONField("tembusan (cc)", default=list, blank=True)
    tembusan_rahasia = models.JSONField("tembusan rahasia (bcc)", default=list, blank=True)
    balas_ke = models.JSONField("balas ke", default=list, blank=True)
    header = models.JSONField("header", default=dict, blank=True)
    subjek = models.TextField("subjek")
    isi = models.TextField("isi (teks)")
    isi_html = models.TextField("isi (HTML)", blank=True)
    percobaan = models.PositiveIntegerField("jumlah percobaan", default=0)
    galat_terakhir = models.TextField("galat terakhir", blank=True)
    percobaan_terakhir = models.DateTimeField("percobaan terakhir", null=True, blank=True)
    coba_lagi_pada = models.DateTimeField("dicoba lagi pada", default=timezone.now)
    diklaim_sampai = models.DateTimeField(
        "sedang dikirim sampai",
        null=True,
        blank=True,
        help_text="Dipegang oleh satu pengirim sampai waktu ini (bila prosesnya mati, dicoba lagi sesudahnya).",
    )
    terkirim_pada = models.DateTimeField("terkirim pada", null=True, blank=True)

    class Meta:
        ordering = ["-dibuat_pada", "-pk"]
        verbose_name = "surat keluar sistem"
        verbose_name_plural = "surat keluar sistem"
        indexes = [models.Index(fields=["terkirim_pada", "coba_lagi_pada"], name="outbox_antrean")]

    def __str__(self):
        return f"{self.subjek} → {', '.join(self.penerima)}"

    @property
    def penerima_teks(self):
        return ", ".join(self.penerima)

    @property
    def status(self):
        if self.terkirim_pada:
            return "Terkirim"
        if self.percobaan:
            return "Gagal, menunggu dicoba lagi"
        return "Menunggu dikirim"
