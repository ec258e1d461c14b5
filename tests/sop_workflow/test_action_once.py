"""Every workflow action in the editor runs exactly once, or not at all (issue 17).

The losing request of a race (a double click, a second tab, a retry, an autosave that carried the
action) is answered with who processed the step, and changes nothing: no revert of ``live``, no
revision from its stale form, no second record or email. Reproduced for every step, with the
loser arriving after the winner committed and while the winner is still inside its transaction.
"""

import pytest
from django.core import mail
from django.db.models.signals import post_save
from django.urls import reverse
from wagtail.models import PageLogEntry, Revision, TaskState, WorkflowState

from sop_workflow.models import PublicationRecord
from sop_workflow.setup import TASK_KABAG, TASK_KASUBAG, TASK_WEB_ADMIN
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
    race_inside_transaction,
    sop_people,
    submit,
    with_action,
)


def at_kasubag(people, page):
    submit(people["penulis"], page)


def at_kabag(people, page):
    at_kasubag(people, page)
    assert act(people["kasubag"], page, "approve", KASUBAG_CHECKS).status_code == 302


def at_web_admin(people, page):
    at_kabag(people, page)
    assert act(people["kabag"], page, "approve").status_code == 302


# (name, type, how the page gets to the step, who acts, action, dialog answers, what follows)
STEPS = [
    ("4 Kasubag teruskan", "peraturan", at_kasubag, "kasubag", "approve", KASUBAG_CHECKS, TASK_KABAG),
    ("4 Kasubag kembalikan", "peraturan", at_kasubag, "kasubag", "reject", {"comment": "Lengkapi."}, None),
    ("5 Kabag setujui", "peraturan", at_kabag, "kabag", "approve", {}, TASK_WEB_ADMIN),
    (
        "5 Kabag kembalikan",
        "peraturan",
        at_kabag,
        "kabag",
        "kembalikan",
        {"comment": "Perbaiki."},
        TASK_KASUBAG,
    ),
    ("6-7 Web Admin terbitkan", "peraturan", at_web_admin, "webadmin", "approve", WEB_ADMIN_NOTE, None),
    ("Berita: Web Admin terbitkan", "berita", at_kasubag, "webadmin", "approve", WEB_ADMIN_NOTE, None),
]
STEP_IDS = [step[0] for step in STEPS]


def build(kind):
    people = sop_people()
    return people, draft_of(kind, people["penulis"])


def snapshot(page):
    """What a person (or the archive) would check after the action."""
    page = fresh(page)
    return {
        "live": page.live,
        "live_revision": page.live_revision_id,
        "latest_revision": page.latest_revision_id,
        "revisions": Revision.objects.for_instance(page).count(),
        "task_states": sorted(TaskState.objects.values_list("pk", "status")),
        "workflows": sorted(WorkflowState.objects.values_list("pk", "status")),
        "records": PublicationRecord.objects.filter(page=page).count(),
        "log": PageLogEntry.objects.filter(page=page).count(),
        "mail": len(mail.outbox),
    }


def assert_step_done_once(page, follows, before):
    after = snapshot(page)
    assert current_task_name(page) == follows
    if before is not None:
        assert after == before


