"""Who is emailed at each step, and that preferences are respected."""

import pytest
from wagtail.users.models import UserProfile

from sop_workflow.setup import TASK_KASUBAG
from tests.factories import BeritaFactory, PeraturanFactory
from tests.sop_harness import KASUBAG_CHECKS, act, submit


def sent(mailoutbox):
    return {(message.to[0].split("@")[0], message.subject.split(":")[0]) for message in mailoutbox}


@pytest.mark.django_db
def test_each_step_notifies_the_right_people(users, sop, mailoutbox, django_capture_on_commit_callbacks):
    profile = UserProfile.get_for_user(users["kasubag2"])
    profile.submitted_notifications = False  # kasubag2 asked not to be told of new work
    profile.save()
    page = PeraturanFactory(
        parent=sop["peraturan"], title="Keputusan Nomor 9", owner=users["penulis"], publish=False
    )

    with django_capture_on_commit_callbacks(execute=True):
        submit(users["penulis"], page)
    assert sent(mailoutbox) == {("kasubag", "[Terbit] Menunggu tindakan Anda")}
    assert TASK_KASUBAG in mailoutbox[0].subject
    assert f"/admin/pages/{page.pk}/edit/" in mailoutbox[0].body
    assert "Waktu baku langkah ini: 1 jam\n" in mailoutbox[0].body

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(users["kasubag"], page, "reject", {"comment": "Lengkapi dasar hukum."})
    assert sent(mailoutbox) == {("penulis", "[Terbit] Perlu perbaikan")}
    assert "Lengkapi dasar hukum." in mailoutbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        submit(users["penulis"], page)
        act(users["kasubag"], page, "approve", KASUBAG_CHECKS)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(users["kabag"], page, "kembalikan", {"comment": "Judul belum sesuai."})
    # Kasubag group: told it came back (returned), and that its step started again.
    assert ("kasubag", "[Terbit] Dikembalikan oleh Kabag") in sent(mailoutbox)
    assert ("kasubag2", "[Terbit] Dikembalikan oleh Kabag") in sent(mailoutbox)
    assert "Judul belum sesuai." in next(m.body for m in mailoutbox if "Dikembalikan" in m.subject)
    assert not any(m.to[0].startswith("penulis") for m in mailoutbox)

    with django_capture_on_commit_callbacks(execute=True):
        act(users["kasubag"], page, "approve", KASUBAG_CHECKS)
        act(users["kabag"], page, "approve", {"comment": ""})
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(users["webadmin"], page, "approve", {"catatan_dokumentasi": "Diunggah.", "comment": ""})
    published = {to for to, subject in sent(mailoutbox) if subject == "[Terbit] Terbit"}
    assert published == {"penulis", "kasubag", "kabag", "webadmin"}
    page.refresh_from_db()
    assert all(page.full_url in m.body for m in mailoutbox)


@pytest.mark.django_db
def test_berita_submission_notifies_web_admin(users, sop, mailoutbox, django_capture_on_commit_callbacks):
    page = BeritaFactory(parent=sop["berita"], owner=users["penulis"], publish=False)
    with django_capture_on_commit_callbacks(execute=True):
        submit(users["penulis"], page)
    assert sent(mailoutbox) == {
        ("webadmin", "[Terbit] Menunggu tindakan Anda"),
        ("webadmin2", "[Terbit] Menunggu tindakan Anda"),
    }
    assert "Waktu baku langkah ini: 1 jam 5 menit" in mailoutbox[0].body
