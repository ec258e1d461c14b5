"""Galeri kegiatan: photo and video documentation of KPU activities (the SOP's related procedure
"Pendokumentasian Foto atau Video"). The seventh material type: this module and nothing else
names it; the catalogue (``material``) puts it in the listings, search, DIP, feeds, the register,
the workflow's routing and the report."""

from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.search import index

from ..catalogue import MaterialType
from .base import BaseIndexPage, BasePublikasiPage
from .choices import BentukInformasi


class FotoBlock(blocks.StructBlock):
    gambar = ImageChooserBlock(label="foto")
    keterangan = blocks.CharBlock(label="keterangan foto", required=False, max_length=255)

    class Meta:
        icon = "image"
        label = "Foto"


class GaleriKegiatanPage(BasePublikasiPage):
    """The photos (and a link to the video) of one activity, where and when it took place."""

    material = MaterialType(
        label="Galeri Kegiatan",
        listing_slug="galeri-kegiatan",
        listing_intro="Dokumentasi foto dan video kegiatan KPU Provinsi Banten.",
        search_slug="galeri-kegiatan",
        retention_form=BentukInformasi.ELEKTRONIK,
        retention_period="5 tahun",
        menu_order=70,
        sop_order=7,
        on_home_page=False,  # its own listing, in the menu; the home page keeps its six sections
    )

    listing_fields = ("tempat_kegiatan",)

    tempat_kegiatan = models.CharField("tempat kegiatan", max_length=255)
    foto = StreamField([("foto", FotoBlock())], verbose_name="foto kegiatan", blank=True)
    tautan_video = models.URLField(
        "tautan video",
        blank=True,
        help_text="Alamat video kegiatan di kanal resmi KPU Provinsi Banten (bila ada).",
    )

    content_panels = (
        BasePublikasiPage.content_panels
        + [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("tempat_kegiatan"), FieldPanel("tautan_video")]),
                    FieldPanel("foto"),
                ],
                heading="Dokumentasi kegiatan",
            )
        ]
        + BasePublikasiPage.lampiran_panels
        + BasePublikasiPage.informasi_publik_panels
    )
    search_fields = BasePublikasiPage.search_fields + [index.SearchField("tempat_kegiatan")]
    parent_page_types = ["news.GaleriKegiatanIndexPage"]
    metadata_fields = ("tempat_kegiatan",)

    class Meta:
        verbose_name = "galeri kegiatan"
        verbose_name_plural = "galeri kegiatan"


class GaleriKegiatanIndexPage(BaseIndexPage):
    """The listing of activity galleries."""

    child_model = GaleriKegiatanPage
    subpage_types = ["news.GaleriKegiatanPage"]

    class Meta:
        verbose_name = "daftar galeri kegiatan"
        verbose_name_plural = "daftar galeri kegiatan"
