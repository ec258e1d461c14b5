"""Listing filters in the style of a JDIH catalogue: GET forms whose state lives in the URL.

Each listing has a form; its choices come from what is published, so a visitor never picks a
year or a tag that gives nothing. Values that are not among the choices (an old bookmark, a
hand-edited URL) are ignored with a message, never an error.
"""

from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from taggit.models import Tag

from home import page_cache

from .models import (
    JenisJuknis,
    JenisLaporanKeuangan,
    JenisPeraturan,
    PeriodeLaporan,
    StatusBerlaku,
    TahapanPemilu,
)
from .views import clean_query

MAX_KEYWORDS = 8


def _year_choices(years):
    return [("", "Semua tahun")] + [(str(year), str(year)) for year in sorted(set(years), reverse=True)]


class PlainSelect(forms.Select):
    """Django's ``<select>``, with the same markup, rendered in Python: its template per
    ``<option>`` cost ~40 µs each (a Berita listing's month filter has 36 of them)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for _group, options, _index in widget["optgroups"]:
            parts.extend(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    option["value"],
                    flatatt(option["attrs"]),
                    option["label"],
                )
                for option in options
            )
        parts.append("</select>")
        return mark_safe("\n".join(parts))  # noqa: S308 - every part built by format_html


class ListingFilterForm(forms.Form):
    """The filters of one listing. ``items`` is the listing's unfiltered, published queryset.

    ``lookups`` maps a field to the ORM lookup it narrows; ``keyword_fields`` are the text fields
    the keyword must be found in (every word, in any of them).
    """

    q = forms.CharField(
        label="Kata kunci",
        required=False,
        widget=forms.SearchInput(attrs={"maxlength": 200, "autocomplete": "off"}),
    )
    lookups = {}
    keyword_fields = ("title",)

    def __init__(self, data, items, cache_scope=None):
        # One value per filter (the last, if repeated), without control characters (a NUL has
        # no place in the page that echoes it), bounded in length.
        data = {name: clean_query(data.get(name, "")) for name in self.base_fields if name in data}
        super().__init__(data)
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                field.widget = PlainSelect(attrs=field.widget.attrs)
        self.items = items
        if cache_scope:
            # The choices change only with publications under the listing, which purge them.
            choices = page_cache.remember(
                cache_scope, f"choices:{type(self).__name__}", self.computed_choices
            )
        else:
            choices = self.computed_choices()
        for name, values in choices.items():
            self.fields[name].choices = values
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = "“%(value)s” tidak dikenal; saringan ini diabaikan."
        self.is_valid()

    def set_choices(self):
        """Fill the choices of the select fields from ``self.items``."""

    def computed_choices(self):
        self.set_choices()
        return {
            name: list(field.choices)
            for name, field in self.fields.items()
            if isinstance(field, forms.ChoiceField)
        }

    def clean_q(self):
        return clean_query(self.cleaned_data.get("q", ""))

    def filter(self, queryset):
        for name, lookup in self.lookups.items():
            value = self.cleaned_data.get(name)
            if value not in (None, ""):
                queryset = queryset.filter(**{lookup: value})
        for word in self.cleaned_data.get("q", "").split()[:MAX_KEYWORDS]:
            match = Q()
            for field in self.keyword_fields:
                match |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(match)
        return queryset

    @property
    def is_filtered(self):
        return any(self.cleaned_data.get(name) not in (None, "") for name in self.fields)


class StatusFilterMixin(forms.Form):
    """Berlaku / tidak berlaku, for regulations, circulars and guidelines."""

    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Semua status")] + StatusBerlaku.choices
    )


class PeraturanFilterForm(StatusFilterMixin, ListingFilterForm):
    jenis = forms.ChoiceField(label="Jenis/bentuk", required=False)
    tahun = forms.ChoiceField(label="Tahun", required=False)
    field_order = ["q", "jenis", "tahun", "status"]
    lookups = {"jenis": "jenis_id", "tahun": "tahun", "status": "status"}
    keyword_fields = ("title", "tentang", "nomor", "subjek", "jenis__singkatan")

    def set_choices(self):
        used = self.items.order_by().values("jenis_id")
        self.fields["jenis"].choices = [("", "Semua jenis")] + [
            (str(jenis.pk), jenis.nama) for jenis in JenisPeraturan.objects.filter(pk__in=used)
        ]
        self.fields["tahun"].choices = _year_choices(
            self.items.order_by().values_list("tahun", flat=True).distinct()
        )


class SuratEdaranFilterForm(StatusFilterMixin, ListingFilterForm):
    tahun = forms.ChoiceField(label="Tahun", required=False)
    field_order = ["q", "tahun", "status"]
    lookups = {"tahun": "tanggal_surat__year", "status": "status"}
    keyword_fields = ("title", "perihal", "nomor", "ditujukan_kepada")

    def set_choices(self):
        self.fields["tahun"].choices = _year_choices(
            d.year for d in self.items.dates("tanggal_surat", "year")
        )


class JuknisFilterForm(StatusFilterMixin, ListingFilterForm):
    jenis = forms.ChoiceField(
        label="Jenis", required=False, choices=[("", "Semua jenis")] + JenisJuknis.choices
    )
    tahun = forms.ChoiceField(label="Tahun", required=False)
    tahapan = forms.ChoiceField(
        label="Tahapan", required=False, choices=[("", "Semua tahapan")] + TahapanPemilu.choices
    )
    field_order = ["q", "jenis", "tahun", "tahapan", "status"]
    lookups = {"jenis": "jenis", "tahun": "tahun", "tahapan": "tahapan_pemilu", "status": "status"}
    keyword_fields = ("title", "tentang", "nomor")

    def set_choices(self):
        self.fields["tahun"].choices = _year_choices(
            self.items.order_by().values_list("tahun", flat=True).distinct()
        )


class LaporanKeuanganFilterForm(ListingFilterForm):
    tahun = forms.ChoiceField(label="Tahun anggaran", required=False)
    periode = forms.ChoiceField(
        label="Periode", required=False, choices=[("", "Semua periode")] + PeriodeLaporan.choices
    )
    jenis = forms.ChoiceField(
        label="Jenis laporan", required=False, choices=[("", "Semua jenis")] + JenisLaporanKeuangan.choices
    )
    field_order = ["q", "tahun", "periode", "jenis"]
    lookups = {"tahun": "tahun_anggaran", "periode": "periode", "jenis": "jenis_laporan"}

    def set_choices(self):
        self.fields["tahun"].choices = _year_choices(
            self.items.order_by().values_list("tahun_anggaran", flat=True).distinct()
        )


class PengumumanFilterForm(ListingFilterForm):
    tahun = forms.ChoiceField(label="Tahun", required=False)
    field_order = ["q", "tahun"]
    lookups = {"tahun": "tanggal__year"}
    keyword_fields = ("title", "nomor", "ringkasan")

    def set_choices(self):
        self.fields["tahun"].choices = _year_choices(d.year for d in self.items.dates("tanggal", "year"))


class BeritaFilterForm(ListingFilterForm):
    tag = forms.ChoiceField(label="Tag", required=False)
    bulan = forms.ChoiceField(label="Bulan", required=False)
    field_order = ["q", "tag", "bulan"]
    lookups = {"tag": "tags__slug"}
    keyword_fields = ("title", "ringkasan")

    def set_choices(self):
        from django.utils.formats import date_format

        tags = Tag.objects.filter(news_beritatag_items__content_object__in=self.items.order_by().values("pk"))
        self.fields["tag"].choices = [("", "Semua tag")] + list(
            tags.distinct().order_by("name").values_list("slug", "name")
        )
        months = sorted(self.items.dates("tanggal", "month"), reverse=True)
        self.fields["bulan"].choices = [("", "Semua bulan")] + [
            (month.strftime("%Y-%m"), date_format(month, "F Y")) for month in months
        ]

    def filter(self, queryset):
        queryset = super().filter(queryset)
        month = self.cleaned_data.get("bulan")
        if month:
            year, number = month.split("-")
            queryset = queryset.filter(tanggal__year=int(year), tanggal__month=int(number))
        return queryset
