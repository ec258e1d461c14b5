"""The editor as reviewers meet it (issue 17, item 4): their SOP action is the main button, a
cancel needs Kabag (or the writer before any review) and a written reason, and every action says
what happened and what comes next."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import PageLogEntry, WorkflowState

from news.models import PeraturanIndexPage
from news.structure import ensure_listings
from sop_workflow.setup import TASK_KABAG, TASK_KASUBAG
from tests.live import ensure_site
from tests.sop_harness import (
    KASUBAG_CHECKS,
    act,
    client_for,
    current_task_name,
    draft_of,
    editor_form,
    post_editor,
    sop_people,
    submit,
    with_action,
)


@pytest.fixture
def people(db):
    return sop_people()


@pytest.fixture
def draft(people):
    return draft_of("peraturan", people["penulis"], title="Keputusan Nomor 9")


def footer(user, page):
    """The editor's footer: its main button's label, and the labels in its menu, in order."""
    response = client_for(user).get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert response.status_code == 200
    menu = BeautifulSoup(response.content, "html.parser").select_one("footer .w-dropdown-button")
    items = [el for el in menu.select("button, a") if not el.has_attr("data-w-dropdown-target")]
    labels = [" ".join(el.get_text(" ").split()) for el in items if el.get_text().strip()]
    return labels[0], labels[1:]


@pytest.mark.django_db
def test_each_reviewer_sees_their_sop_action_as_the_main_button(people, draft):
    submit(people["penulis"], draft)
    main, menu = footer(people["kasubag"], draft)
    assert main == "Teruskan ke Kabag"
    assert menu.index("Kembalikan ke penulis") < menu.index("Simpan konsep")
    assert not any("Batalkan" in label for label in menu)  # Kasubag returns it instead

    act(people["kasubag"], draft, "approve", KASUBAG_CHECKS)
    main, menu = footer(people["kabag"], draft)
    assert main == "Setujui"
    assert menu[-1] == "Batalkan alur SOP…"  # Kabag may cancel; last, never first

    act(people["kabag"], draft, "approve")
    main, _menu = footer(people["webadmin"], draft)
    assert main == "Dokumentasikan dan Publikasikan"


@pytest.mark.django_db
def test_after_an_action_the_message_says_what_happened_and_what_comes_next(people, draft):
    submit(people["penulis"], draft)
    form = with_action(editor_form(draft), "approve", KASUBAG_CHECKS)
    response = post_editor(client_for(people["kasubag"]), draft, form)
    assert response.status_code == 302
    shown = [str(message) for message in response.wsgi_request._messages]
    assert any("disetujui" in m and "Sekarang menunggu Kabag (langkah 5), tenggat" in m for m in shown), shown


@pytest.mark.django_db
def test_cancel_needs_the_power_and_a_written_reason_and_is_logged(people, draft):
    submit(people["penulis"], draft)
    url = reverse("sop_workflow:cancel_workflow", args=(draft.pk,))

    # The writer may cancel before anyone reviewed it: the menu offers it, the page asks why.
    _main, menu = footer(people["penulis"], draft)
    assert menu[-1] == "Batalkan alur SOP…"
    writer = client_for(people["penulis"])
    page = writer.get(url)
    assert page.status_code == 200 and "Alasan pembatalan" in page.text
    empty = writer.post(url, {"alasan": ""})
    assert empty.status_code == 200 and "Alasan wajib ditulis." in empty.text
    assert current_task_name(draft) == TASK_KASUBAG

    # Once Kasubag acted, the writer no longer may; Kasubag never may; Kabag may.
    act(people["kasubag"], draft, "approve", KASUBAG_CHECKS)
    assert writer.post(url, {"alasan": "Bahan berubah, diganti surat baru."}).status_code == 403
    assert client_for(people["kasubag"]).post(url, {"alasan": "Tidak perlu terbit lagi."}).status_code == 403
    assert current_task_name(draft) == TASK_KABAG

    # Wagtail's own cancel (the edit form's action-cancel-workflow) is refused for everyone.
    forged = post_editor(writer, draft, editor_form(draft, **{"action-cancel-workflow": "true"}))
    assert forged.status_code == 403 and "dengan alasan tertulis" in forged.text
    assert current_task_name(draft) == TASK_KABAG

    done = client_for(people["kabag"]).post(url, {"alasan": "Surat permohonan ditarik oleh pengirimnya."})
    assert done.status_code == 302 and done.url == reverse("wagtailadmin_pages:edit", args=(draft.pk,))
    assert WorkflowState.objects.for_instance(draft).get().status == WorkflowState.STATUS_CANCELLED
    entry = PageLogEntry.objects.get(page=draft, action="sop_workflow.batal")
    assert entry.user == people["kabag"]
    assert entry.data["alasan"] == "Surat permohonan ditarik oleh pengirimnya."
    history = client_for(people["penulis"]).get(reverse("wagtailadmin_pages:history", args=(draft.pk,)))
    assert "Alur SOP dibatalkan: Surat permohonan ditarik oleh pengirimnya." in history.text


@pytest.mark.django_db
def test_an_action_on_a_version_its_reviewer_did_not_see_is_refused(people, draft):
    submit(people["penulis"], draft)
    seen = with_action(editor_form(draft), "approve", KASUBAG_CHECKS)
    # Meanwhile another tab saves a newer version.
    newer = editor_form(draft, title="Keputusan Nomor 9 Tahun 2026")
    assert post_editor(client_for(people["kasubag"]), draft, newer).status_code == 302
    response = post_editor(client_for(people["kasubag"]), draft, seen)
    assert response.status_code == 403
    assert "Konsep berubah sejak Anda membukanya" in response.text
    assert current_task_name(draft) == TASK_KASUBAG


@pytest.mark.django_db
@pytest.mark.parametrize("extra", ["{", "[1, 2]", '"teks"'])
def test_malformed_action_data_is_a_clear_400_and_saves_nothing(people, draft, extra):
    submit(people["penulis"], draft)
    revisions = draft.revisions.count()
    form = {**with_action(editor_form(draft, title="Diubah"), "approve"), "workflow-action-extra-data": extra}
    response = post_editor(client_for(people["kasubag"]), draft, form)
    assert response.status_code == 400
    assert "Data tindakan alur tidak dapat dibaca" in response.text
    assert draft.revisions.count() == revisions
    assert current_task_name(draft) == TASK_KASUBAG


@pytest.mark.django_db
def test_a_queue_approval_of_a_version_saved_after_the_step_began_is_refused(people, draft):
    submit(people["penulis"], draft)
    act(people["kasubag"], draft, "approve", KASUBAG_CHECKS)
    # Someone who may still edit it (the system's administrator) saves a change meanwhile.
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    newer = editor_form(draft, title="Keputusan Nomor 9 (diubah)")
    assert post_editor(client_for(admin), draft, newer).status_code == 302
    refused = act(people["kabag"], draft, "approve")
    assert refused.status_code == 403
    assert "Konsep berubah sejak langkah ini dimulai" in refused.text
    assert current_task_name(draft) == TASK_KABAG
    # In the editor Kabag sees the newer version, and approves what he saw.
    seen = with_action(editor_form(draft), "approve")
    assert post_editor(client_for(people["kabag"]), draft, seen).status_code == 302
    assert current_task_name(draft) != TASK_KABAG


@pytest.mark.django_db
def test_the_editor_script_guards_the_create_view_and_the_editor(people, draft):
    listing = ensure_listings(ensure_site())[PeraturanIndexPage]
    writer = client_for(people["penulis"])
    create = writer.get(reverse("wagtailadmin_pages:add", args=("news", "peraturanpage", listing.pk)))
    edit = writer.get(reverse("wagtailadmin_pages:edit", args=(draft.pk,)))
    for response in (create, edit):
        assert response.status_code == 200
        assert "sop_workflow/editor.js" in response.text
    form = BeautifulSoup(edit.content, "html.parser").select_one("form[data-edit-form]")
    assert form.select_one("input[name=sop_seen_revision]")["value"] == str(draft.latest_revision_id)
