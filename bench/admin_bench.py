"""Benchmark: the admin's dashboard and moderation queue with 1,000 items in the SOP workflow.

    .venv/bin/python bench/admin_bench.py [--items 1000] [--entries 60] [--published 2000] [--reseed] [--runs 5]

Seeds its own database (bench/admin-bench.sqlite3, or $BENCH_DATABASE_URL for PostgreSQL) with
bulk inserts through Wagtail's own workflow models, as `Workflow.start` and the SOP tasks leave
them: ``--items`` drafts of the six types, each with a revision, an in-progress workflow state
and its SOP task states (earlier steps approved, the current one running with its due time; a
third of them overdue), spread over steps 4, 5 and 6-7 (Berita: its short path); a register
entry with its two dispositions for every non-Berita draft, ``--entries`` more entries waiting
at steps 1-3, ``--published`` entries already published (the register's history, each with its
publication record), and some recent edits in the audit log. Then, logged in as each reviewing role
(Kasubag, Kabag, Web Admin, superuser), requests the dashboard and Wagtail's workflow reports
(all, and "awaiting my review") through Django's test client and prints, per page, the SQL
queries, the best wall and CPU time of ``--runs`` requests, and the response size. Exits 1 when
a page takes more than 40 queries or 500 ms (the target of the issue "Election-day load").
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.dev"
DB_FILE = ROOT / "bench" / "admin-bench.sqlite3"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{DB_FILE}")

import django  # noqa: E402

django.setup()

from bulk import insert_pages  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import (  # noqa: E402
    Locale,
    Page,
    PageLogEntry,
    Revision,
    TaskState,
    Workflow,
    WorkflowState,
)

from news import models as news  # noqa: E402
from news.structure import ensure_listings  # noqa: E402
from sop_workflow.clock import due  # noqa: E402
from sop_workflow.models import Disposisi, PublicationRecord, SOPTaskState, SuratMasuk  # noqa: E402
from sop_workflow.roles import KABAG, KASUBAG, PENULIS, WEB_ADMIN  # noqa: E402
from sop_workflow.setup import (  # noqa: E402
    TASK_KABAG,
    TASK_KASUBAG,
    TASK_WEB_ADMIN,
    WORKFLOW_BERITA,
    WORKFLOW_SOP,
)

MAX_QUERIES = 40
MAX_MS = 500
WRITERS = 10
MINUTE = datetime.timedelta(minutes=1)
TOPICS = [
    "pemutakhiran data pemilih",
    "rekapitulasi hasil penghitungan suara",
    "logistik pemungutan suara",
    "kampanye pemilihan gubernur",
    "penetapan daftar pemilih tetap",
]
ROLES = {  # username suffix -> (label, group; None for the superuser)
    "kasubag": ("Kasubag", KASUBAG),
    "kabag": ("Kabag", KABAG),
    "webadmin": ("Web Admin", WEB_ADMIN),
    "admin": ("superuser", None),
}
PAGES = [
    ("dasbor", "/admin/"),
    ("alur kerja (semua)", "/admin/reports/workflow/"),
    ("alur kerja: menunggu tinjauan saya", "/admin/reports/workflow/?reviewable=true"),
    ("tugas alur kerja (semua)", "/admin/reports/workflow_tasks/"),
    (
        "tugas: menunggu tinjauan saya",
        "/admin/reports/workflow_tasks/?reviewable=true&status=in_progress",
    ),
]


def user(name, group, **extra):
    account, _ = get_user_model().objects.get_or_create(
        username=f"bench-{name}", defaults={"first_name": name.capitalize(), **extra}
    )
    if group:
        account.groups.add(Group.objects.get(name=group))
    return account


def type_fields(model, n, jenis):
    """The subject fields each type requires, beyond the shared ones."""
    topic = TOPICS[n % len(TOPICS)]
    year = 2026
    if model is news.PeraturanPage:
        return {
            "jenis_id": jenis.pk,
            "nomor": str(n),
            "tahun": year,
            "tentang": topic.capitalize(),
            "tanggal_penetapan": datetime.date(year, 11, 2),
            "penandatangan": "Ketua KPU Provinsi Banten",
        }
    if model is news.SuratEdaranPage:
        return {
            "nomor": f"{n}/PP.01-SD/36/{year}",
            "tanggal_surat": datetime.date(year, 11, 2),
            "perihal": topic.capitalize(),
            "ditujukan_kepada": "Ketua KPU Kabupaten/Kota se-Provinsi Banten",
        }
    if model is news.JuknisPage:
        return {"nomor": str(n), "tahun": year, "tentang": topic.capitalize(), "tahapan_pemilu": "umum"}
    if model is news.LaporanKeuanganPage:
        return {"tahun_anggaran": year, "periode": "tw3", "jenis_laporan": "lra"}
    body = [("paragraf", f"<p>{topic.capitalize()}: konsep nomor {n}.</p>")]
    if model is news.PengumumanPage:
        return {"nomor": f"{n}/PU/{year}", "isi": body}
    return {"isi": body, "byline": "Tim Humas"}


def create_pages(items, writers, now):
    """``items`` drafts spread over the six types, under their listings; returns them."""
    listings = {
        index.child_model: index for index in ensure_listings().values() if hasattr(index, "child_model")
    }
    jenis, _ = news.JenisPeraturan.objects.get_or_create(
        nama="Keputusan KPU Provinsi Banten", defaults={"singkatan": "Kpts KPU Prov"}
    )
    locale = Locale.get_default()
    models = list(news.PUBLICATION_TYPES)
    drafts = []
    for offset, model in enumerate(models):
        count = items // len(models) + (1 if offset < items % len(models) else 0)
        listing = listings[model]
        content_type = ContentType.objects.get_for_model(model)
        start = listing.numchild
        pages = []
        for k in range(count):
            n = len(drafts) + k
            slug = f"bench-admin-{model._meta.model_name}-{k}"
            title = f"Konsep {model._meta.verbose_name} {TOPICS[n % len(TOPICS)]} {n}"
            pages.append(
                model(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    content_type=content_type,
                    locale=locale,
                    live=False,
                    has_unpublished_changes=True,
                    owner=writers[n % len(writers)],
                    depth=listing.depth + 1,
                    path=Page._get_path(listing.path, listing.depth + 1, start + k + 1),
                    numchild=0,
                    url_path=f"{listing.url_path}{slug}/",
                    tanggal=now.date(),
                    ringkasan=f"Konsep tentang {TOPICS[n % len(TOPICS)]}, nomor uji {n}.",
                    unit_penanggung_jawab="Bagian Hukum, Teknis dan Hupmas",
                    **type_fields(model, n, jenis),
                )
            )
        insert_pages(model, listing, pages)
        drafts += pages
    return drafts


@transaction.atomic
def seed(items, entries, published):
    rng = random.Random(2017)  # noqa: S311 - repeatable test data, not security
    call_command("setup_sop", stdout=open(os.devnull, "w"))  # noqa: SIM115
    reviewers = {name: user(name, group) for name, (_label, group) in ROLES.items() if group}
    reviewers["admin"] = user("admin", None, is_superuser=True, is_staff=True)
    writers = [user(f"penulis-{n}", PENULIS) for n in range(WRITERS)]
    kabag, kasubag, webadmin = reviewers["kabag"], reviewers["kasubag"], reviewers["webadmin"]
    now = timezone.now()
    drafts = create_pages(items, writers, now)
    page_type = ContentType.objects.get_for_model(Page)

    # Who submitted each draft (one in 51 by Kasubag, all at his own step 4: four eyes keeps them
    # off his queue), when its current step started (a third of them days ago: overdue).
    plan = []
    for n, page in enumerate(drafts):
        berita = isinstance(page, news.BeritaPage)
        step = 0 if berita else n % 3
        started = now - rng.randrange(2, 240) * MINUTE
        if n % 3 == 1:
            started -= datetime.timedelta(days=rng.randrange(1, 4))
        submitted = started - (step * 70 + rng.randrange(5, 60)) * MINUTE
        requester = kasubag if n % 51 == 9 and not berita else writers[n % len(writers)]
        plan.append((page, berita, step, started, submitted, requester))

    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type_id=page.content_type_id,
                base_content_type=page_type,
                object_id=str(page.pk),
                created_at=submitted,
                user=requester,
                object_str=page.title,
                content=page.serializable_data(),
            )
            for page, _berita, _step, _started, submitted, requester in plan
        ],
        batch_size=500,
    )
    if revisions[0].pk is None:  # SQLite before 3.35 and MySQL return no primary keys
        revisions = list(Revision.objects.filter(base_content_type=page_type).order_by("pk"))[-len(plan) :]
    for page, revision in zip(drafts, revisions, strict=True):
        page.latest_revision_id = revision.pk
        page.latest_revision_created_at = revision.created_at
    Page.objects.bulk_update(
        [
            Page(
                pk=p.pk,
                latest_revision_id=p.latest_revision_id,
                latest_revision_created_at=p.latest_revision_created_at,
            )
            for p in drafts
        ],
        ["latest_revision_id", "latest_revision_created_at"],
        batch_size=500,
    )

    workflows = {name: Workflow.objects.get(name=name) for name in (WORKFLOW_SOP, WORKFLOW_BERITA)}
    full = [
        workflows[WORKFLOW_SOP].workflow_tasks.get(task__name=name).task.specific
        for name in (TASK_KASUBAG, TASK_KABAG, TASK_WEB_ADMIN)
    ]
    short = [full[2]]
    WorkflowState.objects.bulk_create(
        [
            WorkflowState(
                content_type_id=page.content_type_id,
                base_content_type=page_type,
                object_id=str(page.pk),
                workflow=workflows[WORKFLOW_BERITA if berita else WORKFLOW_SOP],
                status=WorkflowState.STATUS_IN_PROGRESS,
                requested_by=requester,
            )
            for page, berita, _step, _started, _submitted, requester in plan
        ],
        batch_size=500,
    )
    state_ids = dict(
        WorkflowState.objects.filter(object_id__in=[str(p.pk) for p in drafts]).values_list("object_id", "pk")
    )
    sop_type = ContentType.objects.get_for_model(SOPTaskState)
    task_states, extra = [], []
    for (page, berita, step, started, submitted, _requester), revision in zip(plan, revisions, strict=True):
        tasks = short if berita else full
        moment = submitted
        for index, task in enumerate(tasks[: step + 1]):
            running = index == step
            begun = started if running else moment
            finished = None if running else begun + rng.randrange(20, 60) * MINUTE
            task_states.append(
                TaskState(
                    content_type=sop_type,
                    workflow_state_id=state_ids[str(page.pk)],
                    revision=revision,
                    task=task,
                    status=TaskState.STATUS_IN_PROGRESS if running else TaskState.STATUS_APPROVED,
                    started_at=begun,
                    finished_at=finished,
                    finished_by=None if running else [kasubag, kabag][index],
                )
            )
            tenggat = due(begun, task.waktu_baku, page._meta.model_name)
            extra.append((task.waktu_baku, tenggat, running, page.pk, begun))
            moment = finished
    TaskState.objects.bulk_create(task_states, batch_size=1000)
    ids = list(
        TaskState.objects.filter(workflow_state_id__in=state_ids.values())
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    # TaskState.started_at is auto_now_add: put the start times back.
    TaskState.objects.bulk_update(
        [TaskState(pk=pk, started_at=e[4]) for pk, e in zip(ids, extra, strict=True)],
        ["started_at"],
        batch_size=1000,
    )
    # Multi-table inheritance: bulk_create cannot write the child rows; insert them raw.
    children = [
        SOPTaskState(
            taskstate_ptr_id=pk,
            waktu_baku=baku,
            tenggat=tenggat,
            cek_kebenaran=not running,
            cek_narasumber=not running,
            narasumber="" if running else "Ketua Divisi Teknis",
            cek_bahasa=not running,
        )
        for pk, (baku, tenggat, running, _page_id, _begun) in zip(ids, extra, strict=True)
    ]
    for batch in range(0, len(children), 1000):
        SOPTaskState._base_manager._insert(
            children[batch : batch + 1000], fields=list(SOPTaskState._meta.local_concrete_fields), raw=True
        )
    current = {e[3]: pk for pk, e in zip(ids, extra, strict=True) if e[2]}
    WorkflowState.objects.bulk_update(
        [
            WorkflowState(
                pk=state_ids[str(page.pk)], created_at=submitted, current_task_state_id=current[page.pk]
            )
            for page, _berita, _step, _started, submitted, _requester in plan
        ],
        ["created_at", "current_task_state_id"],
        batch_size=500,
    )

    # The register: an entry behind every non-Berita draft, and entries waiting at steps 1-3.
    letters = []
    number = 200000
    for page, berita, _step, _started, submitted, requester in plan:
        if berita:
            continue
        received = submitted - rng.randrange(60, 400) * MINUTE
        letters.append((page, received, requester))
    for n in range(entries):
        received = now - rng.randrange(3, 600) * MINUTE
        letters.append((None, received, writers[n % len(writers)] if n % 3 == 2 else None))
    surat = []
    for n, (page, received, _writer) in enumerate(letters):
        model_name = page._meta.model_name if page else news.PUBLICATION_TYPES[n % 5]._meta.model_name
        surat.append(
            SuratMasuk(
                tahun=timezone.localtime(received).year,
                nomor_urut=number + n,
                jenis_surat="nota_dinas",
                nomor_surat=f"{n}/PP.01-ND/36/2026",
                tanggal_surat=received.date(),
                pengirim="Divisi Teknis Penyelenggaraan",
                perihal=page.title if page else f"Surat menunggu {TOPICS[n % len(TOPICS)]} {n}",
                diterima_pada=received,
                jenis_publikasi=model_name,
                waktu_baku=10 * MINUTE,
                tenggat=due(received, 10 * MINUTE, model_name),
                page_id=page.pk if page else None,
                dicatat_oleh=kabag,
            )
        )
    SuratMasuk.objects.bulk_create(surat, batch_size=500)
    surat_ids = dict(SuratMasuk.objects.filter(nomor_urut__gte=number).values_list("nomor_urut", "pk"))
    dispositions = []
    waiting = len(letters) - entries
    for n, (page, received, writer) in enumerate(letters):
        steps = 2 if page else (n - waiting) % 3  # waiting entries: at step 1, 2 or 3
        t1 = received + rng.randrange(2, 9) * MINUTE
        t2 = t1 + rng.randrange(1, 5) * MINUTE
        if steps >= 1:
            dispositions.append(
                Disposisi(
                    surat_id=surat_ids[number + n],
                    langkah=1,
                    dari=kabag,
                    kepada=kasubag,
                    dari_nama="Kabag",
                    kepada_nama="Kasubag",
                    instruksi="Mohon diproses.",
                    dibuat_pada=t1,
                    waktu_baku=5 * MINUTE,
                    tenggat=t1 + 5 * MINUTE,
                )
            )
        if steps >= 2:
            writer = writer or (page.owner if page else writers[0])
            dispositions.append(
                Disposisi(
                    surat_id=surat_ids[number + n],
                    langkah=2,
                    dari=kasubag,
                    kepada=writer,
                    dari_nama="Kasubag",
                    kepada_nama=writer.first_name,
                    instruksi="Tulis hari ini.",
                    dibuat_pada=t2,
                    waktu_baku=300 * MINUTE,
                    tenggat=t2 + 300 * MINUTE,
                )
            )
    Disposisi.objects.bulk_create(dispositions, batch_size=1000)

    # Recent edits (the dashboard's "Your most recent edits"): Kasubag and Web Admin corrected
    # drafts at their steps.
    edits = []
    for (page, berita, step, started, _submitted, _requester), revision in zip(plan, revisions, strict=True):
        editor = webadmin if berita or step == 2 else kasubag if step == 0 else None
        if editor is None:
            continue
        edits.append(
            PageLogEntry(
                content_type_id=page.content_type_id,
                page_id=page.pk,
                label=page.title,
                action="wagtail.edit",
                timestamp=started + MINUTE,
                user=editor,
                revision=revision,
                content_changed=True,
            )
        )
    PageLogEntry.objects.bulk_create(edits, batch_size=1000)
    # The register's history: entries already published, each with its two dispositions and its
    # publication record.
    first = number + len(letters)
    SuratMasuk.objects.bulk_create(
        [
            SuratMasuk(
                tahun=2026,
                nomor_urut=first + n,
                jenis_surat="nota_dinas",
                nomor_surat=f"{n}/PP.01-ND/36/2026",
                tanggal_surat=datetime.date(2026, 1, 5),
                pengirim="Divisi Teknis Penyelenggaraan",
                perihal=f"Surat terbit {TOPICS[n % len(TOPICS)]} {n}",
                diterima_pada=now - datetime.timedelta(days=300 - n * 290 // max(published, 1)),
                jenis_publikasi="pengumumanpage",
                waktu_baku=10 * MINUTE,
                tenggat=now - datetime.timedelta(days=300 - n * 290 // max(published, 1)) + 10 * MINUTE,
                dicatat_oleh=kabag,
            )
            for n in range(published)
        ],
        batch_size=1000,
    )
    PublicationRecord.objects.bulk_create(
        [
            PublicationRecord(
                surat_masuk_id=pk,
                revision_number=1,
                page_title=perihal,
                page_type="pengumuman",
                url="http://localhost/",
                published_at=received + datetime.timedelta(hours=3),
                published_by=webadmin,
                html="",
                sha256="",
            )
            for pk, perihal, received in SuratMasuk.objects.filter(nomor_urut__gte=first).values_list(
                "pk", "perihal", "diterima_pada"
            )
        ],
        batch_size=1000,
    )
    history = SuratMasuk.objects.filter(nomor_urut__gte=first).values_list("pk", "diterima_pada")
    Disposisi.objects.bulk_create(
        [
            Disposisi(
                surat_id=pk,
                langkah=langkah,
                dari=[kabag, kasubag][langkah - 1],
                kepada=[kasubag, writers[n % len(writers)]][langkah - 1],
                dari_nama=["Kabag", "Kasubag"][langkah - 1],
                kepada_nama=["Kasubag", "Penulis"][langkah - 1],
                instruksi="Proses.",
                dibuat_pada=received + langkah * 5 * MINUTE,
                waktu_baku=[5, 300][langkah - 1] * MINUTE,
                tenggat=received + langkah * 5 * MINUTE + [5, 300][langkah - 1] * MINUTE,
            )
            for n, (pk, received) in enumerate(history)
            for langkah in (1, 2)
        ],
        batch_size=1000,
    )
    return len(drafts)


def measure(client, url, runs):
    """(status, queries, best wall ms, best CPU ms, bytes) of ``runs`` requests after a warm-up."""
    client.get(url)
    walls, cpus = [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            cpus.append(time.process_time() - cpu)
            walls.append(time.perf_counter() - wall)
    return (
        response.status_code,
        len(captured.captured_queries),
        min(walls) * 1000,
        min(cpus) * 1000,
        len(response.content),
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=60, help="register entries waiting at steps 1-3")
    parser.add_argument("--published", type=int, default=2000, help="register entries already published")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()

    if args.reseed and DB_FILE.exists() and "BENCH_DATABASE_URL" not in os.environ:
        DB_FILE.unlink()
    call_command("migrate", verbosity=0)
    in_workflow = WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS)
    if not get_user_model().objects.filter(username="bench-kabag").exists():
        began = time.perf_counter()
        seed(args.items, args.entries, args.published)
        call_command("analyze_database", verbosity=0)  # as after any bulk import (docs/konfigurasi.md)
        print(f"seeded {args.items} items in {time.perf_counter() - began:.1f} s")
    elif in_workflow.count() != args.items:
        print(f"note: the bench database holds {in_workflow.count()} items (use --reseed for {args.items})")
    print(
        f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}; "
        f"{in_workflow.count()} items in the workflow, {SuratMasuk.objects.count()} register entries "
        f"({PublicationRecord.objects.count()} published); "
        f"best of {args.runs} runs\n"
    )

    header = f"{'role':10} {'page':36} {'status':>6} {'queries':>7} {'wall ms':>8} {'CPU ms':>7} {'KiB':>6}"
    print(header)
    print("-" * len(header))
    missed = []
    for name, (label, _group) in ROLES.items():
        client = Client(HTTP_HOST="localhost")
        client.force_login(get_user_model().objects.get(username=f"bench-{name}"))
        for page, url in PAGES:
            status, queries, wall, cpu, size = measure(client, url, args.runs)
            if status != 200:
                # Kabag holds no page permission: Wagtail's reports are not his (the dashboard is).
                print(f"{label:10} {page:36} {status:>6}   (no access)")
                continue
            over = queries > MAX_QUERIES or wall > MAX_MS
            if over:
                missed.append(f"{label}: {page}")
            print(
                f"{label:10} {page:36} {status:>6} {queries:>7} {wall:>8.0f} {cpu:>7.0f} "
                f"{size / 1024:>6.0f}{'  MISSED' if over else ''}"
            )
    if missed:
        print(f"\nover {MAX_QUERIES} queries or {MAX_MS} ms: {'; '.join(missed)}")
        return 1
    print(f"\nevery page within {MAX_QUERIES} queries and {MAX_MS} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
