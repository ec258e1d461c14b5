"""The six material types of the SOP (step 4's list), each a detail page with its listing.

Shared fields live in the abstract ``BasePublikasiPage``; listings share ``BaseIndexPage``.
No concrete intermediate table: every query stays on its own page table.
"""

from collections import defaultdict

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.models import PublicPageMixin, default_unit
from home.validators import validate_rich_text_links
from sop_workflow.panels import SOPStatusPanel

from .blocks import BaseStreamBlock, LampiranStreamBlock
from .pagination import paginate
from .slugs import TitlePanel, follow_title

# --- Choices --------------------------------------------------------------------------------


class KategoriInformasi(models.TextChoices):
    """Information categories of UU 14/2008 (Keterbukaan Informasi Publik)."""

    BERKALA = "berkala", "Informasi berkala"
    SERTA_MERTA = "serta_merta", "Informasi serta merta"
    SETIAP_SAAT = "setiap_saat", "Informasi tersedia setiap saat"
    DIKECUALIKAN = "dikecualikan", "Informasi yang dikecualikan (tidak boleh terbit)"


DIKECUALIKAN_REFUSAL = (
    "Konten ini ditandai sebagai informasi yang dikecualikan (UU 14/2008 Pasal 17) dan tidak "
    "boleh diterbitkan. Ubah kategori informasinya bila keputusan PPID berubah, atau hentikan "
    "penerbitannya."
)


class StatusBerlaku(models.TextChoices):
    BERLAKU = "berlaku", "Berlaku"
    TIDAK_BERLAKU = "tidak_berlaku", "Tidak berlaku"


class JenisJuknis(models.TextChoices):
    JUKNIS = "juknis", "Petunjuk Teknis (Juknis)"
    JUKLAK = "juklak", "Petunjuk Pelaksanaan (Juklak)"


class TahapanPemilu(models.TextChoices):
    """Stages of the election (UU 7/2017 Pasal 167 ayat 4), plus Pilkada and non-stage work."""

    PERENCANAAN = "perencanaan", "Perencanaan program dan anggaran"
    PEMUTAKHIRAN = "pemutakhiran", "Pemutakhiran data pemilih dan penyusunan daftar pemilih"
    PENDAFTARAN = "pendaftaran", "Pendaftaran dan verifikasi peserta pemilu"
    PENETAPAN_PESERTA = "penetapan_peserta", "Penetapan peserta pemilu"
    DAPIL = "dapil", "Penetapan jumlah kursi dan daerah pemilihan"
    PENCALONAN = "pencalonan", "Pencalonan"
    KAMPANYE = "kampanye", "Masa kampanye"
    MASA_TENANG = "masa_tenang", "Masa tenang"
    PEMUNGUTAN = "pemungutan", "Pemungutan dan penghitungan suara"
    REKAPITULASI = "rekapitulasi", "Rekapitulasi dan penetapan hasil"
    SUMPAH = "sumpah", "Pengucapan sumpah/janji"
    PEMILIHAN = "pemilihan", "Pemilihan gubernur, bupati dan wali kota"
    UMUM = "umum", "Di luar tahapan (umum)"


class PeriodeLaporan(models.TextChoices):
    TRIWULAN_1 = "tw1", "Triwulan I"
    TRIWULAN_2 = "tw2", "Triwulan II"
    TRIWULAN_3 = "tw3", "Triwulan III"
    TRIWULAN_4 = "tw4", "Triwulan IV"
    SEMESTER_1 = "sem1", "Semester I"
    SEMESTER_2 = "sem2", "Semester II"
    TAHUNAN = "tahunan", "Tahunan"


class JenisLaporanKeuangan(models.TextChoices):
    LRA = "lra", "Laporan Realisasi Anggaran (LRA)"
    NERACA = "neraca", "Neraca"
    LO = "lo", "Laporan Operasional (LO)"
    LPE = "lpe", "Laporan Perubahan Ekuitas (LPE)"
    LAK = "lak", "Laporan Arus Kas (LAK)"
    CALK = "calk", "Catatan atas Laporan Keuangan (CaLK)"
    LPSAL = "lpsal", "Laporan Perubahan Saldo Anggaran Lebih (LPSAL)"
    LENGKAP = "lengkap", "Laporan Keuangan lengkap"


