"""SOP steps 1-3 as actions on the register: who may do what, and the life of an entry.

Every action re-reads the entry under a row lock and re-checks its rule, so a direct POST, a
stale form or two people acting at once change nothing they are not allowed to.
"""

import hashlib
import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import slugify
from wagtail.coreutils import find_available_slug
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Collection, CollectionViewRestriction, ReferenceIndex

from . import conf, registry
from .clock import due
from .models import (
    BerkasSuratMasuk,
    Disposisi,
    PengaturanSOP,
    SOPRefusal,
    StatusSurat,
    SuratMasuk,
)
from .models.intake import sees_whole_register
from .roles import KABAG, KASUBAG, PENULIS, WEB_ADMIN, user_label

INTAKE_EXTENSIONS = ("pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png")
IMAGE_EXTENSIONS = ("jpg", "jpeg", "png")

# --- Uploads --------------------------------------------------------------------------------


def validate_berkas(upload):
    """Allowed type checked by content, and the size limit from settings."""
    limit = settings.SURAT_MASUK_MAX_UPLOAD_SIZE
    if upload.size > limit:
        raise ValidationError(
            f"Berkas “{PurePath(upload.name).name}” berukuran {filesizeformat(upload.size)}; "
            f"batasnya {filesizeformat(limit)}."
        )
    for validator in conf.upload_validators():
        validator(upload, upload.name, allowed=INTAKE_EXTENSIONS)
    if PurePath(upload.name).suffix.lower().lstrip(".") in IMAGE_EXTENSIONS:
        _verify_image(upload)


def _verify_image(upload):
    """The whole image must decode, within Pillow's pixel limit (no decompression bombs)."""
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as image:
                image.verify()
    except Exception as exc:  # noqa: BLE001 - any decoder failure means an unusable image
        raise ValidationError(
            f"Gambar “{PurePath(upload.name).name}” tidak dapat dibaca (rusak, terlalu besar, atau bukan "
            "gambar). Unggah ulang berkas aslinya."
        ) from exc
    finally:
        upload.seek(0)


def store_berkas(surat, upload, user):
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    berkas = BerkasSuratMasuk(
        surat=surat,
        nama_asli=PurePath(upload.name).name[:255],
        ukuran=upload.size,
        sha256=digest.hexdigest(),
        diunggah_oleh=user,
    )
    disk_full = conf.disk_full_error()
    try:
        berkas.berkas.save(upload.name, upload, save=False)  # stored under a random name
    except disk_full as error:  # name the file as the user knows it
        raise disk_full(error.errno, upload.name) from error
    berkas.save()
    return berkas


# --- Who may do what ------------------------------------------------------------------------


def is_kabag(user):
    return user.is_superuser or user.has_perm("sop_workflow.add_suratmasuk")


def can_view(user, surat):
    if not (user.is_superuser or user.has_perm("sop_workflow.view_suratmasuk")):
        return False
    if sees_whole_register(user):
        return True
    # A writer: only entries whose current writer they are (step 2), from the prefetched chain.
    current = surat.current(Disposisi.Langkah.PENULIS)
    return current is not None and current.kepada_id == user.pk


def _locked(surat):
    """The entry re-read under a row lock, with its current status and chain."""
    return SuratMasuk.objects.select_for_update().with_status().get(pk=surat.pk)


def rule_assign_kasubag(user, surat):
    """Step 1: only Kabag, before a writer is assigned (re-assigning is allowed until then)."""
    if not is_kabag(user):
        return "Hanya Kabag yang mendisposisikan surat masuk kepada Kasubag."
    if surat.status not in (StatusSurat.DITERIMA, StatusSurat.DISPOSISI_KASUBAG):
        return f"Disposisi kepada Kasubag tidak dapat diubah lagi: status surat “{surat.status.label}”."
    return None


def rule_assign_writer(user, surat):
    """Step 2: the assigned Kasubag (or Kabag), before the draft is started."""
    if not (is_kabag(user) or (surat.kasubag is not None and surat.kasubag.pk == user.pk)):
        return "Hanya Kasubag yang menerima disposisi surat ini (atau Kabag) yang dapat menugaskan penulis."
    if surat.status not in (StatusSurat.DISPOSISI_KASUBAG, StatusSurat.DISPOSISI_PENULIS):
        return f"Penulis tidak dapat ditugaskan: status surat “{surat.status.label}”."
    return None


def rule_create_draft(user, surat):
    """Step 3: the assigned writer, once."""
    if surat.penulis is None or surat.penulis.pk != user.pk:
        return "Hanya penulis yang ditugaskan pada surat ini yang dapat membuat konsepnya."
    if surat.status != StatusSurat.DISPOSISI_PENULIS:
        if surat.page_id:
            return "Konsep untuk surat ini sudah dibuat; buka konsep yang ada."
        return f"Konsep tidak dapat dibuat: status surat “{surat.status.label}”."
    return None


