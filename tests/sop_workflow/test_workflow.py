"""SOP steps 4-7 through the admin views, as each role uses them."""

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry, TaskState, WorkflowState

from news.models import BeritaPage, PeraturanPage
from sop_workflow.models import PublicationRecord, SOPTaskState
from sop_workflow.setup import TASK_KABAG, TASK_KASUBAG, TASK_WEB_ADMIN
from tests.factories import BeritaFactory, DokumenFactory, PeraturanFactory, attachments
from tests.news.admin_forms import page_form_data
from tests.sop_harness import KASUBAG_CHECKS, act, client_for, current_task_name, submit


def act_in_editor(user, page, action, extra="{}", follow=False):
    """The reviewer presses a workflow action in the editor's footer menu: the edit form is
    posted with the action and the modal's answers as JSON."""
    data = page_form_data(
        page._meta.model_name,
        page.title,
        page.slug,
        jenis_peraturan=getattr(page, "jenis", None),
        documents=[att["dokumen"] for att in page.attachments],
        **{
            "action-workflow-action": "true",
            "workflow-action-name": action,
            "workflow-action-extra-data": extra,
        },
    )
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    return client_for(user).post(url, data, follow=follow)


@pytest.fixture
def draft_peraturan(users, sop):
    return PeraturanFactory(
        parent=sop["peraturan"],
        title="Keputusan Nomor 5 Tahun 2026",
        owner=users["penulis"],
        publish=False,
        lampiran=attachments(DokumenFactory(title="Salinan")),
    )


@pytest.mark.django_db
def test_full_peraturan_path_with_kabag_return_and_writer_change_request(users, draft_peraturan):
    page = draft_peraturan
    workflow_state = submit(users["penulis"], page)
    assert workflow_state.workflow.name == "SOP Penerbitan Informasi"
    assert current_task_name(page) == TASK_KASUBAG

    # Kasubag sends it back to the writer with a reason.
    response = act(users["kasubag"], page, "reject", {"comment": "Lengkapi dasar hukumnya."})
    assert response.status_code == 302
    assert WorkflowState.objects.for_instance(page).get(status="needs_changes")

    # The writer corrects and resubmits: it starts again at Kasubag.
    submit(users["penulis"], page)
    assert current_task_name(page) == TASK_KASUBAG

    # Kasubag must confirm the three checks of the SOP.
    response = act(users["kasubag"], page, "approve", {"narasumber": "x"})
    assert current_task_name(page) == TASK_KASUBAG
    response = act(users["kasubag"], page, "approve", KASUBAG_CHECKS)
    assert response.status_code == 302
    assert current_task_name(page) == TASK_KABAG
    check = SOPTaskState.objects.filter(
        workflow_state__in=WorkflowState.objects.for_instance(page), status="approved"
    ).last()
    assert (check.cek_kebenaran, check.cek_narasumber, check.cek_bahasa) == (True, True, True)
    assert check.narasumber == "Ketua Divisi Teknis KPU Provinsi Banten"

    # Kabag returns it to Kasubag (not to the writer), with a required reason.
    response = act(users["kabag"], page, "kembalikan", {"comment": ""})
    assert current_task_name(page) == TASK_KABAG  # no reason: nothing happens
    response = act(users["kabag"], page, "kembalikan", {"comment": "Perbaiki judul."})
    assert response.status_code == 302
    assert current_task_name(page) == TASK_KASUBAG
    assert PageLogEntry.objects.filter(page=page, action="sop_workflow.kembalikan").exists()

    # Kasubag approves again: back to Kabag, who approves; then Web Admin publishes.
    act(users["kasubag"], page, "approve", KASUBAG_CHECKS)
    assert current_task_name(page) == TASK_KABAG
    act(users["kabag"], page, "approve", {"comment": ""})
    assert current_task_name(page) == TASK_WEB_ADMIN
    assert not PeraturanPage.objects.get(pk=page.pk).live
    act(
        users["webadmin"], page, "approve", {"catatan_dokumentasi": "Diunggah, PDF diperiksa.", "comment": ""}
    )

    page = PeraturanPage.objects.get(pk=page.pk)
    assert page.live
    assert current_task_name(page) is None
    assert WorkflowState.objects.for_instance(page).filter(status="approved").count() == 1

    record = PublicationRecord.objects.get(page=page)
    assert record.url == page.full_url
    assert record.revision_id == page.live_revision_id
    assert record.catatan_dokumentasi == "Diunggah, PDF diperiksa."
    assert record.published_by == users["webadmin"]
    steps = [(row["task"], row["status"], row["by"]) for row in record.steps]
    assert steps == [
        ("Pengajuan oleh penulis", "submitted", "Penulis"),
        (TASK_KASUBAG, "rejected", "Kasubag"),
        (TASK_KASUBAG, "approved", "Kasubag"),
        (TASK_KABAG, "cancelled", "Kabag"),
        (TASK_KASUBAG, "approved", "Kasubag"),
        (TASK_KABAG, "approved", "Kabag"),
        (TASK_WEB_ADMIN, "approved", "Webadmin"),
    ]
    assert record.steps[3]["returned"] is True
    assert record.steps[3]["comment"] == "Perbaiki judul."
    assert "Keputusan Nomor 5 Tahun 2026" in record.html
    import hashlib

    assert record.sha256 == hashlib.sha256(record.html.encode()).hexdigest()


