"""Surat Edaran: circular letters."""

from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from ..catalogue import MaterialType
from .base import BaseIndexPage, BasePublikasiPage
from .choices import (
    BentukInformasi,
    status_field,
)


class SuratEdaranPage(BasePublikasiPage):
    """A circular letter (Surat Edaran) issued to the KPU of the regencies and cities."""

    material = MaterialType(
        label="Surat Edaran",
        listing_slug="surat-edaran",
        listing_intro="Surat edaran KPU Provinsi Banten.",
        search_slug="surat-edaran",
        retention_form=BentukInformasi.CETAK_ELEKTRONIK,
        retention_period="10 tahun",
        menu_order=40,
        sop_order=2,
    )

    listing_fields = ("nomor", "tanggal_surat", "status")

    nomor = models.CharField("nomor surat", max_length=100)
    tanggal_surat = models.DateField("tanggal surat")
    perihal = models.CharField("perihal", max_length=500)
    ditujukan_kepada = models.TextField(
        "ditujukan kepada", help_text="Misalnya: Ketua KPU Kabupaten/Kota se-Provinsi Banten"
    )
    status = status_field()

    content_panels = (
        BasePublikasiPage.content_panels
        + [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("nomor"), FieldPanel("tanggal_surat")]),
                    FieldPanel("perihal"),
                    FieldPanel("ditujukan_kepada"),
                    FieldPanel("status"),
                ],
                heading="Identitas surat",
            )
        ]
        + BasePublikasiPage.lampiran_panels
        + BasePublikasiPage.informasi_publik_panels
    )
    search_fields = BasePublikasiPage.search_fields + [
        index.SearchField("perihal"),
        index.SearchField("nomor"),
        index.FilterField("status"),
    ]
    parent_page_types = ["news.SuratEdaranIndexPage"]
    metadata_fields = ("nomor", "tanggal_surat", "perihal", "ditujukan_kepada", "status")

    class Meta:
        verbose_name = "surat edaran"
        verbose_name_plural = "surat edaran"


class SuratEdaranIndexPage(BaseIndexPage):
    """The listing of circular letters."""

    child_model = SuratEdaranPage
    filter_form = "SuratEdaranFilterForm"
    subpage_types = ["news.SuratEdaranPage"]

    class Meta:
        verbose_name = "daftar surat edaran"
        verbose_name_plural = "daftar surat edaran"
