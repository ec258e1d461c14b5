"""A regulation's status follows its relations (news/status_relasi.py): a revocation published
through the SOP's last step makes its target "Tidak berlaku" everywhere the public sees it,
without a workflow run or a revision for the target, logged in its history; withdrawing the
revocation restores it; amending and partly revoking keep it in force; the editor refuses to
amend or revoke what is already revoked."""

import datetime
import io
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import PageLogEntry, WorkflowState
from wagtail.test.utils.form_data import inline_formset

from news.models import PeraturanPage, PeraturanRelasi
from tests.factories import PeraturanFactory
from tests.sop_harness import client_for, full_path, withdraw

WIB = ZoneInfo("Asia/Jakarta")
LAMA = "Keputusan KPU Provinsi Banten Nomor 7 Tahun 2019 tentang Tata Kerja"
BARU = "Keputusan KPU Provinsi Banten Nomor 9 Tahun 2024 tentang Tata Kerja"


def html(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def public_page(client, page):
    """What a visitor sees: the status line, the relations section and the JSON-LD."""
    soup = html(client.get(page.url))
    section = soup.select_one("section.relasi")
    relations = {
        h3.get_text(strip=True): [
            li.get_text(" ", strip=True) for li in h3.find_next_sibling("ul").find_all("li")
        ]
        for h3 in (section.find_all("h3") if section else [])
    }
    return {
        "status": soup.select_one(".publikasi__status").get_text(" ", strip=True),
        "relations": relations,
        "legal_force": json.loads(soup.select_one('script[type="application/ld+json"]').string)[
            "legislationLegalForce"
        ],
    }


def listed(client, listings, status, **query):
    soup = html(client.get(listings["peraturan"].url, {"status": status, **query}))
    return [a.get_text(strip=True) for a in soup.select(".publikasi-list h2 a, .publikasi-list h3 a")]


def feed_status(client, page):
    records = json.loads(client.get("/jdih/feed.json").content)
    return next(record["status"] for record in records if record["idData"] == str(page.pk))


def harvested_since(client, since):
    """The ids of an incremental JDIHN harvest (``?since=``)."""
    return {
        record["idData"] for record in json.loads(client.get("/jdih/feed.json", {"since": since}).content)
    }


def relasi(*items):
    return inline_formset(
        [
            {"jenis": jenis, "target": target.pk, "catatan": "", "ORDER": str(n)}
            for n, (jenis, target) in enumerate(items, 1)
        ]
    )


def status_log(page):
    return list(
        PageLogEntry.objects.filter(page_id=page.pk, action__startswith="news.status_")
        .order_by("pk")
        .values_list("action", flat=True)
    )


@pytest.mark.django_db
def test_a_revocation_published_through_the_sop_makes_its_target_tidak_berlaku_and_withdrawal_restores_it(
    client, listings, users, superuser, django_assert_max_num_queries
):
    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, tzinfo=WIB), tick=False):
        lama = PeraturanFactory(parent=listings["peraturan"], title=LAMA, tahun=2019)
    revisions = lama.revisions.count()
    assert public_page(client, lama)["status"] == "Status: ✓ Berlaku"  # and now in the page cache
    assert feed_status(client, lama) == "Berlaku"  # and its record kept
    assert str(lama.pk) not in harvested_since(client, "2026-11-23")
    draft = PeraturanFactory(parent=listings["peraturan"], title=BARU, owner=users["penulis"], publish=False)

    # Steps 4-7: the writer adds the relation in the editor and submits; until the last step
    # publishes, the target is in force (a draft's relations count for nothing).
    page = full_path(
        users, draft, relasi_keluar=relasi(("mencabut", lama)), tanggal_pengundangan="2024-05-03"
    )
    assert page.live

    lama = PeraturanPage.objects.get(pk=lama.pk)
    assert (lama.status, lama.dicabut_oleh, lama.status_sejak) == (
        "tidak_berlaku",
        page,
        datetime.date(2024, 5, 3),  # the revoking regulation's tanggal pengundangan
    )
    # No workflow run and no revision for the target; its history says what happened.
    assert lama.revisions.count() == revisions
    assert not WorkflowState.objects.for_instance(lama).exists()
    assert status_log(lama) == ["news.status_dicabut"]
    history = html(client_for(superuser).get(reverse("wagtailadmin_pages:history", args=(lama.pk,))))
    assert f"Status menjadi Tidak berlaku sejak 3 Mei 2024: dicabut oleh {BARU}" in history.get_text(" ")

    # The public page (purged from the page cache), the listing filter, the JDIH feed, JSON-LD.
    seen = public_page(client, lama)
    assert seen["status"] == f"Status: ✕ Tidak berlaku sejak 3 Mei 2024 — dicabut oleh {BARU}"
    assert seen["relations"] == {"Dicabut oleh": [BARU]}
    assert seen["legal_force"] == "NotInForce"
    assert public_page(client, page)["relations"] == {"Mencabut": [LAMA]}
    with django_assert_max_num_queries(10):
        assert listed(client, listings, "tidak_berlaku") == [LAMA]
    assert listed(client, listings, "berlaku") == [BARU]
    assert listed(client, listings, "tidak_berlaku", q="tata kerja") == [LAMA]  # the search's filter
    assert listed(client, listings, "berlaku", q="tata kerja") == [BARU]
    assert feed_status(client, lama).lower() == "tidak berlaku"
    # An incremental harvest picks the changed record up again.
    assert str(lama.pk) in harvested_since(client, "2026-11-23")

    # Withdrawing the revoking regulation restores the status, logged too.
    withdraw(superuser, page)
    lama = PeraturanPage.objects.get(pk=lama.pk)
    assert (lama.status, lama.dicabut_oleh, lama.status_sejak) == ("berlaku", None, None)
    assert status_log(lama) == ["news.status_dicabut", "news.status_dipulihkan"]
    history = html(client_for(superuser).get(reverse("wagtailadmin_pages:history", args=(lama.pk,))))
    assert f"Status dipulihkan menjadi Berlaku: {BARU} ditarik dari publikasi" in history.get_text(" ")
    seen = public_page(client, lama)
    assert seen == {"status": "Status: ✓ Berlaku", "relations": {}, "legal_force": "InForce"}
    assert listed(client, listings, "tidak_berlaku") == []
    assert feed_status(client, lama).lower() == "berlaku"
    assert lama.revisions.count() == revisions
    # The SOP's records still match what happened (no publication claimed for the target).
    call_command("check_sop_records", stdout=io.StringIO())  # raises CommandError otherwise


