"""Long titles are readable in the editor (issue #17, item 7): a title of 200 characters wraps
and is seen whole in the title field and in the editor's header, in real Chromium."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from news.models import PengumumanIndexPage
from news.structure import ensure_listings
from tests.factories import PengumumanFactory
from tests.live import ensure_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "kata-sandi-uji-2026"  # noqa: S105
TITLE = (
    "Pengumuman Hasil Seleksi Administrasi Calon Anggota Panitia Pemilihan Kecamatan dan Panitia "
    "Pemungutan Suara pada Pemilihan Gubernur dan Wakil Gubernur Banten Tahun 2026 di Kabupaten Serang Bagian Timur"
)


def shown_whole(locator):
    """Whether the element shows all of its content: nothing of it scrolled away inside it, and
    no box around it that clips its contents cutting it off. Returns the offending boxes."""
    return locator.evaluate(
        """element => {
            const problems = [];
            if (element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1) {
                problems.push(`scrolls: ${element.scrollWidth}x${element.scrollHeight} in ${element.clientWidth}x${element.clientHeight}`);
            }
            const own = element.getBoundingClientRect();
            for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
                const style = getComputedStyle(box);
                if (style.overflowX === "visible" && style.overflowY === "visible") continue;
                const outer = box.getBoundingClientRect();
                if (own.left < outer.left - 1 || own.right > outer.right + 1 || own.top < outer.top - 1 || own.bottom > outer.bottom + 1) {
                    problems.push(`cut by <${box.tagName.toLowerCase()} class="${box.className}">`);
                }
            }
            return problems;
        }"""
    )


def lines(locator):
    return locator.evaluate(
        "element => Math.round(element.getBoundingClientRect().height / parseFloat(getComputedStyle(element).lineHeight))"
    )


@pytest.fixture
def draft():
    home = ensure_site()
    listings = ensure_listings(home)
    writer = get_user_model().objects.create_user(
        "penulis", "penulis@kpu-banten.example", PASSWORD, first_name="Dedi", last_name="Kurniawan"
    )
    writer.groups.add(Group.objects.get(name="Penulis"))
    return PengumumanFactory(parent=listings[PengumumanIndexPage], title=TITLE, owner=writer, publish=False)


def test_a_200_character_title_is_read_whole_in_the_editor(browser, live_server, draft, screenshots):
    assert 195 <= len(TITLE) <= 205
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("input[name=username]", "penulis")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"/admin/$"))
        page.goto(f"{live_server.url}/admin/pages/{draft.pk}/edit/")

        for width in (1280, 800):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=screenshots / f"judul-panjang-di-editor-{width}.png")
            field = page.locator("#id_title")
            assert field.input_value() == TITLE
            assert shown_whole(field) == [], width
            assert lines(field) >= 3, width  # wrapped

            # The header names the page: whole, on as many lines as it takes.
            header = page.locator("header nav li").filter(has_text=TITLE)
            assert shown_whole(header) == [], width
            assert lines(header) >= 2, width
    finally:
        context.close()
