"""POST data for the page editor, as the admin's own JavaScript would send it."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


def base_fields(title, slug, documents=()):
    return {
        "title": title,
        "slug": slug,
        "tanggal": "2024-05-01",
        "ringkasan": f"Ringkasan {title}.",
        "lampiran": streamfield([("lampiran", {"dokumen": doc.pk, "judul": ""}) for doc in documents]),
        "kategori_informasi": "setiap_saat",
        "unit_penanggung_jawab": "Bagian Hukum, Teknis dan Hupmas",
        "comments": inline_formset([]),
    }


def body(text):
    return streamfield([("paragraf", rich_text(f"<p>{text}</p>"))])


def type_fields(model_name, jenis_peraturan=None):
    """The fields specific to each material type, filled in as an editor would.

    Literal on purpose: these are one editor's answers per type, not a list of the types (that is
    news/catalogue.py). tests/news/test_page_tree.py creates a page of every catalogued type with
    them, so a new type without its answers here fails there by name."""
    return {
        "peraturanpage": {
            "jenis": jenis_peraturan.pk if jenis_peraturan else "",
            "nomor": "3",
            "tahun": "2024",
            "tentang": "Tata Kerja Rapat Pleno",
            "tempat_penetapan": "Serang",
            "tanggal_penetapan": "2024-05-01",
            "tanggal_pengundangan": "",
            "teu_badan": "Indonesia. Komisi Pemilihan Umum Provinsi Banten",
            "penandatangan": "Ketua KPU Provinsi Banten",
            "subjek": "PEMILU",
            "bahasa": "Indonesia",
            "sumber": "",
            "bidang_hukum": "Hukum Tata Negara",
            "status": "berlaku",
            "relasi_keluar": inline_formset([]),
            "abstrak_dasar_hukum": inline_formset([]),
        },
        "suratedaranpage": {
            "nomor": "5/PP.01-SD/36/2024",
            "tanggal_surat": "2024-03-04",
            "perihal": "Pemutakhiran Data Pemilih",
            "ditujukan_kepada": "Ketua KPU Kabupaten/Kota se-Provinsi Banten",
            "status": "berlaku",
        },
        "juknispage": {
            "jenis": "juklak",
            "nomor": "7",
            "tahun": "2024",
            "tentang": "Rekapitulasi",
            "tahapan_pemilu": "rekapitulasi",
            "status": "berlaku",
        },
        "laporankeuanganpage": {"tahun_anggaran": "2024", "periode": "tw2", "jenis_laporan": "neraca"},
        "pengumumanpage": {"nomor": "1/PU/2024", "isi": body("Isi pengumuman."), "berlaku_sampai": ""},
        "beritapage": {
            "gambar_utama": "",
            "gambar_alt": "",
            "isi": body("Isi berita."),
            "byline": "Tim Humas",
            "tags": "pleno, rekapitulasi",
        },
        "galerikegiatanpage": {
            "tempat_kegiatan": "Aula KPU Provinsi Banten, Serang",
            "foto": streamfield([]),
            "tautan_video": "",
        },
    }[model_name]


def page_form_data(model_name, title, slug, documents=(), jenis_peraturan=None, **extra):
    data = base_fields(title, slug, documents)
    data.update(type_fields(model_name, jenis_peraturan))
    data.update(extra)
    return nested_form_data(data)
