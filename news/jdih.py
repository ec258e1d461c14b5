"""The JDIH integration feed: Peraturan, Surat Edaran and Juknis/Juklak with the field names of
the national JDIHN JSON feed (Jaringan Dokumentasi dan Informasi Hukum Nasional), so the
national portal can harvest them."""

from django.http import JsonResponse

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


def jdih_feed(request):
    """Published records, newest first, in JDIHN field names.

    Without ``?page=`` every record (what the JDIHN harvester reads, in one response; stored by
    the page cache until a publication). With ``?page=N``, ``JDIH_PAGE_SIZE`` records of page N
    (an empty list past the end), the total in ``X-Total-Count`` and the next page in ``Link``.
    One query per type and one for the documents (paged: the page's ids, and a query per type
    among them; the total is remembered until a publication).
    """
    from home.models import Dokumen, SiteSettings

    try:
        number = _page_number(request)
    except ValueError:
        response = JsonResponse({"message": PAGE_ERROR.format(size=JDIH_PAGE_SIZE)}, status=400)
        response["Access-Control-Allow-Origin"] = "*"
        return response
    models = (PeraturanPage, SuratEdaranPage, JuknisPage)
    penerbit = SiteSettings.for_request(request).nama_instansi
    site_pages = published_pages(request, models)
    newest_first = ("-first_published_at", "-pk")
    if number is None:
        scope = {model: model.objects.filter(pk__in=site_pages.values("pk")) for model in models}
    else:
        from django.contrib.contenttypes.models import ContentType

        from home import page_cache

        # The total changes only with a publication, which purges the feeds (home/page_cache.py).
        total = page_cache.remember(
            page_cache.AGGREGATE, f"jdih-total:{request.get_host()}", site_pages.count
        )
        start = (number - 1) * JDIH_PAGE_SIZE
        # The page's ids and types first (one sort of the records, not one per type), then only
        # the types the page holds.
        rows = site_pages.order_by(*newest_first).values_list("pk", "content_type")[
            start : start + JDIH_PAGE_SIZE
        ]
        ids_by_type = {}
        for pk, content_type in rows:
            ids_by_type.setdefault(content_type, []).append(pk)
        scope = {
            model: model.objects.filter(pk__in=ids_by_type[type_id])
            for model in models
            if (type_id := ContentType.objects.get_for_model(model).pk) in ids_by_type
        }
    pages = []
    for model, queryset in scope.items():
        if model is PeraturanPage:
            queryset = queryset.select_related("jenis")
        pages.extend(queryset)
    pages.sort(key=lambda page: (page.first_published_at, page.pk), reverse=True)
    documents = Dokumen.objects.in_bulk({pk for page in pages for pk in _document_ids(page)})
    url_of = page_url_maker(request, full=True)
    data = [jdih_record(page, request, penerbit, documents, url_of) for page in pages]
    response = JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # harvested by the national JDIHN portal
    if number is not None:
        response["X-Total-Count"] = str(total)
        response["Access-Control-Expose-Headers"] = "X-Total-Count, Link"
        if number * JDIH_PAGE_SIZE < total:
            response["Link"] = f'<{request.build_absolute_uri(request.path)}?page={number + 1}>; rel="next"'
    return response
