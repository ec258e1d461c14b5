"""Listings: newest first, paginated, only live public pages, robust to bad ?page= values."""

import datetime

import pytest
from bs4 import BeautifulSoup

from tests.factories import BeritaFactory, GambarFactory, PeraturanFactory


def titles(response):
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in html.select(".publikasi-item__title a, .card__title a")]


@pytest.fixture
def peraturan_list(listings):
    """23 published regulations dated one day apart, plus a draft and a private one."""
    parent = listings["peraturan"]
    for n in range(23):
        PeraturanFactory(
            parent=parent,
            title=f"Peraturan {n:02d}",
            tanggal=datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
        )
    PeraturanFactory(
        parent=parent, title="Konsep belum terbit", tanggal=datetime.date(2025, 1, 1), publish=False
    )
    return parent


@pytest.mark.django_db
def test_listing_is_newest_first_and_paginated(client, peraturan_list):
    first = titles(client.get(peraturan_list.url))
    assert first == [f"Peraturan {n:02d}" for n in range(22, 12, -1)]
    second = titles(client.get(peraturan_list.url, {"page": 2}))
    assert second == [f"Peraturan {n:02d}" for n in range(12, 2, -1)]
    third = titles(client.get(peraturan_list.url, {"page": 3}))
    assert third == ["Peraturan 02", "Peraturan 01", "Peraturan 00"]
    html = BeautifulSoup(client.get(peraturan_list.url, {"page": 2}).content, "html.parser")
    assert html.select_one(".result-count").get_text(strip=True) == "23 publikasi"
    assert "Halaman 2 dari 3" in html.select_one(".pagination").get_text()


@pytest.mark.django_db
def test_drafts_never_appear_in_listings(client, peraturan_list):
    all_titles = sum((titles(client.get(peraturan_list.url, {"page": n})) for n in (1, 2, 3)), [])
    assert "Konsep belum terbit" not in all_titles
    assert len(all_titles) == 23


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "expected_first"),
    [
        ("abc", "Peraturan 22"),  # not a number: first page
        ("0", "Peraturan 22"),
        ("-1", "Peraturan 22"),
        ("1.5", "Peraturan 22"),
        ("", "Peraturan 22"),
        ("%00", "Peraturan 22"),
        ("99999999999999999999", "Peraturan 02"),  # past the end: last page
        ("4", "Peraturan 02"),
    ],
)
def test_bad_page_numbers_answer_a_page_never_an_error(client, peraturan_list, value, expected_first):
    response = client.get(f"{peraturan_list.url}?page={value}")
    assert titles(response)[0] == expected_first


@pytest.mark.django_db
def test_repeated_page_parameter(client, peraturan_list):
    assert titles(client.get(f"{peraturan_list.url}?page=2&page=abc"))[0] == "Peraturan 22"


@pytest.mark.django_db
def test_berita_listing_shows_cards_with_images_and_tags(client, listings):
    image = GambarFactory()
    BeritaFactory(parent=listings["berita"], title="Dengan foto", gambar_utama=image, tags=["pleno"])
    BeritaFactory(parent=listings["berita"], title="Tanpa foto")
    html = BeautifulSoup(client.get(listings["berita"].url).content, "html.parser")
    cards = {
        card.select_one(".card__title").get_text(strip=True): card for card in html.select("article.card")
    }
    assert set(cards) == {"Dengan foto", "Tanpa foto"}
    assert cards["Dengan foto"].img["alt"] == image.description
    assert cards["Dengan foto"].img["loading"] == "lazy"
    assert cards["Tanpa foto"].img is None
    assert "pleno" in cards["Dengan foto"].select_one("ul.tags").get_text()


@pytest.mark.django_db
def test_berita_images_offer_modern_formats_and_load_lazily_below_the_fold(client, listings):
    from home import page_cache
    from home.models import GambarRendition

    for n in range(3):
        BeritaFactory(
            parent=listings["berita"],
            title=f"Foto {n}",
            gambar_utama=GambarFactory(),
            tanggal=datetime.date(2024, 1, 1 + n),
        )
    html = BeautifulSoup(client.get(listings["berita"].url).content, "html.parser")
    pictures = html.select(".card__image picture")
    assert len(pictures) == 3
    for picture in pictures:
        types = [source["type"] for source in picture.select("source")]
        assert types == ["image/avif", "image/webp"]
        assert all(len(source["srcset"].split(",")) == 2 for source in picture.select("source"))
        assert picture.img["alt"]
    assert pictures[0].img.get("loading") is None  # the first card is in view: not lazy
    assert [p.img.get("loading") for p in pictures[1:]] == ["lazy", "lazy"]
    # Renditions are made once: a second view (not from the page cache) creates none.
    before = sorted(GambarRendition.objects.values_list("image_id", "filter_spec"))
    page_cache.clear()
    assert client.get(listings["berita"].url)["X-Cache"] == "MISS"
    assert sorted(GambarRendition.objects.values_list("image_id", "filter_spec")) == before


@pytest.mark.django_db
def test_a_cards_photo_markup_is_reused_until_the_image_changes(client, listings):
    """The <picture> of a card is made once; a new focal point gives new renditions at once."""
    from home import page_cache

    image = GambarFactory(title="Rapat pleno")
    BeritaFactory(parent=listings["berita"], title="Pleno", gambar_utama=image)

    def photo_urls():
        html = BeautifulSoup(client.get(listings["berita"].url).content, "html.parser")
        return [s["srcset"] for s in html.select(".card__image source")] + [
            html.select_one(".card__image img")["src"]
        ]

    first = photo_urls()
    page_cache.purge_all()
    assert photo_urls() == first

    image.focal_point_x, image.focal_point_y, image.focal_point_width, image.focal_point_height = (
        10,
        10,
        20,
        20,
    )
    image.save()
    page_cache.purge_all()
    changed = photo_urls()
    assert len(changed) == len(first) == 3
    assert all(new != old for new, old in zip(changed, first, strict=True))


@pytest.mark.django_db
def test_photo_renditions_are_fetched_once_for_all_cards_and_not_at_all_once_kept(client, listings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from home import page_cache

    for n in range(4):
        BeritaFactory(parent=listings["berita"], title=f"Foto {n}", gambar_utama=GambarFactory())
    client.get(listings["berita"].url)  # renditions are made on the first view

    def rendition_queries():
        with CaptureQueriesContext(connection) as queries:
            html = BeautifulSoup(client.get(listings["berita"].url).content, "html.parser")
        assert len(html.select(".card__image picture")) == 4
        return [q["sql"] for q in queries.captured_queries if "rendition" in q["sql"]]

    page_cache.clear()  # no page, no card markup kept
    assert len(rendition_queries()) == 1  # one query for every card
    page_cache.purge_all()  # the page is made again; the cards' markup is kept
    assert rendition_queries() == []
