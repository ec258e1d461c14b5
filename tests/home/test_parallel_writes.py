"""Several worker processes writing at once (gunicorn on the embedded SQLite, or PostgreSQL):
20 parallel publications from 4 processes all persist, none fails with "database is locked"."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from news.models import BeritaIndexPage, BeritaPage
from news.structure import ensure_listings
from tests.factories import BeritaFactory
from tests.live import ensure_site

ROOT = Path(__file__).resolve().parents[2]
PROCESSES, THREADS = 4, 5


def database_url():
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_parallel_publications_from_several_processes_all_persist():
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
    home = ensure_site()
    parent = ensure_listings(home)[BeritaIndexPage]
    pages = [BeritaFactory(parent=parent, title=f"Berita {n}") for n in range(PROCESSES * THREADS)]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": database_url(),
        "TEST_DATABASE_NAME": "",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    workers = [
        subprocess.Popen(  # noqa: S603 - this repository's own script
            [sys.executable, "-m", "tests.home.parallel_writer", *[str(page.pk) for page in chunk]],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for chunk in (pages[n::PROCESSES] for n in range(PROCESSES))
    ]
    outputs = [worker.communicate(timeout=120) for worker in workers]
    assert [worker.returncode for worker in workers] == [0] * PROCESSES, outputs
    assert "locked" not in " ".join(out + err for out, err in outputs)
    for page in pages:
        stored = BeritaPage.objects.get(pk=page.pk)
        assert "(revisi " in stored.title, stored.title
        assert stored.live_revision_id == stored.latest_revision_id
        assert stored.revisions.count() == 2
