"""A4 PDFs with ReportLab: what the control sheet (control_sheet.py) and the host's printable
documents (news: the Permenkumham 8/2019 abstract of a Peraturan) share, so they look alike."""

import datetime
import io
from xml.sax.saxutils import escape

from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

MARGIN = 15 * mm
WIDTH = A4[0] - 2 * MARGIN  # the usable width of a page
# Tables with a header row.
GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
)
CELL_LIMIT = 1500  # a table cell cannot break across pages: longer text is cut, the app has it all


def tanggal(value, with_time=True):
    """Indonesian dates as on the public site ("7 Juli 2017"), through Django's date filter."""
    if value is None:
        return "-"
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
        return f"{date_filter(value, 'j F Y H:i')} WIB" if with_time else date_filter(value, "j F Y")
    return date_filter(value, "j F Y")


def styles():
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontSize=13, leading=16, spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", parent=base["Normal"], alignment=TA_CENTER, fontSize=9),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontSize=10.5, spaceBefore=8, spaceAfter=4),
        "body": ParagraphStyle("body", parent=base["Normal"], fontSize=9.5, leading=12.5, spaceAfter=3),
        "cell": ParagraphStyle("cell", parent=base["Normal"], fontSize=7.5, leading=9.5),
        "cellb": ParagraphStyle(
            "cellb", parent=base["Normal"], fontSize=7.5, leading=9.5, fontName="Helvetica-Bold"
        ),
        "small": ParagraphStyle("small", parent=base["Normal"], fontSize=7, leading=9, textColor=colors.grey),
    }


def paragraph(text, style, limit=CELL_LIMIT):
    """Plain text as a Paragraph (escaped, line breaks kept); cut at ``limit`` characters when
    given (table cells)."""
    text = str(text or "-")
    if limit and len(text) > limit:
        text = text[:limit].rstrip() + " … (selengkapnya di aplikasi)"
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def key_value_table(rows, s, label_width=40 * mm):
    """A two-column grid: bold labels, their values."""
    table = Table(
        [[paragraph(k, s["cellb"]), paragraph(v, s["cell"])] for k, v in rows],
        colWidths=[label_width, WIDTH - label_width],
    )
    table.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    return table


def build(story, title, author):
    """The PDF's bytes: ``story`` on A4 pages with the shared margins."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author=author or "Terbit",
    )
    doc.build(story)
    return buffer.getvalue()
