"""The outbox with production's mail settings (EMAIL_BACKEND = the outbox), in one process:
Wagtail's own emails (comment notifications) are written in the action's transaction and leave
after its commit; a revision already published by another run is not published again."""

import datetime

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from home.management.commands.publish_scheduled import Command as PublishScheduled
from sop_workflow.models import OutgoingMail, PublicationRecord
from tests.sop_harness import client_for, draft_of, editor_form, post_editor, sop_people, submit

PRODUCTION_MAIL = {
    "EMAIL_BACKEND": "sop_workflow.outbox.OutboxBackend",
    "OUTBOX_DELIVERY_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
}


@pytest.mark.django_db
def test_comment_notifications_are_written_to_the_outbox_in_the_transaction(
    django_capture_on_commit_callbacks,
):
    from wagtail.models import PageSubscription
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    people = sop_people()
    peraturan = draft_of("peraturan", people["penulis"], title="Keputusan Nomor 11")
    submit(people["penulis"], peraturan)
    PageSubscription.objects.update_or_create(
        page=peraturan, user=people["penulis"], defaults={"comment_notifications": True}
    )
    mail.outbox.clear()
    OutgoingMail.objects.all().delete()
    comment = {"contentpath": "title", "text": "Nomornya belum ada.", "position": "", "resolved": ""}
    form = {
        **editor_form(peraturan),
        **nested_form_data({"comments": inline_formset([{**comment, "replies": inline_formset([])}])}),
    }
    with override_settings(**PRODUCTION_MAIL), django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post_editor(client_for(people["kasubag"]), peraturan, form)
        assert response.status_code == 302
        queued = list(OutgoingMail.objects.values_list("penerima", "terkirim_pada"))
        sent_inside = len(mail.outbox)
    assert callbacks  # delivery waited for the commit
    assert sent_inside == 0
    assert queued == [([people["penulis"].email], None)]
    assert [message.to for message in mail.outbox] == [[people["penulis"].email]]
    assert "Nomornya belum ada." in mail.outbox[0].body
    assert OutgoingMail.objects.get().terkirim_pada is not None


@pytest.mark.django_db
def test_a_scheduled_revision_published_meanwhile_is_not_published_again(django_capture_on_commit_callbacks):
    """The second layer under the cron lock: a run that listed a revision publishes it only if it
    is still due when it holds the page's lock."""
    people = sop_people()
    page = draft_of("berita", people["penulis"], title="Jadwal kampanye")
    revision = page.save_revision(user=people["penulis"])
    revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    revision.save(update_fields=["approved_go_live_at"])
    command = PublishScheduled()
    with django_capture_on_commit_callbacks(execute=True):
        assert command.go_live(revision.pk) == 1
        assert command.go_live(revision.pk) == 0  # listed by a second run: already published
    page.refresh_from_db()
    assert page.live and page.live_revision_id == revision.pk
    assert PublicationRecord.objects.filter(page=page).count() == 1
