"""What only the browser shows is in Indonesian too: the admin's scripts render the sidebar, the
editor's panels, comments and dialogs from Wagtail's JavaScript catalogue (djangojs). In real
Chromium (Debian's, tests/browser/conftest.py), the login page, the dashboard, the editor of a
draft at Kasubag's step with its status side panel and workflow dialog, and the workflow history
are read from the live DOM (visible text, placeholders, titles, aria-labels) and compared with the
English msgids, like the test-client crawl (test_admin_in_indonesian.py)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from news.models import PeraturanIndexPage
from news.structure import ensure_listings
from tests.browser.conftest import (  # noqa: F401 - Debian's Chromium, as the browser tests run it
    browser_context_args,
    browser_type_launch_args,
    screenshots,
)
from tests.factories import PeraturanFactory
from tests.i18n.screens import english_on_screen
from tests.live import ensure_site
from tests.news.admin_forms import page_form_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "kata-sandi-uji-2026"  # noqa: S105

SHOWN = """() => {
    const strings = new Set(document.body.innerText.split("\\n").map((s) => s.trim()).filter(Boolean));
    for (const element of document.querySelectorAll("[placeholder], [title], [aria-label], [alt]")) {
        for (const name of ["placeholder", "title", "aria-label", "alt"]) {
            const value = element.getAttribute(name);
            if (value && value.trim()) strings.add(value.trim());
        }
    }
    for (const option of document.querySelectorAll("option")) strings.add(option.textContent.trim());
    return [...strings].map((s) => s.split(/\\s+/).join(" "));
}"""


@pytest.fixture
def draft_at_kasubag():
    listings = ensure_listings(ensure_site())
    users = {}
    for username, group in (("penulis", "Penulis"), ("kasubag", "Kasubag")):
        users[username] = get_user_model().objects.create_user(username, f"{username}@example.org", PASSWORD)
        users[username].groups.add(Group.objects.get(name=group))
    page = PeraturanFactory(parent=listings[PeraturanIndexPage], owner=users["penulis"], publish=False)
    data = page_form_data(
        "peraturanpage", "Keputusan tentang Jadwal Rapat Pleno", page.slug, jenis_peraturan=page.jenis
    )
    data["action-submit"] = "action-submit"
    client = Client()
    client.force_login(users["penulis"])
    assert client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data).status_code == 302
    return page


def test_what_the_browser_shows_is_in_indonesian(browser, live_server, draft_at_kasubag, screenshots):  # noqa: F811
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="id-ID")
    findings = {}

    def look(page, where, shot):
        page.wait_for_load_state("networkidle")
        for string in english_on_screen(set(page.evaluate(SHOWN))):
            findings.setdefault(string, where)
        page.screenshot(path=str(screenshots / f"bahasa-{shot}.png"))

    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/admin/login/")
        expect(page.locator("label[for=id_password]")).to_contain_text("Kata sandi")
        look(page, "login", "1-masuk")
        page.fill("input[name=username]", "kasubag")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"/admin/$"))
        look(page, "dashboard", "2-dasbor")

        page.goto(f"{live_server.url}{reverse('wagtailadmin_pages:edit', args=(draft_at_kasubag.pk,))}")
        page.locator("[data-side-panel-toggle='status']").click()
        status = page.locator("[data-side-panel='status']")
        expect(status).to_be_visible()
        expect(status).to_contain_text("Dalam moderasi")
        look(page, "editor with its status panel", "3-editor-panel-status")
        status.get_by_role("button", name="Lihat rincian").click()
        dialog = page.locator("#workflow-status-dialog")
        expect(dialog).to_be_visible()
        look(page, "workflow dialog", "4-dialog-alur")

        url = reverse("wagtailadmin_pages:workflow_history", args=(draft_at_kasubag.pk,))
        page.goto(f"{live_server.url}{url}")
        page.locator("a[href*='/workflow_history/detail/']").first.click()
        page.wait_for_url(re.compile(r"/workflow_history/detail/"))
        expect(page.locator("main")).to_contain_text("Dimulai pada")
        look(page, "workflow history", "5-riwayat-alur")
    finally:
        context.close()
    assert not findings, "English in the browser:\n" + "\n".join(
        f"  {s!r} on {w}" for s, w in findings.items()
    )
