"""Workflow races a browser can produce end in one consistent state (issue 18, item 7).

Two requests at the same moment, through the admin's real views (and cron's real command), each
in its own thread with its own database connection (PostgreSQL: real row locks; SQLite: the
database's write lock), released together by a barrier and repeated for several rounds; some
rounds hold one side back a little, so that each side is seen to arrive first:

- Kabag cancels the run while Web Admin publishes it: one wins. Either the run is cancelled and
  nothing went live, or it was approved, the page is live with its record and the cancel is
  refused. Never cancelled *and* live.
- Web Admin publishes while a colleague saves the draft in another tab (a plain save, or the
  editor's autosave): what goes live is the version Web Admin reviewed, or the publication is
  refused ("Konsep berubah …") and the run waits at his step. Never the colleague's unreviewed
  version.
- A bulk delete of the draft while Web Admin publishes it: deleted and never published, or
  published and the deletion refused (published content is withdrawn first, never deleted).

After every round ``manage.py check_sop_records`` finds nothing to report.
"""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page, PageLogEntry, Revision, WorkflowState

from sop_workflow.models import PublicationRecord
from sop_workflow.setup import TASK_WEB_ADMIN
from tests.faults.harness import race
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

CANCEL_REASON = {"alasan": "Bahan ditarik oleh divisi pengirim."}
# Seconds each request is held back after the barrier, round by round: both at once, and each
# one arriving while the other is under way or after it (each side must be seen to win).
STAGGER_PAIRS = ((0, 0), (0, 0.6), (0.6, 0), (0, 0.05))


def records_clean():
    out = io.StringIO()
    call_command("check_sop_records", stdout=out)  # raises CommandError on any mismatch
    return out.getvalue()


def at_web_admin(people, kind, title):
    """A draft waiting for Web Admin's publication (Berita: directly; Peraturan: after 4 and 5)."""
    page = draft_of(kind, people["penulis"], title=title)
    submit(people["penulis"], page)
    if kind == "peraturan":
        assert act(people["kasubag"], page, "approve", KASUBAG_CHECKS).status_code == 302
        assert act(people["kabag"], page, "approve").status_code == 302
    assert current_task_name(page) == TASK_WEB_ADMIN
    return page


def publish_request(client, page, via):
    """Web Admin's "Dokumentasikan dan Publikasikan", from the editor or the queue's button.
    Built before the race: what he had in front of him when he pressed."""
    if via == "editor":
        form = with_action(editor_form(page), "approve", WEB_ADMIN_NOTE)
        return lambda: post_editor(client, page, form)
    task_state = fresh(page).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    return lambda: client.post(url, WEB_ADMIN_NOTE)


def latest_run(page):
    return WorkflowState.objects.for_instance(fresh(page)).order_by("-pk").first()


def assert_published_as_reviewed(page, reviewed_title):
    page = fresh(page)
    assert latest_run(page).status == WorkflowState.STATUS_APPROVED
    assert page.live
    live = Revision.objects.get(pk=page.live_revision_id)
    assert live.content["title"] == reviewed_title, "went live with a version nobody reviewed"
    latest_record = PublicationRecord.objects.filter(page=page).order_by("-pk").first()
    assert latest_record.revision_id == page.live_revision_id


def assert_waiting_for_web_admin(page):
    page = fresh(page)
    assert not page.live
    assert current_task_name(page) == TASK_WEB_ADMIN
    assert not PublicationRecord.objects.filter(page=page).exists()


@pytest.fixture
def people(transactional_db):
    return sop_people()


@pytest.mark.django_db(transaction=True)
def test_cancel_and_publish_at_the_same_moment_one_wins(people):
    kabag, webadmin = client_for(people["kabag"]), client_for(people["webadmin"])
    outcomes = set()
    for round_ in range(9):
        kind = "peraturan" if round_ % 4 == 0 else "berita"
        via = "editor" if round_ % 2 else "queue"
        title = f"Hasil Rapat Pleno {round_}"
        page = at_web_admin(people, kind, title)
        cancel_url = reverse("sop_workflow:cancel_workflow", args=(page.pk,))
        cancelled, published = race(
            lambda url=cancel_url: kabag.post(url, CANCEL_REASON),
            publish_request(webadmin, page, via),
            delays=STAGGER_PAIRS[round_ % len(STAGGER_PAIRS)],
        )

        run, page = latest_run(page), fresh(page)
        where = (
            f"round {round_} ({kind}, {via}): cancel {cancelled.status_code}, publish {published.status_code}"
        )
        assert sorted([cancelled.status_code, published.status_code]) == [302, 403], where
        if run.status == WorkflowState.STATUS_CANCELLED:
            assert cancelled.status_code == 302 and not page.live, where
            assert not PublicationRecord.objects.filter(page=page).exists(), where
            assert "sudah tidak menunggu tindakan" in published.text, where
        else:
            assert published.status_code == 302, where
            assert_published_as_reviewed(page, title)
            assert "tidak sedang dalam alur SOP" in cancelled.text, where
        outcomes.add(run.status)
        records_clean()
    assert outcomes == {WorkflowState.STATUS_CANCELLED, WorkflowState.STATUS_APPROVED}


def colleague_save(client, page, title, autosave):
    """webadmin2's tab, opened before the race, saves the draft with a new title: "Simpan
    konsep" (a plain save) or the editor's autosave."""
    form = {**editor_form(page), "title": title}
    return lambda: post_editor(client, page, form, autosave=autosave)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("autosave", [False, True], ids=["simpan-konsep", "autosave"])
