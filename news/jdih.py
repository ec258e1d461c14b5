"""The JDIH integration feed: Peraturan, Surat Edaran and Juknis/Juklak with the field names of
the national JDIHN JSON feed (Jaringan Dokumentasi dan Informasi Hukum Nasional), so the
national portal can harvest them."""

import datetime
import hashlib
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from django.http import HttpResponse, JsonResponse
from django.utils import timezone

from .feeds import clean_text, published_pages
from .models import JuknisPage, PeraturanPage, SuratEdaranPage
from .page_urls import page_url_maker

JAKARTA = ZoneInfo("Asia/Jakarta")

# BPHN's key set, in the order of ILDIS's feed (bphndigitalservice/ildis,
# console/controllers/FeedController.php): every record has exactly these keys, every value a
# string. docs/jdih.md says where each value comes from.
JDIHN_KEYS = (
    "idData",
    "tahun_pengundangan",
    "tanggal_penetapan",
    "tanggal_pengundangan",
    "jenis",
    "noPeraturan",
    "judul",
    "noPanggil",
    "singkatanJenis",
    "tempatTerbit",
    "penerbit",
    "deskripsiFisik",
    "sumber",
    "isbn",
    "status",
    "bahasa",
    "bidangHukum",
    "teuBadan",
    "nomorIndukBuku",
    "abstrak",
    "last_updated",
    "urlAbstrak",
    "urlDetailPeraturan",
    "fileDownload",
    "urlDownload",
    "subjek",
    "operasi",
    "display",
)
# Deprecated spelling of urlAbstrak, sent (same value) for one more release: harvesters written
# against the old feed read it. To be removed in the release after the one that added urlAbstrak.
DEPRECATED_ALIASES = {"urlabstrak": "urlAbstrak"}
# The JDIHN template's fields "khusus untuk monografi/buku": "-" for regulations.
NOT_A_BOOK = "-"
# What every member feed and ILDIS send; the JDIHN template marks it "wajib ada".
OPERASI = "4"


def _iso(value):
    return value.isoformat() if value else ""


def last_updated(page):
    """The page's last publication, ISO 8601 in Asia/Jakarta (what ``?since`` compares with)."""
    value = page.last_published_at
    return timezone.localtime(value, JAKARTA).isoformat(timespec="seconds") if value else ""


def _document_ids(page):
    """The attachments' document ids, read from the stored data (no query per page)."""
    return [
        block["value"].get("dokumen")
        for block in page.lampiran.raw_data
        if block.get("type") == "lampiran" and block.get("value", {}).get("dokumen")
    ]


def _first_document(page, request, documents):
    for document_id in _document_ids(page):
        document = documents.get(document_id)
        if document is not None:
            return document.filename, request.build_absolute_uri(document.url)
    return "", ""


def _peraturan(page, katalog):
    return {
        "jenis": page.jenis.nama,
        "singkatanJenis": page.jenis.singkatan,
        "tahun_pengundangan": str(
            page.tanggal_pengundangan.year if page.tanggal_pengundangan else page.tahun
        ),
        "tanggal_pengundangan": _iso(page.tanggal_pengundangan),
        "tanggal_penetapan": _iso(page.tanggal_penetapan),
        "tempatTerbit": page.tempat_penetapan or katalog.jdih_tempat_terbit,
        "sumber": page.sumber,
        "subjek": page.subjek,
        "bahasa": page.bahasa or katalog.jdih_bahasa,
        "bidangHukum": page.bidang_hukum or katalog.jdih_bidang_hukum,
        "teuBadan": page.teu_badan or katalog.jdih_teu_badan,
    }


def _surat_edaran(page, katalog):
    return {
        "jenis": "Surat Edaran",
        "singkatanJenis": "SE",
        "tahun_pengundangan": str(page.tanggal_surat.year),
        "tanggal_pengundangan": "",
        "tanggal_penetapan": _iso(page.tanggal_surat),
    }


def _juknis(page, katalog):
    return {
        "jenis": page.get_jenis_display(),
        "singkatanJenis": page.jenis.upper(),
        "tahun_pengundangan": str(page.tahun),
        "tanggal_pengundangan": "",
        "tanggal_penetapan": _iso(page.tanggal),
    }


