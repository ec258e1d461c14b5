"""The control sheet (lembar kendali) as PDF, A4, for the paper archive the SOP asks for.

Built with ReportLab from the same context as the printable HTML page (intake_views.
life_context), so both show the same life of the entry.
"""

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from .pdf import GRID, WIDTH, build, key_value_table, styles, tanggal
from .pdf import paragraph as _p
from .roles import user_label
from .templatetags.sop_tags import durasi


def render_pdf(context):
    surat = context["surat"]
    s = styles()
    width = WIDTH
    story = [
        _p(context.get("instansi") or "", s["subtitle"]),
        _p("LEMBAR KENDALI PENERBITAN INFORMASI", s["title"]),
        _p(f"Nomor agenda {surat.nomor_agenda}", s["subtitle"]),
        Spacer(1, 4 * mm),
    ]
    identity = [
        ("Nomor agenda", surat.nomor_agenda),
        ("Jenis surat", surat.get_jenis_surat_display()),
        ("Nomor / tanggal surat", f"{surat.nomor_surat} / {tanggal(surat.tanggal_surat)}"),
        ("Pengirim", surat.pengirim),
        ("Perihal", surat.perihal),
        ("Diterima", tanggal(surat.diterima_pada)),
        ("Jenis publikasi", surat.get_jenis_publikasi_display()),
        ("Sifat", surat.get_sifat_display()),
        ("Status", surat.status.label),
        ("Berkas", ", ".join(b.nama_asli for b in context["berkas"]) or "-"),
    ]
    if surat.catatan:
        identity.append(("Catatan", surat.catatan))
    if surat.dibatalkan_pada:
        identity.append(("Dibatalkan", f"{tanggal(surat.dibatalkan_pada)}: {surat.alasan_batal}"))
    story.append(key_value_table(identity, s))

    if context["disposisi"]:
        story.append(_p("Disposisi", s["h2"]))
        rows = [[_p(h, s["cellb"]) for h in ("Langkah", "Dari", "Kepada", "Waktu", "Instruksi")]]
        for d in context["disposisi"]:
            rows.append(
                [
                    _p(d.langkah, s["cell"]),
                    _p(d.dari_nama, s["cell"]),
                    _p(d.kepada_nama, s["cell"]),
                    _p(tanggal(d.dibuat_pada), s["cell"]),
                    _p(d.instruksi, s["cell"]),
                ]
            )
        table = Table(rows, colWidths=[16 * mm, 32 * mm, 32 * mm, 32 * mm, width - 112 * mm], repeatRows=1)
        table.setStyle(GRID)
        story.append(table)

    story.append(_p("Langkah SOP", s["h2"]))
    headers = (
        "Langkah",
        "Kegiatan",
        "Oleh",
        "Mulai",
        "Selesai",
        "Durasi",
        "Waktu baku",
        "Hasil / keterangan",
    )
    rows = [[_p(h, s["cellb"]) for h in headers]]
    for step in context["langkah"]:
        if step.dilewati:
            duration = "dilewati"
        elif step.durasi is None:
            duration = "-"
        else:
            duration = durasi(step.durasi) + (" (berjalan)" if step.berjalan else "")
            if step.tepat_waktu is False:
                duration += " - melebihi waktu baku"
        result = " - ".join(part for part in (step.hasil, step.keterangan) if part)
        rows.append(
            [
                _p(step.nomor, s["cell"]),
                _p(step.kegiatan, s["cell"]),
                _p(step.oleh, s["cell"]),
                _p(tanggal(step.mulai), s["cell"]),
                _p(tanggal(step.selesai), s["cell"]),
                _p(duration, s["cell"]),
                _p(
                    (durasi(step.waktu_baku) if step.waktu_baku else "-")
                    + (f" (tenggat {tanggal(step.tenggat)})" if step.tenggat else ""),
                    s["cell"],
                ),
                _p(result, s["cell"]),
            ]
        )
    widths = [13 * mm, 35 * mm, 24 * mm, 22 * mm, 22 * mm, 20 * mm, 16 * mm]
    table = Table(rows, colWidths=widths + [width - sum(widths)], repeatRows=1)
    table.setStyle(GRID)
    story.append(table)

    record = context.get("catatan_penerbitan")
    if record is not None:
        story.append(_p("Catatan penerbitan", s["h2"]))
        published = [
            ("Judul", record.page_title),
            ("Alamat terbit", record.url),
            ("Waktu terbit", f"{tanggal(record.published_at)} oleh {record.published_by_name or '-'}"),
            ("Dokumentasi", record.catatan_dokumentasi or "-"),
            ("SHA-256 salinan HTML", record.sha256),
        ]
        table = Table(
            [[_p(k, s["cellb"]), _p(v, s["cell"])] for k, v in published],
            colWidths=[40 * mm, width - 40 * mm],
        )
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
        story.append(table)

    story.append(Spacer(1, 8 * mm))
    signers = context.get("penandatangan") or signatories(context)
    cells = [
        [_p(role, s["cellb"]) for role, _name in signers],
        [Spacer(1, 18 * mm) for _ in signers],
        [_p(name or "(........................)", s["cell"]) for _role, name in signers],
    ]
    table = Table(cells, colWidths=[width / len(signers)] * len(signers))
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.5, colors.black),
                ("INNERGRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ]
        )
    )
    story.append(table)
    printed_by = context.get("dicetak_oleh")
    story += [
        Spacer(1, 3 * mm),
        _p(
            f"Dicetak {tanggal(timezone.now())}"
            + (f" oleh {user_label(printed_by)}" if printed_by else "")
            + " dari aplikasi Terbit. SOP 01/SOP/26.03.2/Sdc-Rev/VIII/2017.",
            s["small"],
        ),
    ]
    return build(story, f"Lembar kendali {surat.nomor_agenda}", context.get("instansi"))


def signatories(context):
    """The three signature boxes: Kabag, Kasubag and Web Admin, named after who acted."""
    surat = context["surat"]
    first = surat.chain(1)
    kabag = first[0].dari_nama if first else ""
    kasubag = first[-1].kepada_nama if first else ""
    web_admin = ""
    for step in context["langkah"]:
        if step.nomor == "6-7" and step.oleh:
            web_admin = step.oleh
    return [
        ("Kabag Hukum, Teknis dan Hupmas", kabag),
        ("Kasubag Teknis dan Hupmas", kasubag),
        ("Web Admin", web_admin),
    ]
