"""The SOP performance report: how long each step takes against its standard time.

For a period (steps finished in it): per step, per material type and per person, the count,
the median and 90th-percentile duration, the share finished by the due time, and the
standard; and the total time from intake to publication. Durations count in each item's clock
(office hours, or the wall clock for Berita and urgent items).

Data comes in a fixed number of queries (values() rows, no model instances); grouping and
percentiles are computed in Python. Measured in bench/report_bench.py.
"""

import dataclasses
import datetime
import statistics
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    F,
    FloatField,
    Func,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Task, TaskState, WorkflowState

from . import registry
from .clock import OfficeCalendar, WallClock, uses_wall_clock
from .models import Disposisi, PublicationRecord, SOPTaskState, SuratMasuk
from .roles import user_label

STEP_LABELS = {
    "1": "Langkah 1 — Kabag mendisposisikan kepada Kasubag",
    "2": "Langkah 2 — Kasubag menugaskan penulis",
    "3": "Langkah 3 — Penulis menyusun konsep",
    "4": "Langkah 4 — Pemeriksaan Kasubag",
    "5": "Langkah 5 — Persetujuan Kabag",
    "6-7": "Langkah 6-7 — Penerbitan Web Admin",
    "total": "Total — surat diterima sampai terbit",
}
STEP_ORDER = list(STEP_LABELS)
CHART_LABELS = {
    "1": "1 · Disposisi Kabag",
    "2": "2 · Penugasan penulis",
    "3": "3 · Penyusunan konsep",
    "4": "4 · Pemeriksaan Kasubag",
    "5": "5 · Persetujuan Kabag",
    "6-7": "6-7 · Penerbitan Web Admin",
}
GROUPINGS = {
    "langkah": "Per langkah",
    "jenis": "Per langkah dan jenis publikasi",
    "orang": "Per langkah dan pelaksana",
}


@dataclasses.dataclass
class Record:
    """One finished step of one item."""

    langkah: str
    jenis: str  # page model name, e.g. "peraturanpage"
    orang_id: int | None
    judul: str
    url: str
    mulai: datetime.datetime
    selesai: datetime.datetime
    ok: bool | None  # finished by its due time, decided in SQL (None: no due time)
    waktu_baku: datetime.timedelta | None
    mendesak: bool = False
    page_id: int | None = None
    durasi: datetime.timedelta = datetime.timedelta(0)

    @property
    def tepat_waktu(self):
        if self.ok is not None:
            return self.ok
        if self.waktu_baku is not None:
            return self.durasi <= self.waktu_baku
        return None


@dataclasses.dataclass
class Row:
    langkah: str
    jenis: str = ""
    orang: str = ""
    orang_id: int | None = None
    jumlah: int = 0
    median: datetime.timedelta | None = None
    p90: datetime.timedelta | None = None
    tepat_waktu: float | None = None  # share, 0..1
    waktu_baku: datetime.timedelta | None = None

    @property
    def label(self):
        return STEP_LABELS.get(self.langkah, self.langkah)

    @property
    def jenis_label(self):
        return registry.label(self.jenis)


