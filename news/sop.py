"""The material types of the catalogue, registered with the SOP engine (sop_workflow/registry.py).

Imported once from ``NewsConfig.ready()``. Everything the engine knows about ``news`` comes
from here: the workflow path, the clock, where drafts go, how a register entry prefills a
draft, which library files a page uses, and the *dikecualikan* rule that refuses publication.
"""

from sop_workflow import registry
from sop_workflow.models import SOPRefusal

from . import catalogue, models, status_relasi
from .structure import ensure_listings


def listing_for(model):
    """Where a new draft of ``model`` goes: its listing (the first, if several)."""
    listing = catalogue.listing_of(model).objects.order_by("path").first()
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
        return models.DIKECUALIKAN_REFUSAL + models.dik_note(page.pk)
    return None


def register():
    # Every material type of the catalogue (news/catalogue.py), in the SOP's step 4 order.
    for model in catalogue.sop_types():
        material = model.material
        path = material.sop_path  # registry.FULL / registry.SHORT
        registry.register(
            model,
            label=material.label,
            path=path,
            clock=material.clock,  # registry.OFFICE / registry.WALL
            parent=lambda model=model: listing_for(model),
            prefill=prefill,
            attachments=attached_documents,
            lead_image=lead_image,
            publish_blockers=[dikecualikan, status_relasi.publication_refusal],
            path_note="Berita KPU langsung ke Web Admin (SOP langkah 7)." if path == registry.SHORT else "",
        )
    registry.register_setup(setup)


def setup():
    """``manage.py setup_sop``: the listings exist; the roles get their permissions on them; the
    PPID's groups may establish DIP editions and keep the DIK (news/dip_admin.py)."""
    from .dip_admin import grant_ppid_permissions

    grant_ppid_permissions()
    return list(ensure_listings().values())
