"""The slug follows a corrected title until the first publication (issue #17, item 7), through
the admin's edit view as the editor posts it (a save, an autosave, a reviewer's action)."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from news.models import PengumumanPage
from sop_workflow.roles import KASUBAG, PENULIS
from tests.factories import PengumumanFactory
from tests.news.admin_forms import page_form_data
from tests.sop_harness import client_for

KASUBAG_CHECKS = {
    "cek_kebenaran": True,
    "cek_narasumber": True,
    "narasumber": "Sekretaris",
    "cek_bahasa": True,
}


def post_edit(user, page, title, slug, json=False, **extra):
    data = page_form_data("pengumumanpage", title, slug, **extra)
    headers = {"HTTP_ACCEPT": "application/json"} if json else {}
    response = client_for(user).post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data, **headers)
    assert response.status_code in (200, 302), response.status_code
    if json:
        assert response.json()["success"] is True, response.json()
    else:
        assert response.status_code == 302, response.context["form"].errors
    return response


def saved(page):
    """The page as the editor shows it now: its latest revision."""
    return PengumumanPage.objects.get(pk=page.pk).get_latest_revision_as_object()


def make_user(username, group):
    user = get_user_model().objects.create_user(username, f"{username}@kpu-banten.example", "pw")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def sop(listings):
    """Roles and workflows, as `manage.py setup_sop` leaves them."""
    call_command("setup_sop", stdout=io.StringIO())
    return listings


@pytest.fixture
def writer(sop):
    return make_user("penulis", PENULIS)


@pytest.fixture
def draft(writer, sop):
    return PengumumanFactory(
        parent=sop["pengumuman"],
        title="Pengumuman seleksi PPK",
        slug="pengumuman-seleksi-ppk",
        owner=writer,
        publish=False,
    )


@pytest.mark.django_db
def test_corrected_title_of_a_draft_takes_the_slug_along(writer, draft):
    # The browser sent the slug as it was (or its copying was off): the server follows.
    post_edit(writer, draft, "Pengumuman seleksi PPS", "pengumuman-seleksi-ppk")
    assert saved(draft).slug == "pengumuman-seleksi-pps"
    # An autosave (JSON) of a further correction, typed with a line break: one line, and followed.
    post_edit(writer, draft, "Pengumuman hasil\nseleksi PPS", "pengumuman-seleksi-pps", json=True)
    page = saved(draft)
    assert (page.title, page.slug) == ("Pengumuman hasil seleksi PPS", "pengumuman-hasil-seleksi-pps")
    # The browser's own copy of the title is kept as it is.
    post_edit(writer, draft, "Pengumuman hasil seleksi PPS 2026", "pengumuman-hasil-seleksi-pps-2026")
    assert saved(draft).slug == "pengumuman-hasil-seleksi-pps-2026"
    # A save that does not touch the title leaves the slug alone.
    post_edit(writer, draft, "Pengumuman hasil seleksi PPS 2026", "pengumuman-hasil-seleksi-pps-2026")
    assert saved(draft).slug == "pengumuman-hasil-seleksi-pps-2026"


@pytest.mark.django_db
def test_a_slug_chosen_by_a_person_is_kept(writer, draft):
    post_edit(writer, draft, "Pengumuman seleksi PPK", "seleksi-ppk-2026")
    assert saved(draft).slug == "seleksi-ppk-2026"
    post_edit(writer, draft, "Pengumuman seleksi PPK dan PPS", "seleksi-ppk-2026")
    assert saved(draft).slug == "seleksi-ppk-2026"
    # Typed together with a new title: the person's slug wins too.
    post_edit(writer, draft, "Pengumuman seleksi PPS", "seleksi-pps")
    assert saved(draft).slug == "seleksi-pps"


@pytest.mark.django_db
def test_a_sibling_holding_the_new_titles_slug_gets_a_unique_one(writer, draft, sop):
    PengumumanFactory(parent=sop["pengumuman"], title="Jadwal tahapan", slug="jadwal-tahapan")
    PengumumanFactory(parent=sop["pengumuman"], title="Jadwal tahapan", slug="jadwal-tahapan-1")
    post_edit(writer, draft, "Jadwal tahapan", "pengumuman-seleksi-ppk")
    assert saved(draft).slug == "jadwal-tahapan-2"
    # The browser's copy that a sibling holds: made unique instead of refused.
    post_edit(writer, draft, "Pengumuman seleksi PPK", "pengumuman-seleksi-ppk")
    assert saved(draft).slug == "pengumuman-seleksi-ppk"
    post_edit(writer, draft, "Jadwal tahapan", "jadwal-tahapan")
    assert saved(draft).slug == "jadwal-tahapan-2"
    # Still derived from the title, with its suffix: the next correction follows again.
    post_edit(writer, draft, "Jadwal tahapan pemilihan", "jadwal-tahapan-2")
    assert saved(draft).slug == "jadwal-tahapan-pemilihan"
    # A person's slug that a sibling holds is still refused, with Wagtail's message.
    response = client_for(writer).post(
        reverse("wagtailadmin_pages:edit", args=(draft.pk,)),
        page_form_data("pengumumanpage", "Jadwal tahapan pemilihan", "jadwal-tahapan-1"),
    )
    assert response.status_code == 200
    assert "jadwal-tahapan-1" in str(response.context["form"].errors["slug"])


@pytest.mark.django_db
def test_a_reviewer_correcting_the_title_at_their_step_moves_the_slug(writer, draft):
    kasubag = make_user("kasubag", KASUBAG)
    post_edit(writer, draft, draft.title, draft.slug, **{"action-submit": "action-submit"})
    assert PengumumanPage.objects.get(pk=draft.pk).current_workflow_task_state is not None
    post_edit(
        kasubag,
        draft,
        "Pengumuman seleksi anggota PPK",
        "pengumuman-seleksi-ppk",
        **{
            "action-workflow-action": "true",
            "workflow-action-name": "approve",
            "workflow-action-extra-data": json.dumps(KASUBAG_CHECKS),
        },
    )
    page = saved(draft)
    assert (page.title, page.slug) == ("Pengumuman seleksi anggota PPK", "pengumuman-seleksi-anggota-ppk")


@pytest.mark.django_db
def test_once_published_the_slug_stays(writer, sop):
    published = PengumumanFactory(
        parent=sop["pengumuman"], title="Pengumuman DPT", slug="pengumuman-dpt", owner=writer
    )
    admin = get_user_model().objects.create_superuser("admin", "admin@kpu-banten.example", "pw")
    post_edit(admin, published, "Pengumuman DPT Pemilihan 2026", "pengumuman-dpt")
    assert saved(published).slug == "pengumuman-dpt"
    # Withdrawn later: still not renamed, and the browser is not told to copy the title.
    published.unpublish()
    post_edit(admin, published, "Pengumuman DPT Pemilihan 2027", "pengumuman-dpt")
    assert saved(published).slug == "pengumuman-dpt"
    editor = client_for(admin).get(reverse("wagtailadmin_pages:edit", args=(published.pk,))).content.decode()
    assert "w-sync#apply" not in editor


@pytest.mark.django_db
def test_draft_editor_copies_the_title_and_shows_it_whole(writer, draft):
    editor = client_for(writer).get(reverse("wagtailadmin_pages:edit", args=(draft.pk,))).content.decode()
    assert "w-sync#apply" in editor
    start = editor.index('name="title"')
    tag = editor[editor.rfind("<", 0, start) : editor.index(">", start)]
    assert tag.startswith("<textarea") and "w-autosize" in tag
