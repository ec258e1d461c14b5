"""Content checks for uploaded documents: the bytes must be what the extension says.

Wagtail only checks the extension (``WAGTAILDOCS_EXTENSIONS``). A government site must not
serve a renamed executable or a ZIP posing as a PDF, so every accepted extension has a check on
the file's content here. The rules are documented in README ("Unggahan dokumen").
"""

import zipfile
from html.parser import HTMLParser
from pathlib import PurePath
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office: .doc, .xls, .ppt
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
# Signatures of binary formats that must never pass as plain text (.csv, .txt).
BINARY_MAGICS = (
    b"%PDF-",
    OLE2_MAGIC,
    *ZIP_MAGICS,
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"MZ",  # Windows executable
    b"\x7fELF",
)
HEAD_SIZE = 64 * 1024

NAMES = {
    "pdf": "PDF",
    "doc": "dokumen Word (.doc)",
    "docx": "dokumen Word (.docx)",
    "xls": "lembar kerja Excel (.xls)",
    "xlsx": "lembar kerja Excel (.xlsx)",
    "ppt": "presentasi PowerPoint (.ppt)",
    "pptx": "presentasi PowerPoint (.pptx)",
    "odt": "dokumen OpenDocument (.odt)",
    "ods": "lembar kerja OpenDocument (.ods)",
    "csv": "berkas CSV",
    "txt": "berkas teks",
    "zip": "arsip ZIP",
    "jpg": "gambar JPEG",
    "jpeg": "gambar JPEG",
    "png": "gambar PNG",
}


def _zip_names(fileobj):
    try:
        with zipfile.ZipFile(fileobj) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _office_open_xml(fileobj, head, folder):
    if not head.startswith(ZIP_MAGICS):
        return False
    names = _zip_names(fileobj)
    return bool(names) and "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)


def _open_document(fileobj, head, mimetype):
    if not head.startswith(ZIP_MAGICS):
        return False
    try:
        with zipfile.ZipFile(fileobj) as archive:
            return archive.read("mimetype").strip() == mimetype
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return False


def _zip(fileobj, head):
    if not head.startswith(ZIP_MAGICS):
        return False
    return _zip_names(fileobj) is not None


MARKUP = (b"<svg", b"<html", b"<script", b"<!doctype", b"<?xml")


def _text(head):
    if b"\x00" in head or head.startswith(BINARY_MAGICS):
        return False
    # Markup (SVG, HTML) is not plain text, whatever the name says: a browser that ignored the
    # Content-Type would run its scripts.
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1024].lower()
    if start.startswith(b"<") and any(tag in start for tag in MARKUP):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        if exc.start < len(head) - 4:
            try:
                head.decode("cp1252")  # CSV saved by Excel on Windows
            except UnicodeDecodeError:
                return False
    return True


CHECKS = {
    "pdf": lambda f, head: b"%PDF-" in head[:1024],
    "doc": lambda f, head: head.startswith(OLE2_MAGIC),
    "xls": lambda f, head: head.startswith(OLE2_MAGIC),
    "ppt": lambda f, head: head.startswith(OLE2_MAGIC),
    "docx": lambda f, head: _office_open_xml(f, head, "word/"),
    "xlsx": lambda f, head: _office_open_xml(f, head, "xl/"),
    "pptx": lambda f, head: _office_open_xml(f, head, "ppt/"),
    "odt": lambda f, head: _open_document(f, head, b"application/vnd.oasis.opendocument.text"),
    "ods": lambda f, head: _open_document(f, head, b"application/vnd.oasis.opendocument.spreadsheet"),
    "zip": _zip,
    "csv": lambda f, head: _text(head),
    "txt": lambda f, head: _text(head),
    "jpg": lambda f, head: head.startswith(b"\xff\xd8\xff"),
    "jpeg": lambda f, head: head.startswith(b"\xff\xd8\xff"),
    "png": lambda f, head: head.startswith(b"\x89PNG\r\n\x1a\n"),
}


DOCUMENT_EXTENSIONS = ("pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "csv", "txt", "zip")


def validate_document_content(uploaded, name=None, allowed=DOCUMENT_EXTENSIONS):
    """Raise ValidationError unless the extension is ``allowed`` and the content matches it.

    ``uploaded`` is a Django File (an upload or a stored FieldFile); its position is restored.
    """
    name = name or getattr(uploaded, "name", "") or ""
    extension = PurePath(name).suffix.lower().lstrip(".")
    check = CHECKS.get(extension) if extension in allowed else None
    if check is None:
        raise ValidationError(
            "Jenis berkas .%(ext)s tidak diterima. Jenis yang diterima: %(allowed)s.",
            code="invalid_extension",
            params={"ext": extension or "(tanpa ekstensi)", "allowed": ", ".join(sorted(allowed))},
        )
    fileobj = getattr(uploaded, "file", uploaded)
    try:
        position = fileobj.tell()
    except (AttributeError, OSError):
        position = None
    try:
        fileobj.seek(0)
        head = fileobj.read(HEAD_SIZE)
        fileobj.seek(0)
        ok = bool(head) and check(fileobj, head)
    finally:
        if position is not None:
            fileobj.seek(position)
    if not ok:
        raise ValidationError(
            "Isi berkas “%(name)s” bukan %(kind)s, walaupun namanya berakhiran .%(ext)s. "
            "Unggah berkas aslinya, atau simpan ulang dengan format yang benar.",
            code="content_mismatch",
            params={"name": PurePath(name).name, "kind": NAMES[extension], "ext": extension},
        )


# --- Links in rich text ---------------------------------------------------------------------

LINK_SCHEMES = ("http", "https", "mailto")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [value or "" for name, value in attrs if name == "href"]


def validate_rich_text_links(html):
    """External links in rich text go to http(s) or mailto addresses only; internal links (pages
    and documents, stored as ``linktype``) and links within the site (``/berita/``) are fine."""
    if not html or "<a" not in str(html):
        return
    parser = _Links()
    parser.feed(str(html))
    for href in parser.hrefs:
        scheme = urlsplit(href.strip()).scheme.lower()
        if scheme and scheme not in LINK_SCHEMES:
            raise ValidationError(
                "Tautan %(href)s ditolak: tautan hanya boleh ke alamat http(s), email (mailto:), "
                "atau halaman dan dokumen situs ini.",
                code="link_scheme",
                params={"href": href[:100]},
            )
