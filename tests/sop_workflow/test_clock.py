"""The office-hours clock: standard times count working time (issue: waktu baku)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from sop_workflow.clock import OfficeCalendar, WallClock
from sop_workflow.models import HariLibur, PemeriksaanKasubagTask, SOPTaskState
from tests.sop_harness import client_for, register, submit

WIB = ZoneInfo("Asia/Jakarta")
HOUR = datetime.timedelta(hours=1)


def wib(day, hour, minute=0, month=11, year=2026):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=WIB)


@pytest.fixture
def calendar(db):
    return OfficeCalendar.current()


# 2026-11-26 is a Thursday, 11-27 a Friday, 11-30 a Monday.
@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        (wib(24, 9), HOUR, wib(24, 10)),  # inside office hours
        (wib(26, 15, 45), HOUR, wib(27, 8, 15)),  # Thursday closes 16:00
        (wib(27, 15, 45), HOUR, wib(30, 7, 45)),  # Friday closes 16:30, then the weekend
        (wib(24, 20), HOUR, wib(25, 8, 30)),  # started in the evening: counts from 07:30
        (wib(24, 6), datetime.timedelta(minutes=10), wib(24, 7, 40)),  # before opening
        (wib(28, 10), datetime.timedelta(minutes=10), wib(30, 7, 40)),  # on a Saturday
        (wib(25, 14), datetime.timedelta(hours=5), wib(26, 10, 30)),  # 2 h today, 3 h tomorrow
        (wib(24, 16), datetime.timedelta(minutes=5), wib(25, 7, 35)),  # exactly at closing
    ],
)
def test_office_hours_arithmetic(calendar, start, duration, expected):
    assert calendar.add(start, duration) == expected
    assert calendar.elapsed(start, expected) == duration


def test_national_holidays_come_from_the_library(calendar):
    # Monday 17 August 2026 is Independence Day: Friday 16:20 + 1 h -> Tuesday 08:20.
    assert calendar.add(wib(14, 16, 20, month=8), HOUR) == wib(18, 8, 20, month=8)


@pytest.mark.django_db
def test_cuti_bersama_entered_in_the_admin_are_closed_days(users, admin_client):
    response = admin_client.post(
        reverse("hari_libur:add"),
        {
            "tanggal": "2026-08-18",
            "nama": "Cuti bersama HUT RI",
            "jenis": "cuti_bersama",
            "dasar": "SKB 3 Menteri",
        },
    )
    assert response.status_code == 302
    assert OfficeCalendar.current().add(wib(14, 16, 20, month=8), HOUR) == wib(19, 8, 20, month=8)
    # Kabag keeps the calendar too; the same date twice is refused with a message.
    response = client_for(users["kabag"]).post(
        reverse("hari_libur:add"), {"tanggal": "2026-08-18", "nama": "Lagi", "jenis": "lainnya", "dasar": ""}
    )
    assert response.status_code == 200
    assert "Tanggal ini sudah tercatat." in response.content.decode()
    assert client_for(users["penulis"]).get(reverse("hari_libur:index")).status_code in (302, 403)


def test_wall_clock():
    assert WallClock().add(wib(27, 15, 45), HOUR) == wib(27, 16, 45)
    assert WallClock().elapsed(wib(27, 15, 45), wib(30, 7, 45)) == datetime.timedelta(hours=64)


@pytest.mark.django_db
def test_register_due_times_follow_the_item_rule(users):
    # Friday 16:25: step 1 (10 min) of an ordinary Pengumuman is due Monday 07:35...
    ordinary = register(users["kabag"], diterima_pada="2026-11-27 16:25")
    assert ordinary.tenggat == wib(30, 7, 35)
    # ...of a Berita, or of an urgent item, 16:35 the same day (wall clock).
    berita = register(users["kabag"], diterima_pada="2026-11-27 16:25", jenis_publikasi="beritapage")
    urgent = register(users["kabag"], diterima_pada="2026-11-27 16:25", sifat="segera")
    assert berita.tenggat == urgent.tenggat == wib(27, 16, 35)


@pytest.mark.django_db
def test_running_steps_keep_their_due_time_when_standards_or_calendar_change(users, sop):
    from news.models import PengumumanPage
    from tests.factories import PengumumanFactory

    page = PengumumanFactory(
        parent=sop["pengumuman"], title="Pengumuman uji", owner=users["penulis"], publish=False
    )
    with time_machine.travel(wib(26, 15, 45), tick=False):
        submit(users["penulis"], page)
    state = SOPTaskState.objects.get()
    assert state.waktu_baku == HOUR and state.tenggat == wib(27, 8, 15)

    task = PemeriksaanKasubagTask.objects.get()
    task.waktu_baku = datetime.timedelta(hours=2)
    task.save()
    HariLibur.objects.create(tanggal=datetime.date(2026, 11, 27), nama="Libur daerah")
    state.refresh_from_db()
    assert state.waktu_baku == HOUR and state.tenggat == wib(27, 8, 15)

    # A step that starts afterwards takes the new standard and calendar.
    other = PengumumanFactory(
        parent=sop["pengumuman"], title="Pengumuman dua", owner=users["penulis"], publish=False
    )
    with time_machine.travel(wib(26, 15, 45), tick=False):
        submit(users["penulis"], PengumumanPage.objects.get(pk=other.pk))
    newer = SOPTaskState.objects.exclude(pk=state.pk).get()
    assert newer.waktu_baku == datetime.timedelta(hours=2)
    assert newer.tenggat == wib(30, 9, 15)  # 15 min Thursday, Friday closed, 1 h 45 min Monday


# --- Cuti bersama from the library (issue 21 item 5) -----------------------------------------

CUTI_BERSAMA_2026 = {
    datetime.date(2026, 2, 16): "Cuti Bersama Tahun Baru Imlek",
    datetime.date(2026, 3, 18): "Cuti Bersama Hari Suci Nyepi",
    datetime.date(2026, 3, 20): "Cuti Bersama Hari Raya Idul Fitri",
    datetime.date(2026, 3, 23): "Cuti Bersama Hari Raya Idul Fitri",
    datetime.date(2026, 3, 24): "Cuti Bersama Hari Raya Idul Fitri",
    datetime.date(2026, 5, 15): "Cuti Bersama Kenaikan Yesus Kristus",
    datetime.date(2026, 5, 28): "Cuti Bersama Hari Raya Idul Adha",
    datetime.date(2026, 12, 24): "Cuti Bersama Hari Raya Natal",
}


@pytest.mark.django_db
def test_cuti_bersama_2026_come_from_the_library(calendar):
    from sop_workflow.clock import CUTI_BERSAMA, library_holidays

    library = library_holidays(2026)
    assert {
        day: name for day, (name, category) in library.items() if category == CUTI_BERSAMA
    } == CUTI_BERSAMA_2026
    assert not any(calendar.is_open(day) for day in CUTI_BERSAMA_2026)
    assert calendar.is_open(datetime.date(2026, 12, 23)) and calendar.is_open(datetime.date(2026, 3, 25))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "expected"),
    [
        # Wednesday 23 December 15:45 + 1 h: 24th cuti bersama, 25th Christmas, the weekend.
        (wib(23, 15, 45, month=12), wib(28, 8, 15, month=12)),
        # Tuesday 17 March: Nyepi (cuti 18th, holiday 19th) runs into Idul Fitri (20th-24th).
        (wib(17, 15, 45, month=3), wib(25, 8, 15, month=3)),
        # Friday 13 February 16:20: Monday 16th cuti bersama Imlek, Tuesday 17th Imlek.
        (wib(13, 16, 20, month=2), wib(18, 8, 20, month=2)),
    ],
)
def test_due_times_skip_the_librarys_cuti_bersama(calendar, start, expected):
    assert calendar.add(start, HOUR) == expected
    assert calendar.elapsed(start, expected) == HOUR


@pytest.mark.django_db
def test_a_step_started_before_cuti_bersama_is_due_after_it(users, sop):
    from tests.factories import PengumumanFactory

    page = PengumumanFactory(
        parent=sop["pengumuman"], title="Pengumuman Natal", owner=users["penulis"], publish=False
    )
    with time_machine.travel(wib(23, 15, 45, month=12), tick=False):
        submit(users["penulis"], page)
    state = SOPTaskState.objects.get()
    assert state.waktu_baku == HOUR and state.tenggat == wib(28, 8, 15, month=12)


@pytest.mark.django_db
def test_an_added_day_closes_the_office_besides_the_library(admin_client):
    response = admin_client.post(
        reverse("hari_libur:add"),
        {
            "tanggal": "2026-12-31",
            "nama": "Cuti bersama akhir tahun",
            "jenis": "cuti_bersama",
            "dasar": "SK Sekjen",
        },
    )
    assert response.status_code == 302
    # Wednesday 30 December 15:45 + 1 h: the 31st closed, 1 January the new year, the weekend.
    assert OfficeCalendar.current().add(wib(30, 15, 45, month=12), HOUR) == wib(4, 8, 15, month=1, year=2027)


@pytest.mark.django_db
def test_a_day_masuk_kerja_cancels_a_library_cuti_bersama(users, admin_client):
    response = client_for(users["kabag"]).post(
        reverse("hari_libur:add"),
        {
            "tanggal": "2026-12-24",
            "nama": "Kantor tetap buka (persiapan pemilihan)",
            "jenis": "masuk_kerja",
            "dasar": "Surat Sekretaris",
        },
    )
    assert response.status_code == 302
    assert HariLibur.objects.get().jenis == HariLibur.Jenis.MASUK_KERJA
    calendar = OfficeCalendar.current()
    assert calendar.add(wib(23, 15, 45, month=12), HOUR) == wib(24, 8, 15, month=12)
    assert calendar.add(wib(24, 15, 45, month=12), HOUR) == wib(28, 8, 15, month=12)  # Christmas stays

    html = admin_client.get(reverse("hari_libur:index"), {"tahun": "2026"}).content.decode()
    assert "Dibatalkan: masuk kerja (Kantor tetap buka (persiapan pemilihan))" in html

    # Only a day the library closes can be cancelled: the reason, nothing saved.
    response = admin_client.post(
        reverse("hari_libur:add"),
        {"tanggal": "2026-12-22", "nama": "Masuk", "jenis": "masuk_kerja", "dasar": ""},
    )
    assert response.status_code == 200
    assert "Menurut pustaka holidays, 22/12/2026 bukan hari libur nasional atau cuti bersama" in (
        response.content.decode()
    )
    assert HariLibur.objects.count() == 1


@pytest.mark.django_db
def test_the_listing_shows_the_librarys_days_of_the_year(users, admin_client):
    from bs4 import BeautifulSoup

    response = client_for(users["webadmin"]).get(reverse("hari_libur:index"), {"tahun": "2026"})
    assert response.status_code == 200
    section = BeautifulSoup(response.content, "html.parser").find(id="libur-pustaka")
    assert section.h2.get_text(strip=True) == "Hari libur dan cuti bersama dari pustaka tahun 2026"
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in section.tbody.find_all("tr")
    ]
    cuti = [row for row in rows if row[2] == "Cuti bersama"]
    assert [row[1] for row in cuti] == list(CUTI_BERSAMA_2026.values())
    assert cuti[-1] == ["Kamis, 24 Desember 2026", "Cuti Bersama Hari Raya Natal", "Cuti bersama", "Libur"]
    assert ["Jumat, 25 Desember 2026", "Hari Raya Natal", "Libur nasional", "Libur"] in rows

    html = response.content.decode()
    assert reverse("hari_libur:add") not in html  # Web Admin reads the calendar; Kabag keeps it
    assert client_for(users["webadmin"]).get(reverse("hari_libur:add")).status_code in (302, 403)

    bad = admin_client.get(reverse("hari_libur:index"), {"tahun": "abc"})
    assert bad.status_code == 200
    assert "Tahun “abc” tidak dikenali (2000–2100)" in bad.content.decode()


@pytest.mark.django_db
def test_with_the_setting_off_cuti_bersama_are_only_the_days_entered(settings, admin_client):
    settings.SOP_CUTI_BERSAMA_FROM_LIBRARY = False
    calendar = OfficeCalendar.current()
    assert calendar.add(wib(23, 15, 45, month=12), HOUR) == wib(24, 8, 15, month=12)
    assert calendar.add(wib(24, 15, 45, month=12), HOUR) == wib(28, 8, 15, month=12)  # holidays stay
    assert calendar.add(wib(17, 15, 45, month=3), HOUR) == wib(18, 8, 15, month=3)

    html = admin_client.get(reverse("hari_libur:index"), {"tahun": "2026"}).content.decode()
    assert "Tidak dipakai: cuti bersama dari pustaka dimatikan (SOP_CUTI_BERSAMA_FROM_LIBRARY)" in html
    response = admin_client.post(
        reverse("hari_libur:add"),
        {"tanggal": "2026-12-24", "nama": "Cuti bersama Natal", "jenis": "cuti_bersama", "dasar": "SKB"},
    )
    assert response.status_code == 302
    assert OfficeCalendar.current().add(wib(23, 15, 45, month=12), HOUR) == wib(28, 8, 15, month=12)
