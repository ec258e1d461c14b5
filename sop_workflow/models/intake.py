"""SOP steps 1-3: the register of incoming material (agenda surat masuk) and its disposition chain.

Material arrives as a Nota Dinas, Surat Tembusan, Surat Permohonan or Disposisi (step 1's
input). Kabag registers it and assigns a Kasubag (step 1), Kasubag assigns a writer (step 2),
the writer drafts the page (step 3). The status of an entry is derived from these records and
from the page's workflow (``SuratMasukQuerySet.with_status``), never typed by hand.
"""

import datetime
import uuid
from pathlib import PurePath

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Case, CharField, Exists, OuterRef, Prefetch, Subquery, Value, When
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import WorkflowState

from .. import registry
from ..clock import due
from ..storage import private_storage


class JenisSurat(models.TextChoices):
    """Step 1's input: how a request to publish arrives."""

    NOTA_DINAS = "nota_dinas", "Nota Dinas"
    SURAT_TEMBUSAN = "surat_tembusan", "Surat Tembusan"
    SURAT_PERMOHONAN = "surat_permohonan", "Surat Permohonan"
    DISPOSISI = "disposisi", "Disposisi"


class Sifat(models.TextChoices):
    """Urgency of the letter, as written on Indonesian official letters."""

    BIASA = "biasa", "Biasa"
    SEGERA = "segera", "Segera"
    SANGAT_SEGERA = "sangat_segera", "Sangat segera"


class StatusSurat(models.TextChoices):
    DITERIMA = "diterima", "Diterima, menunggu disposisi Kabag"
    DISPOSISI_KASUBAG = "disposisi_kasubag", "Didisposisikan ke Kasubag"
    DISPOSISI_PENULIS = "disposisi_penulis", "Didisposisikan ke penulis"
    KONSEP = "konsep", "Konsep sedang ditulis"
    DITINJAU = "ditinjau", "Dalam pemeriksaan alur SOP"
    DIKEMBALIKAN = "dikembalikan", "Dikembalikan ke penulis"
    DIJADWALKAN = "dijadwalkan", "Disetujui, dijadwalkan terbit"
    TERBIT = "terbit", "Terbit"
    DIBATALKAN = "dibatalkan", "Dibatalkan"


def duration_field(verbose_name, default):
    return models.DurationField(
        verbose_name,
        default=default,
        help_text="Standar waktu menurut SOP (jj:mm:dd). Perubahan hanya berlaku untuk langkah yang "
        "dimulai sesudahnya.",
    )


@register_setting(icon="time")
class PengaturanSOP(BaseGenericSetting):
    """The standard times (waktu baku) of SOP steps 1-3; steps 4-7 are set on their tasks."""

    langkah_1 = duration_field(
        "waktu baku langkah 1 (Kabag mendisposisikan ke Kasubag)", datetime.timedelta(minutes=10)
    )
    langkah_2 = duration_field(
        "waktu baku langkah 2 (Kasubag menugaskan penulis)", datetime.timedelta(minutes=5)
    )
    langkah_3 = duration_field("waktu baku langkah 3 (penulis menyusun konsep)", datetime.timedelta(hours=5))

    panels = [
        MultiFieldPanel(
            [FieldPanel("langkah_1"), FieldPanel("langkah_2"), FieldPanel("langkah_3")],
            heading="Waktu baku langkah 1-3",
            help_text="Langkah 4-7 diatur pada tugas alur kerja (Pengaturan → Tugas alur kerja).",
        )
    ]

    class Meta:
        verbose_name = "pengaturan SOP"
        verbose_name_plural = "pengaturan SOP"


def sees_whole_register(user):
    """Kabag, Kasubag, Web Admin (and superusers); the groups are remembered for the request."""
    from ..roles import KABAG, KASUBAG, SEKRETARIS, WEB_ADMIN, group_names

    return user.is_superuser or bool(group_names(user) & {KABAG, KASUBAG, WEB_ADMIN, SEKRETARIS})


