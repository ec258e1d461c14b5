"""Content checks for uploaded documents: the bytes must be what the extension says.

Wagtail only checks the extension (``WAGTAILDOCS_EXTENSIONS``). A government site must not
serve a renamed executable or a ZIP posing as a PDF, so every accepted extension has a check on
the file's content here. The rules are documented in docs/panduan.md ("Document uploads").
"""

import io
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


# --- Archives: decompression bombs ----------------------------------------------------------
# .docx/.xlsx/.pptx/.odt/.ods and .zip are ZIP archives. A small upload may expand to gigabytes
# (a "zip bomb") in whatever opens it later: a reader's office suite, an indexer, an antivirus.
# Checked before acceptance without extracting anything to disk: the central directory's
# declared sizes first (cheap), then every member is decompressed in memory, chunk by chunk,
# counting the real bytes (a header can lie), and nested archives the same way, one level down
# at a time. Limits from settings (docs/deploy.md, "Batas unggahan").

ARCHIVE_DEFAULTS = {
    "UPLOAD_ARCHIVE_MAX_UNCOMPRESSED": 250 * 1024 * 1024,  # all members, nested ones included
    "UPLOAD_ARCHIVE_MAX_RATIO": 200,  # uncompressed : compressed, per member above 1 MB
    "UPLOAD_ARCHIVE_MAX_MEMBERS": 10_000,  # nested ones included
    "UPLOAD_ARCHIVE_MAX_DEPTH": 2,  # an archive in an archive in an archive is the most
}
RATIO_FROM_SIZE = 1024 * 1024  # small members may compress very well (an empty sheet's XML)
NESTED_SUFFIXES = (".zip", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".jar", ".epub")
NESTED_MAX_BYTES = 64 * 1024 * 1024  # a nested archive is inspected in memory
CHUNK = 64 * 1024
BOMB_MESSAGE = (
    "Berkas “%(name)s” ditolak: isinya terlalu besar setelah dibuka (%(reason)s). Berkas seperti "
    "ini dapat melumpuhkan komputer yang membukanya. Unggah dokumen aslinya, atau bagi menjadi "
    "beberapa berkas yang lebih kecil."
)


def archive_limit(name):
    from django.conf import settings

    return int(getattr(settings, name, ARCHIVE_DEFAULTS[name]))


class _Bomb(Exception):
    pass


def _mb(size):
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def _declared_entries(fileobj):
    """The member count the end-of-central-directory record declares, read before zipfile parses
    every entry (a million tiny members would cost seconds and memory). None if not found."""
    fileobj.seek(0, 2)
    size = fileobj.tell()
    fileobj.seek(max(0, size - 65_557))
    tail = fileobj.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return None
    entries = int.from_bytes(tail[at + 10 : at + 12], "little")
    if entries == 0xFFFF:  # ZIP64: the real count is elsewhere; the central directory bounds it
        directory_size = int.from_bytes(tail[at + 12 : at + 16], "little")
        return directory_size // 46  # the smallest central directory entry
    return entries


class _Budget:
    def __init__(self):
        self.total = archive_limit("UPLOAD_ARCHIVE_MAX_UNCOMPRESSED")
        self.ratio = archive_limit("UPLOAD_ARCHIVE_MAX_RATIO")
        self.members = archive_limit("UPLOAD_ARCHIVE_MAX_MEMBERS")
        self.depth = archive_limit("UPLOAD_ARCHIVE_MAX_DEPTH")
        self.used = 0
        self.count = 0

    def add_members(self, count):
        self.count += count
        if self.count > self.members:
            raise _Bomb(f"lebih dari {self.members:,} berkas di dalamnya".replace(",", "."))

    def add_bytes(self, size):
        self.used += size
        if self.used > self.total:
            raise _Bomb(f"lebih dari {_mb(self.total)} setelah dibuka")


