"""Every admin view that shows a draft, a revision, a history or an export checks permission on
that very object, for each role: a writer's draft is seen by its writer, Kasubag and Web Admin
(who edit it in the SOP), never by another writer, by Kabag outside his step, by Sekretaris, or by
anyone logged out. Reports and exports list only what the reader may see."""

import pytest
from django.test import Client
from django.urls import reverse

from sop_workflow.roles import SEKRETARIS
from tests.factories import PeraturanFactory
from tests.news.admin_forms import page_form_data
from tests.sop_harness import submit
from tests.sop_workflow.conftest import make_user

SECRET = "Konsep rahasia"
EDITORS = {"penulis", "kasubag", "webadmin"}  # the writer, and those who edit it in the SOP
ROLES = ["penulis", "penulis2", "kasubag", "kabag", "webadmin", "sekretaris", "anonim"]


@pytest.fixture
def drafts(users, listings):
    users["sekretaris"] = make_user("sekretaris", SEKRETARIS)
    draft = PeraturanFactory(
        parent=listings["peraturan"], owner=users["penulis"], publish=False, title=SECRET
    )
    first = draft.save_revision(user=users["penulis"])
    draft.title = f"{SECRET} (perbaikan)"
    second = draft.save_revision(user=users["penulis"])
    in_workflow = PeraturanFactory(
        parent=listings["peraturan"], owner=users["penulis"], publish=False, title=f"{SECRET} dalam alur"
    )
    submit(users["penulis"], in_workflow)
    return {"draft": draft, "first": first, "second": second, "in_workflow": in_workflow}


def client_as(users, role):
    client = Client()
    if role != "anonim":
        client.force_login(users[role])
    return client


def body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def draft_urls(drafts):
    pk, first, second = drafts["draft"].pk, drafts["first"].pk, drafts["second"].pk
    return {
        "edit": reverse("wagtailadmin_pages:edit", args=(pk,)),
        "view_draft": reverse("wagtailadmin_pages:view_draft", args=(pk,)),
        "revisions_view": reverse("wagtailadmin_pages:revisions_view", args=(pk, first)),
        "revisions_compare": reverse("wagtailadmin_pages:revisions_compare", args=(pk, first, second)),
        "history": reverse("wagtailadmin_pages:history", args=(pk,)),
        "workflow_history": reverse("wagtailadmin_pages:workflow_history", args=(drafts["in_workflow"].pk,)),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "view", ["edit", "view_draft", "revisions_view", "revisions_compare", "history", "workflow_history"]
)
def test_draft_revision_and_history_views_check_the_page(users, drafts, view):
    url = draft_urls(drafts)[view]
    wrong = {}
    for role in ROLES:
        response = client_as(users, role).get(url)
        if role in EDITORS:
            ok = response.status_code == 200 and SECRET in body(response)
        elif role == "anonim":
            ok = response.status_code == 302 and response["Location"].startswith("/admin/login/")
        else:
            ok = response.status_code in (302, 403) and SECRET not in body(response)
        if not ok:
            wrong[role] = response.status_code
    assert wrong == {}


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["preview_on_edit"])
def test_previews_check_the_page(users, drafts, view):
    url = reverse(f"wagtailadmin_pages:{view}", args=(drafts["draft"].pk,))
    for role in ROLES:
        response = client_as(users, role).get(url)
        if role in EDITORS:
            assert response.status_code == 200, role
        else:
            assert response.status_code in (302, 403), role
            assert SECRET not in body(response), role


@pytest.mark.django_db
@pytest.mark.parametrize("export", ["", "?export=csv", "?export=xlsx"])
def test_site_history_lists_a_page_only_for_those_who_may_edit_it(users, drafts, export):
    for role in ROLES:
        response = client_as(users, role).get(f"/admin/reports/site-history/{export}")
        if role == "anonim":
            assert response.status_code == 302, role
            continue
        assert response.status_code == 200, role
        if export == "?export=xlsx":
            continue  # binary: the CSV and the page carry the same rows
        assert (SECRET in body(response)) == (role in EDITORS), role


