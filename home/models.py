"""Site-wide models: the home page, the institution's settings, and the media models.

The custom image and document models are decided here, before the first migration, so that
documents are checked by content (validators.py) and images carry a source/credit line.
"""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.documents.models import AbstractDocument, Document
from wagtail.fields import RichTextField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Page, Site

from .validators import validate_document_content

DEFAULT_UNIT = "Bagian Hukum, Teknis dan Hupmas"

# --- Media ----------------------------------------------------------------------------------


class Gambar(AbstractImage):
    """An image in the library (Berita photos, the logo), with its source for the credit line."""

    sumber = models.CharField(
        "sumber / kredit foto",
        max_length=255,
        blank=True,
        help_text="Misalnya: Dokumentasi KPU Provinsi Banten.",
    )

    admin_form_fields = Image.admin_form_fields + ("sumber",)

    class Meta(AbstractImage.Meta):
        verbose_name = "gambar"
        verbose_name_plural = "gambar"


class GambarRendition(AbstractRendition):
    image = models.ForeignKey(Gambar, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class Dokumen(AbstractDocument):
    """An attachment in the document library; its content must match its extension."""

    keterangan = models.TextField("keterangan", blank=True)

    admin_form_fields = Document.admin_form_fields + ("keterangan",)

    class Meta(AbstractDocument.Meta):
        verbose_name = "dokumen"
        verbose_name_plural = "dokumen"

    def clean(self):
        super().clean()  # extension allow-list (WAGTAILDOCS_EXTENSIONS)
        if self.file and not getattr(self.file, "_committed", True):
            # A new upload: check the bytes, not only the name.
            from django.core.exceptions import ValidationError

            try:
                validate_document_content(self.file, self.file.name)
            except ValidationError as exc:
                raise ValidationError({"file": exc.messages}) from exc

    @property
    def extension_label(self):
        return self.file_extension.upper() if self.file_extension else ""


# --- Site settings --------------------------------------------------------------------------


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Who publishes: the institution's identity, contacts and footer, edited in the admin."""

    select_related = ["logo"]

    nama_instansi = models.CharField(
        "nama instansi", max_length=255, default="Komisi Pemilihan Umum Provinsi Banten"
    )
    singkatan = models.CharField("nama singkat", max_length=100, default="KPU Provinsi Banten")
    logo = models.ForeignKey(
        Gambar, verbose_name="logo", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    alamat = models.TextField("alamat", blank=True)
    telepon = models.CharField("telepon", max_length=100, blank=True)
    email = models.EmailField("email", blank=True)
    jam_layanan = models.CharField("jam layanan", max_length=255, blank=True)
    unit_penanggung_jawab = models.CharField(
        "unit penanggung jawab bawaan",
        max_length=255,
        default=DEFAULT_UNIT,
        help_text="Diisikan otomatis pada setiap publikasi baru; dapat diubah per publikasi.",
    )
    facebook = models.URLField("Facebook", blank=True)
    instagram = models.URLField("Instagram", blank=True)
    x = models.URLField("X (Twitter)", blank=True)
    youtube = models.URLField("YouTube", blank=True)
    tiktok = models.URLField("TikTok", blank=True)
    teks_footer = models.TextField("teks footer", blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("nama_instansi"), FieldPanel("singkatan"), FieldPanel("logo")], heading="Identitas"
        ),
        MultiFieldPanel(
            [FieldPanel("alamat"), FieldPanel("telepon"), FieldPanel("email"), FieldPanel("jam_layanan")],
            heading="Kontak",
        ),
        FieldPanel("unit_penanggung_jawab"),
        MultiFieldPanel(
            [FieldPanel(name) for name in ("facebook", "instagram", "x", "youtube", "tiktok")],
            heading="Media sosial",
        ),
        FieldPanel("teks_footer"),
    ]

    class Meta:
        verbose_name = "pengaturan situs"
        verbose_name_plural = "pengaturan situs"

    @property
    def social_links(self):
        return [
            (label, url)
            for label, url in (
                ("Facebook", self.facebook),
                ("Instagram", self.instagram),
                ("X", self.x),
                ("YouTube", self.youtube),
                ("TikTok", self.tiktok),
            )
            if url
        ]


def default_unit(site=None):
    """The unit responsible for new publications, from the site's settings."""
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return DEFAULT_UNIT
    return SiteSettings.for_site(site).unit_penanggung_jawab or DEFAULT_UNIT


# --- Pages ----------------------------------------------------------------------------------


class HomePage(Page):
    """The public front page: latest Berita, active Pengumuman, newest documents of each type."""

    intro = RichTextField("pengantar", blank=True, features=["bold", "italic", "link"])
    jumlah_berita = models.PositiveSmallIntegerField("jumlah berita ditampilkan", default=4)
    jumlah_dokumen = models.PositiveSmallIntegerField("jumlah dokumen per jenis", default=3)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("jumlah_berita"), FieldPanel("jumlah_dokumen")], heading="Tampilan"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "news.BeritaIndexPage",
        "news.PengumumanIndexPage",
        "news.PeraturanIndexPage",
        "news.SuratEdaranIndexPage",
        "news.JuknisIndexPage",
        "news.LaporanKeuanganIndexPage",
        "news.DaftarInformasiPublikPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "beranda"
        verbose_name_plural = "beranda"

    def get_context(self, request, *args, **kwargs):
        from news.models import home_sections

        context = super().get_context(request, *args, **kwargs)
        context.update(home_sections(self))
        return context
