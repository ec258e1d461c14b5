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
from .models import PUBLICATION_TYPES, BentukInformasi, EntriDIPLuring, KategoriInformasi
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
# Every column of the UNION is an expression under a name that no model has: the parts (page
# tables and the offline entries) then select the same columns in the same order.
LURING = "luring"
LURING_LABEL = "Informasi tercetak (luring)"


def _columns(model):
    """The UNION's columns for ``model``: a page type, or the offline entries (EntriDIPLuring)."""
    text = CharField()
    if model is EntriDIPLuring:
        return {
            "row_id": F("id"),
            "row_title": F("judul"),
            "row_ringkasan": F("ringkasan"),
            "row_unit": F("pejabat_penguasa"),
            "row_tanggal": F("tanggal_pembuatan"),
            "row_kategori": F("kategori_informasi"),
            "row_link": Value("", output_field=text),
            "tipe": Value(LURING, output_field=text),
            "row_bentuk": F("bentuk"),
            "row_jangka": F("jangka_waktu"),
            "row_pj": F("penanggung_jawab"),
        }
    return {
        "row_id": F("id"),
        "row_title": F("title"),
        "row_ringkasan": F("ringkasan"),
        "row_unit": F("unit_penanggung_jawab"),
        "row_tanggal": F("tanggal"),
        "row_kategori": F("kategori_informasi"),
        "row_link": F("url_path"),
        "tipe": Value(model._meta.model_name, output_field=text),
        "row_bentuk": Value("", output_field=text),
        "row_jangka": Value("", output_field=text),
        "row_pj": Value("", output_field=text),
    }


class Register:
    """The DIP of one site, as the DIP page configures it."""

    def __init__(self, page, request, site=None):
        self.page = page
        self.request = request
        site = site or Site.find_for_request(request)
        self.root = site.root_page if site is not None else page.get_parent()
        self.restricted = restricted_paths()
        self.retensi = dict(DEFAULT_RETENSI)
        for row in page.retensi.all():
            self.retensi[row.jenis] = (row.bentuk, row.jangka_waktu)
        self.url_of = page_url_maker(request, site=site)
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

    def _offline(self, kategori=None):
        queryset = EntriDIPLuring.objects.filter(kategori_informasi__in=PUBLIC_CATEGORIES).order_by()
        return queryset.filter(kategori_informasi=kategori) if kategori else queryset

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
        parts.append(
            self._offline()
            .values("kategori_informasi")
            .annotate(n=Count("id"), tipe=Value(LURING, output_field=CharField()))
            .order_by()
        )
        counts = {key: {} for key in PUBLIC_CATEGORIES}
        for row in self._union(parts):
            counts[row["kategori_informasi"]][row["tipe"]] = row["n"]
        return counts

    def _part(self, model, kategori=None):
        queryset = self._published(model)
        if kategori:
            queryset = queryset.filter(kategori_informasi=kategori)
        columns = _columns(model)
        place_field = model.material.dip_place_field
        columns["tempat"] = (
            F(place_field) if place_field else Value(self.page.tempat_pembuatan, output_field=CharField())
        )
        return queryset.values(**columns)

    def _offline_part(self, kategori=None):
        return self._offline(kategori).values(**_columns(EntriDIPLuring), tempat=F("tempat_pembuatan"))

    def _rows(self, kategori=None):
        return self._union([*(self._part(model, kategori) for model in TYPES), self._offline_part(kategori)])

    def rows_of(self, kategori):
        """One category's rows, newest first (a lazy query: paginate it).

        Only the types that hold the category are read (their counts are known): the first
        category is often one type's alone, and every part costs its own scan. Offline entries
        (EntriDIPLuring) are one more part.
        """
        held = self.type_counts[kategori]
        parts = [self._part(model, kategori) for model in TYPES if held.get(model._meta.model_name)]
        if held.get(LURING):
            parts.append(self._offline_part(kategori))
        if not parts:
            return TYPES[0].objects.none()
        return self._union(parts).order_by("-row_tanggal", "-row_id")

    # --- presentation ---

    def row(self, data, nomor):
        luring = data["tipe"] == LURING
        if luring:
            bentuk, jangka_waktu = data["row_bentuk"], data["row_jangka"]
        else:
            bentuk, jangka_waktu = self.retensi[data["tipe"]]
        return {
            "nomor": nomor,
            "kunci": f"{LURING if luring else 'halaman'}-{data['row_id']}",
            "luring": luring,
            "jenis": LURING_LABEL if luring else TYPE_LABELS[data["tipe"]],
            "judul": data["row_title"],
            "ringkasan": data["row_ringkasan"],
            "url": "" if luring else self.url_of(data["row_link"]),
            "unit": data["row_unit"],
            "penanggung_jawab": data["row_pj"] if luring else self.page.penanggung_jawab,
            "tanggal": data["row_tanggal"],
            "tempat": data["tempat"],
            "bentuk": BentukInformasi(bentuk).label,
            "jangka_waktu": jangka_waktu,
            "kategori_key": data["row_kategori"],
            "kategori": KategoriInformasi(data["row_kategori"]).label,
        }

    def all_rows(self):
        """Every row of the register: by category (berkala, serta merta, setiap saat), newest
        first; the offline entries among them."""
        rows = self._rows().order_by("row_kategori", "-row_tanggal", "-row_id")
        for nomor, data in enumerate(rows, start=1):
            yield self.row(data, nomor)

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
        for row in self.all_rows():
            yield [
                row["nomor"],
                row["kategori"],
                row["jenis"],
                row["judul"],
                row["ringkasan"],
                row["unit"],
                row["penanggung_jawab"],
                f"{date_format(row['tanggal'], 'j F Y')}, {row['tempat']}",
                row["bentuk"],
                row["jangka_waktu"],
                self.request.build_absolute_uri(row["url"]) if row["url"] else "",
            ]
