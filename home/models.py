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

from .validators import validate_document_content, validate_rich_text_links

DEFAULT_UNIT = "Bagian Hukum, Teknis dan Hupmas"
DEFAULT_TEU_BADAN = "Indonesia. Komisi Pemilihan Umum Provinsi Banten"

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
    """A resized copy of an image: the only image files the web server serves (docs/deploy.md).

    Stored in a folder named by a keyed hash of the image, not under its uploaded name alone:
    a draft's photo gets renditions as soon as the admin shows it, and Wagtail's names for them
    (``<name>.<spec hash>.<spec>.jpg``) could otherwise be guessed from the photo's file name
    before the page is published (home/file_privacy.py).
    """

    image = models.ForeignKey(Gambar, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    def get_upload_to(self, filename):
        from django.utils.crypto import salted_hmac

        folder = salted_hmac("terbit.rendition-folder", f"{self.image_id}:{self.image.file.name}").hexdigest()
        path = super().get_upload_to(filename)  # images/<name>, at most 60 characters of name
        head, name = path.rsplit("/", 1)
        return f"{head}/{folder[:16]}/{name}"


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
    # --- Katalog JDIH: what the JDIHN feed (news/jdih.py) sends where a page has no value ---
    jdih_tempat_terbit = models.CharField(
        "tempat terbit",
        max_length=100,
        default="Serang",
        help_text="Untuk umpan JDIHN: tempat terbit dokumen yang tidak mencatat tempat penetapan "
        "(Surat Edaran, Juknis/Juklak).",
    )
    jdih_teu_badan = models.CharField(
        "T.E.U. badan",
        max_length=255,
        default=DEFAULT_TEU_BADAN,
        help_text="Tajuk entri utama badan (kaidah katalogisasi JDIH) untuk dokumen tanpa T.E.U. sendiri.",
    )
    jdih_bahasa = models.CharField("bahasa", max_length=50, default="Indonesia")
    # --- e-PPID: the office's request service, linked from the DIP and the footer (empty: hidden) ---
    eppid_permohonan = models.URLField(
        "permohonan informasi", blank=True, help_text="Alamat formulir permohonan informasi di e-PPID."
    )
    eppid_keberatan = models.URLField("pengajuan keberatan", blank=True)
    eppid_status = models.URLField("cek status permohonan", blank=True)
    jdih_bidang_hukum = models.CharField(
        "bidang hukum", max_length=100, blank=True, default="Hukum Tata Negara"
    )

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
        MultiFieldPanel(
            [
                FieldPanel("jdih_tempat_terbit"),
                FieldPanel("jdih_teu_badan"),
                FieldPanel("jdih_bahasa"),
                FieldPanel("jdih_bidang_hukum"),
            ],
            heading="Katalog JDIH (umpan JDIHN)",
        ),
        MultiFieldPanel(
            [FieldPanel("eppid_permohonan"), FieldPanel("eppid_keberatan"), FieldPanel("eppid_status")],
            heading="Layanan e-PPID",
            help_text="Tautan ke layanan e-PPID kantor, tampil di Daftar Informasi Publik dan di footer. "
            "Kosongkan untuk tidak menampilkannya.",
        ),
    ]

    class Meta:
        verbose_name = "pengaturan situs"
        verbose_name_plural = "pengaturan situs"

    @property
    def eppid_links(self):
        """(label, url) of the e-PPID services that are set, in the order a requester needs them."""
        return [
            (label, url)
            for label, url in (
                ("Ajukan permohonan informasi", self.eppid_permohonan),
                ("Ajukan keberatan", self.eppid_keberatan),
                ("Cek status permohonan", self.eppid_status),
            )
            if url
        ]

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


class PublicPageMixin:
    """For the public page types: view restrictions from the cache (home/page_cache.py).

    Wagtail checks them on every page served, with two queries; here they are read once per
    change of any restriction (a restriction saved or deleted purges the cache).
    """

    def get_view_restrictions(self):
        if self.alias_of_id or not self.path:
            return super().get_view_restrictions()
        from .page_cache import view_restrictions

        return [r for r in view_restrictions() if self.path.startswith(r.page_path)]


class HomePage(PublicPageMixin, Page):
    """The public front page: each listing under it shows its latest items (home/sections.py)."""

    intro = RichTextField(
        "pengantar", blank=True, features=["bold", "italic", "link"], validators=[validate_rich_text_links]
    )
    jumlah_berita = models.PositiveSmallIntegerField("jumlah berita ditampilkan", default=4)
    jumlah_dokumen = models.PositiveSmallIntegerField("jumlah dokumen per jenis", default=3)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("jumlah_berita"), FieldPanel("jumlah_dokumen")], heading="Tampilan"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "beranda"
        verbose_name_plural = "beranda"

    @classmethod
    def clean_subpage_models(cls):
        """The page types that name the home page as their parent (every listing declares it in
        its ``parent_page_types``): the home page hosts them without naming them."""
        if cls._clean_subpage_models is None:
            from wagtail.models import get_page_models

            cls._clean_subpage_models = [
                model
                for model in get_page_models()
                if getattr(model, "parent_page_types", None) is not None
                and cls in model.clean_parent_page_models()
            ]
        return cls._clean_subpage_models

    def route(self, request, path_components):
        """Find the page at the end of the path in one query, where Wagtail takes two per level.

        The same rules as Wagtail's routing: the deepest page on the path answers for the rest
        of it (only it must be live), except that a routable page's own routes (like
        ``/pengumuman/arsip/``) come before its children.
        """
        from django.contrib.contenttypes.models import ContentType
        from django.http import Http404
        from wagtail.contrib.routable_page.models import RoutablePageMixin

        if not path_components:
            return super().route(request, path_components)
        prefixes = {
            self.url_path + "/".join(path_components[:length]) + "/": length
            for length in range(1, len(path_components) + 1)
        }
        rows = Page.objects.filter(
            slug__in=set(path_components), url_path__in=prefixes, path__startswith=self.path
        ).values_list("pk", "content_type_id", "url_path")
        chosen = None
        for pk, content_type_id, url_path in sorted(rows, key=lambda row: prefixes[row[2]]):
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            if model is None:
                break
            chosen = (model, pk, prefixes[url_path])
            if issubclass(model, RoutablePageMixin) and chosen[2] < len(path_components):
                break  # its own routes come before its children, as in Wagtail's routing
        if chosen is None:
            raise Http404
        model, pk, length = chosen
        page = model.objects.get(pk=pk)
        # The rest of the path is the page's own business (a route of a routable page, or 404).
        return page.route(request, path_components[length:])

    def get_context(self, request, *args, **kwargs):
        from .sections import home_sections

        context = super().get_context(request, *args, **kwargs)
        context.update(home_sections(self))
        return context