def rule_cancel(user, surat):
    if not is_kabag(user):
        return "Hanya Kabag yang dapat membatalkan surat masuk."
    if surat.status in (StatusSurat.TERBIT, StatusSurat.DIJADWALKAN, StatusSurat.DIBATALKAN):
        return f"Surat berstatus “{surat.status.label}” tidak dapat dibatalkan."
    if surat.status == StatusSurat.DITINJAU:
        return "Konsepnya sedang dalam alur SOP: batalkan alurnya terlebih dahulu (tombol “Batalkan alur SOP…” di halaman surat ini), dengan alasannya."
    return None


def rule_edit(user, surat):
    if not is_kabag(user):
        return "Hanya Kabag yang dapat mengubah data surat masuk."
    if surat.status in (StatusSurat.TERBIT, StatusSurat.DIBATALKAN):
        return f"Surat berstatus “{surat.status.label}” tidak dapat diubah lagi."
    return None


def require(rule, user, surat):
    reason = rule(user, surat)
    if reason:
        raise SOPRefusal(reason)


# --- Actions --------------------------------------------------------------------------------


def kasubag_choices():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=KASUBAG)
        .order_by("first_name", "username")
    )


def writer_choices():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=PENULIS)
        .order_by("first_name", "username")
    )


@transaction.atomic
def assign(surat, langkah, user, kepada, instruksi):
    """Record a disposition (step 1 or 2) after re-checking the rule under a row lock."""
    surat = _locked(surat)
    if langkah == Disposisi.Langkah.KASUBAG:
        require(rule_assign_kasubag, user, surat)
        allowed, waktu_baku = kasubag_choices(), PengaturanSOP.load().langkah_2
    else:
        require(rule_assign_writer, user, surat)
        allowed, waktu_baku = writer_choices(), PengaturanSOP.load().langkah_3
    if not allowed.filter(pk=kepada.pk).exists():
        raise SOPRefusal(f"{user_label(kepada)} tidak dapat menerima disposisi langkah {langkah}.")
    current = surat.current(langkah)
    if current is not None and (current.dari_id, current.kepada_id, current.instruksi) == (
        user.pk,
        kepada.pk,
        instruksi,
    ):
        # The same disposition again (a double click, a retry): it is already recorded, once.
        return current
    now = timezone.now()
    return Disposisi.objects.create(
        surat=surat,
        langkah=langkah,
        dari=user,
        kepada=kepada,
        dari_nama=user_label(user),
        kepada_nama=user_label(kepada),
        instruksi=instruksi,
        dibuat_pada=now,
        waktu_baku=waktu_baku,
        tenggat=due(now, waktu_baku, surat.jenis_publikasi, surat.mendesak),
    )


@transaction.atomic
def cancel(surat, user, alasan):
    surat = _locked(surat)
    require(rule_cancel, user, surat)
    SuratMasuk.objects.filter(pk=surat.pk).update(
        dibatalkan_pada=timezone.now(), dibatalkan_oleh=user, alasan_batal=alasan
    )


DRAFT_COLLECTION = "Bahan surat masuk (belum terbit)"


def draft_collection():
    """Where the copies of a register entry's files wait: opened only by Kabag, Kasubag and Web
    Admin, listed by no public API, never public while they stay in it (home/file_privacy.py).

    (Writers have the originals in the register; other writers must not read a colleague's
    unpublished material.) The copies are references for the writer, not attachments: those the
    writer attaches leave this collection when the page is published (``release_attachments``).
    """
    from django.contrib.auth.models import Group

    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=DRAFT_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=DRAFT_COLLECTION)
    restriction, _ = CollectionViewRestriction.objects.get_or_create(
        collection=collection, defaults={"restriction_type": CollectionViewRestriction.GROUPS}
    )
    restriction.groups.set(Group.objects.filter(name__in=[KABAG, KASUBAG, WEB_ADMIN]))
    return collection


def listing_for(model):
    """Where a new draft of ``model`` goes (its registration's ``parent``)."""
    return registry.get(model).parent()


class StoredFiles:
    """Files written inside a transaction, removed again if the transaction fails.

    The database rolls back by itself; storage does not. Use as a context manager around the
    work that follows the writes.
    """

    def __init__(self):
        self.files = []

    def add(self, fieldfile):
        self.files.append((fieldfile.storage, fieldfile.name))

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, traceback):
        if exc_type is not None:
            for storage, name in self.files:
                storage.delete(name)
        return False


