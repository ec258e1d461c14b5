"""Laporan Keuangan: the Sekretariat's financial reports."""

from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from ..catalogue import MaterialType
from .base import BaseIndexPage, BasePublikasiPage
from .choices import (
    BentukInformasi,
    JenisLaporanKeuangan,
    KategoriInformasi,
    PeriodeLaporan,
    kategori_field,
    year_validators,
)


class LaporanKeuanganPage(BasePublikasiPage):
    """A financial report of the Sekretariat for a budget year and period."""

    material = MaterialType(
        label="Laporan Keuangan",
        listing_slug="laporan-keuangan",
        listing_intro="Laporan keuangan Sekretariat.",
        search_slug="laporan-keuangan",
        retention_form=BentukInformasi.CETAK_ELEKTRONIK,
        retention_period="10 tahun",
        menu_order=60,
        sop_order=3,
    )

    listing_fields = ("jenis_laporan", "periode", "tahun_anggaran")

    tahun_anggaran = models.PositiveSmallIntegerField("tahun anggaran", validators=year_validators())
    periode = models.CharField("periode", max_length=10, choices=PeriodeLaporan.choices)
    jenis_laporan = models.CharField("jenis laporan", max_length=10, choices=JenisLaporanKeuangan.choices)
    kategori_informasi = kategori_field(KategoriInformasi.BERKALA)

    content_panels = (
        BasePublikasiPage.content_panels
        + [
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [FieldPanel("tahun_anggaran"), FieldPanel("periode"), FieldPanel("jenis_laporan")]
                    )
                ],
                heading="Identitas laporan",
            )
        ]
        + BasePublikasiPage.lampiran_panels
        + BasePublikasiPage.informasi_publik_panels
    )
    search_fields = BasePublikasiPage.search_fields + [
        index.FilterField("tahun_anggaran"),
        index.FilterField("periode"),
        index.FilterField("jenis_laporan"),
    ]
    parent_page_types = ["news.LaporanKeuanganIndexPage"]
    metadata_fields = ("tahun_anggaran", "periode", "jenis_laporan")

    class Meta:
        verbose_name = "laporan keuangan"
        verbose_name_plural = "laporan keuangan"


class LaporanKeuanganIndexPage(BaseIndexPage):
    """The listing of financial reports."""

    child_model = LaporanKeuanganPage
    filter_form = "LaporanKeuanganFilterForm"
    subpage_types = ["news.LaporanKeuanganPage"]

    class Meta:
        verbose_name = "daftar laporan keuangan"
        verbose_name_plural = "daftar laporan keuangan"
