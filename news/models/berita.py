"""Berita: news stories (the SOP's short path)."""

from collections import defaultdict

from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from ..blocks import BaseStreamBlock
from ..catalogue import MaterialType
from .base import BaseIndexPage, BasePublikasiPage
from .choices import (
    BentukInformasi,
    KategoriInformasi,
    kategori_field,
)


class BeritaTag(TaggedItemBase):
    content_object = ParentalKey("news.BeritaPage", on_delete=models.CASCADE, related_name="tagged_items")


class BeritaPage(BasePublikasiPage):
    """A news story (Berita KPU): the SOP's short path, handed straight to Web Admin."""

    material = MaterialType(
        label="Berita",
        listing_slug="berita",
        listing_intro="Berita kegiatan KPU Provinsi Banten.",
        search_slug="berita",
        retention_form=BentukInformasi.ELEKTRONIK,
        retention_period="5 tahun",
        menu_order=10,
        sop_order=6,
        sop_path="short",
        clock="wall",
    )

    listing_fields = ("byline", "gambar_utama", "gambar_alt")

    gambar_utama = models.ForeignKey(
        "home.Gambar",
        verbose_name="gambar utama",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    gambar_alt = models.CharField(
        "teks alternatif gambar utama",
        max_length=255,
        blank=True,
        help_text="Apa yang tampak pada foto, untuk pembaca layar. Kosongkan untuk memakai deskripsi gambar.",
    )
    isi = StreamField(BaseStreamBlock(), verbose_name="isi berita")
    tags = ClusterTaggableManager(through=BeritaTag, blank=True, verbose_name="tag")
    byline = models.CharField(
        "penulis (byline)", max_length=255, blank=True, default="Tim Humas KPU Provinsi Banten"
    )
    kategori_informasi = kategori_field(KategoriInformasi.SERTA_MERTA)

    content_panels = (
        BasePublikasiPage.content_panels
        + [
            MultiFieldPanel([FieldPanel("gambar_utama"), FieldPanel("gambar_alt")], heading="Gambar utama"),
            FieldPanel("isi"),
            FieldPanel("byline"),
            FieldPanel("tags"),
        ]
        + BasePublikasiPage.lampiran_panels
        + BasePublikasiPage.informasi_publik_panels
    )
    search_fields = BasePublikasiPage.search_fields + [
        index.SearchField("isi"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    parent_page_types = ["news.BeritaIndexPage"]

    class Meta:
        verbose_name = "berita"
        verbose_name_plural = "berita"

    @classmethod
    def for_listing(cls, queryset):
        """The photo with the row (renditions: prepare_listing; tags: the listing's own query)."""
        return super().for_listing(queryset).select_related("gambar_utama")

    @classmethod
    def prepare_listing(cls, items):
        """The photos' renditions in one query, only for cards whose markup is not kept yet.
        The first card is the eager one (``eager=forloop.first`` in the templates)."""
        from home.fragments import prefetch_card_renditions

        prefetch_card_renditions(
            (item.gambar_utama, item.lead_image_alt, index == 0) for index, item in enumerate(items)
        )
        return items

    def structured_data(self, request, site_settings, image_url):
        """schema.org NewsArticle, for search engines and sharing (home/templatetags/seo_tags.py)."""
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title[:110],
            "description": self.ringkasan,
            "datePublished": self.first_published_at.isoformat() if self.first_published_at else None,
            "dateModified": (self.last_published_at or self.first_published_at).isoformat()
            if self.first_published_at
            else None,
            "author": {"@type": "Organization", "name": self.byline or site_settings.nama_instansi},
            "publisher": {"@type": "GovernmentOrganization", "name": site_settings.nama_instansi},
            "mainEntityOfPage": self.get_full_url(request),
            "inLanguage": "id",
        }
        if image_url:
            data["image"] = [image_url]
        return data

    @property
    def lead_image_alt(self):
        if self.gambar_alt:
            return self.gambar_alt
        return self.gambar_utama.default_alt_text if self.gambar_utama else ""


class BeritaIndexPage(BaseIndexPage):
    """The listing of news stories, with their photos."""

    child_model = BeritaPage
    filter_form = "BeritaFilterForm"
    subpage_types = ["news.BeritaPage"]
    items_per_page = 12

    @classmethod
    def home_section(cls, sections, context):
        """The latest Berita, as cards."""
        home = sections.home
        context["berita"] = sections.latest(BeritaPage, cls.home_items(home), home.jumlah_berita)
        context["berita_listing"] = sections.listing_for(cls)

    def listing_context(self, request, items):
        """The cards show their tags: the names of all of them in one plain query (taggit's
        prefetch builds a Tag object and a manager per item; bench/README.md)."""
        context = super().listing_context(request, items)
        shown = context["items"].object_list
        names = defaultdict(list)
        for object_id, name in (
            BeritaTag.objects.filter(content_object_id__in=[item.pk for item in shown])
            .order_by("tag__name")
            .values_list("content_object_id", "tag__name")
        ):
            names[object_id].append(name)
        for item in shown:
            item.tag_names = names[item.pk]
        return context

    class Meta:
        verbose_name = "daftar berita"
        verbose_name_plural = "daftar berita"
