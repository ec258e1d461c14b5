"""The JDIH feed (/jdih/feed.json) against BPHN's key set, and its incremental harvest
(``?since=``). BPHN's shape is the fixture tests/news/fixtures/jdihn_ildis_record.json (it
says where it comes from); the other feed tests are in test_open_data.py."""

import datetime
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.factories import JuknisFactory, PeraturanFactory, SuratEdaranFactory

FIXTURE = Path(__file__).with_name("fixtures") / "jdihn_ildis_record.json"
WIB = ZoneInfo("Asia/Jakarta")
BOOK_ONLY = ("noPanggil", "penerbit", "deskripsiFisik", "isbn", "nomorIndukBuku")


def bphn_record():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))["record"]


def feed(client, **query):
    response = client.get("/jdih/feed.json", query)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.django_db
def test_every_type_sends_bphns_keys_with_string_values(client, published):
    reference = bphn_record()
    records = {record["judul"]: record for record in feed(client)}
    pages = {
        "Peraturan terbit": published["peraturan"],
        "Surat edaran terbit": published["surat_edaran"],
        "Juknis terbit": published["juknis"],
    }
    assert set(records) == set(pages)
    for title, record in records.items():
        # BPHN's keys, in ILDIS's order, plus the deprecated alias at the end; nothing else
        # (no "cetakan", no "penandatangan": BPHN's feed has neither).
        assert list(record) == [*reference, "urlabstrak"], title
        assert {key: type(value) for key, value in record.items()} == {
            **{key: type(value) for key, value in reference.items()},
            "urlabstrak": str,
        }, title
        assert record["operasi"] == "4" and record["display"] == "1"
        assert {key: record[key] for key in BOOK_ONLY} == dict.fromkeys(BOOK_ONLY, "-")
        assert record["urlAbstrak"] == record["urlabstrak"] == ""
        page = pages[title]
        page.refresh_from_db()
        assert record["idData"] == str(page.pk)
        assert record["last_updated"].endswith("+07:00")  # WIB, as the office reads it
        assert datetime.datetime.fromisoformat(record["last_updated"]) == page.last_published_at.replace(
            microsecond=0
        )
    assert records["Surat edaran terbit"]["singkatanJenis"] == "SE"
    assert records["Juknis terbit"]["tahun_pengundangan"] == "2024"


@pytest.mark.django_db
def test_place_and_cataloguing_come_from_the_page_or_the_site_settings(admin_client, listings):
    from home.models import SiteSettings

    PeraturanFactory(
        parent=listings["peraturan"],
        title="Peraturan Tangerang",
        tempat_penetapan="Tangerang",
        teu_badan="Indonesia. Komisi Pemilihan Umum Kota Tangerang",
        bidang_hukum="",
    )
    SuratEdaranFactory(parent=listings["surat_edaran"], title="Surat edaran")
    JuknisFactory(parent=listings["juknis"], title="Juknis")
    site = listings["peraturan"].get_site()
    form = admin_client.get(f"/admin/settings/home/sitesettings/{site.pk}/").content.decode()
    assert "Katalog JDIH (umpan JDIHN)" in form and 'name="jdih_tempat_terbit"' in form

    records = {record["judul"]: record for record in feed(admin_client)}
    assert records["Peraturan Tangerang"]["tempatTerbit"] == "Tangerang"
    assert records["Peraturan Tangerang"]["teuBadan"] == "Indonesia. Komisi Pemilihan Umum Kota Tangerang"
    assert records["Surat edaran"]["tempatTerbit"] == records["Juknis"]["tempatTerbit"] == "Serang"
    assert records["Juknis"]["teuBadan"] == "Indonesia. Komisi Pemilihan Umum Provinsi Banten"

    settings = SiteSettings.for_site(site)
    settings.jdih_tempat_terbit = "Kota Serang"
    settings.jdih_teu_badan = "Banten. Komisi Pemilihan Umum Provinsi"
    settings.jdih_bahasa = "Indonesia; Inggris"
    settings.jdih_bidang_hukum = "Hukum Pemilu"
    settings.save()
    records = {record["judul"]: record for record in feed(admin_client)}
    for title in ("Surat edaran", "Juknis"):
        assert (
            records[title]["tempatTerbit"],
            records[title]["teuBadan"],
            records[title]["bahasa"],
            records[title]["bidangHukum"],
        ) == ("Kota Serang", "Banten. Komisi Pemilihan Umum Provinsi", "Indonesia; Inggris", "Hukum Pemilu")
    # The regulation keeps what its page says, and takes the settings' value where it says nothing.
    assert records["Peraturan Tangerang"]["tempatTerbit"] == "Tangerang"
    assert records["Peraturan Tangerang"]["bidangHukum"] == "Hukum Pemilu"


def _publish_at(moment, factory, **kwargs):
    with time_machine.travel(moment, tick=False):
        return factory(**kwargs)


@pytest.fixture
def dated(listings):
    """Three regulations published on 10, 15 (08:00 WIB) and 20 January 2026."""
    return {
        day: _publish_at(
            datetime.datetime(2026, 1, day, 8, 0, tzinfo=WIB),
            PeraturanFactory,
            parent=listings["peraturan"],
            title=f"Peraturan {day} Januari",
        )
        for day in (10, 15, 20)
    }


