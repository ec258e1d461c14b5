"""Review of "every workflow action exactly once" (issue 17, item 1): the paths the first tests
did not drive. Each test is a case found in review, through the admin's real entry points."""

import pytest
from wagtail.models import Revision, WorkflowState

from sop_workflow.setup import TASK_KABAG, TASK_KASUBAG
from tests.sop_harness import (
    KASUBAG_CHECKS,
    WEB_ADMIN_NOTE,
    act,
    client_for,
    current_task_name,
    draft_of,
    editor_form,
    fresh,
    post_editor,
    sop_people,
    submit,
    with_action,
)
from tests.sop_workflow.conftest import make_user


@pytest.fixture
def people(db):
    return sop_people()


@pytest.fixture
def peraturan(people):
    return draft_of("peraturan", people["penulis"], title="Keputusan Nomor 9")


@pytest.fixture
def berita(people):
    return draft_of("berita", people["penulis"], title="Rapat Pleno")


def autosave(client, page, form, title, own_revision=None):
    """An autosave of an editor tab: the form with a new title, overwriting the tab's own last
    autosaved revision in place when it has one (what Wagtail's autosave sends)."""
    data = {**form, "title": title}
    if own_revision is not None:
        data["overwrite_revision_id"] = own_revision
    return post_editor(client, page, data, autosave=True)


def revision_title(revision_id):
    return Revision.objects.get(pk=revision_id).content["title"]


@pytest.mark.django_db
def test_an_old_tab_cannot_rewrite_the_published_revision_in_place(people, berita):
    """Web Admin's editor tab autosaved a change (revision R, his own); he publishes R from
    the queue's button. The first tab, still open, autosaves again "over its own revision": R, now the
    live revision with its publication record, must not change under the record."""
    submit(people["penulis"], berita)
    tab_b = client_for(people["webadmin"])
    form_b = editor_form(berita)
    saved = autosave(tab_b, berita, form_b, "Rapat Pleno (ejaan diperbaiki)")
    assert saved.status_code == 200, saved.content
    own = saved.json()["revision_id"]

    assert act(people["webadmin"], berita, "approve", WEB_ADMIN_NOTE).status_code == 302
    page = fresh(berita)
    assert page.live and page.live_revision_id == own

    late = autosave(tab_b, berita, form_b, "Judul dari tab lama", own_revision=own)
    assert late.status_code == 409, late.content
    assert revision_title(own) == "Rapat Pleno (ejaan diperbaiki)"
    page = fresh(berita)
    assert page.title == "Rapat Pleno (ejaan diperbaiki)" and page.live_revision_id == own


@pytest.mark.django_db
def test_an_old_tab_cannot_rewrite_the_version_a_later_step_reviewed(people, peraturan):
    """Kasubag's tab autosaved R and he forwarded R to Kabag (from the queue); Kabag returned it.
    Back at step 4, the old tab's next autosave must not rewrite R in place: R is the version
    Kabag reviewed and returned, and the history must keep showing what he saw."""
    submit(people["penulis"], peraturan)
    tab = client_for(people["kasubag"])
    form = editor_form(peraturan)
    saved = autosave(tab, peraturan, form, "Keputusan Nomor 9 Tahun 2026")
    own = saved.json()["revision_id"]
    assert act(people["kasubag"], peraturan, "approve", KASUBAG_CHECKS).status_code == 302
    assert current_task_name(peraturan) == TASK_KABAG
    kabag_step = fresh(peraturan).current_workflow_task_state
    assert kabag_step.revision_id == own
    assert (
        act(people["kabag"], peraturan, "kembalikan", {"comment": "Dasar hukumnya kurang."}).status_code
        == 302
    )
    assert current_task_name(peraturan) == TASK_KASUBAG

    late = autosave(tab, peraturan, form, "Judul yang belum dilihat Kabag", own_revision=own)
    assert revision_title(own) == "Keputusan Nomor 9 Tahun 2026"
    # Either refused, or kept as a new version: never written into the reviewed one.
    assert late.status_code == 409 or late.json()["revision_id"] != own


