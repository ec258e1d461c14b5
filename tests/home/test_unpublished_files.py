"""Nothing is public before it is published (issue #17, item 6; the rule: home/file_privacy.py).

A document a writer uploads while drafting, through the chooser's upload tab or the library, into
any collection they may pick, is not served to anonymous visitors (404, as for a document that does
not exist) and not listed by the public API until a page using it is published; withdrawing the
page hides it again. Its uploader and the SOP's staff can still open it to check the draft.
"""

import importlib
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import clear_url_caches, reverse
from wagtail.models import Collection

from home.demo_files import image_bytes, pdf_bytes
from home.models import Dokumen, Gambar
from news.models import BeritaPage
from sop_workflow.intake import DRAFT_COLLECTION, draft_collection
from sop_workflow.roles import KABAG, KASUBAG, PENULIS, SEKRETARIS, WEB_ADMIN
from tests.factories import BeritaFactory, PengumumanFactory, attachments
from tests.news.admin_forms import page_form_data


@pytest.fixture
def people(listings):
    call_command("setup_sop", stdout=io.StringIO())
    made = {}
    for name, group in [
        ("penulis", PENULIS),
        ("penulis2", PENULIS),
        ("kasubag", KASUBAG),
        ("kabag", KABAG),
        ("webadmin", WEB_ADMIN),
        ("sekretaris", SEKRETARIS),
    ]:
        user = get_user_model().objects.create_user(name, f"{name}@kpu-banten.example", "pw")
        user.groups.add(Group.objects.get(name=group))
        made[name] = user
    made["super"] = get_user_model().objects.create_superuser("super", "super@kpu-banten.example", "pw")
    return made