def _copy_into_library(surat, user, stored):
    """The entry's files as library documents and images, in the restricted collection, for the
    writer to choose from (the Nota Dinas itself is internal: it is not attached by itself)."""
    collection = draft_collection()
    # An unguessable folder per draft: the copies keep their names (for the public download
    # later) but no one finds them in the media folder before publication.
    folder = f"konsep-{uuid.uuid4().hex}"
    documents, images = [], []
    for berkas in surat.berkas.all():
        title = PurePath(berkas.nama_asli).stem[:255] or berkas.nama_asli
        with berkas.berkas.open("rb") as handle:
            content = File(handle, name=f"{folder}/{berkas.nama_asli}")
            if berkas.extension in IMAGE_EXTENSIONS:
                item = get_image_model()(
                    title=title, collection=collection, uploaded_by_user=user, file=content
                )
                item._set_image_file_metadata()
                images.append(item)
            else:
                item = get_document_model()(
                    title=title, collection=collection, uploaded_by_user=user, file=content
                )
                item._set_document_file_metadata()
                documents.append(item)
            item.save()
            stored.add(item.file)
    return documents, images


@transaction.atomic
def create_draft(surat, user):
    """Step 3 starts in the editor: a draft of the requested type, prefilled and linked.

    The entry's files (the Nota Dinas, Surat Tembusan... and what came with them) are copied into
    the restricted collection as *references*: the draft's lampiran and gambar utama stay empty.
    What goes public is the writer's choice, made in the editor, where the SOP panel lists the
    copies (sop_workflow/panels.py); the reviewers then see it before it is published.
    """
    surat = _locked(surat)
    require(rule_create_draft, user, surat)
    model = surat.page_model
    listing = listing_for(model)
    page = model(**surat.governed.prefill(surat), owner=user, live=False)
    page.slug = find_available_slug(listing, slugify(surat.perihal)[:80] or f"konsep-{surat.nomor_urut}")
    with StoredFiles() as stored:
        try:
            documents, images = _copy_into_library(surat, user, stored)
        except OSError as exc:
            raise SOPRefusal(
                "Berkas bahan tidak dapat dibaca dari penyimpanan, jadi konsep belum dibuat. "
                "Periksa berkasnya di halaman surat, atau hubungi pengelola sistem."
            ) from exc
        listing.add_child(instance=page)
        log(instance=page, action="wagtail.create", user=user)
        page.save_revision(user=user, log_action=False, clean=False)  # a draft: completed later
        log(
            instance=page,
            action="sop_workflow.konsep_dari_surat",
            user=user,
            data={
                "surat": {"id": surat.pk, "nomor_agenda": surat.nomor_agenda, "perihal": surat.perihal},
                # The reference copies, for the editor's panel (``reference_files``).
                "bahan": {"dokumen": [item.pk for item in documents], "gambar": [item.pk for item in images]},
            },
        )
        linked = SuratMasuk.objects.filter(pk=surat.pk, page__isnull=True).update(page=page)
        if linked != 1:
            raise SOPRefusal(
                "Konsep untuk surat ini baru saja dibuat oleh pengguna lain. Muat ulang halaman."
            )
    return page


def release_attachments(page):
    """On publication, the reference copies the page uses (attached as lampiran, in a block, a
    rich text link or as gambar utama) leave the restricted collection, so that the rule of
    home/file_privacy.py makes them public while a live page uses them. Copies the writer did
    not use stay restricted. Wagtail has updated the page's reference index when it saved the
    page as live, before ``page_published`` (the task backend runs at once)."""
    from django.contrib.contenttypes.models import ContentType

    held = Collection.objects.filter(name=DRAFT_COLLECTION).first()
    if held is None:
        return
    root = Collection.get_first_root_node()
    references = ReferenceIndex.get_references_for_object(page)
    for model in (get_document_model(), get_image_model()):
        ids = references.filter(to_content_type=ContentType.objects.get_for_model(model)).values_list(
            "to_object_id", flat=True
        )
        for item in model.objects.filter(pk__in=[int(pk) for pk in ids], collection=held):
            item.collection = root
            item.save(update_fields=["collection"])


def reference_files(surat):
    """The library copies of an entry's files made with its draft, as (documents, images); the
    writer may attach them (none are attached by themselves, ``create_draft``)."""
    from wagtail.models import PageLogEntry

    if not surat.page_id:
        return [], []
    entry = (
        PageLogEntry.objects.filter(page_id=surat.page_id, action="sop_workflow.konsep_dari_surat")
        .order_by("pk")
        .first()
    )
    bahan = (entry.data or {}).get("bahan", {}) if entry else {}
    documents = list(get_document_model().objects.filter(pk__in=bahan.get("dokumen", [])).order_by("pk"))
    images = list(get_image_model().objects.filter(pk__in=bahan.get("gambar", [])).order_by("pk"))
    return documents, images
