"""Juknis/Juklak: technical and implementation guidelines."""

from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from ..catalogue import MaterialType
from .base import BaseIndexPage, BasePublikasiPage
from .choices import (
    BentukInformasi,
    JenisJuknis,
    TahapanPemilu,
    status_field,
    year_validators,
)


class JuknisPage(BasePublikasiPage):
    """Technical (Juknis) or implementation (Juklak) guidelines for a stage of the election."""

    material = MaterialType(
        label="Juknis/Juklak",
        listing_slug="juknis-juklak",
        listing_intro="Petunjuk teknis dan petunjuk pelaksanaan.",
        search_slug="juknis",
        retention_form=BentukInformasi.CETAK_ELEKTRONIK,
        retention_period="10 tahun",
        menu_order=50,
        sop_order=4,
    )

    listing_fields = ("jenis", "nomor", "tahun", "tahapan_pemilu", "status")

    jenis = models.CharField("jenis", max_length=10, choices=JenisJuknis.choices, default=JenisJuknis.JUKNIS)
    nomor = models.CharField("nomor", max_length=100)
    tahun = models.PositiveSmallIntegerField("tahun", validators=year_validators())
    tentang = models.TextField("tentang")
    tahapan_pemilu = models.CharField(
        "tahapan pemilu", max_length=30, choices=TahapanPemilu.choices, default=TahapanPemilu.UMUM
    )
    status = status_field()

    content_panels = (
        BasePublikasiPage.content_panels
        + [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("jenis"), FieldPanel("nomor"), FieldPanel("tahun")]),
                    FieldPanel("tentang"),
                    FieldRowPanel([FieldPanel("tahapan_pemilu"), FieldPanel("status")]),
                ],
                heading="Identitas pedoman",
            )
        ]
        + BasePublikasiPage.lampiran_panels
        + BasePublikasiPage.informasi_publik_panels
    )
    search_fields = BasePublikasiPage.search_fields + [
        index.SearchField("tentang"),
        index.SearchField("nomor"),
        index.FilterField("tahun"),
        index.FilterField("jenis"),
        index.FilterField("status"),
    ]
    parent_page_types = ["news.JuknisIndexPage"]
    metadata_fields = ("jenis", "nomor", "tahun", "tentang", "tahapan_pemilu", "status")

    class Meta:
        verbose_name = "juknis/juklak"
        verbose_name_plural = "juknis/juklak"


class JuknisIndexPage(BaseIndexPage):
    """The listing of technical and implementation guidelines."""

    child_model = JuknisPage
    filter_form = "JuknisFilterForm"
    subpage_types = ["news.JuknisPage"]

    class Meta:
        verbose_name = "daftar juknis/juklak"
        verbose_name_plural = "daftar juknis/juklak"
