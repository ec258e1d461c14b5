"""Daftar Informasi Publik (UU 14/2008): the PPID's register page and its retention rows."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from home.models import PublicPageMixin
from home.validators import validate_rich_text_links

from .. import catalogue
from ..pagination import paginate
from .choices import BentukInformasi, KategoriInformasi


class DaftarInformasiPublikPageForm(WagtailAdminPageForm):
    """One retention row per material type."""

    def is_valid(self):
        valid = super().is_valid()
        seen = set()
        for form in self.formsets["retensi"].forms:
            data = getattr(form, "cleaned_data", None) or {}
            jenis = data.get("jenis")
            if not jenis or data.get("DELETE"):
                continue
            if jenis in seen:
                form.add_error("jenis", "Jenis ini sudah diatur di baris lain.")
                valid = False
            seen.add(jenis)
        return valid


class DaftarInformasiPublikPage(PublicPageMixin, RoutablePageMixin, Page):
    """The PPID's register of public information, built from what is published (news.dip)."""

    intro = RichTextField(
        "pengantar", blank=True, features=["bold", "italic", "link"], validators=[validate_rich_text_links]
    )
    penanggung_jawab = models.CharField(
        "penanggung jawab pembuatan/penerbitan informasi",
        max_length=255,
        default="Kepala Bagian Hukum, Teknis dan Hupmas",
    )
    tempat_pembuatan = models.CharField(
        "tempat pembuatan informasi",
        max_length=100,
        default="Serang",
        help_text="Dipakai bila publikasi tidak mencatat tempatnya sendiri (Peraturan: tempat penetapan).",
    )

    tampilkan_dik = models.BooleanField(
        "tampilkan daftar informasi yang dikecualikan (DIK) di situs publik",
        default=True,
        help_text="Hanya judul informasi, dasar hukum, jangka waktu dan batas berlakunya yang tampil; "
        "uji konsekuensi tidak pernah tampil.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("penanggung_jawab"), FieldPanel("tempat_pembuatan")], heading="Kolom DIP"
        ),
        FieldPanel("tampilkan_dik"),
        InlinePanel(
            "retensi",
            heading="Bentuk dan jangka waktu penyimpanan per jenis",
            label="jenis",
            help_text="Jenis yang tidak diisi memakai nilai bawaan (lihat docs/panduan.md, bagian Daftar Informasi Publik).",
        ),
    ]
    base_form_class = DaftarInformasiPublikPageForm
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    rows_per_page = 50
    # It lists every publication: purged with each (home/page_cache_signals.py).
    lists_every_publication = True

    class Meta:
        verbose_name = "daftar informasi publik"
        verbose_name_plural = "daftar informasi publik"

    def get_cached_paths(self):
        return ["/", "unduh/csv/", "unduh/xlsx/"]

    def register(self, request):
        from ..dip import Register

        return Register(self, request)

    @path("")
    def dip_view(self, request):
        register = self.register(request)
        kategori = request.GET.get("kategori", "")
        if kategori not in register.categories:
            kategori = next(iter(register.categories))
        # The category's count is known from the register's own counts: no second COUNT.
        rows = paginate(
            request, register.rows_of(kategori), self.rows_per_page, count=register.categories[kategori]
        )
        return self.render(
            request,
            context_overrides={
                "register": register,
                "kategori": kategori,
                "kategori_label": KategoriInformasi(kategori).label,
                "rows": register.numbered(rows),
                "items": rows,
            },
        )

    # --- editions and the DIK (news/dip_views.py) ---

    @path("edisi/")
    def edisi_index_view(self, request):
        from ..dip_views import editions

        return editions(self, request)

    @path("edisi/<int:nomor>/")
    def edisi_view(self, request, nomor):
        from ..dip_views import edition

        return edition(self, request, nomor)

    @path("edisi/<int:nomor>/unduh/<str:fmt>/")
    def edisi_file_view(self, request, nomor, fmt):
        from ..dip_views import edition_file

        return edition_file(self, request, nomor, fmt)

    @path("dikecualikan/")
    def dik_view(self, request):
        from ..dip_views import excluded

        return excluded(self, request)

    @path("unduh/csv/")
    def csv_view(self, request):
        from sop_workflow.spreadsheet import csv_response

        register = self.register(request)
        return csv_response(register.filename(), register.export_headers(), register.export_rows())

    @path("unduh/xlsx/")
    def xlsx_view(self, request):
        from sop_workflow.spreadsheet import xlsx_response

        register = self.register(request)
        return xlsx_response(
            register.filename(), register.export_headers(), register.export_rows(), sheet_title="DIP"
        )


class RetensiInformasi(Orderable):
    """How one material type is kept: its form (printed/electronic) and retention period."""

    page = ParentalKey(DaftarInformasiPublikPage, on_delete=models.CASCADE, related_name="retensi")
    jenis = models.CharField(
        "jenis publikasi",
        max_length=30,
        choices=catalogue.retention_choices,
    )
    bentuk = models.CharField(
        "bentuk informasi yang tersedia",
        max_length=20,
        choices=BentukInformasi.choices,
        default=BentukInformasi.CETAK_ELEKTRONIK,
    )
    jangka_waktu = models.CharField(
        "jangka waktu penyimpanan", max_length=100, help_text="Misalnya: 10 tahun, atau Permanen."
    )

    panels = [FieldPanel("jenis"), FieldPanel("bentuk"), FieldPanel("jangka_waktu")]

    class Meta(Orderable.Meta):
        verbose_name = "retensi per jenis"
        verbose_name_plural = "retensi per jenis"
