"""A returned item looks returned (issue #17, item 5): the reason of a return is shown at the
top of the editor and in the dashboard's "Menunggu tindakan Anda" of whom it went back to."""

import datetime
import html
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from wagtail.models import WorkflowState

from tests.factories import PengumumanFactory
from tests.news.admin_forms import page_form_data
from tests.sop_harness import client_for

WIB = ZoneInfo("Asia/Jakarta")
KASUBAG_CHECKS = {
    "cek_kebenaran": "on",
    "cek_narasumber": "on",
    "narasumber": "Ketua Divisi Teknis",
    "cek_bahasa": "on",
    "comment": "Sudah diperiksa.",
}


def at(hour, minute=0):
    """Tuesday 24 November 2026, an office day."""
    return time_machine.travel(datetime.datetime(2026, 11, 24, hour, minute, tzinfo=WIB), tick=False)


def submit(user, page):
    data = page_form_data(page._meta.model_name, page.title, page.slug, **{"action-submit": "action-submit"})
    response = client_for(user).post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)
    assert response.status_code == 302


def act(user, page, action, data):
    """A reviewer's action through Wagtail's workflow action view (the modal's form)."""
    page = type(page).objects.get(pk=page.pk)
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=(page.pk, action, page.current_workflow_task_state.pk)
    )
    response = client_for(user).post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]


def editor(user, page):
    response = client_for(user).get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def top_warning(page_html):
    """The text of the editor's message marked as a return, if it comes before the form."""
    start = page_html.find("sop-dikembalikan")
    if start < 0:
        return ""
    assert start < page_html.index('id="page-edit-form"'), "the reason is not at the top"
    return page_html[start : page_html.index("</li>", start)]


def waiting_row(user, title):
    """The dashboard's row of ``title`` under "Menunggu tindakan Anda" (as text), or ""."""
    page_html = html.unescape(client_for(user).get(reverse("wagtailadmin_home")).content.decode())
    start = page_html.find('id="menunggu-tindakan-anda-section"')
    if start < 0:
        return ""
    panel = page_html[start : page_html.index("</section>", start)]
    at_title = panel.find(title)
    if at_title < 0:
        return ""
    return panel[panel.rfind("<tr", 0, at_title) : panel.index("</tr>", at_title)]


@pytest.fixture
def draft(users, sop):
    users["kabag"].first_name, users["kabag"].last_name = "Ahmad", "Fauzi"
    users["kabag"].save()
    users["kasubag"].first_name, users["kasubag"].last_name = "Siti", "Rohmah"
    users["kasubag"].save()
    return PengumumanFactory(
        parent=sop["pengumuman"], title="Pengumuman seleksi PPK", owner=users["penulis"], publish=False
    )


@pytest.mark.django_db
def test_kabag_return_shown_to_kasubag_in_editor_and_dashboard(users, draft):
    with at(9):
        submit(users["penulis"], draft)
        act(users["kasubag"], draft, "approve", KASUBAG_CHECKS)
    # Before any return: nothing of the kind in Kasubag's view.
    assert top_warning(editor(users["kasubag"], draft)) == ""
    with at(10, 15):
        act(users["kabag"], draft, "kembalikan", {"comment": "Nomor pengumuman belum sesuai agenda."})

    expected = "Dikembalikan oleh Kabag Ahmad Fauzi pada 24 November 2026 10:15 WIB: Nomor pengumuman belum sesuai agenda."
    banner = top_warning(editor(users["kasubag"], draft))
    assert expected in banner
    assert "teruskan lagi ke Kabag" in banner
    # Whoever opens the editor at that step sees it too (here the writer), every time.
    assert expected in top_warning(editor(users["penulis"], draft))
    assert expected in top_warning(editor(users["kasubag"], draft))

    row = waiting_row(users["kasubag"], "Pengumuman seleksi PPK")
    assert expected in row
    assert "Dibatalkan" not in row  # not shown as Wagtail's cancelled step ("Cancelled")

    # Once Kasubag sends it on again, it no longer looks returned.
    with at(10, 30):
        act(users["kasubag"], draft, "approve", KASUBAG_CHECKS)
    assert top_warning(editor(users["kasubag"], draft)) == ""
    kabag_row = waiting_row(users["kabag"], "Pengumuman seleksi PPK")
    assert kabag_row and "Dikembalikan" not in kabag_row
    assert waiting_row(users["kasubag"], "Pengumuman seleksi PPK") == ""


@pytest.mark.django_db
def test_kasubag_reject_shown_to_the_writer_until_resubmitted(users, draft):
    with at(9):
        submit(users["penulis"], draft)
    assert waiting_row(users["penulis"], "Pengumuman seleksi PPK") == ""
    with at(9, 40):
        act(users["kasubag"], draft, "reject", {"comment": "Lampirkan <b>SK</b> panitia."})
    assert WorkflowState.objects.for_instance(draft).get(status="needs_changes")

    expected = (
        "Dikembalikan oleh Kasubag Siti Rohmah pada 24 November 2026 09:40 WIB: Lampirkan <b>SK</b> panitia."
    )
    banner = top_warning(editor(users["penulis"], draft))
    assert expected in banner  # the reason as written: escaped, not markup
    assert "ajukan kembali" in banner
    row = waiting_row(users["penulis"], "Pengumuman seleksi PPK")
    assert expected in row and "Perbaiki dan ajukan kembali" in row
    # The raw page escapes the reason.
    raw = client_for(users["penulis"]).get(reverse("wagtailadmin_pages:edit", args=(draft.pk,))).content
    assert b"Lampirkan <b>SK</b>" not in raw

    # Submitted again: back at Kasubag's step, no longer "returned" for anyone.
    with at(10):
        submit(users["penulis"], draft)
    assert top_warning(editor(users["penulis"], draft)) == ""
    assert top_warning(editor(users["kasubag"], draft)) == ""
    assert waiting_row(users["penulis"], "Pengumuman seleksi PPK") == ""
    assert "Dikembalikan" not in waiting_row(users["kasubag"], "Pengumuman seleksi PPK")


@pytest.mark.django_db
def test_web_admin_reject_of_a_berita_shown_to_the_writer(users, sop):
    from tests.factories import BeritaFactory

    users["webadmin"].first_name, users["webadmin"].last_name = "Rina", "Marlina"
    users["webadmin"].save()
    berita = BeritaFactory(
        parent=sop["berita"], title="Rapat pleno rekapitulasi", owner=users["penulis"], publish=False
    )
    with at(13):
        submit(users["penulis"], berita)
    with at(13, 5):
        act(users["webadmin"], berita, "reject", {"comment": "Foto tanpa keterangan."})
    expected = (
        "Dikembalikan oleh Web Admin Rina Marlina pada 24 November 2026 13:05 WIB: Foto tanpa keterangan."
    )
    assert expected in top_warning(editor(users["penulis"], berita))
    assert expected in waiting_row(users["penulis"], "Rapat pleno rekapitulasi")