@pytest.mark.django_db
def test_amending_and_partly_revoking_keep_the_target_in_force(client, listings):
    induk = PeraturanFactory(parent=listings["peraturan"], title="Keputusan Nomor 1 Tahun 2024")
    PeraturanFactory(
        parent=listings["peraturan"],
        title="Keputusan Nomor 2 Tahun 2024",
        relasi=[PeraturanRelasi(jenis="mengubah", target=induk)],
    )
    assert public_page(client, induk)["legal_force"] == "InForce"
    sebagian = PeraturanFactory(
        parent=listings["peraturan"],
        title="Keputusan Nomor 3 Tahun 2024",
        relasi=[PeraturanRelasi(jenis="mencabut_sebagian", target=induk, catatan="Pasal 5")],
    )
    induk = PeraturanPage.objects.get(pk=induk.pk)
    assert (induk.status, induk.dicabut_oleh) == ("berlaku", None)
    assert status_log(induk) == []
    seen = public_page(client, induk)
    assert seen == {
        "status": "Status: ✓ Berlaku",
        "relations": {
            "Diubah oleh": ["Keputusan Nomor 2 Tahun 2024"],
            "Dicabut sebagian oleh": ["Keputusan Nomor 3 Tahun 2024 (Pasal 5)"],
        },
        "legal_force": "PartiallyInForce",
    }
    assert public_page(client, sebagian)["relations"] == {
        "Mencabut sebagian": ["Keputusan Nomor 1 Tahun 2024 (Pasal 5)"]
    }
    assert listed(client, listings, "tidak_berlaku") == []
    assert feed_status(client, induk).lower() == "berlaku"