def titles(records):
    return [record["judul"] for record in records]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("since", "expected"),
    [
        ("2026-01-15", ["Peraturan 20 Januari", "Peraturan 15 Januari"]),  # a date: from 00:00 WIB
        ("2026-01-15T08:00:00+07:00", ["Peraturan 20 Januari", "Peraturan 15 Januari"]),  # inclusive
        ("2026-01-15T08:00:00 07:00", ["Peraturan 20 Januari", "Peraturan 15 Januari"]),  # "+" unencoded
        ("2026-01-15T08:00:01", ["Peraturan 20 Januari"]),  # no zone: WIB
        ("2026-01-15T01:00:00Z", ["Peraturan 20 Januari", "Peraturan 15 Januari"]),  # 08:00 WIB
        ("2026-01-15T01:00:01+00:00", ["Peraturan 20 Januari"]),
        ("2026-02-01", []),
        ("2025-12-31", ["Peraturan 20 Januari", "Peraturan 15 Januari", "Peraturan 10 Januari"]),
    ],
)
def test_since_keeps_what_was_published_at_or_after_it(client, dated, since, expected):
    assert titles(feed(client, since=since)) == expected


@pytest.mark.django_db
def test_since_follows_a_new_publication_of_an_old_record(client, dated, settings):
    """A correction published later is harvested again; its last_updated says when."""
    settings.PAGE_CACHE_ENABLED = True
    assert titles(feed(client, since="2026-01-18")) == ["Peraturan 20 Januari"]
    page = dated[10]
    page.title = "Peraturan 10 Januari (perbaikan)"
    with time_machine.travel(datetime.datetime(2026, 1, 25, 9, 30, tzinfo=WIB), tick=False):
        page.save_revision().publish()
    records = feed(client, since="2026-01-18")
    assert titles(records) == ["Peraturan 20 Januari", "Peraturan 10 Januari (perbaikan)"]
    assert records[1]["last_updated"] == "2026-01-25T09:30:00+07:00"


@pytest.mark.django_db
def test_since_pages_with_its_own_total_and_next_link(client, dated, monkeypatch):
    from news import jdih

    monkeypatch.setattr(jdih, "JDIH_PAGE_SIZE", 1)
    assert client.get("/jdih/feed.json", {"page": "1"})["X-Total-Count"] == "3"
    response = client.get("/jdih/feed.json", {"page": "1", "since": "2026-01-15"})
    assert response["X-Total-Count"] == "2"
    assert titles(response.json()) == ["Peraturan 20 Januari"]
    link = response["Link"]
    assert "since=2026-01-15" in link and "page=2" in link
    following = client.get(link[1 : link.index(">")].removeprefix("http://testserver"))
    assert titles(following.json()) == ["Peraturan 15 Januari"]
    assert "Link" not in following
    assert client.get("/jdih/feed.json", {"page": "3", "since": "2026-01-15"}).json() == []


@pytest.mark.django_db
def test_page_cache_keeps_one_answer_per_since_value(client, dated, settings, listings):
    settings.PAGE_CACHE_ENABLED = True
    first = client.get("/jdih/feed.json", {"since": "2026-01-15"})
    other = client.get("/jdih/feed.json", {"since": "2026-01-20"})
    assert (first["X-Cache"], other["X-Cache"]) == ("MISS", "MISS")
    assert titles(other.json()) == ["Peraturan 20 Januari"]
    again = client.get("/jdih/feed.json", {"since": "2026-01-15"})
    assert again["X-Cache"] == "HIT"
    assert titles(again.json()) == ["Peraturan 20 Januari", "Peraturan 15 Januari"]
    with time_machine.travel(datetime.datetime(2026, 1, 22, 8, 0, tzinfo=WIB), tick=False):
        PeraturanFactory(parent=listings["peraturan"], title="Peraturan 22 Januari")
    assert titles(feed(client, since="2026-01-15"))[0] == "Peraturan 22 Januari"  # purged


@pytest.mark.django_db
def test_since_reads_one_query_once_records_are_kept(client, dated, settings, django_assert_max_num_queries):
    settings.PAGE_CACHE_ENABLED = False  # what the feed itself costs
    feed(client, since="2026-01-01")
    with django_assert_max_num_queries(1):
        assert len(feed(client, since="2026-01-01")) == 3
    with django_assert_max_num_queries(1):  # another since: the same kept records
        assert len(feed(client, since="2026-01-16")) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value",
    [
        "",
        "kemarin",
        "2026-13-01",
        "2026-01-32",
        "2026-01-01T25:00",
        "15-01-2026",
        "0001-01-01T00:00:00+14:00",
        "9" * 60,
    ],
)
def test_a_bad_since_is_refused_with_a_message(client, published, value):
    response = client.get("/jdih/feed.json", {"since": value})
    assert response.status_code == 400
    message = response.json()["message"]
    assert message.startswith("Parameter since harus berupa tanggal atau waktu ISO 8601")
    assert response["Access-Control-Allow-Origin"] == "*"
