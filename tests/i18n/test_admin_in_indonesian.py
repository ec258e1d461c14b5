"""No English string of Wagtail, Django, modeladmin or another dependency on any admin screen
that an SOP role reaches (issue 20).

Each demo login (manage.py demo_content) crawls the admin from its dashboard, following the
screens' own links (tests/i18n/crawl.py), plus what the links do not reach by themselves: the
editor of the drafts at each SOP step (its status side panel and workflow dialog are in its
HTML), their history and workflow history, the choosers and the reports. Every text node,
placeholder, title, aria-label and option is compared with the English msgids of the installed
packages (tests/i18n/catalogue.py); the failure lists each string with the screen it is on.
"""

import datetime
import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Page, WorkflowState

from tests.i18n.crawl import check, crawl
from tests.i18n.screens import english_on_screen, parse

ROLES = ("kabag", "kasubag", "penulis", "webadmin", "sekretaris")
SOP_DRAFTS = (
    "konsep-keputusan-jadwal-kampanye",  # at Kasubag's step (4)
    "konsep-pengumuman-rekrutmen-pantarlih",  # at Kabag's step (5)
    "konsep-berita-sosialisasi-difabel",  # at Web Admin's step (6-7)
)


def editor_urls():
    """The editor, history and workflow history of each draft in the SOP queue, and of a live page."""
    urls = []
    pages = [Page.objects.get(slug=slug) for slug in SOP_DRAFTS]
    pages.append(Page.objects.filter(live=True, depth__gt=3).order_by("-last_published_at").first())
    for page in pages:
        urls += [
            reverse("wagtailadmin_pages:edit", args=(page.pk,)),
            reverse("wagtailadmin_pages:history", args=(page.pk,)),
            reverse("wagtailadmin_pages:workflow_history", args=(page.pk,)),
            reverse("wagtailadmin_pages:revisions_index", args=(page.pk,)),
            reverse("wagtailadmin_explore", args=(page.get_parent().pk,)),
            reverse("wagtailadmin_pages:usage", args=(page.pk,)),
        ]
        for state in WorkflowState.objects.for_instance(page):
            urls.append(reverse("wagtailadmin_pages:workflow_history_detail", args=(page.pk, state.pk)))
        urls.append(reverse("wagtailadmin_pages:set_privacy", args=(page.pk,)))
        revisions = list(page.revisions.order_by("-created_at").values_list("pk", flat=True)[:2])
        if len(revisions) == 2:
            urls.append(
                reverse("wagtailadmin_pages:revisions_compare", args=(page.pk, revisions[1], revisions[0]))
            )
    live = pages[-1]
    for name in ("unpublish", "delete", "move", "copy"):
        urls.append(reverse(f"wagtailadmin_pages:{name}", args=(live.pk,)))
    urls.append(reverse("wagtailadmin_choose_page_child", args=(live.get_parent().pk,)))
    return urls


def extra_urls():
    return [
        *editor_urls(),
        reverse("wagtailadmin_choose_page"),
        reverse("wagtailadmin_choose_page_external_link"),
        reverse("wagtailadmin_choose_page_email_link"),
        reverse("wagtailadmin_choose_page_phone_link"),
        reverse("wagtailadmin_choose_page_anchor_link"),
        reverse("wagtaildocs_chooser:choose"),
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:workflow_tasks"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:locked_pages"),
        reverse("wagtailadmin_reports:aging_pages"),
        reverse("wagtailadmin_account"),
        reverse("wagtaildocs:add_multiple"),
        reverse("wagtailimages:add_multiple"),
    ]


def report(findings):
    return "\n".join(
        f"  {string!r}  on {url}" for string, url in sorted(findings.items(), key=lambda i: i[1])
    )


@pytest.mark.django_db
@pytest.mark.parametrize("username", ROLES)
def test_every_screen_of_the_role_is_in_indonesian(demo, client, username):
    client.force_login(get_user_model().objects.get(username=username))
    findings = {}
    started = time.monotonic()
    screens = crawl(client, ["/admin/", *extra_urls()], findings)
    elapsed = time.monotonic() - started
    print(f"{username}: {len(screens)} screens in {elapsed:.1f} s")
    assert len(screens) >= 10, screens
    assert not findings, f"English left on the screens of {username}:\n{report(findings)}"


MONTHS = "Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember"


def cells(html, column):
    """The texts of one column of the listing's table, by its heading."""
    soup = parse(html)
    headings = [" ".join(th.get_text(" ").split()) for th in soup.select("table thead th")]
    index = next(i for i, heading in enumerate(headings) if heading.startswith(column))
    return [
        " ".join(row.find_all("td")[index].get_text(" ").split()) for row in soup.select("table tbody tr")
    ]


