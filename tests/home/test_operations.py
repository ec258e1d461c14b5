"""Operations: /healthz for monitors and load balancers; a database that cannot be reached
gives a friendly 503 page (logged with the request's path), not a traceback."""

import json
import logging

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client


@pytest.fixture
def database_down(monkeypatch):
    def refuse(self, *args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    monkeypatch.setattr(CursorWrapper, "_execute", refuse)


@pytest.mark.django_db
def test_healthz_answers_ok_when_database_and_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_names_the_database_when_it_is_down(client, database_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "gagal"
    assert body["database"] == "gagal: OperationalError"
    assert body["cache"] == "ok"


@pytest.mark.django_db
def test_healthz_names_the_cache_when_it_loses_values(client, monkeypatch):
    from django.core.cache import cache

    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)
    response = client.get("/healthz")
    # The site serves uncached pages without the cache (issue 18): degraded, not down, so a
    # load balancer keeps sending visitors; the monitor reads what failed.
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "terdegradasi"
    assert body["cache"].startswith("gagal")


@pytest.mark.django_db
def test_a_database_that_is_down_gives_a_friendly_503_page(listings, settings, database_down, caplog):
    settings.PAGE_CACHE_ENABLED = False
    caplog.set_level(logging.ERROR, logger="django.request")
    client = Client(raise_request_exception=False)
    response = client.get("/berita/")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    text = response.content.decode()
    assert "Layanan sedang tidak tersedia" in text
    assert "Traceback" not in text and "OperationalError" not in text
    # Logged with what an administrator needs: the path and the database's own error.
    record = next(record for record in caplog.records if record.name == "django.request")
    assert "/berita/" in record.getMessage()
    assert "Connection refused" in str(record.exc_info[1])


@pytest.mark.django_db
def test_other_errors_still_give_the_500_page(listings, settings, monkeypatch):
    from news import views

    def broken(text):
        raise ValueError("bug")

    monkeypatch.setattr(views, "clean_query", broken)
    settings.PAGE_CACHE_ENABLED = False
    response = Client(raise_request_exception=False).get("/cari/", {"q": "pemilu"})
    assert response.status_code == 500
    assert "Terjadi kesalahan pada server" in response.content.decode()
