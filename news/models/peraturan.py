"""Peraturan: regulations with the JDIH metadata and their relations (mengubah, mencabut,
mencabut sebagian). The status follows the relations: news/status_relasi.py."""

from django import forms
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from .. import status_relasi
from ..catalogue import MaterialType
from .abstrak import AbstrakPeraturanMixin
from .base import BaseIndexPage, BasePublikasiPage, PublikasiPageForm
from .choices import (
    BentukInformasi,
    StatusBerlaku,
    status_field,
    year_validators,
)


class JenisPeraturan(models.Model):
    """A form of regulation in the JDIH sense (Peraturan KPU -> PKPU, Keputusan KPU...)."""

    nama = models.CharField("nama jenis/bentuk", max_length=200, unique=True)
    singkatan = models.CharField("singkatan", max_length=50)
    urutan = models.PositiveSmallIntegerField("urutan", default=0, help_text="Urutan tampil di filter.")

    panels = [FieldPanel("nama"), FieldPanel("singkatan"), FieldPanel("urutan")]

    class Meta:
        ordering = ["urutan", "nama"]
        verbose_name = "jenis peraturan"
        verbose_name_plural = "jenis peraturan"

    def __str__(self):
        return f"{self.nama} ({self.singkatan})"


class PeraturanPageForm(PublikasiPageForm):
    """Refuses a regulation that changes or revokes itself, or one already revoked; shows a
    status set by a revocation read-only, with its reason (news/status_relasi.py)."""

    SELF_RELATION = "Peraturan tidak dapat mengubah atau mencabut dirinya sendiri."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        note = status_relasi.editor_note(self.instance) if self.instance.pk else ""
        if note and "status" in self.fields:
            self.fields["status"].disabled = True
            self.fields["status"].help_text = note

    def is_valid(self):
        valid = super().is_valid()
        formset = self.formsets.get("relasi_keluar")
        if formset is None:
            return valid
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            target = data.get("target")
            if target is None or data.get("DELETE"):
                continue
            if self.instance.pk and target.pk == self.instance.pk:
                form.add_error("target", self.SELF_RELATION)
                valid = False
            elif form.has_changed() and (message := status_relasi.refusal(target, self.instance)):
                # Relations saved before the target was revoked stay; a new one is refused.
                form.add_error("target", message)
                valid = False
        return valid