@pytest.mark.django_db
def test_berita_short_path_goes_straight_to_web_admin(users, sop):
    page = BeritaFactory(parent=sop["berita"], title="Rapat pleno", owner=users["penulis"], publish=False)
    workflow_state = submit(users["penulis"], page)
    assert workflow_state.workflow.name == "SOP Berita KPU"
    assert current_task_name(page) == TASK_WEB_ADMIN
    act(users["webadmin"], page, "approve", {"catatan_dokumentasi": "Dibagikan ke Instagram.", "comment": ""})
    assert BeritaPage.objects.get(pk=page.pk).live
    assert PublicationRecord.objects.get(page=page).steps[-1]["task"] == TASK_WEB_ADMIN


@pytest.mark.django_db
def test_workflow_follows_the_type_not_the_tree(users, sop):
    from wagtail.models import Workflow, WorkflowPage

    # A tree-based assignment on the listing must not change what a Peraturan goes through.
    WorkflowPage.objects.create(page=sop["peraturan"], workflow=Workflow.objects.get(name="SOP Berita KPU"))
    page = PeraturanFactory(parent=sop["peraturan"], owner=users["penulis"], publish=False)
    assert submit(users["penulis"], page).workflow.name == "SOP Penerbitan Informasi"


@pytest.mark.django_db
def test_four_eyes_submitter_cannot_approve_any_step(users, sop):
    # A Kasubag who writes and submits cannot approve his own material.
    page = PeraturanFactory(parent=sop["peraturan"], owner=users["kasubag"], publish=False)
    submit(users["kasubag"], page)
    response = act(users["kasubag"], page, "approve", KASUBAG_CHECKS)
    assert current_task_name(page) == TASK_KASUBAG
    assert response.status_code == 403
    assert "Prinsip empat mata" in response.text
    act(users["kasubag2"], page, "approve", KASUBAG_CHECKS)
    assert current_task_name(page) == TASK_KABAG


@pytest.mark.django_db
def test_stale_task_state_is_refused_with_a_reason(users, draft_peraturan):
    page = draft_peraturan
    submit(users["penulis"], page)
    stale = PeraturanPage.objects.get(pk=page.pk).current_workflow_task_state
    act(users["kasubag"], page, "approve", KASUBAG_CHECKS)
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", stale.pk))
    response = client_for(users["kasubag2"]).post(url, KASUBAG_CHECKS)
    assert response.status_code == 403
    assert "sudah tidak menunggu tindakan" in response.text
    assert current_task_name(page) == TASK_KABAG
    assert TaskState.objects.filter(task__name=TASK_KABAG).count() == 1


@pytest.mark.django_db
def test_direct_publish_post_is_refused_and_changes_nothing(users, sop, admin_client):
    page = PeraturanFactory(parent=sop["peraturan"], owner=users["penulis"], publish=False, title="Asli")
    revisions = page.revisions.count()
    for client in (client_for(users["penulis"]), client_for(users["webadmin"]), admin_client):
        data = page_form_data(
            "peraturanpage", "Diubah", page.slug, jenis_peraturan=page.jenis, **{"action-publish": "1"}
        )
        response = client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)
        assert response.status_code == 403
        assert "hanya terbit melalui alur SOP" in response.text
    page = PeraturanPage.objects.get(pk=page.pk)
    assert not page.live
    assert page.title == "Asli"
    assert page.revisions.count() == revisions
    assert not PublicationRecord.objects.exists()


@pytest.mark.django_db
def test_forged_task_state_of_another_page_is_refused(users, sop):
    first = PeraturanFactory(parent=sop["peraturan"], owner=users["penulis"], publish=False)
    second = PeraturanFactory(parent=sop["peraturan"], owner=users["penulis"], publish=False)
    submit(users["penulis"], first)
    submit(users["penulis"], second)
    other_state = PeraturanPage.objects.get(pk=second.pk).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(first.pk, "approve", other_state.pk))
    response = client_for(users["kasubag"]).post(url, KASUBAG_CHECKS)
    assert response.status_code == 403
    assert "bukan milik halaman ini" in response.text
    assert current_task_name(first) == current_task_name(second) == TASK_KASUBAG


@pytest.mark.django_db
def test_submit_is_offered_without_any_tree_workflow(users, sop):
    from wagtail.models import WorkflowPage

    WorkflowPage.objects.all().delete()  # e.g. Wagtail's default "Moderators approval" removed
    page = BeritaFactory(parent=sop["berita"], owner=users["penulis"], publish=False)
    client = client_for(users["penulis"])
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert 'name="action-submit"' in edit.text
    assert "Pengajuan ke SOP Berita KPU" in edit.text
    add = client.get(reverse("wagtailadmin_pages:add", args=("news", "beritapage", sop["berita"].pk)))
    assert "Pengajuan ke SOP Berita KPU" in add.text