def browser(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def collection_named(name):
    root = Collection.get_first_root_node()
    if name == "root":
        return root
    if name == DRAFT_COLLECTION:
        return draft_collection()
    return root.add_child(name=name)  # made by an administrator; writers may add into it too


def chooser_upload(user, title, collection):
    """The writer uploads a PDF in the document chooser's "Unggah" tab, as the modal posts it."""
    response = browser(user).post(
        reverse("wagtaildocs_chooser:create"),
        {
            "document-chooser-upload-title": title,
            "document-chooser-upload-file": SimpleUploadedFile(f"{title}.pdf", pdf_bytes(title, ["Bahan."])),
            "document-chooser-upload-collection": collection.pk,
        },
    )
    assert response.status_code == 200
    answer = response.json()
    assert answer["step"] == "chosen", answer
    return answer["result"]


def api_titles(client=None):
    response = (client or Client()).get("/api/v2/documents/")
    assert response.status_code == 200
    return {item["title"] for item in response.json()["items"]}


def submit_new_berita(user, parent, title, documents):
    """The writer writes a Berita with the document as lampiran and presses "Ajukan"."""
    data = page_form_data(
        "beritapage", title, title.lower().replace(" ", "-"), documents=documents, **{"action-submit": "1"}
    )
    response = browser(user).post(
        reverse("wagtailadmin_pages:add", args=("news", "beritapage", parent.pk)), data
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return BeritaPage.objects.get(title=title)


def publish(webadmin, page):
    """Web Admin's step of the Berita short path: "Dokumentasikan dan Publikasikan"."""
    page = BeritaPage.objects.get(pk=page.pk)
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    response = browser(webadmin).post(
        url, {"catatan_dokumentasi": "Diunggah ke laman Berita.", "comment": ""}
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live


def withdraw(superuser, page):
    url = reverse("wagtailadmin_pages:unpublish", args=(page.pk,))
    response = browser(superuser).post(url, {"alasan": "Salah unggah, ditarik."})
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live


@pytest.mark.django_db
@pytest.mark.parametrize("collection_name", ["root", "Foto kegiatan", DRAFT_COLLECTION])
def test_a_document_uploaded_while_drafting_is_public_only_while_its_page_is_published(
    people, listings, settings, collection_name
):
    settings.PAGE_CACHE_ENABLED = True  # the API's answers are stored for anonymous visitors
    collection = collection_named(collection_name)
    uploaded = chooser_upload(people["penulis"], "Rilis pleno", collection)
    document = Dokumen.objects.get(pk=uploaded["id"])
    url = uploaded["url"]
    assert url == document.url and url.startswith("/dokumen/")
    anonymous = Client()

    # Drafting: nobody outside sees it, not even that it exists.
    assert anonymous.get(url).status_code == 404
    assert "Rilis pleno" not in api_titles()
    assert anonymous.get(f"/api/v2/documents/{document.pk}/").status_code == 404
    for name in ("penulis2", "sekretaris"):
        assert browser(people[name]).get(url).status_code == 404, name
    for name in ("kasubag", "kabag", "webadmin", "super"):
        assert browser(people[name]).get(url).status_code == 200, name
    # The uploader opens it too, except in the register's collection (Kabag, Kasubag and Web
    # Admin only: the writer has the originals in the register).
    expected = 302 if collection_name == DRAFT_COLLECTION else 200
    assert browser(people["penulis"]).get(url).status_code == expected

    # Used by a draft in review: still unpublished.
    page = submit_new_berita(people["penulis"], listings["berita"], "Rapat pleno terbuka", [document])
    assert anonymous.get(url).status_code == 404
    assert "Rilis pleno" not in api_titles()

    # Published: public at once (the stored API listing was purged by the publication).
    publish(people["webadmin"], page)
    response = anonymous.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Rilis pleno" in api_titles()
    assert anonymous.get(f"/api/v2/documents/{document.pk}/").status_code == 200
    public_html = anonymous.get(page.url).content.decode()
    assert url in public_html

    # Withdrawn: private again, at once.
    withdraw(people["super"], page)
    assert anonymous.get(url).status_code == 404
    assert "Rilis pleno" not in api_titles()
    assert anonymous.get(f"/api/v2/documents/{document.pk}/").status_code == 404
    assert browser(people["webadmin"]).get(url).status_code == 200


@pytest.mark.django_db
def test_library_uploads_and_their_api_listing(people, listings):
    """The Dokumen library's own upload form, then the API as the public and as staff."""
    response = browser(people["penulis"]).post(
        reverse("wagtaildocs:add"),
        {
            "title": "Jadwal tahapan",
            "file": SimpleUploadedFile("jadwal.pdf", pdf_bytes("Jadwal", ["Tahapan."])),
            "collection": Collection.get_first_root_node().pk,
            "keterangan": "",
        },
    )
    assert response.status_code == 302
    document = Dokumen.objects.get(title="Jadwal tahapan")
    assert Client().get(document.url).status_code == 404
    # The API is public data: staff get the same list as everyone.
    assert "Jadwal tahapan" not in api_titles(browser(people["webadmin"]))

    # A document used only by a live page in a restricted section is not public either.
    restricted = PengumumanFactory(parent=listings["pengumuman"], lampiran=attachments(document))
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    assert Client().get(document.url).status_code == 404
    assert "Jadwal tahapan" not in api_titles()

    # One live public page using it is enough; a draft using it changes nothing.
    BeritaFactory(
        parent=listings["berita"], title="Konsep lain", lampiran=attachments(document), publish=False
    )
    assert Client().get(document.url).status_code == 404
    PengumumanFactory(parent=listings["pengumuman"], title="Jadwal", lampiran=attachments(document))
    assert Client().get(document.url).status_code == 200
    assert "Jadwal tahapan" in api_titles()


@pytest.mark.django_db
def test_a_document_linked_in_rich_text_is_public_with_its_page(people, listings):
    uploaded = chooser_upload(people["penulis"], "Tautan di isi", Collection.get_first_root_node())
    page = BeritaFactory(
        parent=listings["berita"],
        title="Dengan tautan",
        publish=False,
        isi=[
            {
                "type": "paragraf",
                "value": f'<p>Unduh <a linktype="document" id="{uploaded["id"]}">salinannya</a>.</p>',
            }
        ],
    )
    assert Client().get(uploaded["url"]).status_code == 404
    page.save_revision().publish()
    assert Client().get(uploaded["url"]).status_code == 200


@pytest.fixture
def debug_urls(settings):
    """The URLs of `make run` (DEBUG): Django then serves uploaded media itself."""
    import cms.urls

    settings.DEBUG = True
    importlib.reload(cms.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(cms.urls)
    clear_url_caches()


def chooser_upload_image(user, title):
    """The writer uploads a photo in the image chooser's "Unggah" tab."""
    response = browser(user).post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": title,
            "image-chooser-upload-file": SimpleUploadedFile("pleno.jpg", image_bytes(title, size=(320, 200))),
            "image-chooser-upload-collection": Collection.get_first_root_node().pk,
            "image-chooser-upload-sumber": "",
        },
    )
    assert response.status_code == 200 and response.json()["step"] == "chosen", response.json()
    return Gambar.objects.get(pk=response.json()["result"]["id"])


@pytest.mark.django_db
def test_under_make_run_only_renditions_are_served_from_media(people, listings, debug_urls):
    """As nginx must (docs/deploy.md): /media/images/ yes; originals and documents never, and
    images have no API endpoint."""
    root = Collection.get_first_root_node()
    document = Dokumen.objects.get(pk=chooser_upload(people["penulis"], "Surat", root)["id"])
    image = chooser_upload_image(people["penulis"], "Foto pleno")
    assert image.file.name.startswith("original_images/")
    rendition = image.get_rendition("fill-100x100")
    anonymous = Client()
    assert anonymous.get(rendition.url).status_code == 200
    # Not where Wagtail would put it by default, a name guessed from the photo's file name.
    name = rendition.url.rsplit("/", 1)[1]
    assert name.startswith("pleno.") and name.endswith(".fill-100x100.jpg")
    assert anonymous.get(f"/media/images/{name}").status_code == 404
    assert anonymous.get(f"/media/{image.file.name}").status_code == 404
    assert anonymous.get(f"/media/{document.file.name}").status_code == 404
    assert anonymous.get(document.url).status_code == 404
    assert anonymous.get("/api/v2/images/").status_code == 404