def jdih_record(page, request, katalog, documents, url_of):
    """One document in BPHN's key set (``JDIHN_KEYS``), every value a string; ``katalog`` is
    the site's settings (home.models.SiteSettings: place, T.E.U., language, field of law)."""
    file_name, file_url = _first_document(page, request, documents)
    values = {
        "idData": str(page.pk),
        "noPeraturan": page.nomor,
        "judul": page.title,
        "noPanggil": NOT_A_BOOK,
        "tempatTerbit": katalog.jdih_tempat_terbit,
        "penerbit": NOT_A_BOOK,
        "deskripsiFisik": NOT_A_BOOK,
        "sumber": "",
        "isbn": NOT_A_BOOK,
        "status": page.get_status_display(),
        "bahasa": katalog.jdih_bahasa,
        "bidangHukum": katalog.jdih_bidang_hukum,
        "teuBadan": katalog.jdih_teu_badan,
        "nomorIndukBuku": NOT_A_BOOK,
        # The one-line summary, unless the page has its abstract (Peraturan, below).
        "abstrak": page.ringkasan,
        "last_updated": last_updated(page),
        "urlAbstrak": "",
        "urlDetailPeraturan": url_of(page.url_path),
        "fileDownload": file_name,
        "urlDownload": file_url,
        "subjek": "",
        "operasi": OPERASI,
        "display": "1",
    }
    values.update(_TYPE_VALUES[type(page)](page, katalog))
    if isinstance(page, PeraturanPage) and page.has_abstrak():
        # The abstract per Permenkumham 8/2019 (news/models/abstrak.py) and its PDF (news/abstrak.py).
        values["abstrak"] = page.abstrak_text()
        values["urlAbstrak"] = page.abstrak_pdf_url(request)
    record = {key: clean_text(values[key]) for key in JDIHN_KEYS}
    for alias, key in DEPRECATED_ALIASES.items():
        record[alias] = record[key]
    return record


_TYPE_VALUES = {PeraturanPage: _peraturan, SuratEdaranPage: _surat_edaran, JuknisPage: _juknis}


JDIH_PAGE_SIZE = 50
PAGE_ERROR = "Parameter page harus bilangan bulat mulai dari 1 (halaman berisi {size} dokumen)."


def _page_number(request):
    """``?page=N`` (1-based) or None for the whole list; ValueError for anything else."""
    raw = request.GET.get("page")
    if raw is None:
        return None
    raw = raw.strip()
    if not raw.isdigit() or len(raw) > 9 or int(raw) < 1:
        raise ValueError(raw)
    return int(raw)


SINCE_ERROR = (
    "Parameter since harus berupa tanggal atau waktu ISO 8601, misalnya 2026-01-31 atau "
    "2026-01-31T08:00:00+07:00 (tanpa zona waktu: WIB)."
)
# A "+hh:mm" offset sent without percent-encoding arrives as " hh:mm".
_UNENCODED_OFFSET = re.compile(r" (\d{2}(?::?\d{2})?)$")


def _since(request):
    """``?since=`` as an aware datetime (a date: its start in WIB), None without it;
    ValueError for anything else."""
    raw = request.GET.get("since")
    if raw is None:
        return None
    text = _UNENCODED_OFFSET.sub(r"+\1", raw.strip())
    if not 8 <= len(text) <= 40:
        raise ValueError(raw)
    try:
        value = datetime.datetime.fromisoformat(text)
        if timezone.is_naive(value):
            value = value.replace(tzinfo=JAKARTA)
        return value.astimezone(datetime.UTC)  # out of range near year 1 or 9999
    except (ValueError, OverflowError) as exc:
        raise ValueError(raw) from exc


# --- records kept per version of their page ----------------------------------------------------
# A record depends on its page's published content (its live revision) and on what a purge of
# every page covers (the site's settings, jenis peraturan, documents, a move: the site-wide
# generation, in ``row_prefix``), and on the address it is served from (absolute URLs). Records
# are kept as JSON text in chunks of consecutive page ids (one cache read per chunk, not per
# record: 5,000 keys cost more to read than the records they hold), each record with the
# revision it was made from, so a record is used only while its page's live revision is the same.
RECORDS_PER_CHUNK = 100
RECORD_CODE_VERSION = hashlib.sha1(  # noqa: S324 - a key
    Path(__file__).read_bytes() + Path(__file__).with_name("feeds.py").read_bytes()
).hexdigest()[:12]
RECORD_SECONDS = 24 * 3600


def _chunk_prefix(request):
    from home.fragments import row_prefix

    place = f"{row_prefix(request)}:{request.scheme}://{request.get_host()}:{RECORD_CODE_VERSION}"
    return "jdih-records:" + hashlib.sha1(place.encode()).hexdigest()[:16]  # noqa: S324 - a key