@pytest.fixture
def revoked(listings):
    lama = PeraturanFactory(parent=listings["peraturan"], title=LAMA, tahun=2019)
    pencabut = PeraturanFactory(
        parent=listings["peraturan"],
        title=BARU,
        tanggal_penetapan=datetime.date(2024, 5, 1),
        relasi=[PeraturanRelasi(jenis="mencabut", target=lama)],
    )
    return PeraturanPage.objects.get(pk=lama.pk), pencabut


@pytest.mark.django_db
@pytest.mark.parametrize("jenis", ["mengubah", "mencabut", "mencabut_sebagian"])
def test_the_editor_refuses_to_amend_or_revoke_a_revoked_regulation(listings, superuser, revoked, jenis):
    from tests.sop_harness import editor_form, post_editor

    lama, _pencabut = revoked
    # Revoked by a regulation without a tanggal pengundangan: since its tanggal penetapan.
    assert lama.status_sejak == datetime.date(2024, 5, 1)
    draft = PeraturanFactory(parent=listings["peraturan"], title="Konsep perubahan", publish=False)
    revisions = draft.revisions.count()
    data = editor_form(draft, relasi_keluar=relasi((jenis, lama)))
    response = post_editor(client_for(superuser), draft, data)
    assert response.status_code == 200
    assert (
        f"{LAMA} sudah dicabut oleh {BARU} sejak 1 Mei 2024: peraturan yang sudah dicabut tidak dapat "
        "diubah atau dicabut lagi." in html(response).get_text(" ")
    )
    assert draft.revisions.count() == revisions
    assert not PeraturanRelasi.objects.filter(page=draft).exists()


@pytest.mark.django_db
def test_the_editor_shows_a_revoked_status_read_only_and_an_old_revision_cannot_bring_it_back(
    client, superuser, revoked
):
    from tests.sop_harness import editor_form, post_editor

    lama, pencabut = revoked
    before_revocation = lama.revisions.order_by("pk").first()
    editor = html(client_for(superuser).get(reverse("wagtailadmin_pages:edit", args=(lama.pk,))))
    status = editor.select_one('select[name="status"]')
    assert status.has_attr("disabled")
    assert status.select_one("option[selected]")["value"] == "tidak_berlaku"
    assert f"dicabut oleh {BARU}" in editor.get_text(" ")

    # A forged "berlaku" in the editor's POST is ignored (the field is disabled) ...
    post_editor(client_for(superuser), lama, editor_form(lama, status="berlaku"))
    # ... and publishing the revision from before the revocation keeps the derived status.
    before_revocation.publish()
    lama = PeraturanPage.objects.get(pk=lama.pk)
    assert (lama.status, lama.dicabut_oleh) == ("tidak_berlaku", pencabut)
    lama.get_latest_revision().publish()
    lama = PeraturanPage.objects.get(pk=lama.pk)
    assert (lama.status, lama.dicabut_oleh) == ("tidak_berlaku", pencabut)
    assert "Tidak berlaku" in public_page(client, lama)["status"]
    assert status_log(lama) == ["news.status_dicabut"]


@pytest.mark.django_db
def test_a_new_version_of_the_revoking_regulation_without_the_relation_restores_the_target(client, revoked):
    lama, pencabut = revoked
    pencabut = PeraturanPage.objects.get(pk=pencabut.pk)
    pencabut.relasi_keluar.clear()
    pencabut.save_revision().publish()
    lama = PeraturanPage.objects.get(pk=lama.pk)
    assert (lama.status, lama.dicabut_oleh) == ("berlaku", None)
    assert status_log(lama) == ["news.status_dicabut", "news.status_dipulihkan"]
    entry = PageLogEntry.objects.get(page_id=lama.pk, action="news.status_dipulihkan")
    assert entry.message == f"Status dipulihkan menjadi Berlaku: {BARU} tidak lagi mencabutnya"


