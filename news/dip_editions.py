"""DIP editions ("Tetapkan edisi DIP"): the register frozen by the PPID's decree (SK).

An edition is the DIP as it stands at that moment (news/dip.py: what is published, and the
offline entries), written once as a JSON snapshot with the SHA-256 of its canonical form, and as
a PDF and an XLSX with their own SHA-256. Nothing later changes it: pages published or
withdrawn afterwards show in the next edition, and the diff against the previous edition (by
each row's stable key: ``halaman-<page id>`` or ``luring-<entry id>``) says what changed.
"""

import datetime
import hashlib
import io
import json

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table

from sop_workflow.pdf import GRID, paragraph, tanggal
from sop_workflow.pdf import styles as pdf_styles
from sop_workflow.roles import user_label
from sop_workflow.spreadsheet import xlsx_bytes

from .dip import COLUMNS, PUBLIC_CATEGORIES, Register
from .models import EdisiDIP, KategoriInformasi

# What a row holds, in the order the diff names what changed.
COMPARED = (
    ("judul", "judul"),
    ("ringkasan", "ringkasan"),
    ("kategori", "kategori"),
    ("jenis", "jenis"),
    ("unit", "pejabat/unit"),
    ("penanggung_jawab", "penanggung jawab"),
    ("tanggal", "waktu pembuatan"),
    ("tempat", "tempat pembuatan"),
    ("bentuk", "bentuk"),
    ("jangka_waktu", "jangka waktu penyimpanan"),
    ("url", "tautan"),
)
XLSX_HEADERS = ["Nomor", "Kategori", "Jenis", "Judul", *COLUMNS[1:], "Tautan", "Kunci baris"]
CONFLICT = (
    "Edisi tidak ditetapkan: nomor SK {nomor_sk} sudah dipakai untuk menetapkan edisi lain "
    "(mungkin tombol ditekan dua kali, atau edisi ditetapkan dari tab lain). Lihat daftar edisi."
)


class EditionConflict(Exception):
    """Another edition took this SK (or this number) first; nothing was established here."""


# --- the snapshot and its digest ---


def canonical(snapshot):
    """The bytes the SHA-256 is taken of: sorted keys, no spaces, UTF-8 (JSONB reorders keys)."""
    return json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def digest(data):
    return hashlib.sha256(data).hexdigest()


def frozen_row(row, root_url):
    return {
        "kunci": row["kunci"],
        "kategori": row["kategori_key"],
        "jenis": row["jenis"],
        "judul": row["judul"],
        "ringkasan": row["ringkasan"] or "",
        "unit": row["unit"] or "",
        "penanggung_jawab": row["penanggung_jawab"] or "",
        "tanggal": row["tanggal"].isoformat(),
        "tempat": row["tempat"] or "",
        "bentuk": row["bentuk"],
        "jangka_waktu": row["jangka_waktu"] or "",
        "url": root_url + row["url"] if row["url"] else "",
        "luring": row["luring"],
    }


def build_snapshot(page, request, *, nomor, nomor_sk, tanggal_sk, ditetapkan_pada, ditetapkan_oleh, instansi):
    site = page.get_site()
    register = Register(page, request, site=site)
    root_url = site.root_url if site is not None else ""
    return {
        "edisi": nomor,
        "dip": page.title,
        "instansi": instansi,
        "nomor_sk": nomor_sk,
        "tanggal_sk": tanggal_sk.isoformat(),
        "ditetapkan_pada": ditetapkan_pada.isoformat(),
        "ditetapkan_oleh": ditetapkan_oleh,
        "baris": [frozen_row(row, root_url) for row in register.all_rows()],
    }


# --- the files ---


def _date(iso):
    return tanggal(datetime.date.fromisoformat(iso))


def kategori_label(key):
    return KategoriInformasi(key).label


def by_category(rows):
    """[(label, [(nomor, row), ...]), ...] in register order; numbering runs over the edition."""
    groups = []
    nomor = 0
    for key in PUBLIC_CATEGORIES:
        numbered = []
        for row in rows:
            if row["kategori"] == key:
                nomor += 1
                numbered.append((nomor, row))
        if numbered:
            groups.append((kategori_label(key), numbered))
    return groups


