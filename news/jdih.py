"""The JDIH integration feed: Peraturan, Surat Edaran and Juknis/Juklak with the field names of
the national JDIHN JSON feed (Jaringan Dokumentasi dan Informasi Hukum Nasional), so the
national portal can harvest them."""

from django.http import JsonResponse

from .feeds import clean_text, published_pages
from .models import JuknisPage, PeraturanPage, StatusBerlaku, SuratEdaranPage


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


def jdih_record(page, request, penerbit, documents):
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
        "urlDetailPeraturan": page.get_full_url(request) or "",
        "display": "1",
        **specific,
    }
    record.setdefault("status", StatusBerlaku.BERLAKU.label)
    return {key: clean_text(value) for key, value in record.items()}


def jdih_feed(request):
    """Every published record, newest first: one query per type and one for the documents."""
    from home.models import Dokumen, SiteSettings

    penerbit = SiteSettings.for_request(request).nama_instansi
    site_pages = published_pages(request, (PeraturanPage, SuratEdaranPage, JuknisPage))
    pages = []
    for model in (PeraturanPage, SuratEdaranPage, JuknisPage):
        queryset = model.objects.filter(pk__in=site_pages.values("pk"))
        if model is PeraturanPage:
            queryset = queryset.select_related("jenis")
        pages.extend(queryset)
    pages.sort(key=lambda page: (page.first_published_at, page.pk), reverse=True)
    documents = Dokumen.objects.in_bulk({pk for page in pages for pk in _document_ids(page)})
    data = [jdih_record(page, request, penerbit, documents) for page in pages]
    response = JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # harvested by the national JDIHN portal
    return response