@pytest.mark.django_db
def test_an_approval_refuses_a_version_a_colleague_rewrote_in_place_after_it_was_loaded(people, peraturan):
    """kasubag2 autosaved R; kasubag opens the editor and sees R; kasubag2 keeps typing, which
    rewrites R in place (same id, newer time). kasubag's "Teruskan ke Kabag" would forward a
    text he never saw: it must be refused as a changed draft, like a new revision is."""
    submit(people["penulis"], peraturan)
    colleague = client_for(people["kasubag2"])
    colleague_form = editor_form(peraturan)
    own = autosave(colleague, peraturan, colleague_form, "Keputusan Nomor 9 (versi A)").json()["revision_id"]

    loaded = editor_form(peraturan)  # kasubag's editor, showing R as "versi A"
    assert loaded["sop_seen_revision"] == own
    rewritten = autosave(
        colleague, peraturan, colleague_form, "Keputusan Nomor 9 (versi B)", own_revision=own
    )
    assert rewritten.status_code == 200 and rewritten.json()["revision_id"] == own

    response = post_editor(
        client_for(people["kasubag"]), peraturan, with_action(loaded, "approve", KASUBAG_CHECKS)
    )
    assert response.status_code == 403, response.status_code
    assert "Konsep berubah sejak Anda membukanya" in response.text
    assert current_task_name(peraturan) == TASK_KASUBAG


@pytest.mark.django_db
def test_the_writer_pressing_ajukan_twice_starts_one_run(people, peraturan):
    """The writer's "Ajukan" sent twice (a retry, a second tab): one run, and the second press
    is told, in Indonesian, that it was already submitted (it was answered in English "could not
    be saved as it is locked", or turned into a plain save of the old form for a superuser)."""
    form = editor_form(peraturan, **{"action-submit": "action-submit"})
    client = client_for(people["penulis"])
    assert post_editor(client, peraturan, form).status_code == 302
    revisions = Revision.objects.for_instance(fresh(peraturan)).count()
    again = post_editor(client, peraturan, form)
    assert again.status_code == 302 and again.url == "/admin/"
    shown = [str(message) for message in again.wsgi_request._messages]
    assert any("sudah diajukan ke alur SOP oleh Anda" in message for message in shown), shown
    assert WorkflowState.objects.for_instance(fresh(peraturan)).count() == 1
    assert Revision.objects.for_instance(fresh(peraturan)).count() == revisions

    # Anyone else's "Ajukan" on the old form (here an administrator, whom no lock stops): refused.
    admin = make_user("admin", None, is_superuser=True, is_staff=True)
    other = post_editor(client_for(admin), peraturan, form)
    assert other.status_code == 403 and "sudah diajukan ke alur SOP oleh Penulis" in other.text
    assert Revision.objects.for_instance(fresh(peraturan)).count() == revisions
    assert current_task_name(peraturan) == TASK_KASUBAG


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["user", "task_state", "action_name"])
def test_action_data_naming_an_argument_of_the_action_is_refused_not_a_500(people, peraturan, key):
    """The dialog's answers travel as JSON the browser controls, and Wagtail passes them to
    ``on_action(task_state, user, action_name, **answers)``: an answer named like one of its
    arguments must be refused as bad data (400, nothing saved), not crash the request."""
    submit(people["penulis"], peraturan)
    revisions = Revision.objects.for_instance(fresh(peraturan)).count()
    form = with_action(
        editor_form(peraturan, title="Judul yang tidak boleh tersimpan"),
        "approve",
        {**KASUBAG_CHECKS, key: 1},
    )
    response = post_editor(client_for(people["kasubag"]), peraturan, form)
    assert response.status_code == 400
    assert "Data tindakan alur tidak dapat dibaca" in response.text
    assert current_task_name(peraturan) == TASK_KASUBAG
    assert Revision.objects.for_instance(fresh(peraturan)).count() == revisions


