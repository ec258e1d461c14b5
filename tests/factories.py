"""Test data: factories for media, jenis peraturan and every material type's page.

Pages are created the way editors create them: ``parent.add_child`` then a revision, published
unless ``publish=False`` is passed.
"""

import datetime
import io

import factory
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile

from home.demo_files import image_bytes, pdf_bytes
from home.models import Dokumen, Gambar
from news import models as news
from news.catalogue import publication_types


class DokumenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dokumen

    title = factory.Sequence(lambda n: f"Lampiran uji {n}")
    file = factory.LazyAttribute(
        lambda o: ContentFile(pdf_bytes(o.title, ["Dokumen uji."]), name="lampiran.pdf")
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        document = model_class(*args, **kwargs)
        document._set_document_file_metadata()
        document.save()
        return document


class GambarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gambar

    title = factory.Sequence(lambda n: f"Foto uji {n}")
    description = factory.LazyAttribute(lambda o: f"Deskripsi {o.title}")
    file = factory.LazyAttribute(
        lambda o: ImageFile(io.BytesIO(image_bytes(o.title, size=(640, 360))), name="foto.jpg")
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        image = model_class(*args, **kwargs)
        image._set_image_file_metadata()
        image.save()
        return image


class JenisPeraturanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = news.JenisPeraturan
        django_get_or_create = ("nama",)

    nama = "Peraturan Komisi Pemilihan Umum"
    singkatan = "PKPU"


def attachments(*documents):
    return [{"type": "lampiran", "value": {"dokumen": doc.pk, "judul": ""}} for doc in documents]


class PageFactory(factory.Factory):
    """Builds a page and adds it under ``parent``; published unless ``publish=False``."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Publikasi uji {n}")
    slug = factory.Sequence(lambda n: f"publikasi-uji-{n}")
    tanggal = datetime.date(2024, 5, 1)
    ringkasan = factory.LazyAttribute(lambda o: f"Ringkasan {o.title}.")

    @classmethod
    def _create(cls, model_class, *args, parent=None, publish=True, **kwargs):
        if parent is None:
            raise ValueError("PageFactory needs parent=<listing page>")
        relasi = kwargs.pop("relasi", ())
        tags = kwargs.pop("tags", ())
        page = model_class(*args, **kwargs)
        if not publish:
            # As the admin's "save draft" on a new page: not live until published.
            page.live = False
        for item in relasi:
            page.relasi_keluar.add(item)
        parent.add_child(instance=page)
        if tags:
            page.tags.add(*tags)
            page.save()
        revision = page.save_revision()
        if publish:
            revision.publish()
            page.refresh_from_db()
        return page


class PeraturanFactory(PageFactory):
    class Meta:
        model = news.PeraturanPage

    jenis = factory.SubFactory(JenisPeraturanFactory)
    nomor = factory.Sequence(lambda n: str(n + 1))
    tahun = 2024
    tentang = "Tata Kerja Rapat Pleno"
    tanggal_penetapan = datetime.date(2024, 5, 1)
    penandatangan = "Ketua KPU Provinsi Banten"


class SuratEdaranFactory(PageFactory):
    class Meta:
        model = news.SuratEdaranPage

    nomor = factory.Sequence(lambda n: f"{n + 1}/PP.01-SD/36/2024")
    tanggal_surat = datetime.date(2024, 3, 4)
    perihal = "Pemutakhiran Data Pemilih"
    ditujukan_kepada = "Ketua KPU Kabupaten/Kota se-Provinsi Banten"


class JuknisFactory(PageFactory):
    class Meta:
        model = news.JuknisPage

    jenis = "juknis"
    nomor = factory.Sequence(lambda n: str(n + 1))
    tahun = 2024
    tentang = "Pemutakhiran Data Pemilih"
    tahapan_pemilu = "pemutakhiran"


class LaporanKeuanganFactory(PageFactory):
    class Meta:
        model = news.LaporanKeuanganPage

    tahun_anggaran = 2024
    periode = "sem1"
    jenis_laporan = "lra"


class PengumumanFactory(PageFactory):
    class Meta:
        model = news.PengumumanPage

    nomor = factory.Sequence(lambda n: f"{n + 1}/PP.04-Pu/36/2024")
    isi = factory.LazyAttribute(lambda o: [{"type": "paragraf", "value": f"<p>Isi {o.title}.</p>"}])
    berlaku_sampai = None


class BeritaFactory(PageFactory):
    class Meta:
        model = news.BeritaPage

    isi = factory.LazyAttribute(lambda o: [{"type": "paragraf", "value": f"<p>Isi {o.title}.</p>"}])
    byline = "Tim Humas KPU Provinsi Banten"


class EntriDIPLuringFactory(factory.django.DjangoModelFactory):
    """A DIP row for information held only on paper."""

    class Meta:
        model = news.EntriDIPLuring

    judul = factory.Sequence(lambda n: f"Arsip tercetak {n}")
    ringkasan = factory.LazyAttribute(lambda o: f"Ringkasan {o.judul}.")
    pejabat_penguasa = "Subbagian Umum"
    penanggung_jawab = "Kepala Bagian Hukum, Teknis dan Hupmas"
    tempat_pembuatan = "Serang"
    tanggal_pembuatan = datetime.date(2023, 3, 1)
    bentuk = "cetak"
    jangka_waktu = "5 tahun"
    kategori_informasi = "setiap_saat"


class InformasiDikecualikanFactory(factory.django.DjangoModelFactory):
    """A row of the DIK with its consequence test."""

    class Meta:
        model = news.InformasiDikecualikan

    informasi = factory.Sequence(lambda n: f"Informasi dikecualikan {n}")
    dasar_hukum = "UU 14/2008 Pasal 17 huruf h"
    konsekuensi = "Membuka data pribadi pemilih yang dilindungi."
    jangka_waktu = "5 tahun"
    berlaku_sampai = datetime.date(2030, 12, 31)
    nomor_sk = "12/PPID/2026"
    tanggal_sk = datetime.date(2026, 1, 5)


class GaleriKegiatanFactory(PageFactory):
    class Meta:
        model = news.GaleriKegiatanPage

    tempat_kegiatan = "Aula KPU Provinsi Banten, Serang"


def type_key(model):
    """A material type's key in the tests' dicts (the ``listings`` fixture...): its search slug
    with underscores ("surat_edaran", "galeri_kegiatan")."""
    return model.material.search_slug.replace("-", "_")


def factory_for(model):
    """The factory of a material type's page class (every type has one: checked here)."""
    factories = {f._meta.model: f for f in PageFactory.__subclasses__()}
    if model not in factories:
        raise LookupError(f"tests/factories.py has no factory for {model.__name__}")
    return factories[model]


def factories_by_key():
    """{type_key: factory} for every material type of news/catalogue.py, in menu order."""
    return {type_key(model): factory_for(model) for model in publication_types()}
