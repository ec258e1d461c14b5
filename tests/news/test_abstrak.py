"""The abstract of a Peraturan (Permenkumham 8/2019): typed in the editor by the writer, shown
in the preview and on the public page, served as a PDF at /jdih/abstrak/<id>.pdf."""

import io
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from news.models import PeraturanDasarHukum, PeraturanRelasi
from tests.factories import (
    BeritaFactory,
    DokumenFactory,
    JenisPeraturanFactory,
    PeraturanFactory,
    attachments,
)
from tests.news.admin_forms import page_form_data
from tests.sop_harness import client_for, draft_of, editor_form, fresh, post_editor, sop_people

UU_PEMILU = "Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum"
MENIMBANG = [
    "bahwa rapat pleno perlu diatur agar keputusan diambil secara terbuka",
    "bahwa perlu menetapkan Keputusan tentang Tata Kerja Rapat Pleno",
]
MATERI = "Undangan rapat, kuorum dan risalah pleno"
CATATAN = "Peraturan ini mulai berlaku pada tanggal ditetapkan."

pytestmark = pytest.mark.django_db


def pdf_text(content):
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def html_text(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def abstract_fields(induk):
    """The abstract's fields for ``editor_form`` (which posts them as the browser does): two legal
    bases, one a page of the site."""
    return {
        "abstrak_menimbang": "\n".join(MENIMBANG),
        "abstrak_materi_pokok": rich_text(f"<p>{MATERI}.</p><ul><li>Pleno daring</li><li>Kuorum</li></ul>"),
        "abstrak_catatan": CATATAN,
        "abstrak_dasar_hukum": inline_formset(
            [{"peraturan": "", "judul": UU_PEMILU}, {"peraturan": induk.pk, "judul": ""}]
        ),
    }


def abstract_page(listing, induk, **fields):
    """A published Peraturan with an abstract, built as the editor saves one."""
    page = PeraturanFactory(
        parent=listing,
        title="Keputusan Nomor 9 Tahun 2024 tentang Tata Kerja Pleno",
        nomor="9",
        tentang="Tata Kerja Rapat Pleno",
        subjek="PEMILU - PLENO",
        sumber="Berita Daerah Provinsi Banten Tahun 2024 Nomor 5",
        abstrak_menimbang="\n".join(MENIMBANG),
        abstrak_materi_pokok=f"<p>{MATERI}.</p><ol><li>Pleno secara daring</li><li>Risalah elektronik</li></ol>",
        abstrak_catatan=CATATAN,
        abstrak_dasar_hukum=[PeraturanDasarHukum(judul=UU_PEMILU), PeraturanDasarHukum(peraturan=induk)],
        **fields,
    )
    return fresh(page)


@pytest.fixture
def induk(listings):
    return PeraturanFactory(
        parent=listings["peraturan"], title="Keputusan Nomor 1 Tahun 2024 tentang Pedoman Pleno", nomor="1"
    )


def test_the_writer_types_the_abstract_and_sees_it_in_the_preview(listings, induk, client):
    people = sop_people()
    draft = draft_of("peraturan", people["penulis"], jenis=JenisPeraturanFactory())
    writer = client_for(people["penulis"])

    response = post_editor(writer, draft, editor_form(draft, **abstract_fields(induk)))
    assert response.status_code == 302, response.context["form"].errors if response.context else response

    saved = fresh(draft).get_latest_revision_as_object()
    assert saved.abstrak_menimbang_lines() == MENIMBANG
    assert [title for title, _target in saved.abstrak_dasar_hukum_items()] == [UU_PEMILU, induk.title]
    assert MATERI in saved.abstrak_materi_pokok
    assert saved.abstrak_catatan == CATATAN

    # The editor's "view draft" is the public template: the abstract is there before publication.
    preview = writer.get(reverse("wagtailadmin_pages:view_draft", args=(draft.pk,)))
    assert preview.status_code == 200
    shown = html_text(preview)
    assert "Abstrak" in shown and MENIMBANG[0] in shown and UU_PEMILU in shown and MATERI in shown
    assert "Unduh abstrak (PDF)" not in shown  # no PDF for what is not published

    # Not live: no public PDF.
    assert client.get(reverse("jdih_abstrak", args=(draft.pk,))).status_code == 404


def test_a_legal_basis_without_a_page_or_title_is_refused_in_indonesian(listings, induk):
    people = sop_people()
    draft = draft_of("peraturan", people["penulis"], jenis=JenisPeraturanFactory())
    data = editor_form(draft, **abstract_fields(induk))
    data["abstrak_dasar_hukum-0-judul"] = ""
    response = post_editor(client_for(people["penulis"]), draft, data)
    assert response.status_code == 200
    assert "Pilih peraturan di situs ini atau tulis judul peraturannya." in response.content.decode()
    assert not fresh(draft).get_latest_revision_as_object().abstrak_menimbang


def test_the_public_page_shows_the_abstract_with_links_to_the_legal_bases(listings, induk, client):
    lampiran = DokumenFactory(title="Salinan keputusan")
    page = abstract_page(
        listings["peraturan"],
        induk,
        lampiran=attachments(lampiran),
        relasi=[
            PeraturanRelasi(jenis=PeraturanRelasi.Jenis.MENCABUT_SEBAGIAN, target=induk, catatan="Pasal 5")
        ],
    )

    response = client.get(page.url)
    body = response.content.decode()
    shown = html_text(response)
    assert '<section class="abstrak" aria-labelledby="abstrak-judul">' in body
    assert "PERATURAN KOMISI PEMILIHAN UMUM NOMOR 9 TAHUN 2024 TENTANG TATA KERJA RAPAT PLENO" in shown
    dasar = re.search(r'<ol class="abstrak__dasar-hukum">(.*?)</ol>', body, re.S).group(1)
    assert f'<li><a href="{induk.url}">{induk.title}</a></li>' in dasar
    assert f"<li>{UU_PEMILU}</li>" in dasar
    for line in MENIMBANG:
        assert f"<li>{line}</li>" in body
    assert MATERI in shown
    # The notes: the typed one, then what the page knows (its attachments, its relations).
    assert f"<li>{CATATAN}</li>" in body
    assert "<li>Peraturan ini dilengkapi 1 lampiran.</li>" in body
    assert f"<li>Peraturan ini mencabut sebagian {induk.title} (Pasal 5).</li>" in body
    assert f'<a href="/jdih/abstrak/{page.pk}.pdf" type="application/pdf">Unduh abstrak (PDF)</a>' in body


def test_a_page_without_abstract_shows_none_and_has_no_pdf(listings, client):
    page = PeraturanFactory(parent=listings["peraturan"], title="Keputusan tanpa abstrak")
    assert 'class="abstrak"' not in client.get(page.url).content.decode()
    response = client.get(reverse("jdih_abstrak", args=(page.pk,)))
    assert response.status_code == 404
    assert client.get("/jdih/abstrak/999999.pdf").status_code == 404
    assert client.get("/jdih/abstrak/99999999999999999999999999.pdf").status_code == 404  # beyond any id


def test_no_pdf_for_a_restricted_page_or_another_type(listings, induk, client):
    page = abstract_page(listings["peraturan"], induk)
    assert client.get(f"/jdih/abstrak/{page.pk}.pdf").status_code == 200
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="rahasia")
    assert client.get(f"/jdih/abstrak/{page.pk}.pdf").status_code == 404
    berita = BeritaFactory(parent=listings["berita"], title="Berita terbit")
    assert client.get(f"/jdih/abstrak/{berita.pk}.pdf").status_code == 404


