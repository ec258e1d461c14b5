"""Reviewers see what they approve (issue #17, item 3): at each step of the SOP the reviewer of
that step opens the preview panel, the page's history, a revision, the comparison with the
previous revision and the workflow history, through the admin's own URLs; a reviewer of another
step and another writer are still refused and see nothing of the draft.

The preview is framed by the admin (Content-Security-Policy ``frame-ancestors 'self'``) while the
public site stays unframeable (``frame-ancestors 'none'``)."""

import json

import pytest
from django.urls import reverse
from wagtail.admin.models import FormState
from wagtail.models import WorkflowState

from news.models import BeritaPage, PeraturanPage
from sop_workflow.roles import SEKRETARIS
from sop_workflow.setup import TASK_KABAG, TASK_KASUBAG, TASK_WEB_ADMIN
from tests.factories import BeritaFactory, PeraturanFactory
from tests.news.admin_forms import page_form_data
from tests.sop_harness import KASUBAG_CHECKS, client_for
from tests.sop_workflow.conftest import make_user

FIRST_TITLE = "Keputusan tentang Jadwal Rapat Pleno"
DRAFT_TITLE = "Keputusan tentang Jadwal Rapat Pleno Terbuka Rekapitulasi"
DENIED = "Maaf, Anda tidak memiliki izin"


def form_data(page, title, **extra):
    return page_form_data(
        page._meta.model_name, title, page.slug, jenis_peraturan=getattr(page, "jenis", None), **extra
    )


def submit_with_new_title(user, page, title):
    """The writer corrects the title in the editor and presses "Ajukan": a second revision."""
    response = client_for(user).post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        form_data(page, title, **{"action-submit": "action-submit"}),
    )
    assert response.status_code == 302, response


def act(user, page, action, data):
    task_state = type(page).objects.get(pk=page.pk).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
    assert client_for(user).post(url, data).status_code == 302


def current_task(page):
    state = type(page).objects.get(pk=page.pk).current_workflow_task_state
    return state.task.name if state else None


def text(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def csp(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.fixture
def peraturan_at(users, sop):
    """A Peraturan with two revisions, brought to the given step by the people of the SOP."""
    users["sekretaris"] = make_user("sekretaris", SEKRETARIS)

    def bring_to(task_name):
        page = PeraturanFactory(
            parent=sop["peraturan"], owner=users["penulis"], publish=False, title=FIRST_TITLE
        )
        submit_with_new_title(users["penulis"], page, DRAFT_TITLE)
        if task_name in (TASK_KABAG, TASK_WEB_ADMIN):
            act(users["kasubag"], page, "approve", KASUBAG_CHECKS)
        if task_name == TASK_WEB_ADMIN:
            act(users["kabag"], page, "approve", {"comment": ""})
        page = PeraturanPage.objects.get(pk=page.pk)
        assert current_task(page) == task_name
        return page

    return bring_to


@pytest.fixture
def berita_at_web_admin(users, sop):
    """A Berita on the SOP's short path: submitted, waiting for Web Admin."""
    page = BeritaFactory(parent=sop["berita"], owner=users["penulis"], publish=False, title=FIRST_TITLE)
    submit_with_new_title(users["penulis"], page, DRAFT_TITLE)
    page = BeritaPage.objects.get(pk=page.pk)
    assert current_task(page) == TASK_WEB_ADMIN
    return page


def review_urls(page):
    first, latest = page.revisions.order_by("pk").values_list("pk", flat=True)[:2]
    workflow_state = WorkflowState.objects.for_instance(page).get(status="in_progress")
    task_id = page.current_workflow_task.pk
    return {
        "history": reverse("wagtailadmin_pages:history", args=(page.pk,)),
        "history_results": reverse("wagtailadmin_pages:history_results", args=(page.pk,)),
        "revisions_view": reverse("wagtailadmin_pages:revisions_view", args=(page.pk, first)),
        "revisions_compare": reverse("wagtailadmin_pages:revisions_compare", args=(page.pk, first, latest)),
        "workflow_history": reverse("wagtailadmin_pages:workflow_history", args=(page.pk,)),
        "workflow_history_detail": reverse(
            "wagtailadmin_pages:workflow_history_detail", args=(page.pk, workflow_state.pk)
        ),
        "workflow_preview": reverse("wagtailadmin_pages:workflow_preview", args=(page.pk, task_id)),
    }


def assert_sees_the_draft_in_the_preview_panel(client, page):
    """What the editor's preview panel does: POST the form, then load the preview in a frame."""
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(page.pk,))
    response = client.post(url, form_data(page, DRAFT_TITLE))
    assert response.status_code == 200, response
    assert json.loads(response.content) == {"is_valid": True, "is_available": True}
    response = client.get(f"{url}?in_preview_panel=true")
    assert response.status_code == 200
    assert DRAFT_TITLE in text(response)
    policy = csp(response)
    # The admin (same origin) may frame the preview; nobody else may.
    assert policy["frame-ancestors"] == ["'self'"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    # Otherwise the public page's policy: the preview runs no inline script either.
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]


def assert_reviews(client, page):
    assert_sees_the_draft_in_the_preview_panel(client, page)
    urls = review_urls(page)
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response)
        assert DENIED not in text(response), name

    history = text(client.get(urls["history"]))
    assert DRAFT_TITLE in history
    # "Bandingkan dengan versi sebelumnya" links to the comparison just opened.
    first, latest = page.revisions.order_by("pk").values_list("pk", flat=True)[:2]
    assert reverse("wagtailadmin_pages:revisions_compare", args=(page.pk, first, latest)) in history

    compare = text(client.get(urls["revisions_compare"]))
    assert FIRST_TITLE in compare and "Terbuka Rekapitulasi" in compare
    assert FIRST_TITLE in text(client.get(urls["revisions_view"]))
    assert DRAFT_TITLE in text(client.get(urls["workflow_preview"]))
    assert page.current_workflow_task.name in text(client.get(urls["workflow_history_detail"]))