def today():
    return timezone.localdate()


def year_validators():
    return [MinValueValidator(1945), MaxValueValidator(2100)]


def kategori_field(default):
    return models.CharField(
        "kategori informasi (UU 14/2008)",
        max_length=20,
        choices=KategoriInformasi.choices,
        default=default,
        help_text="Kategori dalam Daftar Informasi Publik.",
    )


def status_field():
    return models.CharField(
        "status", max_length=20, choices=StatusBerlaku.choices, default=StatusBerlaku.BERLAKU
    )


# --- Abstract bases -------------------------------------------------------------------------


class PublikasiPageForm(WagtailAdminPageForm):
    """Prefills the unit responsible from the site settings on a new publication."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        if not self.instance.pk and not self.instance.unit_penanggung_jawab:
            site = parent_page.get_site() if parent_page is not None else None
            self.initial["unit_penanggung_jawab"] = default_unit(site)

    def moves_towards_publication(self):
        """Whether the editor's button sends this content on towards the website."""
        data = self.data
        return bool(
            {"action-submit", "action-restart-workflow", "action-publish"} & set(data)
            or ("action-workflow-action" in data and data.get("workflow-action-name") == "approve")
        )

    def clean(self):
        follow_title(self)  # before the slug's check among siblings (news/slugs.py)
        cleaned_data = super().clean()
        if (
            cleaned_data.get("kategori_informasi") == KategoriInformasi.DIKECUALIKAN
            and self.moves_towards_publication()
        ):
            self.add_error("kategori_informasi", DIKECUALIKAN_REFUSAL)
        return cleaned_data


class TypeWorkflowMixin:
    """The SOP workflow follows the material type, wherever the page sits in the tree."""

    def workflow_type(self):
        """The material type whose workflow applies: the page's own, unless overridden."""
        return type(self)

    def get_workflow(self):
        from sop_workflow.models import workflow_for_type

        return workflow_for_type(self.workflow_type())

    @property
    def has_workflow(self):
        # Wagtail's Page.has_workflow looks at the tree only; ours follows get_workflow().
        return self.get_workflow() is not None


