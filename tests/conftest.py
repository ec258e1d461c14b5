from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Site

from news.catalogue import listing_of, publication_types
from news.structure import ensure_listings
from tests.factories import type_key

# --- One suite in several processes (pytest-xdist: `make test` runs one worker per core) ----------
# Each worker (and a serial run) has its own database (pytest-django: test_<name>_gw0, ...), its
# own temporary folder, its own SQLite file inside it, and its own Redis database. Servers the
# tests start take a free port each (tests/faults/harness.py), the live server too (port 0).


@pytest.fixture(scope="session", autouse=True)
def own_temporary_folder(tmp_path_factory):
    """tempfile's folder, and TMPDIR of the processes the tests start, is this session's (this
    worker's) own: what the code under test leaves there (restore's staging, the page cache's
    purge log, cron locks of in-memory databases) is never another worker's, nor another
    checkout's suite running at the same time."""
    import os
    import tempfile

    from home import page_cache

    folder = tmp_path_factory.mktemp("tmp", numbered=False)
    previous = os.environ.get("TMPDIR"), tempfile.tempdir
    os.environ["TMPDIR"] = tempfile.tempdir = str(folder)
    page_cache._local = None  # the purge log is in tempfile's folder unless set
    yield folder
    if previous[0] is None:
        os.environ.pop("TMPDIR", None)
    else:
        os.environ["TMPDIR"] = previous[0]
    tempfile.tempdir = previous[1]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, own_temporary_folder):
    """SQLite: the test database file in this worker's own folder. Restore stages the database
    beside it (home/backup.py) and its tests check that nothing is left there: a folder shared
    by the workers would show one worker's restore under way to the other."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        name = database.get("TEST", {}).get("NAME")
        if name and name != ":memory:" and not str(name).startswith("file:"):
            database["TEST"]["NAME"] = str(own_temporary_folder / Path(name).name)


@pytest.fixture(scope="session")
def test_redis_url():
    """TEST_REDIS_URL (CI: redis://127.0.0.1:6379/15) with a database of this worker's own:
    15 for gw0, 14 for gw1, ... (a serial run: the one given). ``cache.clear()`` empties the
    whole database, so two workers never share one. None when TEST_REDIS_URL is not set."""
    import os

    url = os.environ.get("TEST_REDIS_URL")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not url or not worker:
        return url
    base, _, number = url.rpartition("/")
    index = int(worker.removeprefix("gw"))
    assert number.isdigit() and int(number) >= index, f"{url}: no Redis database left for {worker}"
    return f"{base}/{int(number) - index}"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fresh_page_cache():
    """No page stored by an earlier test (the local-memory cache lives as long as the process)."""
    from home import page_cache

    page_cache.clear()
    yield
    page_cache.clear()


@pytest.fixture(autouse=True)
def page_cache_purges_in_test_transactions(monkeypatch):
    """Purges run after COMMIT (home/page_cache.py: after_commit). A test in Django's TestCase
    transaction never commits: there, a purge runs at once (no other request can come between,
    so it is the same). ``transaction=True`` tests commit for real and keep on_commit."""
    from django.db import connection

    from home import page_cache

    deferred = page_cache.after_commit

    def after_commit(function):
        blocks = connection.atomic_blocks
        if blocks and getattr(blocks[0], "_from_testcase", False):
            function()
        else:
            deferred(function)

    monkeypatch.setattr(page_cache, "after_commit", after_commit)


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home(site):
    """The HomePage created by the home app's migration."""
    return site.root_page.specific


@pytest.fixture
def listings(home):
    """Every material type's listing (news/catalogue.py), by type_key: listings["surat_edaran"]."""
    by_model = ensure_listings(home)
    return {type_key(model): by_model[listing_of(model)] for model in publication_types()}


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("super", "super@example.org", "pw")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client