def percentile(sorted_values, fraction):
    """Nearest-rank percentile of a sorted list (the 90th: the value 90% of items stay within)."""
    if not sorted_values:
        return None
    rank = max(1, -(-len(sorted_values) * fraction // 1))  # ceil(n * fraction)
    return sorted_values[int(rank) - 1]


def _aware_range(start, end):
    from django.utils import timezone

    tz = timezone.get_current_timezone()
    lower = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    upper = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return lower, upper


class Epoch(Func):
    """Seconds since 1970 (UTC) as a float: much cheaper to load than a datetime, and 170,000
    datetimes are most of the report's time otherwise."""

    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="((julianday(%(expressions)s) - 2440587.5) * 86400.0)"
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="EXTRACT(EPOCH FROM %(expressions)s)::double precision"
        )

    def as_sql(self, compiler, connection, template=None, **extra):
        if template is None:  # other databases: load the datetime itself
            return compiler.compile(self.source_expressions[0])
        return super().as_sql(compiler, connection, template=template, **extra)


def _on_time(finished, due):
    """SQL: True when ``finished`` is not after ``due``; None without a due time."""
    return Case(
        When(**{f"{due}__isnull": True}, then=Value(None)),
        When(**{f"{finished}__lte": F(due)}, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def _governed():
    return [(governed.key, governed) for governed in registry.governed_types()]


def collect(start, end, jenis=None):
    """Every step finished between ``start`` and ``end`` (dates, inclusive), as Records."""

    lower, upper = _aware_range(start, end)
    records = []
    # The governed page types (registry.py) by content type id: their keys, e.g. "peraturanpage".
    page_type_names = {governed.content_type().pk: key for key, governed in _governed()}

    # --- Steps 4-7: the SOP task states that finished (approved, returned) ---
    task_steps = {}
    for task in Task.objects.filter(pk__in=SOPTaskState.objects.values("task_id").distinct()):
        steps = getattr(task.specific_class, "sop_steps", ())
        task_steps[task.pk] = "-".join(str(step) for step in steps)
    # Urgent pages (few): one query, instead of a subquery per task state.
    urgent_pages = {
        str(page_id)
        for page_id in SuratMasuk.objects.filter(page__isnull=False)
        .exclude(sifat="biasa")
        .values_list("page_id", flat=True)
    }
    states = (
        SOPTaskState.objects.filter(finished_at__gte=lower, finished_at__lt=upper)
        .exclude(status=TaskState.STATUS_IN_PROGRESS)
        .annotate(
            ok=_on_time("finished_at", "tenggat"), e_start=Epoch("started_at"), e_end=Epoch("finished_at")
        )
        .values_list(
            "task_id",
            "e_start",
            "e_end",
            "ok",
            "waktu_baku",
            "finished_by_id",
            "workflow_state__content_type_id",
            "workflow_state__object_id",
        )
    )
    tz = timezone.get_current_timezone()

    def moment(value):
        if value is None or isinstance(value, datetime.datetime):
            return value
        return datetime.datetime.fromtimestamp(round(value, 3), tz)  # julianday carries float noise

    for task_id, started, finished, ok, waktu_baku, by, ct_id, object_id in states:
        started, finished = moment(started), moment(finished)
        model = page_type_names.get(ct_id, "")
        if jenis and model != jenis:
            continue
        records.append(
            Record(
                task_steps.get(task_id, "?"),
                model,
                by,
                "",
                reverse("wagtailadmin_pages:edit", args=(object_id,)),
                started,
                finished,
                ok,
                waktu_baku,
                object_id in urgent_pages,
                int(object_id),
            )
        )

    # --- Steps 1-3 and the total: one query over the register ---
    def first(langkah, field):
        return Subquery(
            Disposisi.objects.filter(surat=OuterRef("pk"), langkah=langkah)
            .order_by("dibuat_pada", "pk")
            .values(field)[:1]
        )

    page_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    first_submission = WorkflowState.objects.filter(
        base_content_type=page_type, object_id=Cast(OuterRef("page_id"), CharField())
    ).order_by("created_at", "pk")
    published = PublicationRecord.objects.filter(surat_masuk=OuterRef("pk")).order_by("published_at")
    entries = SuratMasuk.objects.filter(dibatalkan_pada__isnull=True)
    if jenis:
        governed = registry.get(jenis)
        entries = entries.filter(page_type=governed.content_type()) if governed else entries.none()
    entries = (
        entries.annotate(
            d1_at=first(1, "dibuat_pada"),
            d1_by=first(1, "dari_id"),
            d1_tenggat=first(1, "tenggat"),
            d1_baku=first(1, "waktu_baku"),
            d2_at=first(2, "dibuat_pada"),
            d2_by=first(2, "dari_id"),
            d2_tenggat=first(2, "tenggat"),
            d2_baku=first(2, "waktu_baku"),
            submitted_at=Subquery(first_submission.values("created_at")[:1]),
            submitted_by=Subquery(first_submission.values("requested_by_id")[:1]),
            published_at=Subquery(published.values("published_at")[:1]),
        )
        .annotate(
            # On time or not is decided in SQL: fetching three due times per entry costs more
            # (datetime parsing) than comparing them in the database.
            s1_ok=_on_time("d1_at", "tenggat"),
            s2_ok=_on_time("d2_at", "d1_tenggat"),
            s3_ok=_on_time("submitted_at", "d2_tenggat"),
            e_received=Epoch("diterima_pada"),
            e_d1=Epoch("d1_at"),
            e_d2=Epoch("d2_at"),
            e_submitted=Epoch("submitted_at"),
            e_published=Epoch("published_at"),
        )
        .values_list(
            "pk",
            "nomor_urut",
            "tahun",
            "perihal",
            "page_type_id",
            "sifat",
            "e_received",
            "s1_ok",
            "waktu_baku",
            "e_d1",
            "d1_by",
            "s2_ok",
            "d1_baku",
            "e_d2",
            "d2_by",
            "s3_ok",
            "d2_baku",
            "e_submitted",
            "submitted_by",
            "e_published",
        )
    )
    inspect = reverse("sop_workflow_suratmasuk_modeladmin_inspect", args=(0,)).rsplit("0/", 1)[0]
    for (
        pk,
        nomor,
        tahun,
        perihal,
        page_type_id,
        sifat,
        received,
        ok1,
        baku1,
        d1_at,
        d1_by,
        ok2,
        d1_baku,
        d2_at,
        d2_by,
        ok3,
        d2_baku,
        submitted_at,
        submitted_by,
        published_at,
    ) in entries:
        received, d1_at, d2_at = moment(received), moment(d1_at), moment(d2_at)
        submitted_at, published_at = moment(submitted_at), moment(published_at)
        title = f"Agenda {nomor:04d}/{tahun}: {perihal}"
        url = f"{inspect}{pk}/"
        urgent = sifat != "biasa"
        model = page_type_names.get(page_type_id) or ContentType.objects.get_for_id(page_type_id).model
        spans = (
            ("1", received, d1_at, ok1, baku1, d1_by),
            ("2", d1_at, d2_at, ok2, d1_baku, d2_by),
            ("3", d2_at, submitted_at, ok3, d2_baku, submitted_by),
            ("total", received, published_at, None, None, None),
        )
        for langkah, begun, done, ok, baku, by in spans:
            if begun is None or done is None or not (lower <= done < upper):
                continue
            records.append(Record(langkah, model, by, title, url, begun, done, ok, baku, urgent))

    # Durations in each item's clock.
    office, wall = OfficeCalendar.current(), WallClock()
    for record in records:
        clock = wall if uses_wall_clock(record.jenis, record.mendesak) else office
        record.durasi = clock.elapsed(record.mulai, record.selesai)
    return records


def summarise(records, grouping="langkah"):
    """Rows of the report, in SOP order."""
    groups = defaultdict(list)
    for record in records:
        key = [record.langkah]
        if grouping == "jenis":
            key.append(record.jenis)
        elif grouping == "orang":
            key.append(record.orang_id)
        groups[tuple(key)].append(record)
    names = {}
    if grouping == "orang":
        ids = {key[1] for key in groups if key[1] is not None}
        names = {user.pk: user_label(user) for user in get_user_model().objects.filter(pk__in=ids)}
    rows = []
    for key, items in groups.items():
        durations = sorted(record.durasi for record in items)
        judged = [record.tepat_waktu for record in items if record.tepat_waktu is not None]
        standards = [record.waktu_baku for record in items if record.waktu_baku is not None]
        row = Row(
            langkah=key[0],
            jumlah=len(items),
            median=statistics.median(durations),
            p90=percentile(durations, 0.9),
            tepat_waktu=(sum(judged) / len(judged)) if judged else None,
            waktu_baku=statistics.mode(standards) if standards else None,
        )
        if grouping == "jenis":
            row.jenis = key[1]
        elif grouping == "orang":
            row.orang_id = key[1]
            row.orang = names.get(key[1], "–")
        rows.append(row)
    order = {step: index for index, step in enumerate(STEP_ORDER)}
    rows.sort(key=lambda row: (order.get(row.langkah, 99), row.jenis, row.orang))
    return rows


def drill_down(records, langkah, jenis=None, orang_id=None):
    """The items behind one row, slowest first."""
    items = [
        record
        for record in records
        if record.langkah == langkah
        and (jenis is None or record.jenis == jenis)
        and (orang_id is None or record.orang_id == orang_id)
    ]
    # Slowest first; equal durations in the order they started (stable on every database).
    items = sorted(items, key=lambda record: (-record.durasi, record.mulai))[:500]
    from wagtail.models import Page

    titles = dict(
        Page.objects.filter(pk__in={r.page_id for r in items if r.page_id}).values_list("pk", "title")
    )
    for record in items:
        if not record.judul and record.page_id:
            record.judul = titles.get(record.page_id, "")
    return items


# --- The chart: server-side SVG, no script, no CDN ------------------------------------------


def chart_svg(rows):
    """Horizontal bars: median (filled) and 90th percentile (outline) per step, in hours,
    with the standard time as a vertical tick. Only the per-step rows are drawn."""
    from django.utils.html import escape

    from .templatetags.sop_tags import durasi

    rows = [row for row in rows if row.median is not None]
    if not rows:
        return ""
    scale_max = (
        max(max(row.p90, row.waktu_baku or datetime.timedelta(0)) for row in rows).total_seconds() or 1
    )
    label_w, bar_w, row_h, top = 200, 420, 34, 30
    height = top + row_h * len(rows) + 24
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {label_w + bar_w + 260} {height}" '
        f'role="img" aria-labelledby="sop-chart-title" class="sop-chart" width="100%">',
        '<title id="sop-chart-title">Median dan persentil ke-90 durasi per langkah, dengan waktu baku</title>',
        f'<text x="{label_w}" y="16" font-size="12">■ median  □ persentil ke-90  | waktu baku</text>',
    ]
    for index, row in enumerate(rows):
        y = top + index * row_h
        med = row.median.total_seconds() / scale_max * bar_w
        p90 = row.p90.total_seconds() / scale_max * bar_w
        late = row.waktu_baku is not None and row.median > row.waktu_baku
        colour = "#b5361d" if late else "#1f6f5c"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 18}" font-size="12" text-anchor="end">{escape(CHART_LABELS.get(row.langkah, row.langkah))}</text>'
        )
        parts.append(
            f'<rect x="{label_w}" y="{y + 4}" width="{p90:.1f}" height="20" fill="none" stroke="{colour}"/>'
        )
        parts.append(f'<rect x="{label_w}" y="{y + 4}" width="{med:.1f}" height="20" fill="{colour}"/>')
        if row.waktu_baku is not None:
            x = label_w + row.waktu_baku.total_seconds() / scale_max * bar_w
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y}" y2="{y + 28}" stroke="#000" stroke-width="2"/>'
            )
        share = "" if row.tepat_waktu is None else f" · {row.tepat_waktu:.0%} tepat waktu"
        parts.append(
            f'<text x="{label_w + bar_w + 8}" y="{y + 18}" font-size="11">{escape(durasi(row.median))}{share}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