class BasePublikasiPage(PublicPageMixin, TypeWorkflowMixin, Page):
    """What every published item carries, whatever its type (SOP step 4's list)."""

    tanggal = models.DateField(
        "tanggal informasi",
        default=today,
        db_index=True,
        help_text="Tanggal informasi dibuat atau ditetapkan; urutan daftar mengikuti tanggal ini.",
    )
    ringkasan = models.TextField(
        "ringkasan",
        max_length=600,
        help_text="Tampil di daftar dan sebagai deskripsi untuk mesin pencari (sebaiknya ≤ 160 karakter).",
    )
    lampiran = StreamField(
        LampiranStreamBlock(),
        blank=True,
        verbose_name="lampiran",
        help_text="Dokumen yang dapat diunduh, sesuai urutan tampil.",
    )
    kategori_informasi = kategori_field(KategoriInformasi.SETIAP_SAAT)
    unit_penanggung_jawab = models.CharField(
        "unit penanggung jawab",
        max_length=255,
        blank=True,
        help_text="Bawaan dari Pengaturan situs.",
    )

    base_form_class = PublikasiPageForm

    content_panels = [SOPStatusPanel(), TitlePanel(), FieldPanel("tanggal"), FieldPanel("ringkasan")]
    lampiran_panels = [FieldPanel("lampiran")]
    informasi_publik_panels = [
        MultiFieldPanel(
            [FieldPanel("kategori_informasi"), FieldPanel("unit_penanggung_jawab")],
            heading="Informasi publik",
        )
    ]

    # Read-only JSON API (/api/v2/pages/?type=news.PeraturanPage&fields=*).
    api_fields = [
        APIField("tanggal"),
        APIField("ringkasan"),
        APIField("kategori_informasi"),
        APIField("unit_penanggung_jawab"),
        APIField("lampiran"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("ringkasan"),
        index.FilterField("tanggal"),
        index.FilterField("kategori_informasi"),
    ]

    subpage_types = []
    # Detail templates show metadata in a definition list built from these names.
    metadata_fields = ()

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if not self.unit_penanggung_jawab:
            self.unit_penanggung_jawab = default_unit()

    # What a row of a listing shows (includes/publikasi_item.html, berita_card.html): only these
    # columns are read (a page object with all of them costs twice as much to build).
    LISTING_FIELDS = (
        "title",
        "slug",
        "url_path",
        "path",
        "depth",
        "content_type",
        "locale",
        "live",
        "live_revision",
        "last_published_at",
        "tanggal",
        "ringkasan",
    )
    listing_fields = ()  # each type's own

    @classmethod
    def for_listing(cls, queryset):
        """What a listing row needs, fetched with the rows (no query per item)."""
        return queryset.only(*BasePublikasiPage.LISTING_FIELDS, *cls.listing_fields)

    @classmethod
    def prepare_listing(cls, items):
        """The rows of a listing, once fetched, before they are shown (a list)."""
        return items

    @property
    def metadata(self):
        """(label, value) pairs of the type-specific fields, for the detail page."""
        rows = []
        for name in self.metadata_fields:
            field = self._meta.get_field(name)
            display = getattr(self, f"get_{name}_display", None)
            value = display() if display else getattr(self, name)
            if value in (None, ""):
                continue
            rows.append((field.verbose_name[:1].upper() + field.verbose_name[1:], value))
        return rows

    @property
    def attachments(self):
        return [block.value for block in self.lampiran if block.value.get("dokumen")]

    def publish(self, revision, *args, **kwargs):
        """Excluded information is never published, by whatever path (workflow, schedule, code);
        and every publication runs under the page's lock on the page as it is then, a scheduled
        one only if still scheduled (sop_workflow.review.publish_locked)."""
        from sop_workflow.review import publish_locked

        if revision.as_object().kategori_informasi == KategoriInformasi.DIKECUALIKAN:
            from sop_workflow.models import SOPRefusal

            raise SOPRefusal(DIKECUALIKAN_REFUSAL)
        return publish_locked(
            self,
            revision,
            lambda page: super(BasePublikasiPage, page).publish(revision, *args, **kwargs),  # noqa: UP008 - on the page re-read under the lock
            scheduled=kwargs.get("log_action") == "wagtail.publish.scheduled",
        )


# Newest information first; same-day items newest created first. Both columns are in the type's
# own table (``tanggal`` indexed), so a page of a listing is read in index order.
NEWEST_FIRST = ("-tanggal", "-pk")


def public(queryset):
    """Like Wagtail's ``.public()``: without pages under a view restriction, which are read from
    the cache (home/page_cache.py) instead of with a query each time."""
    from home.page_cache import restricted_paths

    for restricted in restricted_paths():
        queryset = queryset.exclude(path__startswith=restricted)
    return queryset


class BaseIndexPage(PublicPageMixin, TypeWorkflowMixin, Page):
    """A listing of one material type, newest first, paginated."""

    intro = RichTextField(
        "pengantar", blank=True, features=["bold", "italic", "link"], validators=[validate_rich_text_links]
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    max_count = 1
    items_per_page = 10
    child_model = None  # set by each listing
    filter_form = "ListingFilterForm"  # the name of its form in news.filters

    class Meta:
        abstract = True

    def get_items(self):
        return self.child_model.for_listing(
            public(self.child_model.objects.live().child_of(self)).order_by(*NEWEST_FIRST)
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.listing_context(request, self.get_items()))
        return context

    def listing_context(self, request, items):
        """The filter form (``news.filters``) and the requested page of what it lets through."""
        from . import filters

        form = getattr(filters, self.filter_form)(request.GET, items, cache_scope=request.path)
        shown = paginate(request, form.filter(items), self.items_per_page)
        shown.object_list = self.child_model.prepare_listing(list(shown.object_list))
        return {"filter_form": form, "items": shown}

    def workflow_type(self):
        # The editor offers a new item its type's workflow, and a change to the listing's own
        # public text passes the same SOP.
        return self.child_model


# --- Peraturan ------------------------------------------------------------------------------


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
    """Refuses a regulation that changes or revokes itself."""

    SELF_RELATION = "Peraturan tidak dapat mengubah atau mencabut dirinya sendiri."

    def is_valid(self):
        valid = super().is_valid()
        formset = self.formsets.get("relasi_keluar")
        if formset is None or not self.instance.pk:
            return valid
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            target = data.get("target")
            if target is not None and target.pk == self.instance.pk and not data.get("DELETE"):
                form.add_error("target", self.SELF_RELATION)
                valid = False
        return valid


class PeraturanPage(BasePublikasiPage):
    """A regulation, described with the metadata of the JDIH network."""

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
        return {
            "mengubah": [r for r in keluar if r.jenis == PeraturanRelasi.Jenis.MENGUBAH],
            "mencabut": [r for r in keluar if r.jenis == PeraturanRelasi.Jenis.MENCABUT],
            "diubah_oleh": [r for r in masuk if r.jenis == PeraturanRelasi.Jenis.MENGUBAH],
            "dicabut_oleh": [r for r in masuk if r.jenis == PeraturanRelasi.Jenis.MENCABUT],
        }


class PeraturanRelasi(Orderable):
    """A link from a regulation to one it changes (mengubah) or revokes (mencabut)."""

    class Jenis(models.TextChoices):
        MENGUBAH = "mengubah", "Mengubah"
        MENCABUT = "mencabut", "Mencabut"

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


# --- Surat Edaran ---------------------------------------------------------------------------


class SuratEdaranPage(BasePublikasiPage):
    """A circular letter (Surat Edaran) issued to the KPU of the regencies and cities."""

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


# --- Juknis / Juklak ------------------------------------------------------------------------


class JuknisPage(BasePublikasiPage):
    """Technical (Juknis) or implementation (Juklak) guidelines for a stage of the election."""

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


# --- Laporan Keuangan -----------------------------------------------------------------------


class LaporanKeuanganPage(BasePublikasiPage):
    """A financial report of the Sekretariat for a budget year and period."""

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


# --- Pengumuman -----------------------------------------------------------------------------


class PengumumanPage(BasePublikasiPage):
    """An announcement; after its valid-until date it moves to the archive."""

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


# --- Berita ---------------------------------------------------------------------------------


class BeritaTag(TaggedItemBase):
    content_object = ParentalKey("news.BeritaPage", on_delete=models.CASCADE, related_name="tagged_items")


class BeritaPage(BasePublikasiPage):
    """A news story (Berita KPU): the SOP's short path, handed straight to Web Admin."""

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
        from home.templatetags.site_tags import prefetch_card_renditions

        prefetch_card_renditions(
            (item.gambar_utama, item.lead_image_alt, index == 0) for index, item in enumerate(items)
        )
        return items

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

    def listing_context(self, request, items):
        """The cards show their tags: the names of all of them in one plain query (taggit's
        prefetch builds a Tag object and a manager per item: 1.3 ms a page)."""
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


# --- Daftar Informasi Publik (UU 14/2008) --------------------------------------------------


class BentukInformasi(models.TextChoices):
    CETAK_ELEKTRONIK = "cetak_elektronik", "Cetak dan elektronik"
    ELEKTRONIK = "elektronik", "Elektronik"
    CETAK = "cetak", "Cetak"


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

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("penanggung_jawab"), FieldPanel("tempat_pembuatan")], heading="Kolom DIP"
        ),
        InlinePanel(
            "retensi",
            heading="Bentuk dan jangka waktu penyimpanan per jenis",
            label="jenis",
            help_text="Jenis yang tidak diisi memakai nilai bawaan (lihat README).",
        ),
    ]
    base_form_class = DaftarInformasiPublikPageForm
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    rows_per_page = 50

    class Meta:
        verbose_name = "daftar informasi publik"
        verbose_name_plural = "daftar informasi publik"

    def get_cached_paths(self):
        return ["/", "unduh/csv/", "unduh/xlsx/"]

    def register(self, request):
        from .dip import Register

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
        choices=[
            ("peraturanpage", "Peraturan"),
            ("suratedaranpage", "Surat Edaran"),
            ("laporankeuanganpage", "Laporan Keuangan"),
            ("juknispage", "Juknis/Juklak"),
            ("pengumumanpage", "Pengumuman"),
            ("beritapage", "Berita"),
        ],
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