def assert_refused(client, page, role):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(page.pk,))
    stored_previews = FormState.objects.filter(user__username=role).count()
    responses = {
        "preview_post": client.post(url, form_data(page, DRAFT_TITLE)),
        "preview_get": client.get(f"{url}?in_preview_panel=true"),
        **{name: client.get(url) for name, url in review_urls(page).items()},
    }
    for name, response in responses.items():
        assert response.status_code in (302, 403), (role, name, response.status_code)
        assert DRAFT_TITLE not in text(response), (role, name)
        if response.status_code == 302:
            assert response["Location"] == reverse("wagtailadmin_home"), (role, name)
    # A redirect carries Wagtail's refusal ("Maaf, Anda tidak memiliki izin…") to the dashboard.
    if any(response.status_code == 302 for response in responses.values()):
        assert DENIED in text(client.get(reverse("wagtailadmin_home"))), role
    # And nothing was stored for a preview the user may not see.
    assert FormState.objects.filter(user__username=role).count() == stored_previews


STEPS = [
    # (step, reviewer, refused: a reviewer of another step, another writer, the secretary)
    (TASK_KASUBAG, "kasubag", ["kabag", "penulis2", "sekretaris"]),
    (TASK_KABAG, "kabag", ["penulis2", "sekretaris"]),
    (TASK_WEB_ADMIN, "webadmin", ["kabag", "penulis2", "sekretaris"]),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("step", "reviewer", "refused"), STEPS, ids=["langkah-4", "langkah-5", "langkah-6-7"]
)
def test_the_reviewer_of_each_step_sees_the_draft_others_do_not(users, peraturan_at, step, reviewer, refused):
    page = peraturan_at(step)
    assert_reviews(client_for(users[reviewer]), page)
    for role in refused:
        assert_refused(client_for(users[role]), page, role)


@pytest.mark.django_db
def test_berita_short_path_web_admin_sees_the_draft_others_do_not(users, berita_at_web_admin):
    users["sekretaris"] = make_user("sekretaris", SEKRETARIS)
    assert_reviews(client_for(users["webadmin"]), berita_at_web_admin)
    for role in ["kabag", "penulis2", "sekretaris"]:
        assert_refused(client_for(users[role]), berita_at_web_admin, role)


@pytest.mark.django_db
def test_kabag_sees_nothing_once_his_step_is_over(users, peraturan_at):
    """Access follows the step: after Kabag approves, the page is Web Admin's to review."""
    page = peraturan_at(TASK_KABAG)
    kabag = client_for(users["kabag"])
    assert_reviews(kabag, page)
    act(users["kabag"], page, "approve", {"comment": ""})
    assert_refused(kabag, PeraturanPage.objects.get(pk=page.pk), "kabag")


@pytest.mark.django_db
def test_four_eyes_the_submitter_is_not_the_reviewer(users, sop):
    """Someone in Kabag's group who wrote and submitted the draft (he is also a writer) is not its
    reviewer at step 5; the other Kabag is, and sees everything. (What the submitter sees, he sees
    as the writer of his own draft: Wagtail's rule for owners, not the reviewer's.)"""
    from sop_workflow.review_access import is_current_reviewer

    writer_kabag = make_user("kabag_penulis", "Kabag")
    writer_kabag.groups.add(users["penulis"].groups.get())
    page = PeraturanFactory(parent=sop["peraturan"], owner=writer_kabag, publish=False, title=FIRST_TITLE)
    submit_with_new_title(writer_kabag, page, DRAFT_TITLE)
    act(users["kasubag"], page, "approve", KASUBAG_CHECKS)
    page = PeraturanPage.objects.get(pk=page.pk)
    assert current_task(page) == TASK_KABAG
    assert not is_current_reviewer(writer_kabag, page)
    assert is_current_reviewer(users["kabag"], page)
    assert not is_current_reviewer(users["kasubag"], page)
    assert_reviews(client_for(users["kabag"]), page)


@pytest.mark.django_db
def test_the_public_site_stays_unframeable(users, peraturan_at, client):
    page = peraturan_at(TASK_KABAG)
    assert_sees_the_draft_in_the_preview_panel(client_for(users["kabag"]), page)
    for url in ["/", "/peraturan/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert csp(response)["frame-ancestors"] == ["'none'"], url
        assert response["X-Frame-Options"] == "DENY", url
    # The draft itself is not public.
    assert page.url and client.get(page.url).status_code == 404