@pytest.mark.django_db
def test_future_go_live_is_scheduled_then_published_by_publish_scheduled(users, sop):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    page = BeritaFactory(parent=sop["berita"], owner=users["penulis"], publish=False)
    go_live = timezone.now() + datetime.timedelta(hours=2)
    page.go_live_at = go_live
    page.save_revision(user=users["penulis"])
    submit_data = page_form_data(
        "beritapage",
        page.title,
        page.slug,
        go_live_at=timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M"),
        **{"action-submit": "action-submit"},
    )
    response = client_for(users["penulis"]).post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)), submit_data
    )
    assert response.status_code == 302
    act(users["webadmin"], page, "approve", {"catatan_dokumentasi": "Dijadwalkan.", "comment": ""})

    page = BeritaPage.objects.get(pk=page.pk)
    assert not page.live  # scheduled, not yet public
    assert page.get_latest_revision().approved_go_live_at is not None
    assert not PublicationRecord.objects.filter(page=page).exists()

    # Three hours later, cron runs publish_scheduled.
    import time_machine

    with time_machine.travel(go_live + datetime.timedelta(hours=1)):
        call_command("publish_scheduled")
    page = BeritaPage.objects.get(pk=page.pk)
    assert page.live
    record = PublicationRecord.objects.get(page=page)
    assert record.steps[-1]["catatan_dokumentasi"] == "Dijadwalkan."
    assert record.published_by == users["webadmin"]


@pytest.mark.django_db
def test_failure_during_publication_rolls_back_and_says_so(users, sop, monkeypatch):
    page = BeritaFactory(parent=sop["berita"], owner=users["penulis"], publish=False)
    submit(users["penulis"], page)

    def broken_snapshot(page):
        raise OSError("disk penuh")

    monkeypatch.setattr("sop_workflow.publication.render_public_html", broken_snapshot)
    response = act(users["webadmin"], page, "approve", {"catatan_dokumentasi": "Diunggah.", "comment": ""})
    assert response.status_code == 403
    assert "Penerbitan gagal dan dibatalkan" in response.text
    assert "disk penuh" in response.text
    page = BeritaPage.objects.get(pk=page.pk)
    assert not page.live
    assert current_task_name(page) == TASK_WEB_ADMIN  # still waiting: nothing changed
    assert not PublicationRecord.objects.exists()


@pytest.mark.django_db
def test_reviewer_acting_in_the_editor_returns_to_the_queue(users, draft_peraturan):
    page = draft_peraturan
    submit(users["penulis"], page)
    act(users["kasubag"], page, "approve", KASUBAG_CHECKS)
    response = act_in_editor(users["kabag"], page, "approve", follow=True)
    assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)]
    messages = [str(m).strip() for m in response.context["messages"]]
    assert not any("tidak memiliki izin" in m for m in messages)
    assert current_task_name(page) == TASK_WEB_ADMIN


@pytest.mark.django_db
def test_queue_reports_and_audit_log_show_step_submitter_and_comment(users, draft_peraturan, admin_client):
    page = draft_peraturan
    submit(users["penulis"], page)
    dashboard = client_for(users["kasubag"]).get(reverse("wagtailadmin_home"))
    assert "Menunggu tindakan Anda" in dashboard.text
    assert page.title in dashboard.text
    assert "Penulis" in dashboard.text  # who submitted it
    # Kabag's queue is empty until Kasubag has checked it.
    assert page.title not in client_for(users["kabag"]).get(reverse("wagtailadmin_home")).text

    report = admin_client.get(reverse("wagtailadmin_reports:workflow"))
    assert TASK_KASUBAG in report.text and page.title in report.text

    act(users["kasubag"], page, "approve", KASUBAG_CHECKS)
    entry = PageLogEntry.objects.get(page=page, action="wagtail.workflow.approve")
    assert entry.user == users["kasubag"]
    assert entry.data["comment"] == "Sudah diperiksa."
    assert entry.data["workflow"]["task"]["title"] == TASK_KASUBAG
    assert entry.timestamp is not None
    assert page.title in client_for(users["kabag"]).get(reverse("wagtailadmin_home")).text


@pytest.mark.django_db
def test_editor_json_cannot_skip_kasubag_checks_or_forge_fields(users, draft_peraturan):
    page = draft_peraturan
    submit(users["penulis"], page)

    def post(extra):
        return act_in_editor(users["kasubag"], page, "approve", extra)

    response = post('{"status": "approved", "dikembalikan": true}')
    assert response.status_code == 403
    assert "Data tindakan tidak lengkap" in response.text
    assert current_task_name(page) == TASK_KASUBAG
    response = post(
        '{"cek_kebenaran": true, "cek_narasumber": true, "narasumber": "Sekretaris", "cek_bahasa": true, '
        '"dikembalikan": true}'
    )
    assert current_task_name(page) == TASK_KABAG
    state = SOPTaskState.objects.get(task__name=TASK_KASUBAG)
    assert state.narasumber == "Sekretaris" and not state.dikembalikan
