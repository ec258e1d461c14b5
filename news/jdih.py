"""The JDIH integration feed: Peraturan, Surat Edaran and Juknis/Juklak with the field names of
the national JDIHN JSON feed (Jaringan Dokumentasi dan Informasi Hukum Nasional), so the
national portal can harvest them."""

from django.http import JsonResponse

from .feeds import clean_text, published_pages
from .models import JuknisPage, PeraturanPage, StatusBerlaku, SuratEdaranPage


def _iso(value):
    return value.isoformat() if value else ""


def _first_document(page, request):
    for value in page.attachments:
        document = value["dokumen"]
        return document.filename, request.build_absolute_uri(document.url)
    return "", ""


def jdih_record(page, request, penerbit):
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
    file_name, file_url = _first_document(page, request)
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
    from home.models import SiteSettings

    penerbit = SiteSettings.for_request(request).nama_instansi
    pages = (
        published_pages(request, (PeraturanPage, SuratEdaranPage, JuknisPage))
        .order_by("-first_published_at", "-pk")
        .specific()
    )
    data = [jdih_record(page, request, penerbit) for page in pages]
    response = JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # harvested by the national JDIHN portal
    return response