def assert_published_once(page):
    page = fresh(page)
    assert page.live and not page.has_unpublished_changes
    records = PublicationRecord.objects.filter(page=page)
    assert records.count() == 1 and records.get().revision_id == page.live_revision_id


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("step", STEPS, ids=STEP_IDS)
def test_the_same_action_again_after_it_committed_changes_nothing(step):
    _name, kind, reach, actor, action, answers, follows = step
    people, page = build(kind)
    reach(people, page)
    form = with_action(editor_form(page), action, answers)  # the editor as it was loaded
    client = client_for(people[actor])

    first = post_editor(client, page, form)
    assert first.status_code == 302
    after_first = snapshot(page)

    # A double click / retry of the same person: they land where the first click took them, told so.
    again = post_editor(client, page, form)
    assert again.status_code == 302 and again.url == "/admin/"
    shown = [str(message) for message in again.wsgi_request._messages]
    assert any("sudah diproses oleh Anda" in message for message in shown), shown
    assert snapshot(page) == after_first

    # The editor's autosave still carrying the action: 409 with the reason, nothing saved.
    autosave = post_editor(client, page, form, autosave=True)
    assert autosave.status_code == 409
    assert "Simpan otomatis tidak menjalankan tindakan" in autosave.json()["error_message"]
    assert snapshot(page) == after_first

    # Another person of the same group with the same (now old) editor open: refused with who did it.
    colleague = {"kasubag": "kasubag2", "webadmin": "webadmin2"}.get(actor)
    if colleague:
        other = post_editor(client_for(people[colleague]), page, form)
        assert other.status_code == 403
        assert f"sudah diproses oleh {people[actor].first_name}" in other.text
        assert snapshot(page) == after_first

    # A form without the step it was meant for (no script): never a plain save of the stale form.
    bare = {key: value for key, value in form.items() if key not in ("sop_task_state", "sop_seen_revision")}
    late = post_editor(client, page, bare)
    assert late.status_code in (302, 403)
    assert snapshot(page) == after_first
    assert current_task_name(page) == follows
    if action == "approve" and follows is None:
        assert_published_once(page)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("step", STEPS, ids=STEP_IDS)
def test_the_same_action_arriving_while_the_first_is_inside_its_transaction(step):
    """The loser arrives before the winner committed: it waits for the page and then sees the
    committed state (before the lock it read the old state and saved its stale form over it)."""
    _name, kind, reach, actor, action, answers, follows = step
    people, page = build(kind)
    reach(people, page)
    form = with_action(editor_form(page), action, answers)
    # Logged in beforehand: a login writes the session, which would wait for the winner by itself.
    clients = {name: client_for(people[actor]) for name in ("winner", "loser")}
    # Every action saves the workflow state: the winner holds its transaction open there.
    first, second, waited = race_inside_transaction(
        post_save,
        WorkflowState,
        lambda: post_editor(clients["winner"], page, form),
        lambda: post_editor(clients["loser"], page, form),
    )
    assert waited, "the second request did not wait for the first one's transaction"
    results = {"winner": first, "loser": second}

    assert results["winner"].status_code == 302
    assert results["loser"].status_code == 302 and results["loser"].url == "/admin/"
    assert current_task_name(page) == follows
    finished = TaskState.objects.exclude(status="in_progress").filter(finished_by=people[actor])
    assert finished.count() == 1
    if action == "approve" and follows is None:
        assert_published_once(page)
        told = [message.to[0] for message in mail.outbox if message.subject.startswith("[Terbit] Terbit:")]
        assert told and len(told) == len(set(told))  # everyone told once that it is live


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("step", STEPS, ids=STEP_IDS)
def test_the_queue_button_pressed_twice_acts_once(step):
    """The dashboard's action button (Wagtail's workflow action view): the same person's second
    press lands on the dashboard, told it was done; a colleague's is refused with who did it."""
    _name, kind, reach, actor, action, answers, follows = step
    people, page = build(kind)
    reach(people, page)
    task_state = fresh(page).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
    client = client_for(people[actor])
    assert client.post(url, answers).status_code == 302
    after_first = snapshot(page)
    again = client.post(url, answers)
    assert again.status_code == 302 and again.url == "/admin/"
    shown = [str(message) for message in again.wsgi_request._messages]
    assert any("sudah diproses oleh Anda" in message for message in shown), shown
    modal = client.post(url, answers, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert modal.status_code == 200 and modal.json()["step"] == "success"
    colleague = {"kasubag": "kasubag2", "webadmin": "webadmin2"}.get(actor)
    if colleague:
        other = client_for(people[colleague]).post(url, answers)
        assert other.status_code == 403 and "sudah" in other.text
    assert snapshot(page) == after_first
    assert current_task_name(page) == follows