def kept_records(request, rows):
    """The JSON of each record of ``rows`` [(page id, content type id, live revision id)] as
    bytes, in their order: kept ones from the cache, the others made (``_make_records``) and kept.
    A record is kept with its page's version: the live revision and the last publication (a
    revision published again keeps its id but changes ``last_updated``)."""
    from django.core.cache import cache

    prefix = _chunk_prefix(request)
    numbers = {pk // RECORDS_PER_CHUNK for pk, _type, _revision in rows}
    found = cache.get_many([f"{prefix}:{number}" for number in numbers])
    chunks = {number: found.get(f"{prefix}:{number}", {}) for number in numbers}
    texts, missing = [], []
    for row in rows:
        kept = chunks[row[0] // RECORDS_PER_CHUNK].get(row[0])
        if kept is not None and kept[0] == row[2]:
            texts.append(kept[1])
        else:
            texts.append(None)
            missing.append(row)
    if not missing:
        return texts
    made = _make_records(request, missing)
    changed = {}
    for pk, _type, revision in missing:
        if pk in made:  # not withdrawn in between
            number = pk // RECORDS_PER_CHUNK
            if number not in changed:
                changed[number] = dict(chunks[number])
            changed[number][pk] = (revision, made[pk])
    cache.set_many({f"{prefix}:{number}": chunk for number, chunk in changed.items()}, RECORD_SECONDS)
    texts = [made.get(row[0]) if text is None else text for text, row in zip(texts, rows, strict=True)]
    return [text for text in texts if text is not None]


def _json_list(items):
    """``b"[item, item]"`` from JSON items, with the separators of ``json.dumps``, in one join
    (5,000 records make 4 MB: every copy of it costs)."""
    if not items:
        return b"[]"
    items = [b"[" + items[0], *items[1:]]
    items[-1] += b"]"
    return b", ".join(items)


def _make_records(request, rows):
    """{page id: JSON as bytes} of the records of ``rows``: one query per type among them, four for
    the abstracts of Peraturan (legal bases and their pages, relations and their targets) and one
    for their documents."""
    from django.contrib.contenttypes.models import ContentType

    from home.models import Dokumen, SiteSettings

    ids_by_type = {}
    for pk, content_type, _revision in rows:
        ids_by_type.setdefault(content_type, []).append(pk)
    pages = []
    for model in JDIH_TYPES:
        ids = ids_by_type.get(ContentType.objects.get_for_model(model).pk)
        if ids:
            queryset = model.objects.filter(pk__in=ids)
            if model is PeraturanPage:  # the abstract's legal bases and notes, read with it
                queryset = queryset.select_related("jenis").prefetch_related(
                    "abstrak_dasar_hukum__peraturan", "relasi_keluar__target"
                )
            pages.extend(queryset)
    katalog = SiteSettings.for_request(request)
    documents = Dokumen.objects.in_bulk({pk for page in pages for pk in _document_ids(page)})
    url_of = page_url_maker(request, full=True)
    return {
        page.pk: json.dumps(
            jdih_record(page, request, katalog, documents, url_of), ensure_ascii=False
        ).encode()
        for page in pages
    }


JDIH_TYPES = (PeraturanPage, SuratEdaranPage, JuknisPage)


def _bad_request(message):
    response = JsonResponse({"message": message}, status=400)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _version(revision, published):
    return f"{revision}@{published.isoformat() if published else ''}"


def jdih_feed(request):
    """Published records, newest first, in BPHN's JDIHN key set (docs/jdih.md).

    Without ``?page=`` every record (what the JDIHN harvester reads, in one response; stored by
    the page cache until a publication, one entry per query string). With ``?page=N``,
    ``JDIH_PAGE_SIZE`` records of page N (an empty list past the end), the total in
    ``X-Total-Count`` and the next page in ``Link``. ``?since=<ISO date or datetime>`` keeps the
    records whose ``last_updated`` is at or after it (incremental harvest; with or without
    ``page``). One query for the ids of the records in order; each record is kept per version of
    its page (``kept_records``), so only new or changed ones are read (one query per type among
    them and one for their documents). The total is remembered until a publication.
    """
    from home import page_cache

    try:
        number = _page_number(request)
    except ValueError:
        return _bad_request(PAGE_ERROR.format(size=JDIH_PAGE_SIZE))
    try:
        since = _since(request)
    except ValueError:
        return _bad_request(SINCE_ERROR)
    site_pages = published_pages(request, JDIH_TYPES, newest=number is not None)
    if since is not None:
        site_pages = site_pages.filter(last_published_at__gte=since)
    rows = site_pages.order_by("-first_published_at", "-pk").values_list(
        "pk", "content_type", "live_revision_id", "last_published_at"
    )
    if number is not None:
        # The total changes only with a publication, which purges the feeds (home/page_cache.py).
        total = page_cache.remember(
            page_cache.AGGREGATE,
            f"jdih-total:{request.get_host()}:{since.isoformat() if since else ''}",
            site_pages.count,
        )
        start = (number - 1) * JDIH_PAGE_SIZE
        rows = rows[start : start + JDIH_PAGE_SIZE]
    rows = [(pk, type_id, _version(revision, published)) for pk, type_id, revision, published in rows]
    texts = kept_records(request, rows)
    response = HttpResponse(_json_list(texts), content_type="application/json")
    response["Access-Control-Allow-Origin"] = "*"  # harvested by the national JDIHN portal
    if number is not None:
        response["X-Total-Count"] = str(total)
        response["Access-Control-Expose-Headers"] = "X-Total-Count, Link"
        if number * JDIH_PAGE_SIZE < total:
            query = request.GET.copy()
            query["page"] = str(number + 1)
            response["Link"] = f'<{request.build_absolute_uri(request.path)}?{query.urlencode()}>; rel="next"'
    return response
