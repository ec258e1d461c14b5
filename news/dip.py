"""Daftar Informasi Publik (DIP, UU 14/2008 Pasal 7 ayat 3): the register of public information,
built from what is published, grouped by category, with the DIP columns.

All the material types are read with one UNION query per need (counts, a page of rows, the
export), so the page costs the same number of queries at 100 and at 10,000 items. A category's
page reads only the types that hold it (the counts per type and category are remembered).
"""

from django.db.models import CharField, Count, F, Value
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.models import Site

from home import page_cache
from home.page_cache import restricted_paths

from . import catalogue
from .models import PUBLICATION_TYPES, BentukInformasi, KategoriInformasi
from .page_urls import page_url_maker

# In the order the register lists them; DIKECUALIKAN is never public.
PUBLIC_CATEGORIES = (KategoriInformasi.BERKALA, KategoriInformasi.SERTA_MERTA, KategoriInformasi.SETIAP_SAAT)
TYPES = PUBLICATION_TYPES

# Form and retention of each type unless the DIP page says otherwise (editable in the admin), and
# each type's label: from the catalogue (news/catalogue.py), by model name.
DEFAULT_RETENSI = catalogue.default_retention()
TYPE_LABELS = catalogue.labels()
COLUMNS = (
    "Nomor",
    "Ringkasan isi informasi",
    "Pejabat/unit yang menguasai informasi",
    "Penanggung jawab pembuatan/penerbitan informasi",
    "Waktu dan tempat pembuatan informasi",
    "Bentuk informasi yang tersedia",
    "Jangka waktu penyimpanan",
)
ROW_FIELDS = (
    "id",
    "title",
    "ringkasan",
    "unit_penanggung_jawab",
    "tanggal",
    "url_path",
    "kategori_informasi",
)


class Register:
    """The DIP of one site, as the DIP page configures it."""

    def __init__(self, page, request):
        self.page = page
        self.request = request
        site = Site.find_for_request(request)
        self.root = site.root_page if site is not None else page.get_parent()
        self.restricted = restricted_paths()
        self.retensi = dict(DEFAULT_RETENSI)
        for row in page.retensi.all():
            self.retensi[row.jenis] = (row.bentuk, row.jangka_waktu)
        self.url_of = page_url_maker(request)
        # Purged with the register's page whenever anything is published (home/page_cache.py).
        self.type_counts = page_cache.remember(self.url_of(page.url_path), "dip-counts", self._counts)
        self.categories = {key: sum(per_type.values()) for key, per_type in self.type_counts.items()}

    @property
    def category_list(self):
        """(key, label, count) per public category, in register order."""
        return [(key, KategoriInformasi(key).label, count) for key, count in self.categories.items()]

    # --- queries ---

    def _published(self, model):
        queryset = (
            model.objects.live()
            .descendant_of(self.root)
            .filter(kategori_informasi__in=PUBLIC_CATEGORIES)
            .order_by()
        )
        for path in self.restricted:
            queryset = queryset.exclude(path__startswith=path)
        return queryset

    def _union(self, parts):
        return parts[0].union(*parts[1:], all=True)

    def _counts(self):
        """{category: {type: count}}, every public category present, in register order (one query)."""
        parts = [
            self._published(model)
            .values("kategori_informasi")
            .annotate(n=Count("id"), tipe=Value(model._meta.model_name, output_field=CharField()))
            .order_by()
            for model in TYPES
        ]
        counts = {key: {} for key in PUBLIC_CATEGORIES}
        for row in self._union(parts):
            counts[row["kategori_informasi"]][row["tipe"]] = row["n"]
        return counts

    def _part(self, model, kategori=None):
        queryset = self._published(model)
        if kategori:
            queryset = queryset.filter(kategori_informasi=kategori)
        place_field = model.material.dip_place_field
        tempat = (
            F(place_field) if place_field else Value(self.page.tempat_pembuatan, output_field=CharField())
        )
        return queryset.values(
            *ROW_FIELDS, tipe=Value(model._meta.model_name, output_field=CharField()), tempat=tempat
        )

    def _rows(self, kategori=None):
        return self._union([self._part(model, kategori) for model in TYPES])

    def rows_of(self, kategori):
        """One category's rows, newest first (a lazy query: paginate it).

        Only the types that hold the category are read (their counts are known): the first
        category is often one type's alone, and every part costs its own scan.
        """
        present = [model for model in TYPES if self.type_counts[kategori].get(model._meta.model_name)]
        if not present:
            return TYPES[0].objects.none()
        return self._union([self._part(model, kategori) for model in present]).order_by("-tanggal", "-id")

    # --- presentation ---

    def row(self, data, nomor):
        bentuk, jangka_waktu = self.retensi[data["tipe"]]
        return {
            "nomor": nomor,
            "jenis": TYPE_LABELS[data["tipe"]],
            "judul": data["title"],
            "ringkasan": data["ringkasan"],
            "url": self.url_of(data["url_path"]),
            "unit": data["unit_penanggung_jawab"],
            "penanggung_jawab": self.page.penanggung_jawab,
            "tanggal": data["tanggal"],
            "tempat": data["tempat"],
            "bentuk": BentukInformasi(bentuk).label,
            "jangka_waktu": jangka_waktu,
            "kategori": KategoriInformasi(data["kategori_informasi"]).label,
        }

    def numbered(self, page_of_rows):
        start = page_of_rows.start_index()
        return [self.row(data, start + offset) for offset, data in enumerate(page_of_rows.object_list)]

    # --- export ---

    def filename(self):
        return f"daftar-informasi-publik-{timezone.localdate():%Y-%m-%d}"

    def export_headers(self):
        return ["Nomor", "Kategori", "Jenis", "Judul", *COLUMNS[1:], "Tautan"]

    def export_rows(self):
        """Every public item: by category (berkala, serta merta, setiap saat), newest first."""
        rows = self._rows().order_by("kategori_informasi", "-tanggal", "-id")
        for nomor, data in enumerate(rows, start=1):
            row = self.row(data, nomor)
            yield [
                nomor,
                row["kategori"],
                row["jenis"],
                row["judul"],
                row["ringkasan"],
                row["unit"],
                row["penanggung_jawab"],
                f"{date_format(row['tanggal'], 'j F Y')}, {row['tempat']}",
                row["bentuk"],
                row["jangka_waktu"],
                self.request.build_absolute_uri(row["url"]),
            ]