# --- Home page sections ---------------------------------------------------------------------


class ListingRow:
    """A row of a listing by what its kept markup is keyed by (``{% listing_row %}``); its page
    is loaded only when the row has to be rendered, with the other rows of its list."""

    FIELDS = ("pk", "live_revision_id", "last_published_at", "url_path")
    __slots__ = (*FIELDS, "rows")

    def __init__(self, rows, values):
        self.rows = rows
        for name in self.FIELDS:
            setattr(self, name, values[name])

    def load_page(self):
        return self.rows.page(self.pk)


class ListingRows(list):
    """The rows of one list, newest first: one light query (ids, revision, URL path), and the
    pages, for rows whose markup is not kept, in one more query (``for_listing``) on demand."""

    def __init__(self, model, values):
        super().__init__(ListingRow(self, row) for row in values)
        self.model = model
        self.pages = None

    def page(self, pk):
        if self.pages is None:
            order = {row.pk: index for index, row in enumerate(self)}
            found = list(self.model.for_listing(self.model.objects.filter(pk__in=order)))
            found.sort(key=lambda page: order[page.pk])
            self.pages = {page.pk: page for page in self.model.prepare_listing(found)}
        return self.pages[pk]


def home_sections(home):
    """Latest Berita, active Pengumuman and the newest documents of the four other types.

    View restrictions come from the cache (``public``), not a query per section. The rows are
    kept by ``{% listing_row %}``; once they have been rendered in this generation, only their
    keys are read.
    """
    from home import page_cache
    from home.templatetags.site_tags import ROW_CODE_VERSION, ROW_SECONDS

    restricted = page_cache.restricted_paths()
    # The first time in a generation (after a change that purges every page, a deployment, a
    # restart), the rows are all to be rendered: their pages are loaded at once (one query per
    # section). After that only their keys are (ListingRows): the pages of a row not kept (a new
    # publication) are loaded on demand.
    site_wide, _own = page_cache.generations().get(page_cache.SITE_WIDE)
    rows_kept = not page_cache.add_or_unavailable(
        f"home-rows:{home.pk}:{site_wide}:{ROW_CODE_VERSION}", True, ROW_SECONDS
    )

    def latest(model, count, active_only=False):
        queryset = model.objects.live().descendant_of(home)
        for restricted_path in restricted:
            queryset = queryset.exclude(path__startswith=restricted_path)
        if active_only:
            queryset = active_pengumuman(queryset)
        queryset = queryset.order_by(*NEWEST_FIRST)
        if rows_kept:
            return ListingRows(model, queryset.values(*ListingRow.FIELDS)[:count])
        return model.prepare_listing(list(model.for_listing(queryset)[:count]))

    def load_listings():
        return {
            page.content_type_id: page
            for page in home.get_children().live().only("title", "url_path", "content_type")
            if not any(page.path.startswith(restricted_path) for restricted_path in restricted)
        }

    # The home page's children change only with a change that purges every page (depth <= 3).
    listings = page_cache.remember(page_cache.SITE_WIDE, f"home-listings:{home.pk}", load_listings)

    def listing_for(index_model):
        return listings.get(ContentType.objects.get_for_model(index_model).id)

    documents = [
        {
            "label": index_model.child_model._meta.verbose_name_plural,
            "items": latest(index_model.child_model, home.jumlah_dokumen),
            "listing": listing_for(index_model),
        }
        for index_model in (
            PeraturanIndexPage,
            SuratEdaranIndexPage,
            JuknisIndexPage,
            LaporanKeuanganIndexPage,
        )
    ]
    return {
        "berita": latest(BeritaPage, home.jumlah_berita),
        "berita_listing": listing_for(BeritaIndexPage),
        "pengumuman": latest(PengumumanPage, 5, active_only=True),
        "pengumuman_listing": listing_for(PengumumanIndexPage),
        "documents": documents,
    }


PUBLICATION_TYPES = (
    BeritaPage,
    PengumumanPage,
    PeraturanPage,
    SuratEdaranPage,
    JuknisPage,
    LaporanKeuanganPage,
)
