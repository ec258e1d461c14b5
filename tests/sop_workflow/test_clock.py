"""The office-hours clock: standard times count working time (issue: waktu baku)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from sop_workflow.clock import OfficeCalendar, WallClock
from sop_workflow.models import HariLibur, PemeriksaanKasubagTask, SOPTaskState
from tests.sop_workflow.test_intake import register
from tests.sop_workflow.test_workflow import client_for, submit

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
