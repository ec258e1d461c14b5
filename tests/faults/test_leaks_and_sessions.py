"""Leaks and gaps of issue 18, item 6: a writer sees only what he may edit (and what is public),
refusals are logged, sessions have an absolute lifetime and logout ends them on the server, the
health check answers over plain HTTP under production settings, the public CSP's base-uri is
'none', and the deploy guide's nginx serves only what is public."""

import logging
import re
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tests.factories import PeraturanFactory
from tests.faults.harness import start_manage
from tests.sop_harness import client_for, fresh, sop_people, submit

OTHERS = {
    "draft": "Konsep rahasia penulis dua",
    "in_workflow": "Alur rahasia penulis dua",
    "new_title": "Judul baru rahasia penulis dua",  # a live page's unpublished draft title
}
OWN = "Konsep rahasia milik saya"
PUBLIC = "Peraturan rahasia yang sudah terbit"  # live, no pending draft: its title is public


def body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


@pytest.fixture
def world(listings):
    people = sop_people()
    listing = listings["peraturan"]
    other = people["penulis2"]
    draft = PeraturanFactory(parent=listing, owner=other, publish=False, title=OTHERS["draft"])
    in_workflow = PeraturanFactory(parent=listing, owner=other, publish=False, title=OTHERS["in_workflow"])
    submit(other, in_workflow)
    live = PeraturanFactory(parent=listing, owner=other, title="Peraturan yang sudah terbit")
    live = fresh(live)
    live.title = OTHERS["new_title"]
    live.save_revision(user=other)
    own = PeraturanFactory(parent=listing, owner=people["penulis"], publish=False, title=OWN)
    public = PeraturanFactory(parent=listing, owner=other, title=PUBLIC)
    return {
        "people": people,
        "listing": listing,
        "home": listing.get_parent(),
        "draft": draft,
        "in_workflow": in_workflow,
        "live": live,
        "own": own,
        "public": public,
    }


def lists_of_pages(w):
    """Every admin screen that lists pages (or names one by its id), as a writer reaches them."""
    listing, home, draft = w["listing"].pk, w["home"].pk, w["draft"].pk
    return [
        "/admin/",
        f"/admin/pages/{listing}/",
        f"/admin/pages/{listing}/?q=rahasia",
        f"/admin/pages/{home}/?q=rahasia&search_all=1",
        f"/admin/pages/{draft}/",
        f"/admin/pages/{draft}/results/",
        "/admin/pages/search/?q=rahasia",
        "/admin/pages/search/?q=",
        f"/admin/api/main/pages/?child_of={listing}&for_explorer=1",
        f"/admin/api/main/pages/?child_of={listing}",
        "/admin/api/main/pages/?search=rahasia",
        f"/admin/api/main/pages/?descendant_of={home}",
        f"/admin/api/main/pages/{draft}/",
        f"/admin/api/main/pages/{w['live'].pk}/",
        f"/admin/choose-page/{listing}/",
        f"/admin/choose-page/{listing}/?page_type=news.peraturanpage",
        f"/admin/choose-page/{draft}/",
        "/admin/choose-page/search/?q=rahasia",
        "/admin/pages/usage/news/peraturanpage/",
        f"/admin/bulk/wagtailcore/page/delete/?id={draft}&id={w['in_workflow'].pk}&id={w['live'].pk}",
        f"/admin/bulk/wagtailcore/page/move/?id=all&childOf={listing}",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/reports/site-history/",
        "/admin/reports/aging-pages/",
        "/admin/reports/page-types-usage/",
        f"/admin/sop/batalkan/{draft}/",
    ]


@pytest.mark.django_db
def test_a_writer_sees_no_other_writers_draft_title_anywhere(world):
    writer = client_for(world["people"]["penulis"])
    seen = {}
    for url in lists_of_pages(world):
        response = writer.get(url)
        assert response.status_code < 500, url
        text = body(response)
        shown = [title for title in OTHERS.values() if title in text]
        if shown:
            seen[url] = shown
    assert seen == {}


@pytest.mark.django_db
def test_a_writer_still_sees_his_own_drafts_and_the_published_pages(world):
    writer = client_for(world["people"]["penulis"])
    listing = world["listing"].pk
    for url in [
        f"/admin/pages/{listing}/",
        "/admin/pages/search/?q=rahasia",
        f"/admin/api/main/pages/?child_of={listing}&for_explorer=1",
        f"/admin/choose-page/{listing}/",
        "/admin/choose-page/search/?q=rahasia",
    ]:
        text = body(writer.get(url))
        assert OWN in text, url
        assert PUBLIC in text, url
    # ... and still opens his draft, and the explorer of his listing
    assert writer.get(reverse("wagtailadmin_pages:edit", args=(world["own"].pk,))).status_code == 200


