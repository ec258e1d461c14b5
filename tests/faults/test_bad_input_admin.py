"""Bad input in the admin answers a clear message, never 500, and never takes long.

- A rich-text field (Draftail's JSON) posted as anything else, in a page field or a StreamField
  block, by the editor's submit or its autosave: 400 with an Indonesian message, no revision.
- A 10,000-character query in every admin search (pages, documents, images, users, the
  register, Catatan penerbitan, the choosers) and the public ones: answered at once with the
  query shortened (one middleware, cms/query_limits.py), an admin page saying so. Before:
  RecursionError (500) in the page, document and image searches and the choosers; the
  register's search ran for most of a minute and failed (bench/README.md, "Figures behind the
  code").
"""

import json
import time

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Revision

from home.models import Dokumen
from news.models import BeritaIndexPage
from news.structure import ensure_listings
from sop_workflow.models import SuratMasuk
from tests.factories import BeritaFactory
from tests.sop_harness import editor_form, post_editor

LONG_WORDS = " ".join(["pemilu"] * 1500)[:10_000]
LONG_WORD = "a" * 10_000
TRUNCATED = "Kata kunci pencarian terlalu panjang"


@pytest.fixture
def admin(admin_client):
    admin_client.raise_request_exception = False
    return admin_client


@pytest.fixture
def draft(home, superuser):
    listing = ensure_listings(home)[BeritaIndexPage]
    return BeritaFactory(parent=listing, owner=superuser, publish=False, title="Rapat pleno")


# --- Rich text that is not Draftail's JSON --------------------------------------------------

NOT_CONTENTSTATE = [
    "<p>bukan JSON</p>",
    "{",
    "[1,2]",
    '{"blocks": 5}',
    "[" * 100_000,
]
# "null" is what Draftail posts for an empty editor: an empty field, saved.


@pytest.mark.django_db
@pytest.mark.parametrize("value", NOT_CONTENTSTATE, ids=range(len(NOT_CONTENTSTATE)))
def test_a_stream_block_of_rich_text_that_is_not_json_is_a_400_and_saves_nothing(admin, draft, value):
    revisions = Revision.objects.count()
    data = editor_form(draft)
    assert "isi-0-value" in data  # the paragraph block's rich text
    data["isi-0-value"] = value
    response = post_editor(admin, draft, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Isi kolom teks “isi” yang terkirim tidak dapat dibaca" in body
    assert "Tidak ada yang tersimpan" in body
    assert Revision.objects.count() == revisions

    # Autosave (asks for JSON) gets the message as JSON.
    response = post_editor(admin, draft, data, autosave=True)
    assert response.status_code == 400
    assert "tidak dapat dibaca" in json.loads(response.content)["error_message"]
    assert Revision.objects.count() == revisions


@pytest.mark.django_db
def test_a_rich_text_page_field_that_is_not_json_is_a_400(admin, home):
    listing = ensure_listings(home)[BeritaIndexPage]
    url = reverse("wagtailadmin_pages:edit", args=(listing.pk,))
    form = BeautifulSoup(admin.get(url).content, "html.parser").find("form", id="page-edit-form")
    data = {field["name"]: field.get("value", "") for field in form.find_all("input") if field.get("name")}
    data.update({area["name"]: area.text for area in form.find_all("textarea") if area.get("name")})
    assert "intro" in data
    data["intro"] = "<p>Pengantar</p>"
    response = admin.post(url, data)
    assert response.status_code == 400
    assert "Isi kolom teks “intro” yang terkirim tidak dapat dibaca" in response.content.decode()
    # The same form with the editor's JSON saves.
    data["intro"] = json.dumps(
        {"blocks": [{"key": "a", "type": "unstyled", "text": "Pengantar"}], "entityMap": {}}
    )
    assert admin.post(url, data).status_code == 302


# --- Long search queries --------------------------------------------------------------------


def admin_searches():
    return {
        "/admin/pages/search/": True,  # True: a whole page, which says the query was shortened
        "/admin/pages/search/results/": False,
        "/admin/documents/": True,
        "/admin/images/": True,
        "/admin/users/": True,
        "/admin/sop_workflow/suratmasuk/": True,
        reverse("catatan_penerbitan:index"): True,
        "/admin/choose-page/search/": False,
        "/admin/documents/chooser/results/": False,
        "/admin/images/chooser/results/": False,
    }


@pytest.mark.django_db
def test_every_admin_search_answers_a_ten_thousand_character_query_at_once(admin, home):
    ensure_listings(home)
    for url, whole_page in admin_searches().items():
        for query in (LONG_WORDS, LONG_WORD):
            started = time.monotonic()
            response = admin.get(url, {"q": query})
            elapsed = time.monotonic() - started
            assert response.status_code == 200, (url, response.status_code)
            assert elapsed < 3, (url, elapsed)
            body = response.content.decode()
            assert (TRUNCATED in body) is whole_page, url
            assert LONG_WORD[:201] not in body and " ".join(["pemilu"] * 33) not in body, url


@pytest.mark.django_db
def test_a_shortened_query_still_finds_what_its_first_words_name(admin):
    Dokumen.objects.create(title="Rekapitulasi suara pleno", file="documents/rekap.pdf")
    response = admin.get("/admin/documents/", {"q": "Rekapitulasi suara " + "x" * 10_000})
    body = response.content.decode()
    assert TRUNCATED in body
    assert "Rekapitulasi suara pleno" in body
    search_box = BeautifulSoup(body, "html.parser").find("input", attrs={"name": "q"})
    assert search_box["value"] == "Rekapitulasi suara"


@pytest.mark.django_db
def test_the_register_search_is_fast_on_a_full_register(admin, superuser):
    import datetime

    from django.utils import timezone

    now = timezone.now()
    SuratMasuk.objects.bulk_create(
        SuratMasuk(
            tahun=2026,
            nomor_urut=number,
            jenis_surat="nota_dinas",
            nomor_surat=f"{number}/ND/2026",
            tanggal_surat=datetime.date(2026, 11, 1),
            pengirim="Divisi Teknis",
            perihal=f"Rekapitulasi pemilu nomor {number}",
            diterima_pada=now,
            jenis_publikasi="beritapage",
            sifat="biasa",
        )
        for number in range(1, 301)
    )
    for query in (LONG_WORDS, " ".join("abcdefghijklmnopqrstuvwxyz0123456789"[:32])):
        started = time.monotonic()
        response = admin.get("/admin/sop_workflow/suratmasuk/", {"q": query})
        assert response.status_code == 200
        assert time.monotonic() - started < 3
    response = admin.get("/admin/sop_workflow/suratmasuk/", {"q": "Rekapitulasi pemilu nomor 7 " + "y" * 500})
    assert "Rekapitulasi pemilu nomor 7" in response.content.decode()


@pytest.mark.django_db
def test_public_searches_answer_a_long_query(client, home):
    ensure_listings(home)
    for url, parameter in (("/cari/", "q"), ("/api/v2/pages/", "search")):
        for query in (LONG_WORDS, LONG_WORD):
            started = time.monotonic()
            response = client.get(url, {parameter: query})
            assert response.status_code == 200, (url, response.status_code)
            assert time.monotonic() - started < 3