class SuratMasukQuerySet(models.QuerySet):
    def with_status(self):
        """Annotate ``status_kode``: what happened to each entry, most advanced state first."""
        from wagtail.models import Page

        from .tasks import PublicationRecord

        page_type = apps.get_model("contenttypes", "ContentType").objects.get_for_model(Page)
        latest_workflow = (
            WorkflowState.objects.filter(
                base_content_type=page_type, object_id=Cast(OuterRef("page_id"), CharField())
            )
            .order_by("-created_at", "-pk")
            .values("status")[:1]
        )
        # The parts are aliases, not selected: each is written into status_kode anyway.
        return self.alias(
            _workflow_status=Subquery(latest_workflow),
            _published=Exists(PublicationRecord.objects.filter(surat_masuk=OuterRef("pk"))),
            _has_writer=Exists(
                Disposisi.objects.filter(surat=OuterRef("pk"), langkah=Disposisi.Langkah.PENULIS)
            ),
            _has_kasubag=Exists(
                Disposisi.objects.filter(surat=OuterRef("pk"), langkah=Disposisi.Langkah.KASUBAG)
            ),
        ).annotate(
            status_kode=Case(
                When(dibatalkan_pada__isnull=False, then=Value(StatusSurat.DIBATALKAN)),
                When(_published=True, then=Value(StatusSurat.TERBIT)),
                When(_workflow_status=WorkflowState.STATUS_IN_PROGRESS, then=Value(StatusSurat.DITINJAU)),
                When(
                    _workflow_status=WorkflowState.STATUS_NEEDS_CHANGES, then=Value(StatusSurat.DIKEMBALIKAN)
                ),
                # Approved, but its go-live date is still ahead (publish_scheduled publishes it).
                When(_workflow_status=WorkflowState.STATUS_APPROVED, then=Value(StatusSurat.DIJADWALKAN)),
                When(page__isnull=False, then=Value(StatusSurat.KONSEP)),
                When(_has_writer=True, then=Value(StatusSurat.DISPOSISI_PENULIS)),
                When(_has_kasubag=True, then=Value(StatusSurat.DISPOSISI_KASUBAG)),
                default=Value(StatusSurat.DITERIMA),
                output_field=CharField(),
            )
        )

    def before_review(self, returned_too=False):
        """A cheap superset of the entries still before the workflow's review (steps 1-3): not
        cancelled, not published, and whose draft has no workflow running (nor, unless
        ``returned_too``, one returned for changes). Worked out with joins, so that the status of
        each entry (``with_status``, a dozen subqueries a row) is then computed for these only,
        not for the whole register.

        A running or returned workflow state is always the page's latest one: Wagtail allows one
        at a time and starts no other while it lasts.
        """
        from wagtail.models import Page

        from .tasks import PublicationRecord

        statuses = [WorkflowState.STATUS_IN_PROGRESS]
        if not returned_too:
            statuses.append(WorkflowState.STATUS_NEEDS_CHANGES)
        under_review = WorkflowState.objects.filter(
            base_content_type=apps.get_model("contenttypes", "ContentType").objects.get_for_model(Page),
            object_id=Cast(OuterRef("page_id"), CharField()),
            status__in=statuses,
        )
        candidates = (
            SuratMasuk.objects.filter(dibatalkan_pada__isnull=True)
            .exclude(Exists(PublicationRecord.objects.filter(surat_masuk=OuterRef("pk"))))
            .exclude(Exists(under_review))
        )
        # As "pk IN (...)": PostgreSQL then estimates the cost on the candidates, not on the
        # whole register (and does not JIT-compile the status expression for each query).
        return self.filter(pk__in=candidates.values("pk"))

    def with_current_task_due(self):
        """Annotate ``tenggat_tugas``: the due time of the workflow step under way, if any."""
        from .tasks import SOPTaskState

        running = SOPTaskState.objects.filter(
            status="in_progress",
            workflow_state__status=WorkflowState.STATUS_IN_PROGRESS,
            workflow_state__object_id=Cast(OuterRef("page_id"), CharField()),
        ).order_by("-started_at")
        return self.annotate(tenggat_tugas=Subquery(running.values("tenggat")[:1]))

    def with_chain(self):
        """The dispositions of each entry, oldest first, in one extra query."""
        return self.select_related("dicatat_oleh", "page").prefetch_related(
            Prefetch(
                "disposisi",
                queryset=Disposisi.objects.select_related("dari", "kepada").order_by("dibuat_pada", "pk"),
            )
        )

    def visible_to(self, user):
        """Kabag, Kasubag and Web Admin see the whole register; a writer only their assignments."""
        if sees_whole_register(user):
            return self
        if not user.has_perm("sop_workflow.view_suratmasuk"):
            return self.none()
        # A writer sees the entries whose current (latest) writer assignment names them.
        current_writer = (
            Disposisi.objects.filter(surat=OuterRef("pk"), langkah=Disposisi.Langkah.PENULIS)
            .order_by("-dibuat_pada", "-pk")
            .values("kepada_id")[:1]
        )
        return self.annotate(_current_writer=Subquery(current_writer)).filter(_current_writer=user.pk)


