"""The six material types, registered with the SOP engine (sop_workflow/registry.py).

Imported once from ``NewsConfig.ready()``. Everything the engine knows about ``news`` comes
from here: the workflow path, the clock, where drafts go, how a register entry prefills a
draft, which library files a page uses, and the *dikecualikan* rule that refuses publication.
"""

from sop_workflow import registry
from sop_workflow.models import SOPRefusal

from . import models
from .structure import LISTINGS, ensure_listings

# (page model, label in the register, SOP path, clock), in the register's order.
TYPES = (
    (models.PeraturanPage, "Peraturan", registry.FULL, registry.OFFICE),
    (models.SuratEdaranPage, "Surat Edaran", registry.FULL, registry.OFFICE),
    (models.LaporanKeuanganPage, "Laporan Keuangan", registry.FULL, registry.OFFICE),
    (models.JuknisPage, "Juknis/Juklak", registry.FULL, registry.OFFICE),
    (models.PengumumanPage, "Pengumuman", registry.FULL, registry.OFFICE),
    # SOP step 7: Berita KPU goes straight to Web Admin, timed around the clock.
    (models.BeritaPage, "Berita", registry.SHORT, registry.WALL),
)


def listing_for(model):
    """Where a new draft of ``model`` goes: its listing (the first, if several)."""
    index_model = next(index for index, *_rest in LISTINGS if getattr(index, "child_model", None) is model)
    listing = index_model.objects.order_by("path").first()
    if listing is None:
        raise SOPRefusal("Halaman daftar untuk jenis ini belum ada: jalankan `manage.py setup_sop`.")
    return listing


def prefill(surat):
    """Field values a new draft of the requested type takes from the register entry."""
    values = {
        "title": surat.perihal,
        "ringkasan": surat.perihal,
        "tentang": surat.perihal,
        "perihal": surat.perihal,
        "tahun": surat.tanggal_surat.year,
        "tahun_anggaran": surat.tanggal_surat.year,
        "tanggal_penetapan": surat.tanggal_surat,
        "tanggal_surat": surat.tanggal_surat,
    }
    model = surat.page_model
    names = {field.name for field in model._meta.get_fields()}
    values = {name: value for name, value in values.items() if name in names}
    if "jenis" in names and model._meta.get_field("jenis").is_relation:
        jenis = models.JenisPeraturan.objects.order_by("nama").first()
        if jenis is None:
            raise SOPRefusal(
                "Belum ada jenis peraturan. Minta administrator menambahkannya di Cuplikan → Jenis peraturan."
            )
        values["jenis"] = jenis
    return values


def attached_documents(page):
    return {value["dokumen"].pk for value in page.attachments}


def lead_image(page):
    return getattr(page, "gambar_utama_id", None)


def dikecualikan(page):
    """UU 14/2008 Pasal 17: excluded information is never published."""
    if getattr(page, "kategori_informasi", None) == models.KategoriInformasi.DIKECUALIKAN:
        return models.DIKECUALIKAN_REFUSAL
    return None


def register():
    for model, label, path, clock in TYPES:
        registry.register(
            model,
            label=label,
            path=path,
            clock=clock,
            parent=lambda model=model: listing_for(model),
            prefill=prefill,
            attachments=attached_documents,
            lead_image=lead_image,
            publish_blockers=[dikecualikan],
            path_note="Berita KPU langsung ke Web Admin (SOP langkah 7)." if path == registry.SHORT else "",
        )
    registry.register_setup(setup)


def setup():
    """``manage.py setup_sop``: the listings exist; the roles get their permissions on them."""
    return list(ensure_listings().values())