@pytest.mark.django_db
def test_workflow_report_export_lists_only_pages_the_reader_may_see(users, drafts):
    for role in ROLES:
        response = client_as(users, role).get("/admin/reports/workflow/?export=csv")
        if role in EDITORS:
            assert response.status_code == 200 and f"{SECRET} dalam alur" in body(response), role
        else:
            assert SECRET not in body(response), role


@pytest.mark.django_db
def test_publication_records_and_their_export_are_for_the_supervisors_and_web_admin(users, drafts, listings):
    PeraturanFactory(parent=listings["peraturan"], title="Keputusan terbit")
    for role in ROLES:
        response = client_as(users, role).get("/admin/catatan_penerbitan/?export=csv")
        if role in {"kasubag", "kabag", "webadmin", "sekretaris"}:
            text = body(response)
            assert response.status_code == 200 and "Keputusan terbit" in text, role
            assert text.splitlines()[0].lower().startswith("waktu terbit,judul,jenis publikasi"), text[:200]
        else:
            assert response.status_code == 302, role
            assert "Keputusan terbit" not in body(response), role


def in_workflow_urls(page):
    revisions = list(page.revisions.order_by("pk").values_list("pk", flat=True))
    return {
        "edit": reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        "view_draft": reverse("wagtailadmin_pages:view_draft", args=(page.pk,)),
        "preview_on_edit": reverse("wagtailadmin_pages:preview_on_edit", args=(page.pk,)),
        "revisions_view": reverse("wagtailadmin_pages:revisions_view", args=(page.pk, revisions[0])),
        "revisions_compare": reverse(
            "wagtailadmin_pages:revisions_compare", args=(page.pk, revisions[0], revisions[-1])
        ),
        "history": reverse("wagtailadmin_pages:history", args=(page.pk,)),
        "workflow_history": reverse("wagtailadmin_pages:workflow_history", args=(page.pk,)),
    }


def forward_to_kabag(users, page):
    """Kasubag checks the draft and forwards it (SOP step 4)."""
    task_state = type(page).objects.get(pk=page.pk).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    checks = {
        "cek_kebenaran": "on",
        "cek_narasumber": "on",
        "narasumber": "Divisi Teknis",
        "cek_bahasa": "on",
    }
    assert client_as(users, "kasubag").post(url, checks).status_code == 302
    assert type(page).objects.get(pk=page.pk).current_workflow_task.name == "Persetujuan Kabag (langkah 5)"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "view",
    [
        "edit",
        "view_draft",
        "preview_on_edit",
        "revisions_view",
        "revisions_compare",
        "history",
        "workflow_history",
    ],
)
def test_kabag_sees_a_draft_in_the_workflow_only_at_his_step(users, drafts, view):
    """The reviewer of the current step is added to those who see the page, nobody else: at
    Kasubag's step Kabag is refused like any outsider; at his own step every view opens to him."""
    page = drafts["in_workflow"]
    seen_by = {"at_kasubag": EDITORS, "at_kabag": EDITORS | {"kabag"}}
    wrong = {}
    for step in ("at_kasubag", "at_kabag"):
        if step == "at_kabag":
            forward_to_kabag(users, page)
        url = in_workflow_urls(page)[view]
        for role in ROLES:
            client = client_as(users, role)
            if view == "preview_on_edit":  # the preview panel posts the editor's form first
                title = f"{SECRET} dalam alur"
                client.post(
                    url, page_form_data("peraturanpage", title, page.slug, jenis_peraturan=page.jenis)
                )
            response = client.get(url)
            if role in seen_by[step]:
                ok = response.status_code == 200 and SECRET in body(response)
            elif role == "anonim":
                ok = response.status_code == 302 and response["Location"].startswith("/admin/login/")
            else:
                ok = response.status_code in (302, 403) and SECRET not in body(response)
            if not ok:
                wrong[(step, role)] = response.status_code
    assert wrong == {}
