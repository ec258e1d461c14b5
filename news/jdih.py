"""The JDIH integration feed: Peraturan, Surat Edaran and Juknis/Juklak with the field names of
the national JDIHN JSON feed (Jaringan Dokumentasi dan Informasi Hukum Nasional), so the
national portal can harvest them."""

import hashlib
import json
from pathlib import Path

from django.http import HttpResponse, JsonResponse

from .feeds import clean_text, published_pages
from .models import JuknisPage, PeraturanPage, StatusBerlaku, SuratEdaranPage
from .page_urls import page_url_maker


def _iso(value):
    return value.isoformat() if value else ""


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


def jdih_record(page, request, penerbit, documents, url_of):
    """One document, JDIHN field names."""
    specific = {
        PeraturanPage: lambda p: {
            "jenis": p.jenis.nama,
            "singkatanJenis": p.jenis.singkatan,
            "noPeraturan": p.nomor,
            "tahun_pengundangan": str(p.tanggal_pengundangan.year if p.tanggal_pengundangan else p.tahun),
            "tanggal_pengundangan": _iso(p.tanggal_pengundangan),
            "tanggal_penetapan": _iso(p.tanggal_penetapan),
            "tempatTerbit": p.tempat_penetapan,
            "sumber": p.sumber,
            "subjek": p.subjek,
            "bahasa": p.bahasa,
            "bidangHukum": p.bidang_hukum,
            "teuBadan": p.teu_badan,
            "penandatangan": p.penandatangan,
            "status": p.get_status_display(),
        },
        SuratEdaranPage: lambda p: {
            "jenis": "Surat Edaran",
            "singkatanJenis": "SE",
            "noPeraturan": p.nomor,
            "tahun_pengundangan": str(p.tanggal_surat.year),
            "tanggal_pengundangan": "",
            "tanggal_penetapan": _iso(p.tanggal_surat),
            "status": p.get_status_display(),
        },
        JuknisPage: lambda p: {
            "jenis": p.get_jenis_display(),
            "singkatanJenis": p.jenis.upper(),
            "noPeraturan": p.nomor,
            "tahun_pengundangan": str(p.tahun),
            "tanggal_pengundangan": "",
            "tanggal_penetapan": _iso(p.tanggal),
            "status": p.get_status_display(),
        },
    }[type(page)](page)
    file_name, file_url = _first_document(page, request, documents)
    record = {
        "idData": str(page.pk),
        "judul": page.title,
        "noPanggil": "-",
        "cetakan": "",
        "tempatTerbit": "Serang",
        "penerbit": penerbit,
        "deskripsiFisik": "",
        "sumber": "",
        "subjek": "",
        "isbn": "",
        "bahasa": "Indonesia",
        "bidangHukum": "Hukum Tata Negara",
        "teuBadan": "Indonesia. Komisi Pemilihan Umum Provinsi Banten",
        "nomorIndukBuku": "",
        "fileDownload": file_name,
        "urlDownload": file_url,
        "abstrak": page.ringkasan,
        "urlabstrak": "",
        "urlDetailPeraturan": url_of(page.url_path),
        "display": "1",
        **specific,
    }
    record.setdefault("status", StatusBerlaku.BERLAKU.label)
    return {key: clean_text(value) for key, value in record.items()}


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
    bytes, in their order: kept ones from the cache, the others made (``_make_records``) and kept."""
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
    """{page id: JSON as bytes} of the records of ``rows``: one query per type among them and one
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
            pages.extend(queryset.select_related("jenis") if model is PeraturanPage else queryset)
    penerbit = SiteSettings.for_request(request).nama_instansi
    documents = Dokumen.objects.in_bulk({pk for page in pages for pk in _document_ids(page)})
    url_of = page_url_maker(request, full=True)
    return {
        page.pk: json.dumps(
            jdih_record(page, request, penerbit, documents, url_of), ensure_ascii=False
        ).encode()
        for page in pages
    }


JDIH_TYPES = (PeraturanPage, SuratEdaranPage, JuknisPage)


def jdih_feed(request):
    """Published records, newest first, in JDIHN field names.

    Without ``?page=`` every record (what the JDIHN harvester reads, in one response; stored by
    the page cache until a publication). With ``?page=N``, ``JDIH_PAGE_SIZE`` records of page N
    (an empty list past the end), the total in ``X-Total-Count`` and the next page in ``Link``.
    One query for the ids of the records in order; each record is kept per version of its page
    (``kept_records``), so only new or changed ones are read (one query per type among them and
    one for their documents). The total is remembered until a publication.
    """
    from home import page_cache

    try:
        number = _page_number(request)
    except ValueError:
        response = JsonResponse({"message": PAGE_ERROR.format(size=JDIH_PAGE_SIZE)}, status=400)
        response["Access-Control-Allow-Origin"] = "*"
        return response
    site_pages = published_pages(request, JDIH_TYPES, newest=number is not None)
    rows = site_pages.order_by("-first_published_at", "-pk").values_list(
        "pk", "content_type", "live_revision_id"
    )
    if number is not None:
        # The total changes only with a publication, which purges the feeds (home/page_cache.py).
        total = page_cache.remember(
            page_cache.AGGREGATE, f"jdih-total:{request.get_host()}", site_pages.count
        )
        start = (number - 1) * JDIH_PAGE_SIZE
        rows = rows[start : start + JDIH_PAGE_SIZE]
    texts = kept_records(request, list(rows))
    response = HttpResponse(_json_list(texts), content_type="application/json")
    response["Access-Control-Allow-Origin"] = "*"  # harvested by the national JDIHN portal
    if number is not None:
        response["X-Total-Count"] = str(total)
        response["Access-Control-Expose-Headers"] = "X-Total-Count, Link"
        if number * JDIH_PAGE_SIZE < total:
            response["Link"] = f'<{request.build_absolute_uri(request.path)}?page={number + 1}>; rel="next"'
    return response
