"""The abstract bases: what every publication and every listing of one type share."""

from django.db import models
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.models import PublicPageMixin, default_unit
from home.validators import validate_rich_text_links
from sop_workflow.pages import SOPWorkflowMixin
from sop_workflow.panels import SOPStatusPanel

from .. import catalogue
from ..blocks import LampiranStreamBlock
from ..pagination import paginate
from ..slugs import TitlePanel, follow_title
from .choices import DIKECUALIKAN_REFUSAL, KategoriInformasi, kategori_field, today


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
            from .dip_edisi import dik_note

            self.add_error("kategori_informasi", DIKECUALIKAN_REFUSAL + dik_note(self.instance.pk))
        return cleaned_data


# The SOP workflow follows the material type, wherever the page sits in the tree: the engine's
# mixin for governed page types (the name kept for this app's imports).
TypeWorkflowMixin = SOPWorkflowMixin


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

    # Its material type (news/catalogue.py): every concrete type declares one.
    material = None

    class Meta:
        abstract = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "material" in cls.__dict__:
            catalogue.register_type(cls)

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

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("child_model") is not None:
            catalogue.register_listing(cls)
            cls.home_section_order = cls.child_model.material.menu_order

    # --- on the home page (home/sections.py asks each listing type for its section) ---

    @classmethod
    def home_items(cls, home):
        """What the home page may show of this type, newest first."""
        return cls.child_model.objects.live().descendant_of(home).order_by(*NEWEST_FIRST)

    @classmethod
    def home_section(cls, sections, context):
        """The newest documents of this type (Peraturan, Surat Edaran, Juknis...)."""
        if not cls.child_model.material.on_home_page:
            return
        home = sections.home
        context["documents"].append(
            {
                "label": cls.child_model._meta.verbose_name_plural,
                "items": sections.latest(cls.child_model, cls.home_items(home), home.jumlah_dokumen),
                "listing": sections.listing_for(cls),
            }
        )

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
        from .. import filters

        form = getattr(filters, self.filter_form)(request.GET, items, cache_scope=request.path)
        shown = paginate(request, form.filter(items), self.items_per_page)
        shown.object_list = self.child_model.prepare_listing(list(shown.object_list))
        return {"filter_form": form, "items": shown}

    def workflow_type(self):
        # The editor offers a new item its type's workflow, and a change to the listing's own
        # public text passes the same SOP.
        return self.child_model
