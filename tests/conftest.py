import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Site

from news import models as news
from news.structure import ensure_listings


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
    by_model = ensure_listings(home)
    return {
        "berita": by_model[news.BeritaIndexPage],
        "pengumuman": by_model[news.PengumumanIndexPage],
        "peraturan": by_model[news.PeraturanIndexPage],
        "surat_edaran": by_model[news.SuratEdaranIndexPage],
        "juknis": by_model[news.JuknisIndexPage],
        "laporan_keuangan": by_model[news.LaporanKeuanganIndexPage],
    }


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("super", "super@example.org", "pw")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client