def test_publish_while_a_colleague_saves_in_another_tab_publishes_only_the_reviewed_version(people, autosave):
    webadmin, colleague = client_for(people["webadmin"]), client_for(people["webadmin2"])
    outcomes = set()
    for round_ in range(6):
        kind = "peraturan" if round_ == 0 else "berita"
        via = "editor" if round_ % 2 else "queue"
        title = f"Pengumuman Hasil Seleksi {round_}"
        page = at_web_admin(people, kind, title)
        published, saved = race(
            publish_request(webadmin, page, via),
            colleague_save(colleague, page, f"{title} (belum ditinjau)", autosave),
            delays=STAGGER_PAIRS[round_ % len(STAGGER_PAIRS)],
        )

        where = f"round {round_} ({kind}, {via}): publish {published.status_code}, save {saved.status_code}"
        if published.status_code == 302:
            assert_published_as_reviewed(page, title)
        else:
            assert published.status_code == 403, where
            assert "Konsep berubah sejak" in published.text, where
            assert_waiting_for_web_admin(page)
        # The save: kept as a newer draft (200/302), or refused as overwriting a reviewed or
        # newer version (409 ours, 400 Wagtail's "Saving will overwrite a newer version").
        assert saved.status_code in (200, 302, 400, 409), (where, saved.content[:300])
        outcomes.add(published.status_code)
        records_clean()
    assert outcomes == {302, 403}


@pytest.mark.django_db(transaction=True)
def test_bulk_delete_and_publish_at_once_never_delete_a_published_page(people):
    admin = make_user("admin", None, is_superuser=True, is_staff=True)
    superuser, webadmin = client_for(admin), client_for(people["webadmin"])
    outcomes = set()
    for round_ in range(4):
        page = at_web_admin(people, "berita", f"Rekapitulasi Suara {round_}")
        url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "delete")) + f"?id={page.pk}"
        published, deleted = race(
            publish_request(webadmin, page, "editor" if round_ % 2 else "queue"),
            lambda url=url: superuser.post(url, {}),
            delays=STAGGER_PAIRS[round_ % len(STAGGER_PAIRS)],
        )

        where = f"round {round_}: publish {published.status_code}, delete {deleted.status_code}"
        if Page.objects.filter(pk=page.pk).exists():
            assert deleted.status_code == 403 and published.status_code == 302, where
            assert "tidak dapat dihapus" in deleted.text
            assert_published_as_reviewed(page, f"Rekapitulasi Suara {round_}")
        else:
            assert deleted.status_code == 302 and published.status_code == 404, where
            assert not PublicationRecord.objects.filter(page_title=f"Rekapitulasi Suara {round_}").exists()
        outcomes.add(deleted.status_code)
        records_clean()
    assert outcomes == {302, 403}


# --- Which version an approval stands for (not races: the rule the races rely on) ------------


@pytest.mark.django_db(transaction=True)
def test_an_editor_approval_without_its_seen_version_publishes_what_its_form_showed(people):
    """A form that does not say which version its reviewer saw (no script, a forged POST), sent
    after a colleague saved a newer version: what goes live is the reviewer's form (saved as his
    version by the approval), never the colleague's version he did not see."""
    page = at_web_admin(people, "berita", "Daftar Calon Tetap")
    loaded = editor_form(page)  # Web Admin's editor, opened now
    colleague = post_editor(
        client_for(people["webadmin2"]), page, {**loaded, "title": "Daftar Calon (diubah)"}
    )
    assert colleague.status_code == 302
    form = {
        key: value
        for key, value in with_action(loaded, "approve", WEB_ADMIN_NOTE).items()
        if key not in ("sop_seen_revision", "loaded_revision_id", "loaded_revision_created_at")
    }
    response = post_editor(client_for(people["webadmin"]), page, form)
    assert response.status_code == 302
    assert_published_as_reviewed(page, "Daftar Calon Tetap")
    records_clean()


@pytest.mark.django_db(transaction=True)
def test_with_refusal_off_the_approval_publishes_the_reviewed_version_and_records_both(people, settings):
    """SOP_REFUSE_CHANGED_SINCE_REVIEW=False: the queue's approval goes ahead on the version its
    preview showed (the step's revision); the colleague's newer version stays a draft, and the
    page's history says which version was reviewed and which was not."""
    settings.SOP_REFUSE_CHANGED_SINCE_REVIEW = False
    page = at_web_admin(people, "berita", "Sosialisasi Pemilih Pemula")
    reviewed = fresh(page).current_workflow_task_state.revision_id
    saved = post_editor(
        client_for(people["webadmin2"]), page, {**editor_form(page), "title": "Sosialisasi (belum ditinjau)"}
    )
    assert saved.status_code == 302
    newer = fresh(page).latest_revision_id
    assert newer != reviewed

    assert act(people["webadmin"], page, "approve", WEB_ADMIN_NOTE).status_code == 302
    page = fresh(page)
    assert page.live and page.live_revision_id == reviewed and page.has_unpublished_changes
    assert page.title == "Sosialisasi Pemilih Pemula"
    assert PublicationRecord.objects.get(page=page).revision_id == reviewed
    entry = PageLogEntry.objects.get(page=page, action="sop_workflow.versi_ditinjau")
    assert entry.data["ditinjau"]["id"] == reviewed and entry.data["lebih_baru"]["id"] == newer
    admin = make_user("admin", None, is_superuser=True, is_staff=True)
    history = client_for(admin).get(reverse("wagtailadmin_pages:history", args=(page.pk,)))
    assert history.status_code == 200
    assert "Disetujui pada versi yang ditinjau" in history.text and f"revisi {newer}" in history.text
    records_clean()
