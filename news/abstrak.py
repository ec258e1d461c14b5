"""The abstract of a Peraturan (Permenkumham 8/2019) as a PDF, at ``/jdih/abstrak/<id>.pdf``:
the address the JDIHN feed gives as ``urlAbstrak``.

Only a live, public page of the request's site that has an abstract has one (404 otherwise:
a draft, a withdrawn page, a page behind a view restriction). The PDF is made from the page's
published content. The address is under ``/jdih/``, which the page cache keeps with the feeds:
every publication or withdrawal purges it (home/page_cache.py), so a republished abstract is
never served stale.
"""

from xml.sax.saxutils import escape

from bs4 import BeautifulSoup
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from reportlab.platypus import ListFlowable, ListItem, Paragraph, Spacer

from sop_workflow.pdf import build, key_value_table, paragraph, styles, tanggal

from .feeds import published_pages
from .models import PeraturanPage

NOT_FOUND = "Abstrak peraturan ini tidak tersedia."

INLINE_TAGS = {"b": "b", "strong": "b", "i": "i", "em": "i"}


def _inline(node):
    """ReportLab's paragraph markup of a rich-text element's content (bold, italic, breaks)."""
    parts = []
    for child in node.children:
        if isinstance(child, str):
            parts.append(escape(str(child)))
        elif child.name == "br":
            parts.append("<br/>")
        elif child.name in INLINE_TAGS:
            tag = INLINE_TAGS[child.name]
            parts.append(f"<{tag}>{_inline(child)}</{tag}>")
        else:
            parts.append(_inline(child))
    return "".join(parts)


def rich_text_flowables(html, style):
    """Paragraphs and (numbered) lists of the restricted rich text of ``materi pokok``."""
    flowables = []
    for node in BeautifulSoup(html or "", "html.parser").children:
        if isinstance(node, str):
            if node.strip():
                flowables.append(Paragraph(escape(node.strip()), style))
        elif node.name in ("ul", "ol"):
            items = [ListItem(Paragraph(_inline(li), style)) for li in node.find_all("li", recursive=False)]
            if items:
                kind = {"bulletType": "1"} if node.name == "ol" else {"bulletType": "bullet", "start": "•"}
                flowables.append(ListFlowable(items, leftIndent=12, bulletFontSize=8, **kind))
        elif node.get_text(strip=True):
            flowables.append(Paragraph(_inline(node), style))
    return flowables


def _bullets(lines, style):
    return ListFlowable(
        [ListItem(paragraph(line, style, limit=None)) for line in lines],
        bulletType="bullet",
        start="-",
        leftIndent=12,
    )


def render_pdf(page, instansi):
    """The abstract's PDF bytes, laid out as the JDIH abstracts are: identitas, subject heading,
    ABSTRAK (menimbang, dasar hukum, materi pokok), CATATAN."""
    s = styles()
    story = [
        paragraph(instansi or page.teu_badan, s["subtitle"], limit=None),
        paragraph("ABSTRAK PERATURAN", s["title"], limit=None),
        paragraph(page.abstrak_heading(), s["subtitle"], limit=None),
        Spacer(1, 4),
        key_value_table(page.abstrak_identitas(), s),
    ]
    if page.subjek:
        story += [
            paragraph("Subjek", s["h2"], limit=None),
            paragraph(page.subjek.upper(), s["body"], limit=None),
        ]
    story.append(paragraph("Abstrak", s["h2"], limit=None))
    menimbang = page.abstrak_menimbang_lines()
    if menimbang:
        story += [paragraph("Menimbang", s["cellb"], limit=None), _bullets(menimbang, s["body"])]
    bases = page.abstrak_dasar_hukum_items()
    if bases:
        story += [
            paragraph("Dasar hukum peraturan ini adalah:", s["cellb"], limit=None),
            _bullets([title for title, _page in bases], s["body"]),
        ]
    materi = rich_text_flowables(page.abstrak_materi_pokok, s["body"])
    if materi:
        story += [
            paragraph("Materi pokok: dalam peraturan ini diatur tentang", s["cellb"], limit=None),
            *materi,
        ]
    notes = page.abstrak_catatan_lines()
    if notes:
        story += [paragraph("Catatan", s["h2"], limit=None), _bullets(notes, s["body"])]
    story += [
        Spacer(1, 12),
        paragraph(
            f"Abstrak disusun menurut Permenkumham Nomor 8 Tahun 2019. Versi terbit "
            f"{tanggal(page.last_published_at)}. Halaman peraturan: {page.full_url or page.url_path}",
            s["small"],
            limit=None,
        ),
    ]
    return build(story, f"Abstrak {page.title}", instansi)


def abstrak_pdf(request, page_id):
    """``/jdih/abstrak/<id>.pdf``: the abstract of a live, public Peraturan of this site."""
    from home.models import SiteSettings

    visible = published_pages(request, [PeraturanPage], newest=False).filter(pk=page_id)
    page = PeraturanPage.objects.filter(pk__in=visible.values("pk")).select_related("jenis").first()
    if page is None or not page.has_abstrak():
        raise Http404(NOT_FOUND)
    instansi = SiteSettings.for_request(request).nama_instansi
    response = HttpResponse(render_pdf(page, instansi), content_type="application/pdf")
    filename = f"abstrak-{page.jenis.singkatan}-{page.nomor}-{page.tahun}.pdf".replace("/", "-").replace(
        " ", "-"
    )
    response["Content-Disposition"] = content_disposition_header(False, filename)
    response["Access-Control-Allow-Origin"] = "*"  # linked from the national JDIHN portal, as the feed
    return response
