"""No English string of Wagtail, Django, modeladmin or another dependency on any admin screen
that an SOP role reaches (issue 20).

Each demo login (manage.py demo_content) crawls the admin from its dashboard, following the
screens' own links (tests/i18n/crawl.py), plus what the links do not reach by themselves: the
editor of the drafts at each SOP step (its status side panel and workflow dialog are in its
HTML), their history and workflow history, the choosers and the reports. Every text node,
placeholder, title, aria-label and option is compared with the English msgids of the installed
packages (tests/i18n/catalogue.py); the failure lists each string with the screen it is on.
"""

import time

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Page, WorkflowState

from tests.i18n.crawl import crawl

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
    return urls


def extra_urls():
    return [
        *editor_urls(),
        reverse("wagtailadmin_choose_page"),
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
