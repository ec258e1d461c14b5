"""Pengumuman: announcements, active ones listed and expired ones archived."""

from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.search import index

from ..blocks import BaseStreamBlock
from ..catalogue import MaterialType
from .base import BaseIndexPage, BasePublikasiPage
from .choices import BentukInformasi, KategoriInformasi, kategori_field, today


class PengumumanPage(BasePublikasiPage):
    """An announcement; after its valid-until date it moves to the archive."""

    material = MaterialType(
        label="Pengumuman",
        listing_slug="pengumuman",
        listing_intro="Pengumuman resmi KPU Provinsi Banten.",
        search_slug="pengumuman",
        retention_form=BentukInformasi.CETAK_ELEKTRONIK,
        retention_period="5 tahun",
        menu_order=20,
        sop_order=5,
    )

    listing_fields = ("nomor", "berlaku_sampai")

    nomor = models.CharField("nomor pengumuman", max_length=100, blank=True)
    isi = StreamField(BaseStreamBlock(), verbose_name="isi pengumuman")
    berlaku_sampai = models.DateField(
        "berlaku sampai",
        null=True,
        blank=True,
        help_text="Setelah tanggal ini pengumuman pindah ke arsip. Kosongkan bila tidak kedaluwarsa.",
    )
    kategori_informasi = kategori_field(KategoriInformasi.SERTA_MERTA)

    content_panels = (
        BasePublikasiPage.content_panels
        + [FieldRowPanel([FieldPanel("nomor"), FieldPanel("berlaku_sampai")]), FieldPanel("isi")]
        + BasePublikasiPage.lampiran_panels
        + BasePublikasiPage.informasi_publik_panels
    )
    search_fields = BasePublikasiPage.search_fields + [
        index.SearchField("isi"),
        index.SearchField("nomor"),
        index.FilterField("berlaku_sampai"),
    ]
    parent_page_types = ["news.PengumumanIndexPage"]
    metadata_fields = ("nomor", "berlaku_sampai")

    class Meta:
        verbose_name = "pengumuman"
        verbose_name_plural = "pengumuman"

    @property
    def is_active(self):
        return self.berlaku_sampai is None or self.berlaku_sampai >= today()


def active_pengumuman(queryset):
    return queryset.filter(models.Q(berlaku_sampai__isnull=True) | models.Q(berlaku_sampai__gte=today()))


class PengumumanIndexPage(RoutablePageMixin, BaseIndexPage):
    """The listing of announcements: active ones here, expired ones under /arsip/."""

    child_model = PengumumanPage
    filter_form = "PengumumanFilterForm"
    subpage_types = ["news.PengumumanPage"]

    class Meta:
        verbose_name = "daftar pengumuman"
        verbose_name_plural = "daftar pengumuman"

    def get_items(self):
        return active_pengumuman(super().get_items())

    @classmethod
    def home_items(cls, home):
        return active_pengumuman(super().home_items(home))

    @classmethod
    def home_section(cls, sections, context):
        """The five newest active announcements."""
        context["pengumuman"] = sections.latest(PengumumanPage, cls.home_items(sections.home), 5)
        context["pengumuman_listing"] = sections.listing_for(cls)

    def get_cached_paths(self):
        return ["/", "arsip/"]

    def get_archive_items(self):
        return super().get_items().filter(berlaku_sampai__lt=today())

    @path("")
    def active_view(self, request):
        return self.render(request)

    @path("arsip/")
    def archive_view(self, request):
        context_overrides = {
            **self.listing_context(request, self.get_archive_items()),
            "is_archive": True,
            "canonical_url": self.get_full_url(request) + self.reverse_subpage("archive_view"),
        }
        return self.render(request, context_overrides=context_overrides)
