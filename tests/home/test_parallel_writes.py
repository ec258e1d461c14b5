"""Several worker processes writing at once (gunicorn on the embedded SQLite, or PostgreSQL):
10 publications and 10 approvals through the admin, from 4 processes at once, all persist; none
fails with "database is locked"."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from wagtail.models import TaskState

from news.models import BeritaIndexPage, BeritaPage, PeraturanIndexPage, PeraturanPage
from news.structure import ensure_listings
from sop_workflow.roles import KASUBAG, PENULIS
from sop_workflow.setup import TASK_KABAG
from tests.factories import BeritaFactory, PeraturanFactory
from tests.live import ensure_site
from tests.sop_harness import current_task_name, submit
from tests.sop_workflow.conftest import make_user

ROOT = Path(__file__).resolve().parents[2]
PROCESSES, EACH = 4, 10  # 4 processes; 10 publications and 10 approvals in all


def database_url():
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_parallel_publications_and_approvals_from_several_processes_all_persist():
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
    home = ensure_site()
    listings = ensure_listings(home)
    pages = [BeritaFactory(parent=listings[BeritaIndexPage], title=f"Berita {n}") for n in range(EACH)]
    penulis = make_user("penulis", PENULIS)
    reviewers = [make_user(f"kasubag{n}", KASUBAG) for n in range(PROCESSES)]
    drafts = []
    for _ in range(EACH):
        draft = PeraturanFactory(parent=listings[PeraturanIndexPage], owner=penulis, publish=False)
        submit(penulis, draft)
        drafts.append(PeraturanPage.objects.get(pk=draft.pk))
    jobs = [f"publish:{page.pk}" for page in pages] + [
        f"approve:{draft.pk}:{draft.current_workflow_task_state.pk}:{reviewers[n % PROCESSES].username}"
        for n, draft in enumerate(drafts)
    ]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": database_url(),
        "TEST_DATABASE_NAME": "",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    workers = [
        subprocess.Popen(  # noqa: S603 - this repository's own script
            [sys.executable, "-m", "tests.home.parallel_writer", *chunk],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for chunk in (jobs[n::PROCESSES] for n in range(PROCESSES))
    ]
    outputs = [worker.communicate(timeout=120) for worker in workers]
    assert [worker.returncode for worker in workers] == [0] * PROCESSES, outputs
    assert "locked" not in " ".join(out + err for out, err in outputs)
    for page in pages:
        stored = BeritaPage.objects.get(pk=page.pk)
        assert "(revisi " in stored.title, stored.title
        assert stored.live_revision_id == stored.latest_revision_id
        assert stored.revisions.count() == 2
    for draft in drafts:
        assert current_task_name(draft) == TASK_KABAG  # Kasubag's step approved, Kabag's open
    assert TaskState.objects.filter(status="approved").count() == EACH
