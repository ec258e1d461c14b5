"""What a visitor who is not logged in sees of the admin is in Indonesian too (issue 20): the
login page (also with a wrong password), the password reset (request, sent, the emailed link,
the new-password form, done) and its email, and the lockout after repeated failures."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.i18n.crawl import check
from tests.i18n.screens import english_on_screen


def report(findings):
    return "\n".join(f"  {string!r}  on {url}" for string, url in sorted(findings.items()))


@pytest.mark.django_db
def test_login_and_password_reset_are_in_indonesian(client):
    get_user_model().objects.create_user("penulis", "penulis@example.org", "kata-sandi-lama-123")
    findings, screens = {}, []
    for url in (
        reverse("wagtailadmin_login"),
        reverse("wagtailadmin_password_reset"),
        reverse("wagtailadmin_password_reset_done"),
        reverse("wagtailadmin_password_reset_complete"),
    ):
        check(client, url, findings, screens)
    assert len(screens) == 4, screens

    # A wrong password: the form's error.
    response = client.post(reverse("wagtailadmin_login"), {"username": "penulis", "password": "salah"})
    assert response.status_code == 200
    assert "tidak sesuai" in response.content.decode() or response.context["form"].errors
    from tests.i18n.screens import parse, visible_strings

    for string in english_on_screen(visible_strings(parse(response.content.decode()))):
        findings.setdefault(string, "login (wrong password)")

    # The reset email, and the page its link opens (the new-password form).
    response = client.post(reverse("wagtailadmin_password_reset"), {"email": "penulis@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    for line in [email.subject, *email.body.splitlines()]:
        for string in english_on_screen({" ".join(line.split())}):
            findings.setdefault(string, "password-reset email")
    link = re.search(r"https?://[^/\s]+(/admin/password_reset/confirm/\S+)", email.body).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert "new_password1" in response.content.decode()
    for string in english_on_screen(visible_strings(parse(response.content.decode()))):
        findings.setdefault(string, "new password form")
    assert not findings, f"English left for visitors:\n{report(findings)}"


@pytest.mark.django_db
def test_the_lockout_page_is_in_indonesian(client, settings):
    from tests.i18n.screens import parse, visible_strings

    settings.AXES_FAILURE_LIMIT = 2
    get_user_model().objects.create_user("penulis", "penulis@example.org", "kata-sandi-lama-123")
    for _ in range(2):
        response = client.post(reverse("wagtailadmin_login"), {"username": "penulis", "password": "salah"})
    assert response.status_code == 429
    body = response.content.decode()
    assert "Terlalu banyak percobaan masuk" in body
    assert english_on_screen(visible_strings(parse(body))) == []