@pytest.mark.django_db
def test_an_approval_is_refused_when_the_target_was_revoked_by_another_regulation_meanwhile(
    client, listings, users
):
    from tests.sop_harness import KASUBAG_CHECKS, act, submit

    lama = PeraturanFactory(parent=listings["peraturan"], title=LAMA, tahun=2019)
    draft = PeraturanFactory(
        parent=listings["peraturan"], title="Konsep pencabutan", owner=users["penulis"], publish=False
    )
    submit(users["penulis"], draft, relasi_keluar=relasi(("mencabut", lama)))
    assert act(users["kasubag"], draft, "approve", KASUBAG_CHECKS).status_code == 302
    # Meanwhile another regulation revoking it is published.
    PeraturanFactory(
        parent=listings["peraturan"],
        title=BARU,
        tanggal_penetapan=datetime.date(2024, 5, 1),
        relasi=[PeraturanRelasi(jenis="mencabut", target=lama)],
    )
    task_state = PeraturanPage.objects.get(pk=draft.pk).current_workflow_task_state
    response = act(users["kabag"], draft, "approve")
    assert response.status_code == 403
    assert f"{LAMA} sudah dicabut oleh {BARU} sejak 1 Mei 2024" in response.content.decode()
    draft = PeraturanPage.objects.get(pk=draft.pk)
    assert not draft.live and draft.current_workflow_task_state.pk == task_state.pk
    assert PeraturanPage.objects.get(pk=lama.pk).dicabut_oleh.title == BARU


@pytest.mark.django_db
def test_a_regulation_dated_before_the_revocation_is_refused_too(listings, superuser, revoked):
    from tests.sop_harness import editor_form, post_editor

    lama, pencabut = revoked
    draft = PeraturanFactory(
        parent=listings["peraturan"], title="Keputusan Nomor 4 Tahun 2020", publish=False
    )
    data = editor_form(draft, tanggal_penetapan="2020-03-02", relasi_keluar=relasi(("mengubah", lama)))
    response = post_editor(client_for(superuser), draft, data)
    assert response.status_code == 200
    assert f"{LAMA} sudah dicabut oleh {BARU} sejak 1 Mei 2024" in html(response).get_text(" ")
    assert not PeraturanRelasi.objects.filter(page=draft).exists()
    lama = PeraturanPage.objects.get(pk=lama.pk)
    assert (lama.status, lama.dicabut_oleh) == ("tidak_berlaku", pencabut)


@pytest.mark.django_db(transaction=True)
def test_the_revoked_page_is_purged_from_the_page_cache_after_commit(client):
    from django.db import transaction

    from news.models import PeraturanIndexPage
    from news.structure import ensure_listings
    from tests.live import ensure_site

    listing = ensure_listings(ensure_site())[PeraturanIndexPage]
    lama = PeraturanFactory(parent=listing, title=LAMA)
    assert client.get(lama.url)["X-Cache"] == "MISS"
    with transaction.atomic():
        PeraturanFactory(parent=listing, title=BARU, relasi=[PeraturanRelasi(jenis="mencabut", target=lama)])
        # Not purged before COMMIT: a visitor in between is still served the stored page.
        response = client.get(lama.url)
        assert response["X-Cache"] == "HIT" and "Tidak berlaku" not in response.content.decode()
    response = client.get(lama.url)
    assert response["X-Cache"] == "MISS"
    status = html(response).select_one(".publikasi__status").get_text(" ", strip=True)
    assert status == f"Status: ✕ Tidak berlaku sejak 1 Mei 2024 — dicabut oleh {BARU}"
