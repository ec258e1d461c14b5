"""The PPID's registers beside the live DIP (UU 14/2008): dated editions of the DIP established by
decree (SK), information held only offline, and the register of excluded information (DIK)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from .choices import BentukInformasi, KategoriInformasi

# A manual entry is public information: never "dikecualikan" (that is the DIK's business).
PUBLIC_KATEGORI_CHOICES = [
    (key, label) for key, label in KategoriInformasi.choices if key != KategoriInformasi.DIKECUALIKAN
]
EXPIRED_LABEL = "Masa pengecualian berakhir — dapat diajukan untuk dipublikasikan"


class EdisiDIP(models.Model):
    """A DIP edition: the register frozen as it stood when the PPID established it by SK.

    ``snapshot`` holds the rows (and the SK); ``sha256`` is the digest of its canonical JSON
    (news/dip_editions.py); the PDF and XLSX are written once, with their own digests."""

    nomor = models.PositiveIntegerField("nomor edisi", unique=True)
    nomor_sk = models.CharField("nomor SK PPID", max_length=150, unique=True)
    tanggal_sk = models.DateField("tanggal SK")
    ditetapkan_pada = models.DateTimeField("ditetapkan pada", default=timezone.now)
    ditetapkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ditetapkan oleh",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ditetapkan_oleh_nama = models.CharField("nama penetap", max_length=255, blank=True)
    snapshot = models.JSONField("isi edisi", editable=False)
    jumlah_baris = models.PositiveIntegerField("jumlah informasi", default=0)
    sha256 = models.CharField("SHA-256 isi edisi", max_length=64, editable=False)
    berkas_pdf = models.FileField("berkas PDF", upload_to="dip/edisi/", max_length=255, editable=False)
    sha256_pdf = models.CharField("SHA-256 PDF", max_length=64, editable=False)
    berkas_xlsx = models.FileField("berkas XLSX", upload_to="dip/edisi/", max_length=255, editable=False)
    sha256_xlsx = models.CharField("SHA-256 XLSX", max_length=64, editable=False)

    class Meta:
        verbose_name = "edisi DIP"
        verbose_name_plural = "edisi DIP"
        ordering = ["-nomor"]
        permissions = [("tetapkan_edisi_dip", "Dapat menetapkan edisi DIP")]

    def __str__(self):
        return f"Edisi {self.nomor} (SK {self.nomor_sk})"

    @property
    def rows(self):
        return self.snapshot.get("baris", [])


class EntriDIPLuring(models.Model):
    """Information the office holds only offline (on paper): a DIP row typed by the PPID."""

    judul = models.CharField("judul informasi", max_length=255)
    ringkasan = models.TextField("ringkasan isi informasi", blank=True)
    pejabat_penguasa = models.CharField("pejabat/unit yang menguasai informasi", max_length=255)
    penanggung_jawab = models.CharField(
        "penanggung jawab pembuatan/penerbitan informasi",
        max_length=255,
        default="Kepala Bagian Hukum, Teknis dan Hupmas",
    )
    tempat_pembuatan = models.CharField("tempat pembuatan", max_length=100, default="Serang")
    tanggal_pembuatan = models.DateField("waktu pembuatan")
    bentuk = models.CharField(
        "bentuk informasi yang tersedia",
        max_length=20,
        choices=BentukInformasi.choices,
        default=BentukInformasi.CETAK,
    )
    jangka_waktu = models.CharField(
        "jangka waktu penyimpanan", max_length=100, help_text="Misalnya: 10 tahun, atau Permanen."
    )
    kategori_informasi = models.CharField(
        "kategori informasi",
        max_length=20,
        choices=PUBLIC_KATEGORI_CHOICES,
        default=KategoriInformasi.SETIAP_SAAT,
    )

    panels = [
        FieldPanel("judul"),
        FieldPanel("ringkasan"),
        FieldPanel("kategori_informasi"),
        FieldRowPanel([FieldPanel("pejabat_penguasa"), FieldPanel("penanggung_jawab")]),
        FieldRowPanel([FieldPanel("tempat_pembuatan"), FieldPanel("tanggal_pembuatan")]),
        FieldRowPanel([FieldPanel("bentuk"), FieldPanel("jangka_waktu")]),
    ]

    class Meta:
        verbose_name = "entri DIP tercetak (luring)"
        verbose_name_plural = "entri DIP tercetak (luring)"
        ordering = ["-tanggal_pembuatan", "-id"]

    def __str__(self):
        return self.judul


class InformasiDikecualikanQuerySet(models.QuerySet):
    def expired(self, day=None):
        return self.filter(berlaku_sampai__lt=day or timezone.localdate())

    def in_force(self, day=None):
        return self.exclude(berlaku_sampai__lt=day or timezone.localdate())


class InformasiDikecualikan(models.Model):
    """One row of the Daftar Informasi yang Dikecualikan (DIK) with its consequence test
    (uji konsekuensi, UU 14/2008 Pasal 2 ayat 4 and Pasal 17-20)."""

    informasi = models.CharField("informasi yang dikecualikan", max_length=255)
    dasar_hukum = models.CharField(
        "dasar hukum pengecualian",
        max_length=255,
        help_text="Misalnya: UU 14/2008 Pasal 17 huruf h angka 2.",
    )
    konsekuensi = models.TextField(
        "uji konsekuensi (bahaya bila dibuka)",
        help_text="Akibat yang timbul bila informasi dibuka. Tidak ditampilkan di situs publik.",
    )
    jangka_waktu = models.CharField(
        "jangka waktu pengecualian", max_length=100, help_text="Misalnya: 5 tahun."
    )
    berlaku_sampai = models.DateField(
        "dikecualikan sampai",
        null=True,
        blank=True,
        help_text="Kosongkan bila pengecualian tidak dibatasi waktu (misalnya data pribadi).",
    )
    nomor_sk = models.CharField("nomor SK/penetapan PPID", max_length=150)
    tanggal_sk = models.DateField("tanggal SK")
    ditetapkan_oleh = models.CharField("ditetapkan oleh", max_length=255, default="PPID KPU Provinsi Banten")
    halaman = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="halaman terkait",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Halaman yang ditandai 'dikecualikan' untuk informasi ini (bila ada).",
    )

    objects = InformasiDikecualikanQuerySet.as_manager()

    panels = [
        FieldPanel("informasi"),
        FieldPanel("dasar_hukum"),
        FieldPanel("konsekuensi"),
        FieldRowPanel([FieldPanel("jangka_waktu"), FieldPanel("berlaku_sampai")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("nomor_sk"), FieldPanel("tanggal_sk")]),
                FieldPanel("ditetapkan_oleh"),
            ],
            heading="Penetapan",
        ),
        FieldPanel("halaman"),
    ]

    class Meta:
        verbose_name = "informasi yang dikecualikan (DIK)"
        verbose_name_plural = "daftar informasi yang dikecualikan (DIK)"
        # Soonest to expire first; no end date last (NULL sorts first on SQLite, last on PostgreSQL).
        ordering = [models.F("berlaku_sampai").asc(nulls_last=True), "informasi"]

    def __str__(self):
        return self.informasi

    def is_expired(self, day=None):
        return self.berlaku_sampai is not None and self.berlaku_sampai < (day or timezone.localdate())

    @property
    def status_label(self):
        return EXPIRED_LABEL if self.is_expired() else "Dikecualikan"


def dik_note(page_pk):
    """What the DIK records for a page marked *dikecualikan* (``InformasiDikecualikan.halaman``),
    added to the refusal to publish it: an exclusion whose period has ended may be proposed for
    publication."""
    if not page_pk:
        return ""
    entry = InformasiDikecualikan.objects.filter(halaman_id=page_pk).order_by("-tanggal_sk", "-id").first()
    if entry is None:
        return ""
    note = f" Tercatat di DIK: “{entry.informasi}” ({entry.dasar_hukum}, SK {entry.nomor_sk})."
    if entry.is_expired():
        note += (
            f" {EXPIRED_LABEL} (berakhir {date_format(entry.berlaku_sampai, 'j F Y')}): ubah kategori "
            "informasinya bila PPID memutuskan untuk membukanya."
        )
    return note