def _check_ratio(info, size, budget, path):
    if size > RATIO_FROM_SIZE and size > budget.ratio * max(info.compress_size, 1):
        raise _Bomb(f"“{path}” membesar lebih dari {budget.ratio} kali lipat")


def _inspect_archive(fileobj, budget, depth, prefix=""):
    declared = _declared_entries(fileobj)
    if declared is not None:
        budget.add_members(declared)
    fileobj.seek(0)
    try:
        archive = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        # Not a readable archive: the content check refuses it at the top level; a nested member
        # that merely starts like one is just data.
        return
    with archive:
        infos = archive.infolist()
        if declared is None:
            budget.add_members(len(infos))
        # Declared sizes first: refuses the plain bombs without decompressing a byte.
        declared_total = budget.used
        for info in infos:
            _check_ratio(info, info.file_size, budget, prefix + info.filename)
            declared_total += info.file_size
            if declared_total > budget.total:
                raise _Bomb(f"lebih dari {_mb(budget.total)} setelah dibuka")
        for info in infos:
            if info.is_dir():
                continue
            path = prefix + info.filename
            nested = info.filename.lower().endswith(NESTED_SUFFIXES)
            kept = bytearray() if nested else None
            size = 0
            with archive.open(info) as member:
                while chunk := member.read(CHUNK):
                    size += len(chunk)
                    budget.add_bytes(len(chunk))
                    _check_ratio(info, size, budget, path)
                    if kept is not None:
                        if size > NESTED_MAX_BYTES:
                            raise _Bomb(f"arsip di dalamnya “{path}” lebih dari {_mb(NESTED_MAX_BYTES)}")
                        kept += chunk
            if kept is not None or _starts_like_zip(archive, info):
                if kept is None:
                    kept = archive.read(info)  # already counted; a small member (by the ratio)
                if bytes(kept[:4]) in ZIP_MAGICS:
                    if depth >= budget.depth:
                        raise _Bomb(f"arsip bersarang lebih dari {budget.depth} tingkat (“{path}”)")
                    _inspect_archive(io.BytesIO(bytes(kept)), budget, depth + 1, prefix=path + "/")


def _starts_like_zip(archive, info):
    """A member named like anything that is in fact a ZIP archive (a renamed nested archive)."""
    if info.file_size > NESTED_MAX_BYTES or info.file_size < 22:
        return False
    with archive.open(info) as member:
        return member.read(4) in ZIP_MAGICS


def validate_archive(uploaded, name=None):
    """Raise ValidationError if a ZIP-based upload (by its bytes, whatever its name) would expand
    beyond the limits: total uncompressed size, per-member ratio, member count, nesting depth.
    Unreadable archives are left to the content check. The file's position is restored."""
    name = name or getattr(uploaded, "name", "") or ""
    fileobj = getattr(uploaded, "file", uploaded)
    try:
        position = fileobj.tell()
    except (AttributeError, OSError):
        position = None
    try:
        fileobj.seek(0)
        if fileobj.read(4) not in ZIP_MAGICS:
            return
        _inspect_archive(fileobj, _Budget(), depth=1)
    except _Bomb as bomb:
        raise ValidationError(
            BOMB_MESSAGE, code="archive_bomb", params={"name": PurePath(name).name, "reason": str(bomb)}
        ) from None
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        EOFError,
        OSError,
        ValueError,
    ) as error:
        # A member that does not decompress to what its header says (CRC, size) or an
        # unsupported method: not something to publish either.
        raise ValidationError(
            "Berkas “%(name)s” rusak atau tidak dapat dibuka sebagai arsip (%(error)s). Simpan ulang "
            "berkasnya, lalu unggah lagi.",
            code="archive_broken",
            params={"name": PurePath(name).name, "error": type(error).__name__},
        ) from None
    finally:
        if position is not None:
            fileobj.seek(position)


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
        if head.startswith(ZIP_MAGICS):
            # Before anything parses it: the content check below reads the central directory.
            validate_archive(fileobj, name)
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
