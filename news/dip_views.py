"""The DIP page's public routes beside the register: its editions (list, one edition with its
diff against the previous one, its PDF and XLSX as established) and the DIK's public columns."""

import datetime

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header

from .dip_editions import by_category, diff, previous_of
from .models import EdisiDIP, InformasiDikecualikan

# The listing never reads the snapshots: they can be large.
LIST_FIELDS = ("nomor", "nomor_sk", "tanggal_sk", "ditetapkan_pada", "jumlah_baris", "sha256")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _dated(rows):
    """Rows with their ISO dates as dates (the templates format them in Indonesian)."""
    return [{**row, "tanggal_date": datetime.date.fromisoformat(row["tanggal"])} for row in rows]


def editions(page, request):
    return page.render(
        request,
        template="news/dip_edisi_index.html",
        context_overrides={"editions": list(EdisiDIP.objects.only(*LIST_FIELDS).order_by("-nomor"))},
    )


def _edition(nomor):
    edition = EdisiDIP.objects.filter(nomor=nomor).first()
    if edition is None:
        raise Http404("Edisi DIP tidak ditemukan.")
    return edition


def edition(page, request, nomor):
    current = _edition(nomor)
    previous = previous_of(current)
    changes = None
    if previous is not None:
        changes = diff(previous, current)
        changes = {
            "ditambah": _dated(changes["ditambah"]),
            "dihapus": _dated(changes["dihapus"]),
            "berubah": [{**item, "baris": _dated([item["baris"]])[0]} for item in changes["berubah"]],
        }
    groups = [
        (label, [(nomor, _dated([row])[0]) for nomor, row in rows])
        for label, rows in by_category(current.rows)
    ]
    return page.render(
        request,
        template="news/dip_edisi.html",
        context_overrides={"edition": current, "previous": previous, "groups": groups, "changes": changes},
    )


def edition_file(page, request, nomor, fmt):
    if fmt not in CONTENT_TYPES:
        raise Http404("Format tidak dikenal.")
    current = EdisiDIP.objects.only("nomor", "berkas_pdf", "berkas_xlsx").filter(nomor=nomor).first()
    if current is None:
        raise Http404("Edisi DIP tidak ditemukan.")
    stored = current.berkas_pdf if fmt == "pdf" else current.berkas_xlsx
    try:
        with stored.open("rb") as handle:
            content = handle.read()
    except (FileNotFoundError, ValueError) as error:
        raise Http404("Berkas edisi tidak ditemukan.") from error
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(
        fmt == "xlsx", f"daftar-informasi-publik-edisi-{current.nomor}.{fmt}"
    )
    return response


def excluded(page, request):
    if not page.tampilkan_dik:
        raise Http404("Daftar informasi yang dikecualikan tidak dipublikasikan.")
    rows = InformasiDikecualikan.objects.only(
        "informasi", "dasar_hukum", "jangka_waktu", "berlaku_sampai"
    ).order_by("informasi", "id")
    return page.render(request, template="news/dip_dikecualikan.html", context_overrides={"rows": list(rows)})