class PeraturanPage(AbstrakPeraturanMixin, BasePublikasiPage):
    """A regulation, described with the metadata of the JDIH network."""

    material = MaterialType(
        label="Peraturan",
        listing_slug="peraturan",
        listing_intro="Peraturan dan keputusan, dengan metadata JDIH.",
        search_slug="peraturan",
        retention_form=BentukInformasi.CETAK_ELEKTRONIK,
        retention_period="Permanen",
        menu_order=30,
        sop_order=1,
        dip_place_field="tempat_penetapan",
    )

    jenis = models.ForeignKey(
        JenisPeraturan, verbose_name="jenis/bentuk", on_delete=models.PROTECT, related_name="+"
    )
    nomor = models.CharField("nomor", max_length=50)
    tahun = models.PositiveSmallIntegerField("tahun", validators=year_validators())
    tentang = models.TextField("tentang")
    tempat_penetapan = models.CharField("tempat penetapan", max_length=100, default="Serang")
    tanggal_penetapan = models.DateField("tanggal penetapan")
    tanggal_pengundangan = models.DateField("tanggal pengundangan", null=True, blank=True)
    teu_badan = models.CharField(
        "T.E.U. badan",
        max_length=255,
        default="Indonesia. Komisi Pemilihan Umum Provinsi Banten",
        help_text="Tajuk entri utama badan (kaidah katalogisasi JDIH).",
    )
    penandatangan = models.CharField("penandatangan", max_length=255)
    subjek = models.CharField("subjek", max_length=255, blank=True, help_text="Misalnya: PEMILU - TAHAPAN")
    bahasa = models.CharField("bahasa", max_length=50, default="Indonesia")
    sumber = models.CharField(
        "sumber", max_length=255, blank=True, help_text="Misalnya: Berita Negara RI Tahun 2023 Nomor 123"
    )
    bidang_hukum = models.CharField("bidang hukum", max_length=100, blank=True, default="Hukum Tata Negara")
    status = status_field()
    # Set only by news/status_relasi.py (the status follows the relations; see there).
    dicabut_oleh = models.ForeignKey(
        "self",
        verbose_name="dicabut oleh",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status_sejak = models.DateField("tidak berlaku sejak", null=True, blank=True, editable=False)
    status_sebelum_dicabut = models.CharField(
        "status sebelum dicabut", max_length=20, choices=StatusBerlaku.choices, blank=True, editable=False
    )

    base_form_class = PeraturanPageForm

    content_panels = (
        BasePublikasiPage.content_panels
        + [
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        # A short list: a plain select beats the snippet chooser modal.
                        [FieldPanel("jenis", widget=forms.Select), FieldPanel("nomor"), FieldPanel("tahun")]
                    ),
                    FieldPanel("tentang"),
                    FieldRowPanel(
                        [
                            FieldPanel("tempat_penetapan"),
                            FieldPanel("tanggal_penetapan"),
                            FieldPanel("tanggal_pengundangan"),
                        ]
                    ),
                    FieldPanel("penandatangan"),
                    FieldPanel("status"),
                ],
                heading="Identitas peraturan",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("teu_badan"),
                    FieldRowPanel([FieldPanel("subjek"), FieldPanel("bidang_hukum")]),
                    FieldRowPanel([FieldPanel("bahasa"), FieldPanel("sumber")]),
                ],
                heading="Metadata JDIH",
            ),
            InlinePanel(
                "relasi_keluar",
                heading="Mengubah / mencabut",
                label="relasi",
                help_text="Peraturan lain yang diubah atau dicabut oleh peraturan ini.",
            ),
        ]
        + AbstrakPeraturanMixin.abstrak_panels
        + BasePublikasiPage.lampiran_panels
        + BasePublikasiPage.informasi_publik_panels
    )

    search_fields = BasePublikasiPage.search_fields + [
        index.SearchField("tentang"),
        index.SearchField("nomor"),
        index.SearchField("subjek"),
        index.FilterField("tahun"),
        index.FilterField("status"),
        index.FilterField("jenis"),
    ]

    parent_page_types = ["news.PeraturanIndexPage"]
    metadata_fields = (
        "nomor",
        "tahun",
        "tentang",
        "tempat_penetapan",
        "tanggal_penetapan",
        "tanggal_pengundangan",
        "teu_badan",
        "penandatangan",
        "subjek",
        "bahasa",
        "sumber",
        "bidang_hukum",
        "status",
        "status_sejak",
    )

    class Meta:
        verbose_name = "peraturan"
        verbose_name_plural = "peraturan"

    listing_fields = ("jenis", "nomor", "tahun", "status")

    @classmethod
    def for_listing(cls, queryset):
        return super().for_listing(queryset).select_related("jenis")

    @property
    def metadata(self):
        rows = super().metadata
        rows.insert(0, ("Jenis/bentuk", self.jenis.nama))
        rows.insert(1, ("Singkatan jenis", self.jenis.singkatan))
        return rows

    def structured_data(self, request, site_settings, image_url):
        """schema.org Legislation, for search engines (home/templatetags/seo_tags.py)."""
        return {
            "@context": "https://schema.org",
            "@type": "Legislation",
            "name": self.title,
            "legislationIdentifier": f"{self.jenis.singkatan} Nomor {self.nomor} Tahun {self.tahun}",
            "legislationType": self.jenis.nama,
            "legislationDate": self.tanggal_penetapan.isoformat(),
            "legislationLegalForce": self.legal_force(),
            "legislationJurisdiction": "Provinsi Banten, Indonesia",
            "legislationPassedBy": {"@type": "GovernmentOrganization", "name": site_settings.nama_instansi},
            "abstract": self.ringkasan,
            "inLanguage": "id",
            "url": self.get_full_url(request),
        }

    def with_content_json(self, content):
        """A revision's content, with the status the relations give the page now."""
        return status_relasi.preserve(self, super().with_content_json(content))

    def legal_force(self):
        """schema.org LegalForceStatus: partly revoked regulations are PartiallyInForce."""
        if self.status != StatusBerlaku.BERLAKU:
            return "NotInForce"
        partly = self.pk and PeraturanRelasi.objects.filter(
            target=self, page__live=True, jenis=PeraturanRelasi.Jenis.MENCABUT_SEBAGIAN
        )
        return "PartiallyInForce" if partly and partly.exists() else "InForce"

    def pages_showing_this(self):
        """Other pages that show this regulation (home/page_cache_signals.py purges them with
        it): those it changes or revokes, those that change or revoke it, and those whose abstract
        names it as a legal basis."""
        targets = [relation.target for relation in self.relasi_keluar.select_related("target")]
        sources = [
            relation.page for relation in PeraturanRelasi.objects.filter(target=self).select_related("page")
        ]
        return targets + sources + self.abstrak_citing_pages()

    def relations(self):
        """Both directions: what this regulation changes/revokes, and what changed/revoked it."""
        keluar = list(self.relasi_keluar.select_related("target").order_by("sort_order"))
        masuk = (
            []
            if self.pk is None  # a preview of a page not yet saved
            else list(
                PeraturanRelasi.objects.filter(target=self, page__live=True)
                .select_related("page")
                .order_by("page__tanggal_penetapan", "page__pk")
            )
        )
        jenis = PeraturanRelasi.Jenis
        return {
            "mengubah": [r for r in keluar if r.jenis == jenis.MENGUBAH],
            "mencabut": [r for r in keluar if r.jenis == jenis.MENCABUT],
            "mencabut_sebagian": [r for r in keluar if r.jenis == jenis.MENCABUT_SEBAGIAN],
            "diubah_oleh": [r for r in masuk if r.jenis == jenis.MENGUBAH],
            "dicabut_oleh": [r for r in masuk if r.jenis == jenis.MENCABUT],
            "dicabut_sebagian_oleh": [r for r in masuk if r.jenis == jenis.MENCABUT_SEBAGIAN],
        }