@pytest.mark.django_db
def test_comment_emails_go_out_after_the_commit_not_while_the_page_is_locked(
    people, peraturan, django_capture_on_commit_callbacks
):
    """Every editor POST holds the page's lock (on SQLite, the database's write lock) for its
    whole transaction. Wagtail's comment notifications are sent from inside the view: with a slow
    or hung mail server every other save waited on it. They must leave after the commit."""
    from django.core import mail
    from wagtail.models import PageSubscription
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    submit(people["penulis"], peraturan)
    PageSubscription.objects.update_or_create(
        page=peraturan, user=people["penulis"], defaults={"comment_notifications": True}
    )
    mail.outbox.clear()
    comment = {"contentpath": "title", "text": "Judulnya belum memuat nomor.", "position": "", "resolved": ""}
    form = {
        **editor_form(peraturan),
        **nested_form_data({"comments": inline_formset([{**comment, "replies": inline_formset([])}])}),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = post_editor(client_for(people["kasubag"]), peraturan, form)
        assert response.status_code == 302, response.content[:3000]
        sent_inside = len(mail.outbox)
    assert sent_inside == 0
    assert [message.to for message in mail.outbox] == [[people["penulis"].email]]


@pytest.mark.django_db
def test_web_admin_cannot_end_a_run_by_deleting_the_draft_under_review(people, peraturan):
    """Only Kabag, or the writer before any review, may stop a run, with a written reason
    (review.may_cancel). Deleting the draft under review stopped it too, by anyone holding the
    delete permission (Web Admin), with no reason asked: the writer's submission was gone."""
    from django.urls import reverse
    from wagtail.models import Page

    submit(people["penulis"], peraturan)
    url = reverse("wagtailadmin_pages:delete", args=(peraturan.pk,))
    response = client_for(people["webadmin"]).post(url)
    assert response.status_code == 403, response.status_code
    assert Page.objects.filter(pk=peraturan.pk).exists()
    assert current_task_name(peraturan) == TASK_KASUBAG


@pytest.mark.django_db
def test_a_colleague_pressing_the_queue_dialog_after_the_step_was_done_is_told_who_did_it(people, peraturan):
    """The queue's dialog posts by XHR and Wagtail's modal script ignores a failed answer: a
    403 left the colleague's dialog open, silent, however often they pressed. They must be told,
    in the dialog's own terms (a redirect with the message), that kasubag already processed it."""
    from django.urls import reverse

    submit(people["penulis"], peraturan)
    task_state = fresh(peraturan).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(peraturan.pk, "approve", task_state.pk))
    assert client_for(people["kasubag"]).post(url, KASUBAG_CHECKS).status_code == 302
    late = client_for(people["kasubag2"]).post(url, KASUBAG_CHECKS, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert late.status_code == 200 and late.json()["step"] == "success", late.status_code
    shown = [str(message) for message in late.wsgi_request._messages]
    assert any("sudah diproses oleh Kasubag" in message for message in shown), shown
    assert current_task_name(peraturan) == TASK_KABAG


@pytest.mark.django_db
def test_kabag_finds_the_cancel_of_a_run_at_a_step_that_is_not_his(people):
    """Kabag may cancel a run at any step (review.may_cancel), but outside step 5 he cannot open
    the draft's editor. The register entry the draft was made from (his page: step 1) offers
    "Batalkan alur SOP…" while the run is under way, and the cancellation page answers him."""
    from django.urls import reverse

    from tests.sop_harness import draft_from_register

    surat, page = draft_from_register(people, "Pengumuman Rekrutmen Pantarlih")
    submit(people["penulis"], page)
    kabag = client_for(people["kabag"])
    cancel_url = reverse("sop_workflow:cancel_workflow", args=(page.pk,))
    entry = kabag.get(reverse("sop_workflow_suratmasuk_modeladmin_inspect", args=(surat.pk,)))
    assert entry.status_code == 200 and cancel_url in entry.text
    assert "Batalkan alur SOP…" in entry.text
    assert kabag.get(cancel_url).status_code == 200
    # Kasubag, who may not cancel, is not offered it there.
    other = client_for(people["kasubag"]).get(
        reverse("sop_workflow_suratmasuk_modeladmin_inspect", args=(surat.pk,))
    )
    assert other.status_code == 200 and cancel_url not in other.text