def test_the_pdf_holds_the_whole_abstract(listings, induk, client):
    page = abstract_page(listings["peraturan"], induk)
    response = client.get(f"/jdih/abstrak/{page.pk}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="abstrak-PKPU-9-2024.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    text = pdf_text(response.content)
    # Identitas, from the page's metadata.
    for part in (
        "ABSTRAK PERATURAN",
        "Peraturan Komisi Pemilihan Umum",
        "Tata Kerja Rapat Pleno",
        "Serang, 1 Mei 2024",
        "Berita Daerah Provinsi Banten Tahun 2024 Nomor 5",
        "PEMILU - PLENO",
    ):
        assert part in text, part
    # ABSTRAK and CATATAN.
    assert MENIMBANG[0] in text and MENIMBANG[1] in text
    assert "Dasar hukum peraturan ini adalah:" in text
    assert UU_PEMILU in text and induk.title in text
    assert MATERI in text and "Pleno secara daring" in text and "Risalah elektronik" in text
    assert CATATAN in text


def test_a_withdrawn_page_has_no_pdf_and_a_republished_one_is_not_served_stale(listings, induk, client):
    page = abstract_page(listings["peraturan"], induk)
    url = f"/jdih/abstrak/{page.pk}.pdf"
    assert client.get(url)["X-Cache"] == "MISS"
    assert client.get(url)["X-Cache"] == "HIT"  # kept like the other public responses

    page.abstrak_catatan = "Catatan yang diperbarui."
    page.save_revision().publish()
    text = pdf_text(client.get(url).content)
    assert "Catatan yang diperbarui." in text and CATATAN not in text

    fresh(page).unpublish()
    assert client.get(url).status_code == 404


def test_renaming_a_legal_basis_updates_the_pages_that_cite_it(listings, induk, client):
    page = abstract_page(listings["peraturan"], induk)
    assert induk.title in client.get(page.url).content.decode()
    induk.title = "Keputusan Nomor 1 Tahun 2024 tentang Pedoman Pleno (judul baru)"
    induk.save_revision().publish()
    assert "Pedoman Pleno (judul baru)" in client.get(page.url).content.decode()
    # Withdrawn, it stays a legal basis but is no longer a link.
    fresh(induk).unpublish()
    body = client.get(page.url).content.decode()
    assert "<li>Keputusan Nomor 1 Tahun 2024 tentang Pedoman Pleno (judul baru)</li>" in body


def feed_records(client):
    return {record["idData"]: record for record in json.loads(client.get("/jdih/feed.json").content)}


def test_the_jdihn_feed_gives_the_abstract_and_its_pdf(listings, induk, client):
    page = abstract_page(listings["peraturan"], induk)
    records = feed_records(client)
    record = records[str(page.pk)]
    assert record["urlAbstrak"] == record["urlabstrak"] == f"http://testserver/jdih/abstrak/{page.pk}.pdf"
    assert record["abstrak"].splitlines() == [
        f"- {MENIMBANG[0]}",
        f"- {MENIMBANG[1]}",
        f"- Dasar hukum peraturan ini adalah: {UU_PEMILU}; {induk.title}.",
        f"- Dalam peraturan ini diatur tentang: {MATERI}. Pleno secara daring; Risalah elektronik.",
        "CATATAN:",
        f"- {CATATAN}",
    ]
    response = client.get(record["urlAbstrak"])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert MATERI in pdf_text(response.content)
    # A regulation without an abstract keeps its one-line summary and no URL.
    without = records[str(induk.pk)]
    assert without["abstrak"] == induk.ringkasan and without["urlAbstrak"] == without["urlabstrak"] == ""


def test_the_feed_reads_the_abstracts_in_a_fixed_number_of_queries(
    listings, induk, client, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_ENABLED = False  # what the feed itself costs
    abstract_page(listings["peraturan"], induk)
    with CaptureQueriesContext(connection) as few:
        assert len(feed_records(client)) == 2
    cache.clear()  # the records are kept per version: make them all again
    for _ in range(4):
        abstract_page(listings["peraturan"], induk)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(feed_records(client)) == 6


def test_the_editor_shows_the_panel_and_the_review_compares_the_abstract(listings, induk, admin_client):
    page = abstract_page(listings["peraturan"], induk)
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    assert "Abstrak (Permenkumham 8/2019)" in edit
    assert "Pilih peraturan yang ada di situs ini, atau tulis judulnya bila tidak ada" in edit
    assert MENIMBANG[0] in edit and UU_PEMILU in edit

    # A change to the abstract is a new revision that the reviewers compare with the last one.
    first = page.latest_revision_id
    page.abstrak_menimbang = "bahwa pertimbangan diubah oleh penulis"
    latest = page.save_revision().pk
    compare = admin_client.get(reverse("wagtailadmin_pages:revisions_compare", args=(page.pk, first, latest)))
    assert compare.status_code == 200
    shown = html_text(compare)
    assert "menimbang" in shown.lower() and "pertimbangan diubah oleh penulis" in shown
    assert '<span class="addition">pertimbangan diubah oleh penulis</span>' in compare.content.decode()


def test_the_preview_panel_of_a_new_regulation_shows_its_abstract(listings, induk, admin_client):

    url = reverse(
        "wagtailadmin_pages:preview_on_add", args=("news", "peraturanpage", listings["peraturan"].pk)
    )
    data = page_form_data("peraturanpage", "Keputusan baru", "keputusan-baru", jenis_peraturan=induk.jenis)
    data.update(nested_form_data(abstract_fields(induk)))
    response = admin_client.post(url, data)
    assert json.loads(response.content) == {"is_valid": True, "is_available": True}
    shown = html_text(admin_client.get(f"{url}?in_preview_panel=true"))
    assert MENIMBANG[1] in shown and UU_PEMILU in shown and induk.title in shown and MATERI in shown
    assert "Unduh abstrak (PDF)" not in shown


def test_a_front_cache_is_purged_of_the_pdf_and_of_the_pdfs_citing_it(listings, induk, settings, monkeypatch):
    """With a CDN or nginx cache in front (WAGTAILFRONTENDCACHE), a publication purges the
    abstract's PDF URL, and those of the regulations whose abstract cites it (they show its title)."""
    from wagtail.contrib.frontend_cache import utils

    purged = []
    settings.WAGTAILFRONTENDCACHE = {
        "nginx": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://cache.invalid",
        }
    }
    monkeypatch.setattr(utils, "purge_urls_from_cache", lambda urls, **kwargs: purged.extend(urls))
    page = abstract_page(listings["peraturan"], induk)
    assert f"http://localhost/jdih/abstrak/{page.pk}.pdf" in purged

    purged.clear()
    induk.title = "Keputusan Nomor 1 Tahun 2024 tentang Pedoman Pleno (judul baru)"
    induk.save_revision().publish()
    assert f"http://localhost/jdih/abstrak/{induk.pk}.pdf" in purged
    assert f"http://localhost/jdih/abstrak/{page.pk}.pdf" in purged


def test_the_page_reads_its_legal_bases_in_a_fixed_number_of_queries(
    listings, induk, client, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_ENABLED = False  # what the page itself costs
    one = abstract_page(listings["peraturan"], induk)
    client.get(one.url)  # the site, its settings and the view restrictions are kept from now on
    with CaptureQueriesContext(connection) as few:
        assert client.get(one.url).status_code == 200
    others = [PeraturanFactory(parent=listings["peraturan"], title=f"Dasar {n}") for n in range(5)]
    many = abstract_page(
        listings["peraturan"],
        induk,
        relasi=[PeraturanRelasi(jenis=PeraturanRelasi.Jenis.MENGUBAH, target=other) for other in others[:3]],
    )
    many.abstrak_dasar_hukum = [PeraturanDasarHukum(peraturan=other) for other in others]
    many.save_revision().publish()
    with django_assert_max_num_queries(len(few.captured_queries) + 1):  # + its relations' targets
        body = client.get(many.url).content.decode()
    assert all(f'<a href="{other.url}">{other.title}</a>' in body for other in others)