class SuratMasuk(models.Model):
    """Step 1 of the SOP: an incoming request to publish, registered by Kabag in the agenda."""

    tahun = models.PositiveSmallIntegerField("tahun agenda", editable=False)
    nomor_urut = models.PositiveIntegerField("nomor urut", editable=False)
    jenis_surat = models.CharField("jenis surat", max_length=20, choices=JenisSurat.choices)
    nomor_surat = models.CharField("nomor surat", max_length=100)
    tanggal_surat = models.DateField("tanggal surat")
    pengirim = models.CharField("pengirim", max_length=255, help_text="Unit atau instansi pengirim surat.")
    perihal = models.CharField("perihal", max_length=255)
    diterima_pada = models.DateTimeField(
        "diterima pada",
        default=timezone.now,
        help_text="Tanggal dan jam surat diterima; langkah 1 dihitung dari sini.",
    )
    # A page type governed by the SOP (registry.py); forms and filters use its key
    # (``jenis_publikasi``, the model name, e.g. "pengumumanpage").
    page_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name="jenis publikasi",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Akan diterbitkan sebagai apa.",
    )
    sifat = models.CharField("sifat", max_length=20, choices=Sifat.choices, default=Sifat.BIASA)
    catatan = models.TextField("catatan", blank=True)

    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dicatat oleh",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    dicatat_pada = models.DateTimeField("dicatat pada", auto_now_add=True)
    waktu_baku = models.DurationField("waktu baku langkah 1 saat dicatat", null=True, editable=False)
    tenggat = models.DateTimeField("tenggat langkah 1", null=True, editable=False)
    page = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name="konsep halaman",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surat_masuk",
        editable=False,
    )
    dibatalkan_pada = models.DateTimeField("dibatalkan pada", null=True, editable=False)
    dibatalkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dibatalkan oleh",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    alasan_batal = models.TextField("alasan pembatalan", blank=True, editable=False)

    objects = SuratMasukQuerySet.as_manager()

    class Meta:
        verbose_name = "surat masuk"
        verbose_name_plural = "agenda surat masuk"
        ordering = ["-tahun", "-nomor_urut"]
        constraints = [models.UniqueConstraint(fields=["tahun", "nomor_urut"], name="nomor_agenda_unik")]

    def __str__(self):
        return f"{self.nomor_agenda} – {self.perihal}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            return super().save(*args, **kwargs)
        # A new entry takes the next agenda number of its year. The unique constraint settles a
        # race between two registrations; the loser retries with the following number.
        self.tahun = timezone.localtime(self.diterima_pada).year
        if self.waktu_baku is None:
            self.waktu_baku = PengaturanSOP.load().langkah_1
        if self.tenggat is None:
            self.tenggat = due(self.diterima_pada, self.waktu_baku, self.jenis_publikasi, self.mendesak)
        for _attempt in range(5):
            last = SuratMasuk.objects.filter(tahun=self.tahun).aggregate(n=models.Max("nomor_urut"))["n"]
            self.nomor_urut = (last or 0) + 1
            try:
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError:
                if SuratMasuk.objects.filter(tahun=self.tahun, nomor_urut=self.nomor_urut).exists():
                    continue
                raise
        raise IntegrityError("Nomor agenda tidak dapat diberikan; coba simpan lagi.")

    @property
    def nomor_agenda(self):
        if self.nomor_urut is None:
            return "(baru)"
        return f"{self.nomor_urut:04d}/{self.tahun}"

    @property
    def jenis_publikasi(self):
        """The registered key of the page type (registry.py), e.g. "pengumumanpage"."""
        if self.page_type_id is None:
            return None
        return self._page_content_type().model

    @jenis_publikasi.setter
    def jenis_publikasi(self, key):
        governed = registry.get(key)
        if governed is None:
            raise ValueError(f"Jenis publikasi tidak dikenal: {key!r}.")
        self.page_type = governed.content_type()

    def get_jenis_publikasi_display(self):
        return registry.label(self.jenis_publikasi)

    def _page_content_type(self):
        # ContentType's own cache: no query per row in the listing, report and exports.
        return apps.get_model("contenttypes", "ContentType").objects.get_for_id(self.page_type_id)

    @property
    def governed(self):
        """The page type's registration (registry.GovernedType)."""
        return registry.get(self._page_content_type())

    @property
    def page_model(self):
        return self._page_content_type().model_class()

    @property
    def mendesak(self):
        return self.sifat != Sifat.BIASA

    @property
    def status(self):
        code = getattr(self, "status_kode", None)
        if code is None:
            code = SuratMasuk.objects.with_status().values_list("status_kode", flat=True).get(pk=self.pk)
            self.status_kode = code
        return StatusSurat(code)

    # --- the chain, from prefetched dispositions when available ---

    def chain(self, langkah=None):
        items = list(self.disposisi.all())
        if langkah is not None:
            items = [d for d in items if d.langkah == langkah]
        return items

    def current(self, langkah):
        items = self.chain(langkah)
        return items[-1] if items else None

    @property
    def tenggat_berjalan(self):
        """The due time of the step under way (steps 1-7), or None when nothing is running."""
        status = self.status
        if status == StatusSurat.DITERIMA:
            return self.tenggat
        if status == StatusSurat.DISPOSISI_KASUBAG:
            first = self.chain(Disposisi.Langkah.KASUBAG)
            return first[0].tenggat if first else None
        if status in (StatusSurat.DISPOSISI_PENULIS, StatusSurat.KONSEP):
            first = self.chain(Disposisi.Langkah.PENULIS)
            return first[0].tenggat if first else None
        if status == StatusSurat.DITINJAU:
            return getattr(self, "tenggat_tugas", None)
        return None

    @property
    def kasubag(self):
        current = self.current(Disposisi.Langkah.KASUBAG)
        return current.kepada if current else None

    @property
    def penulis(self):
        current = self.current(Disposisi.Langkah.PENULIS)
        return current.kepada if current else None


