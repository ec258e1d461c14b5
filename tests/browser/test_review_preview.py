"""Kabag, who holds no page permission of his own, reviews a Peraturan at his step (SOP step 5):
in real Chromium he opens the editor, the preview side panel shows the draft, the history opens
and compares the draft with the previous revision; no request is refused and the browser reports
no error, Content-Security-Policy refusals included (issue #17, item 3)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from news.models import PeraturanIndexPage, PeraturanPage
from news.structure import ensure_listings
from sop_workflow.setup import TASK_KABAG
from tests.factories import PeraturanFactory
from tests.live import ensure_site
from tests.news.admin_forms import page_form_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "kata-sandi-uji-2026"  # noqa: S105
DRAFT_TITLE = "Keputusan KPU Provinsi Banten tentang Jadwal Rapat Pleno Terbuka"


def make_user(username, group):
    user = get_user_model().objects.create_user(username, f"{username}@kpu-banten.example", PASSWORD)
    user.groups.add(Group.objects.get(name=group))
    return user


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def peraturan_at_kabag():
    """A Peraturan the writer submitted and Kasubag forwarded: Kabag's step."""
    listings = ensure_listings(ensure_site())
    penulis = make_user("penulis", "Penulis")
    kasubag = make_user("kasubag", "Kasubag")
    make_user("kabag", "Kabag")
    page = PeraturanFactory(parent=listings[PeraturanIndexPage], owner=penulis, publish=False)
    data = page_form_data("peraturanpage", DRAFT_TITLE, page.slug, jenis_peraturan=page.jenis)
    data["action-submit"] = "action-submit"
    assert (
        client_for(penulis).post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data).status_code == 302
    )
    task_state = PeraturanPage.objects.get(pk=page.pk).current_workflow_task_state
    checks = {
        "cek_kebenaran": "on",
        "cek_narasumber": "on",
        "narasumber": "Divisi Teknis",
        "cek_bahasa": "on",
    }
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    assert client_for(kasubag).post(url, checks).status_code == 302
    page = PeraturanPage.objects.get(pk=page.pk)
    assert page.current_workflow_task.name == TASK_KABAG
    return page


def test_kabag_previews_the_draft_in_the_editor_and_opens_its_history(
    browser, live_server, peraturan_at_kabag
):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="id-ID")
    console = []
    context.on("console", lambda message: console.append((message.type, message.text)))
    refused = []
    context.on(
        "response",
        lambda response: refused.append((response.status, response.url)) if response.status >= 400 else None,
    )
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("input[name=username]", "kabag")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"/admin/$"))

        page.goto(f"{live_server.url}{reverse('wagtailadmin_pages:edit', args=(peraturan_at_kabag.pk,))}")
        page.locator("[data-side-panel-toggle='preview']").click()
        frame = page.frame_locator("#w-preview-iframe")
        expect(frame.locator("h1")).to_contain_text(DRAFT_TITLE, timeout=15_000)

        page.goto(f"{live_server.url}{reverse('wagtailadmin_pages:history', args=(peraturan_at_kabag.pk,))}")
        assert "/history/" in page.url  # not sent to the dashboard with "Maaf, …"
        expect(page.get_by_text("Maaf, Anda tidak memiliki izin")).to_have_count(0)
        # The latest revision's actions: compare it with the previous one (the writer's first draft).
        page.get_by_role("button", name="Tindakan").first.click()
        page.locator("a[href*='/revisions/compare/']").first.click()
        page.wait_for_url(re.compile(r"/revisions/compare/"))
        expect(page.locator("main")).to_contain_text(DRAFT_TITLE)
    finally:
        context.close()
    assert not [text for kind, text in console if "Content Security Policy" in text or kind == "error"], (
        console
    )
    assert not refused, refused