def render_pdf(snapshot, sha256):
    s = pdf_styles()
    buffer = io.BytesIO()
    pagesize = landscape(A4)
    doc = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=f"Daftar Informasi Publik edisi {snapshot['edisi']}",
        author=snapshot["instansi"] or "Terbit",
    )
    width = pagesize[0] - 24 * mm
    story = [
        paragraph(snapshot["instansi"], s["subtitle"]),
        paragraph(f"DAFTAR INFORMASI PUBLIK — EDISI {snapshot['edisi']}", s["title"]),
        paragraph(
            f"Ditetapkan dengan SK PPID nomor {snapshot['nomor_sk']} tanggal {_date(snapshot['tanggal_sk'])}",
            s["subtitle"],
        ),
        Spacer(1, 4 * mm),
    ]
    widths = [12 * mm, 78 * mm, 34 * mm, 34 * mm, 34 * mm, 24 * mm]
    widths.append(width - sum(widths))
    for label, numbered in by_category(snapshot["baris"]):
        story.append(paragraph(label, s["h2"]))
        cells = [[paragraph(h, s["cellb"]) for h in COLUMNS]]
        for nomor, row in numbered:
            judul = f"{row['jenis']}: {row['judul']}" + (f"\n{row['ringkasan']}" if row["ringkasan"] else "")
            cells.append(
                [
                    paragraph(nomor, s["cell"]),
                    paragraph(judul, s["cell"]),
                    paragraph(row["unit"], s["cell"]),
                    paragraph(row["penanggung_jawab"], s["cell"]),
                    paragraph(f"{_date(row['tanggal'])}, {row['tempat']}", s["cell"]),
                    paragraph(row["bentuk"], s["cell"]),
                    paragraph(row["jangka_waktu"], s["cell"]),
                ]
            )
        table = Table(cells, colWidths=widths, repeatRows=1)
        table.setStyle(GRID)
        story.append(table)
    if not snapshot["baris"]:
        story.append(paragraph("Belum ada informasi dalam daftar.", s["cell"]))
    story += [
        Spacer(1, 4 * mm),
        paragraph(
            f"Jumlah informasi: {len(snapshot['baris'])}. SHA-256 isi edisi: {sha256}. "
            f"Ditetapkan {tanggal(datetime.datetime.fromisoformat(snapshot['ditetapkan_pada']))}"
            + (f" oleh {snapshot['ditetapkan_oleh']}" if snapshot["ditetapkan_oleh"] else "")
            + " melalui aplikasi Terbit.",
            s["small"],
        ),
    ]
    doc.build(story)
    return buffer.getvalue()


def xlsx_rows(snapshot):
    for _label, numbered in by_category(snapshot["baris"]):
        for nomor, row in numbered:
            yield [
                nomor,
                kategori_label(row["kategori"]),
                row["jenis"],
                row["judul"],
                row["ringkasan"],
                row["unit"],
                row["penanggung_jawab"],
                f"{_date(row['tanggal'])}, {row['tempat']}",
                row["bentuk"],
                row["jangka_waktu"],
                row["url"],
                row["kunci"],
            ]


def render_xlsx(snapshot):
    return xlsx_bytes(XLSX_HEADERS, xlsx_rows(snapshot), sheet_title=f"DIP edisi {snapshot['edisi']}")


# --- establishing ---


def establish(page, request, *, nomor_sk, tanggal_sk, user, instansi=""):
    """Freeze the DIP into the next edition; raise EditionConflict when the SK (or the number)
    was taken by an edition established at the same time. Files are removed when nothing was."""
    nomor_sk = nomor_sk.strip()
    if EdisiDIP.objects.filter(nomor_sk=nomor_sk).exists():
        raise EditionConflict(CONFLICT.format(nomor_sk=nomor_sk))
    written = []
    try:
        with transaction.atomic(), translation.override("id"):
            nomor = (EdisiDIP.objects.aggregate(last=Max("nomor"))["last"] or 0) + 1
            now = timezone.now()
            by_name = user_label(user)
            snapshot = build_snapshot(
                page,
                request,
                nomor=nomor,
                nomor_sk=nomor_sk,
                tanggal_sk=tanggal_sk,
                ditetapkan_pada=now,
                ditetapkan_oleh=by_name,
                instansi=instansi,
            )
            sha256 = digest(canonical(snapshot))
            pdf = render_pdf(snapshot, sha256)
            xlsx = render_xlsx(snapshot)
            edition = EdisiDIP(
                nomor=nomor,
                nomor_sk=nomor_sk,
                tanggal_sk=tanggal_sk,
                ditetapkan_pada=now,
                ditetapkan_oleh=user,
                ditetapkan_oleh_nama=by_name,
                snapshot=snapshot,
                jumlah_baris=len(snapshot["baris"]),
                sha256=sha256,
                sha256_pdf=digest(pdf),
                sha256_xlsx=digest(xlsx),
            )
            edition.berkas_pdf.save(f"dip-edisi-{nomor}.pdf", ContentFile(pdf), save=False)
            written.append(edition.berkas_pdf)
            edition.berkas_xlsx.save(f"dip-edisi-{nomor}.xlsx", ContentFile(xlsx), save=False)
            written.append(edition.berkas_xlsx)
            edition.save()
    except IntegrityError as error:
        for stored in written:
            stored.storage.delete(stored.name)
        raise EditionConflict(CONFLICT.format(nomor_sk=nomor_sk)) from error
    return edition


# --- comparing ---


def previous_of(edition):
    return EdisiDIP.objects.filter(nomor__lt=edition.nomor).order_by("-nomor").first()


def diff(previous, current):
    """Rows added, removed and changed (with the labels of what changed) since ``previous``."""
    before = {row["kunci"]: row for row in previous.rows}
    after = {row["kunci"]: row for row in current.rows}
    changed = []
    for row in current.rows:
        old = before.get(row["kunci"])
        if old is None:
            continue
        fields = [label for field, label in COMPARED if old.get(field) != row.get(field)]
        if fields:
            changed.append({"baris": row, "sebelumnya": old, "berubah": fields})
    return {
        "ditambah": [row for row in current.rows if row["kunci"] not in before],
        "dihapus": [row for row in previous.rows if row["kunci"] not in after],
        "berubah": changed,
    }
