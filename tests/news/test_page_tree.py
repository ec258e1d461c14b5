"""Every page type is created under its own listing through the admin, and nowhere else."""

import pytest
from django.urls import reverse

from news import models as news
from news.catalogue import publication_types
from tests.factories import DokumenFactory, JenisPeraturanFactory, type_key
from tests.news.admin_forms import page_form_data

# Every material type of the catalogue (the seventh, Galeri kegiatan, included).
DETAIL_TYPES = [(type_key(model), model) for model in publication_types()]


def add_url(model, parent):
    return reverse("wagtailadmin_pages:add", args=(model._meta.app_label, model._meta.model_name, parent.pk))


@pytest.mark.django_db
@pytest.mark.parametrize(("listing_key", "model"), DETAIL_TYPES)
def test_admin_creates_each_type_under_its_listing(admin_client, listings, listing_key, model):
    listing = listings[listing_key]
    document = DokumenFactory(title="Salinan resmi")
    data = page_form_data(
        model._meta.model_name,
        f"Uji {model._meta.verbose_name}",
        f"uji-{listing_key}",
        documents=[document],
        jenis_peraturan=JenisPeraturanFactory(),
    )

    response = admin_client.post(add_url(model, listing), data)

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = model.objects.get(slug=f"uji-{listing_key}")
    assert page.get_parent().pk == listing.pk
    assert not page.live  # a draft: it goes live only through the SOP workflow
    assert [att["dokumen"].pk for att in page.attachments] == [document.pk]
    preview = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=(page.pk,)))
    assert preview.status_code == 200
    assert f"Uji {model._meta.verbose_name}" in preview.text


@pytest.mark.django_db
@pytest.mark.parametrize(("listing_key", "model"), DETAIL_TYPES)
def test_each_type_is_refused_outside_its_listing(admin_client, home, listings, listing_key, model):
    wrong_parents = [home] + [page for key, page in listings.items() if key != listing_key]
    data = page_form_data(model._meta.model_name, "Salah tempat", "salah-tempat")
    for parent in wrong_parents:
        # The admin answers a refused page type with its "no permission" message on the dashboard.
        response = admin_client.post(add_url(model, parent), data, follow=True)
        assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)], parent
        assert_refused(response)
    assert not model.objects.filter(slug="salah-tempat").exists()


def assert_refused(response):
    messages = [str(m).strip() for m in response.context["messages"]]
    assert "Maaf, Anda tidak memiliki izin untuk mengakses area ini." in messages


@pytest.mark.django_db
def test_add_subpage_offers_only_the_listings_own_type(admin_client, listings):
    response = admin_client.get(reverse("wagtailadmin_pages:add_subpage", args=(listings["peraturan"].pk,)))
    # With a single allowed type Wagtail goes straight to its form.
    assert response.status_code == 302
    assert response.url == add_url(news.PeraturanPage, listings["peraturan"])


@pytest.mark.django_db
def test_each_listing_exists_once_under_home(admin_client, home, listings):
    # Each listing is limited to one: all exist, so home offers nothing more to add.
    response = admin_client.get(reverse("wagtailadmin_pages:add_subpage", args=(home.pk,)), follow=True)
    assert_refused(response)
    for listing in listings.values():
        assert_refused(admin_client.get(add_url(listing.specific_class, home), follow=True))
    listings["berita"].delete()
    response = admin_client.get(reverse("wagtailadmin_pages:add_subpage", args=(home.pk,)))
    # Only the missing listing can be added again: the admin goes straight to its form.
    assert response.status_code == 302
    assert response.url == add_url(news.BeritaIndexPage, home)


@pytest.mark.django_db
def test_peraturan_cannot_change_itself(admin_client, listings):
    from tests.factories import PeraturanFactory

    page = PeraturanFactory(parent=listings["peraturan"])
    from wagtail.test.utils.form_data import inline_formset

    data = page_form_data(
        "peraturanpage",
        page.title,
        page.slug,
        jenis_peraturan=page.jenis,
        relasi_keluar=inline_formset([{"jenis": "mengubah", "target": page.pk, "catatan": "", "ORDER": "1"}]),
    )
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)
    assert response.status_code == 200
    assert "tidak dapat mengubah atau mencabut dirinya sendiri" in response.text
    assert not news.PeraturanRelasi.objects.filter(page=page).exists()


@pytest.mark.django_db
def test_jenis_peraturan_is_a_plain_select_of_the_snippets(admin_client, listings):
    JenisPeraturanFactory(nama="Keputusan KPU Provinsi Banten", singkatan="Kpts KPU Prov")
    from bs4 import BeautifulSoup

    form = BeautifulSoup(
        admin_client.get(add_url(news.PeraturanPage, listings["peraturan"])).content, "html.parser"
    )
    options = [o.get_text(strip=True) for o in form.select("select[name=jenis] option")]
    assert "Keputusan KPU Provinsi Banten (Kpts KPU Prov)" in options
