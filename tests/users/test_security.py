"""Security of the installation: response headers on public and admin pages, the login lockout
(per user name and per address, the same answer for unknown users, every failure kept and
logged), session cookies and the session key's rotation at login, the idle timeout."""

import logging

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth import get_user_model
from django.urls import reverse

LOGIN = "/admin/login/"
WRONG = "salah"  # noqa: S105 - a wrong password, on purpose


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


@pytest.fixture
def editor(db):
    """A user who may enter the admin."""
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user("penulis", "penulis@example.org", "kata-sandi-benar-123")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def attempt(client, username, password=WRONG, address="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


# --- headers --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("cached", [False, True])
def test_public_pages_send_the_security_headers_and_a_strict_policy(client, listings, settings, cached):
    settings.PAGE_CACHE_ENABLED = True
    if cached:
        client.get("/")  # stored: the copy served next must carry the same headers
    response = client.get("/")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "http" not in response["Content-Security-Policy"]  # nothing from another origin


@pytest.mark.django_db
def test_admin_policy_allows_only_what_the_admin_needs(admin_client):
    response = admin_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    policy = directives(response)
    # Wagtail's widgets start with inline scripts; still nothing from another origin.
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]  # the preview panel frames the admin's pages
    assert response["X-Content-Type-Options"] == "nosniff"


def test_production_adds_hsts_and_secure_cookies():
    from tests.sop_harness import manage

    result = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE)",
        DJANGO_SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="kpu-banten.example",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["31536000", "True", "True", "True", "Lax"]


# --- login lockout --------------------------------------------------------------------------


@pytest.mark.django_db
def test_wrong_password_and_unknown_user_get_the_same_answer(client, editor):
    wrong = attempt(client, "penulis")
    unknown = attempt(client, "tidak-ada", address="203.0.113.8")
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["form"].errors == unknown.context["form"].errors


@pytest.mark.django_db
def test_a_user_name_is_locked_after_repeated_failures_from_any_address(client, editor, settings, caplog):
    settings.AXES_FAILURE_LIMIT = 3
    caplog.set_level(logging.WARNING, logger="axes")
    for n in range(2):
        assert attempt(client, "penulis", address=f"203.0.113.{n}").status_code == 200
    locked = attempt(client, "penulis", address="203.0.113.50")
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan masuk" in locked.content.decode()
    assert "wagtailadmin/css/core.css" in locked.content.decode()  # styled as the login page
    # Now even the right password is refused, from a fresh address.
    refused = attempt(client, "penulis", password="kata-sandi-benar-123", address="198.51.100.1")
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    # Every failure is kept, and logged.
    assert AccessFailureLog.objects.filter(username="penulis").count() >= 3
    assert any(
        "penulis" in record.getMessage() for record in caplog.records if record.name.startswith("axes")
    )


@pytest.mark.django_db
def test_an_address_is_locked_after_failures_over_many_user_names(client, editor, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for name in ("a", "b"):
        attempt(client, name, address="203.0.113.9")
    assert attempt(client, "c", address="203.0.113.9").status_code == 429
    # The same answer for an existing user from that address, right password or not.
    locked = attempt(client, "penulis", password="kata-sandi-benar-123", address="203.0.113.9")
    assert locked.status_code == 429
    # Another address still logs in.
    assert (
        attempt(client, "penulis", password="kata-sandi-benar-123", address="198.51.100.2").status_code == 302
    )


@pytest.mark.django_db
def test_a_success_resets_the_count(client, editor, settings):
    settings.AXES_FAILURE_LIMIT = 3
    attempt(client, "penulis")
    attempt(client, "penulis")
    assert attempt(client, "penulis", password="kata-sandi-benar-123").status_code == 302
    client.logout()
    attempt(client, "penulis")
    assert attempt(client, "penulis", password="kata-sandi-benar-123").status_code == 302
    assert not AccessAttempt.objects.filter(username="penulis").exists()


@pytest.mark.django_db
def test_behind_a_proxy_the_forwarded_address_counts_not_what_the_client_claims(client, editor, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.PROXY_COUNT = 1
    for spoof in ("1.1.1.1", "2.2.2.2"):
        client.post(
            LOGIN,
            {"username": f"x-{spoof}", "password": "salah"},
            REMOTE_ADDR="10.0.0.1",  # the proxy
            HTTP_X_FORWARDED_FOR=f"{spoof}, 203.0.113.77",
        )
    assert AccessAttempt.objects.filter(ip_address="203.0.113.77").count() == 2
    response = client.post(
        LOGIN,
        {"username": "penulis", "password": "kata-sandi-benar-123"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.77",
    )
    assert response.status_code == 429


# --- sessions -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_login_rotates_the_session_key_and_sets_a_safe_cookie(client, editor):
    client.get(LOGIN)
    client.cookies["sessionid"] = "anonim"
    session = client.session
    session["seen"] = True
    session.save()
    before = session.session_key
    response = attempt(client, "penulis", password="kata-sandi-benar-123")
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie.value != before
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_idle_sessions_end_after_the_configured_minutes(client, editor, settings):
    import time_machine
    from django.utils import timezone

    settings.SESSION_COOKIE_AGE = 30 * 60
    assert attempt(client, "penulis", password="kata-sandi-benar-123").status_code == 302
    start = timezone.now()
    with time_machine.travel(start + timezone.timedelta(minutes=20)):
        assert client.get("/admin/").status_code == 200  # active: the session is extended
    with time_machine.travel(start + timezone.timedelta(minutes=45)):
        assert client.get("/admin/").status_code == 200  # 25 minutes after the last request
    with time_machine.travel(start + timezone.timedelta(minutes=80)):
        response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


@pytest.mark.django_db
def test_an_administrator_lifts_a_lockout_with_a_command(client, editor, settings):
    from django.core.management import call_command

    settings.AXES_FAILURE_LIMIT = 2
    for n in range(2):
        attempt(client, "penulis", address=f"203.0.113.{n}")
    assert (
        attempt(client, "penulis", password="kata-sandi-benar-123", address="198.51.100.3").status_code == 429
    )
    call_command("axes_reset_username", "penulis")
    assert (
        attempt(client, "penulis", password="kata-sandi-benar-123", address="198.51.100.3").status_code == 302
    )