class PeraturanRelasi(Orderable):
    """A link from a regulation to one it changes (mengubah), revokes (mencabut: the target is no
    longer in force once this one is published) or partly revokes (mencabut sebagian)."""

    class Jenis(models.TextChoices):
        MENGUBAH = "mengubah", "Mengubah"
        MENCABUT = "mencabut", "Mencabut (seluruhnya)"
        MENCABUT_SEBAGIAN = "mencabut_sebagian", "Mencabut sebagian"

    page = ParentalKey(PeraturanPage, on_delete=models.CASCADE, related_name="relasi_keluar")
    jenis = models.CharField("jenis relasi", max_length=20, choices=Jenis.choices, default=Jenis.MENGUBAH)
    target = models.ForeignKey(
        PeraturanPage, verbose_name="peraturan", on_delete=models.CASCADE, related_name="relasi_masuk"
    )
    catatan = models.CharField("catatan", max_length=255, blank=True, help_text="Misalnya: Pasal 5 ayat (2).")

    panels = [FieldPanel("jenis"), FieldPanel("target"), FieldPanel("catatan")]

    class Meta(Orderable.Meta):
        verbose_name = "relasi peraturan"
        verbose_name_plural = "relasi peraturan"


class PeraturanIndexPage(BaseIndexPage):
    """The listing of regulations (a JDIH-style catalogue)."""

    child_model = PeraturanPage
    filter_form = "PeraturanFilterForm"
    subpage_types = ["news.PeraturanPage"]

    class Meta:
        verbose_name = "daftar peraturan"
        verbose_name_plural = "daftar peraturan"