@pytest.mark.django_db
def test_those_who_edit_the_drafts_still_see_them(world):
    """Kasubag (and Web Admin) edit every draft in the SOP: nothing is hidden from them."""
    for role in ("kasubag", "webadmin"):
        client = client_for(world["people"][role])
        listing = world["listing"].pk
        for url in [f"/admin/pages/{listing}/", f"/admin/api/main/pages/?child_of={listing}&for_explorer=1"]:
            text = body(client.get(url))
            assert OTHERS["draft"] in text and OTHERS["in_workflow"] in text, (role, url)
        assert client.get(f"/admin/pages/{world['draft'].pk}/").status_code == 200


@pytest.mark.django_db
def test_the_hidden_parent_is_refused_like_any_page_one_may_not_open(world):
    writer = client_for(world["people"]["penulis"])
    response = writer.get(f"/admin/pages/{world['draft'].pk}/", follow=True)
    assert response.redirect_chain[0][0] == reverse("wagtailadmin_home")
    assert "tidak memiliki izin" in body(response)
    chooser = writer.get(
        f"/admin/choose-page/{world['draft'].pk}/", headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert chooser.status_code == 403
    assert OTHERS["draft"] not in body(chooser)


# --- refusals are logged ----------------------------------------------------------------------


def refusals(caplog):
    return [record for record in caplog.records if record.name == "terbit.security"]


@pytest.mark.django_db
def test_refusals_are_logged_with_user_object_and_reason(world, caplog):
    caplog.set_level(logging.INFO, logger="terbit.security")
    people, in_workflow, draft = world["people"], world["in_workflow"], world["draft"]
    writer = client_for(people["penulis"])

    # allowed: nothing logged
    assert writer.get(reverse("wagtailadmin_pages:edit", args=(world["own"].pk,))).status_code == 200
    assert refusals(caplog) == []

    # a writer approves a step (Kasubag's)
    task_state = fresh(in_workflow).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(in_workflow.pk, "approve", task_state.pk))
    response = writer.post(url, {"comment": "setuju"})
    assert response.status_code in (302, 403)
    assert fresh(in_workflow).current_workflow_task_state.pk == task_state.pk  # nothing approved
    [record] = refusals(caplog)
    assert record.refusal_user == f"penulis (id {people['penulis'].pk})"
    assert record.refusal_path == url
    assert record.refusal_method == "POST"
    assert f"page_id={in_workflow.pk}" in record.refusal_object
    assert record.refusal_view == "wagtailadmin_pages:workflow_action"
    assert record.refusal_reason
    caplog.clear()

    # a writer opens another writer's draft
    response = writer.get(reverse("wagtailadmin_pages:edit", args=(draft.pk,)))
    assert response.status_code == 302
    [record] = refusals(caplog)
    assert record.refusal_user.startswith("penulis ")
    assert record.refusal_object == f"page_id={draft.pk}"
    assert record.refusal_status == "403 (dialihkan ke dasbor)"
    assert "izin" in record.refusal_reason
    caplog.clear()

    # an SOP rule refuses, with its reason (sop_workflow/refused.html, HTTP 403)
    kabag = client_for(people["kabag"])
    response = kabag.get(reverse("sop_workflow:cancel_workflow", args=(draft.pk,)))
    assert response.status_code == 403
    [record] = refusals(caplog)
    assert record.refusal_user.startswith("kabag ")
    assert record.refusal_status == 403
    assert record.refusal_reason == "Konsep ini tidak sedang dalam alur SOP: tidak ada yang dibatalkan."
    assert "kabag" in record.getMessage() and record.refusal_path in record.getMessage()
    caplog.clear()

    # a script's request for a page it may not see (the admin's XHR answers 403)
    response = writer.get(f"/admin/choose-page/{draft.pk}/", headers={"x-requested-with": "XMLHttpRequest"})
    assert response.status_code == 403
    [record] = refusals(caplog)
    assert record.refusal_status == 403
    assert record.refusal_object == f"parent_page_id={draft.pk}"


# --- sessions ---------------------------------------------------------------------------------

PASSWORD = "kata-sandi-uji-987"  # noqa: S105


@pytest.fixture
def writer_login(db, listings):
    people = sop_people()
    user = people["penulis"]
    user.set_password(PASSWORD)
    user.save()
    return user


def log_in(client):
    response = client.post(reverse("wagtailadmin_login"), {"username": "penulis", "password": PASSWORD})
    assert response.status_code == 302, body(response)[:500]
    return client.cookies["sessionid"].value