@pytest.mark.django_db
def test_booleans_dates_types_and_counts_are_written_in_indonesian(demo, client):
    from django.utils import timezone

    from sop_workflow.models import PublicationRecord

    record = PublicationRecord.objects.order_by("-published_at").first()
    # Records are never changed through the model (read-only archive): the row is set directly.
    PublicationRecord.objects.filter(pk=record.pk).update(
        published_at=timezone.make_aware(datetime.datetime(2026, 12, 4, 8, 30)), darurat=True
    )

    client.force_login(get_user_model().objects.get(username="kabag"))
    html = client.get(reverse("catatan_penerbitan:index") + "?ordering=published_at").content.decode()
    assert cells(html, "Terbit darurat").count("Ya") == 1
    assert set(cells(html, "Terbit darurat")) == {"Ya", "Tidak"}
    types = set(cells(html, "Jenis publikasi"))
    assert {"Berita", "Pengumuman", "Peraturan", "Surat edaran"} <= types, types
    times = cells(html, "Waktu terbit")
    assert "4 Desember 2026 08:30" in times
    assert all(re.fullmatch(rf"\d{{1,2}} ({MONTHS}) \d{{4}} \d\d:\d\d", value) for value in times), times
    response = client.get(reverse("catatan_penerbitan:index") + "?export=csv")
    export = b"".join(response.streaming_content).decode("utf-8-sig")
    assert ",Ya," in export and ",Tidak," in export and "False" not in export and "True" not in export

    client.force_login(get_user_model().objects.get(username="webadmin"))
    summary = " ".join(
        parse(client.get("/admin/").content.decode()).select_one(".w-summary").get_text(" ").split()
    )
    pages = Page.objects.filter(depth__gt=1).count()
    assert f"{pages} halaman dibuat di" in summary, summary
    usage = cells(client.get(reverse("wagtaildocs:index")).content.decode(), "Pemakaian")
    assert usage and all(re.fullmatch(r"Digunakan \d+ kali", value) for value in usage), usage


@pytest.mark.django_db
def test_every_outcome_of_a_workflow_and_its_messages_are_in_indonesian(demo, client):
    """A draft returned to the writer, one returned by Kabag then published, one cancelled: their
    editor, status panel, page history, workflow history (each run) and the messages after each
    action, as the person who acts sees them."""
    from sop_workflow import review
    from tests.sop_harness import KASUBAG_CHECKS, WEB_ADMIN_NOTE

    users = {name: get_user_model().objects.get(username=name) for name in ROLES}
    peraturan, pengumuman, berita = (Page.objects.get(slug=slug).specific for slug in SOP_DRAFTS)
    findings, screens = {}, []

    def act(username, page, action, data=None):
        from tests.sop_harness import fresh

        client.force_login(users[username])
        state = fresh(page).current_workflow_task_state
        url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, state.pk))
        response = client.post(url, data or {}, follow=True)
        assert response.status_code == 200, response
        for message in response.context["messages"]:
            for string in english_on_screen({" ".join(str(message).split())}):
                findings.setdefault(string, f"message after {action} by {username}")
        return response

    client.force_login(users["kasubag"])
    for name in ("lock", "unlock"):  # the reviewer locks the draft while checking it, then unlocks
        response = client.post(reverse(f"wagtailadmin_pages:{name}", args=(peraturan.pk,)), follow=True)
        assert response.status_code == 200
        for message in response.context["messages"]:
            for string in english_on_screen({" ".join(str(message).split())}):
                findings.setdefault(string, f"message after {name}")
    act("kasubag", peraturan, "reject", {"comment": "Lengkapi dasar hukumnya."})
    act("kabag", pengumuman, "kembalikan", {"comment": "Perbaiki judulnya."})
    act("kasubag", pengumuman, "approve", KASUBAG_CHECKS)
    act("kabag", pengumuman, "approve")
    act("webadmin", pengumuman, "approve", WEB_ADMIN_NOTE)
    review.cancel_workflow(berita, users["kabag"], "Acara ditunda, berita tidak jadi diterbitkan.")

    for username, page in (("penulis", peraturan), ("webadmin", pengumuman), ("penulis", berita)):
        client.force_login(users[username])
        urls = [
            reverse("wagtailadmin_pages:edit", args=(page.pk,)),
            reverse("wagtailadmin_pages:history", args=(page.pk,)),
            reverse("wagtailadmin_pages:workflow_history", args=(page.pk,)),
        ]
        urls += [
            reverse("wagtailadmin_pages:workflow_history_detail", args=(page.pk, state.pk))
            for state in WorkflowState.objects.for_instance(page)
        ]
        for url in urls:
            check(client, url, findings, screens)
    client.force_login(users["webadmin"])
    for url in (reverse("wagtailadmin_reports:site_history"), reverse("wagtailadmin_reports:workflow")):
        check(client, url, findings, screens)
    assert len(screens) >= 12, screens
    assert not findings, f"English left after the workflow's outcomes:\n{report(findings)}"
