"""Production settings refuse to start without their secrets, and pass the deploy checks."""

import pytest

from tests.sop_harness import manage


def test_production_refuses_to_start_without_secret_key():
    result = manage("check", ALLOWED_HOSTS="kpu-banten.example")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage("check", DJANGO_SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_production_refuses_wildcard_host():
    result = manage("check", DJANGO_SECRET_KEY="x" * 60, ALLOWED_HOSTS="*")
    assert result.returncode != 0
    assert "'*' is refused" in result.stderr


def test_production_passes_check_deploy():
    key = "k3y-" + "".join(chr(ord("a") + (i * 7) % 26) + str(i % 10) for i in range(40))
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=key,
        ALLOWED_HOSTS="kpu-banten.example",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_collects_compressed_hashed_static_files(tmp_path):
    result = manage(
        "collectstatic",
        "--noinput",
        DJANGO_SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="kpu-banten.example",
        STATIC_ROOT=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    hashed = [p for p in (tmp_path / "css").glob("site.*.css") if p.name.count(".") == 2]
    assert len(hashed) == 1, list((tmp_path / "css").iterdir())
    assert (tmp_path / "css" / f"{hashed[0].name}.gz").exists()
    assert (tmp_path / "staticfiles.json").exists()


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit_and_sqlite_has_its_busy_timeout():
    """Short web queries on PostgreSQL are not JIT-compiled (DATABASE_JIT=1 to keep it); SQLite
    waits for a lock instead of failing."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW jit")
            assert cursor.fetchone()[0] == "off"
        else:
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == 20_000


def test_sqlite_keeps_its_connection_between_requests(tmp_path):
    """A worker reuses its SQLite connection (DATABASE_CONN_MAX_AGE, 60 s by default): opening
    one and reading the schema costs time on every request (bench/README.md). 0 opens one per
    request."""
    show = "from django.conf import settings; print(settings.DATABASES['default']['CONN_MAX_AGE'])"
    env = {
        "DJANGO_SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    kept = manage("shell", "--no-imports", "-c", show, **env)
    assert kept.returncode == 0, kept.stderr
    assert kept.stdout.strip() == "60"
    per_request = manage("shell", "--no-imports", "-c", show, DATABASE_CONN_MAX_AGE="0", **env)
    assert per_request.stdout.strip() == "0"
