"""What a transactional test needs after Django's flush: Wagtail's root, locale, site, home.

Tests with ``transaction=True`` (threads, live server, browser) run on a database that is
flushed after each of them, which also deletes the rows migrations created. This puts back
the ones the site needs, the way the migrations and ``setup_sop`` create them.
"""

import io

from django.core.management import call_command
from wagtail.models import Collection, Locale, Page, Site

from home.models import HomePage


def ensure_site():
    Locale.objects.get_or_create(language_code="id")
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", live=True))
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(instance=HomePage(title="Beranda", slug="beranda"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "KPU"},
    )
    call_command("setup_sop", stdout=io.StringIO())
    return home