@pytest.mark.django_db
def test_a_busy_session_ends_after_its_absolute_lifetime(client, writer_login, settings, caplog):
    import time_machine
    from django.utils import timezone

    caplog.set_level(logging.INFO, logger="terbit.security")
    assert settings.SESSION_ABSOLUTE_SECONDS == 12 * 3600  # the default (SESSION_ABSOLUTE_HOURS)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        key = log_in(client)
    # used every 50 minutes (the idle timeout is 60): alive for 12 hours
    for minutes in range(50, 12 * 60, 50):
        with time_machine.travel(start + timezone.timedelta(minutes=minutes), tick=False):
            assert client.get("/admin/").status_code == 200, minutes
    with time_machine.travel(start + timezone.timedelta(hours=12, minutes=5), tick=False):
        response = client.get("/admin/pages/")
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
        login_page = client.get(response["Location"])
    assert "Sesi Anda telah berakhir karena sudah berlangsung lebih dari 12 jam" in body(login_page)
    assert not Session.objects.filter(session_key=key).exists()
    assert any("umur mutlak" in record.getMessage() for record in refusals(caplog))
    # a new login starts a new lifetime
    with time_machine.travel(start + timezone.timedelta(hours=12, minutes=6), tick=False):
        log_in(client)
        assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_logout_by_get_asks_and_changes_nothing_and_post_ends_the_session_on_the_server(client, writer_login):
    key = log_in(client)
    response = client.get(reverse("wagtailadmin_logout"))
    assert response.status_code == 200
    text = body(response)
    assert re.search(r'<form action="/admin/logout/" method="post">', text)
    assert "Keluar" in text
    cookie = response.cookies.get("sessionid")  # the browser keeps its session...
    assert cookie is None or (cookie.value == key and cookie["max-age"] != 0)
    assert client.get("/admin/").status_code == 200  # ... which still works

    response = client.post(reverse("wagtailadmin_logout"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert not Session.objects.filter(session_key=key).exists()

    stolen = Client()
    stolen.cookies["sessionid"] = key  # the old cookie, kept by someone
    response = stolen.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


# --- production settings: health check, CSP ---------------------------------------------------

PRODUCTION_PROBE = """
from django.conf import settings
from django.test import Client
c = Client()
print("ANSWER healthz", c.get("/healthz").status_code)
print("ANSWER healthz-https", c.get("/healthz", headers={"x-forwarded-proto": "https"}).status_code)
print("ANSWER home", c.get("/robots.txt").status_code)
print("ANSWER absolute", settings.SESSION_ABSOLUTE_SECONDS)
"""


@pytest.mark.django_db
def test_healthz_answers_over_plain_http_under_production_settings():
    """A process of its own with the production settings, on the test database (only SELECT 1)."""
    process = start_manage(
        "shell",
        "-c",
        PRODUCTION_PROBE,
        settings_module="cms.settings.production",
        DJANGO_SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="testserver",
        REDIS_URL="",
        SESSION_ABSOLUTE_HOURS="8",
    )
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    answers = dict(line.split()[1:] for line in out.splitlines() if line.startswith("ANSWER "))
    assert answers["healthz"] == "200"  # nginx or a monitor on the machine, plain HTTP
    assert answers["healthz-https"] == "200"
    assert answers["home"] == "301"  # everything else still goes to HTTPS
    assert answers["absolute"] == str(8 * 3600)


@pytest.mark.django_db
def test_public_and_admin_pages_forbid_a_base_element(client, listings, superuser):
    for path, login in (("/", False), ("/admin/", True)):
        if login:
            client.force_login(superuser)
        response = client.get(path)
        assert response.status_code == 200
        policy = {
            part.split()[0]: part.split()[1:] for part in response["Content-Security-Policy"].split("; ")
        }
        assert policy["base-uri"] == ["'none'"], path


def test_no_template_uses_a_base_element():
    root = Path(__file__).resolve().parents[2] / "templates"
    found = [str(path) for path in root.rglob("*.html") if re.search(r"<base[\s>]", path.read_text())]
    assert found == []


# --- the deploy guide's nginx -------------------------------------------------------------------


def nginx_config():
    text = (Path(__file__).resolve().parents[2] / "docs" / "deploy.md").read_text()
    config = re.search(r"## 4\. nginx\s+```nginx\n(.*?)```", text, re.S).group(1)
    return re.sub(r"#[^\n]*", "", config)  # without comments


def test_the_deploy_guides_nginx_serves_only_renditions_and_forwards_the_scheme_everywhere():
    config = nginx_config()
    https = config.split("server {")[1]  # the HTTPS server
    # files straight from disk: only the renditions of images
    assert re.findall(r"\balias\s+(\S+);", https) == ["/srv/terbit/media/images/"]
    assert re.search(r"location /media/ \{ return 404; \}", https)
    # the scheme reaches Django from every proxied location (set once, at the server level)
    server_level = re.sub(r"location[^{]*\{[^}]*\}", "", https)
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in server_level
    assert "proxy_set_header Host $host;" in server_level
    for block in re.findall(r"location[^{]*\{[^}]*\}", https):
        if "proxy_pass" in block:
            # a proxy_set_header inside a location replaces all those of the server level
            assert "proxy_set_header" not in block, block
