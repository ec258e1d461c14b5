"""The demo content once for the module (one transaction, rolled back at its end)."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("i18n-media")


@pytest.fixture(autouse=True)
def media_root(settings, demo_media):
    """The files demo_content wrote stay readable by every test of the module."""
    settings.MEDIA_ROOT = demo_media / "media"
    settings.PRIVATE_MEDIA_ROOT = demo_media / "private-media"
    return settings.MEDIA_ROOT


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, demo_media):
    """``manage.py demo_content`` (the demo logins and the three drafts at each SOP step), kept for
    the module's tests and rolled back after them: the rest of the suite never sees it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(
                DEBUG=True, MEDIA_ROOT=demo_media / "media", PRIVATE_MEDIA_ROOT=demo_media / "private-media"
            ):
                call_command("demo_content", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