class Disposisi(models.Model):
    """Steps 1 and 2 of the SOP: who assigned whom, when, and with which instruction."""

    class Langkah(models.IntegerChoices):
        KASUBAG = 1, "Langkah 1: Kabag kepada Kasubag"
        PENULIS = 2, "Langkah 2: Kasubag kepada penulis"

    surat = models.ForeignKey(SuratMasuk, on_delete=models.PROTECT, related_name="disposisi")
    langkah = models.PositiveSmallIntegerField("langkah", choices=Langkah.choices)
    dari = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="dari", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kepada = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="kepada",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Names as they were, for the archive, even if an account is later removed.
    dari_nama = models.CharField("nama pemberi", max_length=255)
    kepada_nama = models.CharField("nama penerima", max_length=255)
    instruksi = models.TextField("instruksi")
    dibuat_pada = models.DateTimeField("waktu disposisi", default=timezone.now)
    # The standard time of the step this disposition starts (step 2 or step 3), as it was then.
    waktu_baku = models.DurationField("waktu baku langkah berikutnya", null=True)
    tenggat = models.DateTimeField("tenggat langkah berikutnya", null=True)

    class Meta:
        verbose_name = "disposisi"
        verbose_name_plural = "disposisi"
        ordering = ["dibuat_pada", "pk"]

    def __str__(self):
        return f"{self.get_langkah_display()}: {self.dari_nama} → {self.kepada_nama}"


# --- The material itself --------------------------------------------------------------------


def berkas_path(instance, filename):
    """A random name under the year: the uploaded file name never becomes a path."""
    extension = PurePath(filename).suffix.lower()
    if not extension[1:].isalnum():
        extension = ""
    return f"surat-masuk/{timezone.localdate():%Y}/{uuid.uuid4().hex}{extension}"


class BerkasSuratMasuk(models.Model):
    """A file of the incoming material (the letter, the regulation to publish, photos...)."""

    surat = models.ForeignKey(SuratMasuk, on_delete=models.PROTECT, related_name="berkas")
    berkas = models.FileField("berkas", upload_to=berkas_path, storage=private_storage, max_length=255)
    nama_asli = models.CharField("nama berkas", max_length=255)
    ukuran = models.PositiveBigIntegerField("ukuran (bita)")
    sha256 = models.CharField("SHA-256", max_length=64)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    diunggah_pada = models.DateTimeField("diunggah pada", auto_now_add=True)

    class Meta:
        verbose_name = "berkas surat masuk"
        verbose_name_plural = "berkas surat masuk"
        ordering = ["pk"]

    def __str__(self):
        return self.nama_asli

    @property
    def extension(self):
        return PurePath(self.nama_asli).suffix.lower().lstrip(".")

    @property
    def is_image(self):
        return self.extension in {"jpg", "jpeg", "png"}
