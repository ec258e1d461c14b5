"""Rich text links: http(s), mailto and the site's own pages and documents only. A link with
any other scheme is refused on the form, with the link named; nothing is saved."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from news.models import BeritaPage
from tests.news.admin_forms import page_form_data


def add_berita(client, parent, text, slug):
    data = page_form_data("beritapage", "Berita bertaut", slug)
    data.update(nested_form_data({"isi": streamfield([("paragraf", rich_text(text))])}))
    return client.post(reverse("wagtailadmin_pages:add", args=("news", "beritapage", parent.pk)), data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "href", ["https://kpu.go.id/", "http://bantenprov.go.id/", "mailto:ppid@kpu-banten.go.id", "/berita/"]
)
def test_web_email_and_site_links_are_accepted(admin_client, listings, href):
    response = add_berita(admin_client, listings["berita"], f'<p><a href="{href}">tautan</a></p>', "ok")
    assert response.status_code == 302
    assert href in str(BeritaPage.objects.get(slug="ok").isi)


@pytest.mark.django_db
@pytest.mark.parametrize("href", ["ftp://arsip.example/berkas", "tel:+62254200"])
def test_other_schemes_are_refused_with_the_link_named(admin_client, listings, href):
    response = add_berita(admin_client, listings["berita"], f'<p><a href="{href}">tautan</a></p>', "tolak")
    assert response.status_code == 200
    text = response.content.decode()
    assert "tautan hanya boleh ke alamat http(s)" in text
    assert not BeritaPage.objects.filter(slug="tolak").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("href", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x"])
def test_script_and_local_schemes_never_reach_the_page(admin_client, listings, href):
    """Wagtail's editor drops these hrefs before our check sees them; the public page shows none."""
    response = add_berita(admin_client, listings["berita"], f'<p><a href="{href}">tautan</a></p>', "netral")
    assert response.status_code == 302
    page = BeritaPage.objects.get(slug="netral")
    assert href not in str(page.isi)
    page.save_revision().publish()
    assert href.split(":")[0] + ":" not in admin_client.get(page.url).content.decode()


@pytest.mark.django_db
def test_intro_of_a_listing_is_checked_too(admin_client, listings):
    from news.models import BeritaIndexPage

    page = BeritaIndexPage.objects.get()
    page.intro = '<p><a href="ftp://x.example/">x</a></p>'
    with pytest.raises(Exception, match="tautan hanya boleh"):
        page.full_clean()


def test_no_raw_html_block_and_only_the_editors_features():
    """No StreamField anywhere offers raw HTML (for anyone), and rich text offers only the
    features the editors need."""
    from django.apps import apps
    from wagtail.blocks import RawHTMLBlock, RichTextBlock
    from wagtail.fields import StreamField

    def children(block):
        yield block
        for child in getattr(block, "child_blocks", {}).values():
            yield from children(child)
        if getattr(block, "child_block", None) is not None:
            yield from children(block.child_block)

    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, StreamField):
                found += list(children(field.stream_block))
    assert found, "no StreamField inspected"
    assert not [block for block in found if isinstance(block, RawHTMLBlock)]
    features = {feature for block in found if isinstance(block, RichTextBlock) for feature in block.features}
    assert "link" in features  # the rich text blocks were found
    assert features <= {"h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"}
