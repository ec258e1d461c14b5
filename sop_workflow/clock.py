"""The office-hours clock: standard times (waktu baku) count working time, not wall time.

A step that starts outside office hours starts counting at the next opening; evenings,
weekends, national holidays, cuti bersama (both from the `holidays` library: categories
``public`` and ``government``, the latter behind conf.cuti_bersama_from_library()) and the days
entered under *Hari libur dan cuti bersama* do not count. An entry of kind *masuk kerja* there
cancels a library day: the office works although the library says it is off. Berita, and register entries marked urgent, run on the wall clock instead (
the type's registered clock (registry.py) / SOP_JAM_DINDING_MENDESAK).

Due times are computed when a step starts and stored with it, so a later change of the
calendar or of a standard time does not move the due time of a step already under way.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from . import conf

MAX_DAYS = 3660  # ten years of searching for an open day means the calendar is misconfigured


def _time(value):
    if isinstance(value, datetime.time):
        return value
    hours, minutes = (int(part) for part in value.split(":"))
    return datetime.time(hours, minutes)


LIBUR_NASIONAL, CUTI_BERSAMA = "public", "government"  # the library's categories for Indonesia


def library_holidays(year, cuti_bersama=None):
    """Indonesia's days off in ``year`` as the `holidays` library knows them:
    ``{date: (name, category)}``, category ``LIBUR_NASIONAL`` or ``CUTI_BERSAMA`` (the latter only
    when ``cuti_bersama``, by default conf.cuti_bersama_from_library())."""
    import holidays

    if cuti_bersama is None:
        cuti_bersama = conf.cuti_bersama_from_library()
    days = {}
    for category in (LIBUR_NASIONAL, CUTI_BERSAMA) if cuti_bersama else (LIBUR_NASIONAL,):
        for day, name in holidays.Indonesia(years=year, language="id", categories=(category,)).items():
            days.setdefault(day, (name, category))
    return days


class OfficeCalendar:
    """Office hours per weekday and closed days; ``add`` and ``elapsed`` in working time.

    ``closed``: days entered as closed; ``opened``: library days the office works all the same
    (entries *masuk kerja*); ``national``: take the library's days at all
    (settings.SOP_LIBUR_NASIONAL); ``cuti_bersama``: its cuti bersama too
    (conf.cuti_bersama_from_library()).
    """

    def __init__(self, hours=None, closed=(), national=None, opened=(), cuti_bersama=None):
        hours = settings.SOP_JAM_KERJA if hours is None else hours
        self.hours = {int(day): (_time(start), _time(end)) for day, (start, end) in hours.items()}
        if not self.hours:
            raise ValueError("SOP_JAM_KERJA tidak boleh kosong.")
        self.closed = set(closed)
        self.national = settings.SOP_LIBUR_NASIONAL if national is None else national
        self.opened = set(opened)
        self.cuti_bersama = conf.cuti_bersama_from_library() if cuti_bersama is None else cuti_bersama
        self._years = set()
        self._spans = {}
        self.tz = timezone.get_current_timezone()

    @classmethod
    def current(cls):
        """The calendar as configured now: settings plus the days entered in the admin."""
        from .models import HariLibur

        closed, opened = [], []
        for tanggal, jenis in HariLibur.objects.values_list("tanggal", "jenis"):
            (opened if jenis == HariLibur.Jenis.MASUK_KERJA else closed).append(tanggal)
        return cls(closed=closed, opened=opened)

    def _load_year(self, year):
        if year in self._years:
            return
        self._years.add(year)
        if self.national:
            library = library_holidays(year, self.cuti_bersama)
            self.closed.update(day for day in library if day not in self.opened)

    def is_open(self, day):
        self._load_year(day.year)
        return day.weekday() in self.hours and day not in self.closed

    def _span(self, day):
        """The opening and closing moments of ``day`` (aware), or None when closed."""
        if day not in self._spans:
            span = None
            if self.is_open(day):
                start, end = self.hours[day.weekday()]
                span = (
                    datetime.datetime.combine(day, start, tzinfo=self.tz),
                    datetime.datetime.combine(day, end, tzinfo=self.tz),
                )
            self._spans[day] = span
        return self._spans[day]

    def add(self, start, duration):
        """The moment ``duration`` of working time after ``start``."""
        moment = start.astimezone(self.tz)
        remaining = duration
        for _ in range(MAX_DAYS):
            span = self._span(moment.date())
            if span is not None:
                opening, closing = span
                moment = max(moment, opening)
                if moment < closing:
                    available = closing - moment
                    if remaining <= available:
                        return moment + remaining
                    remaining -= available
            next_day = moment.date() + datetime.timedelta(days=1)
            moment = datetime.datetime.combine(next_day, datetime.time(0), tzinfo=moment.tzinfo)
        raise ValueError("Kalender kantor tidak memiliki hari kerja: periksa SOP_JAM_KERJA dan hari libur.")

    def elapsed(self, start, end):
        """Working time between two moments (zero when ``end`` is not after ``start``)."""
        start, end = start.astimezone(self.tz), end.astimezone(self.tz)
        total = datetime.timedelta(0)
        day = start.date()
        while day <= end.date():
            span = self._span(day)
            if span is not None:
                opening, closing = span
                lower, upper = max(opening, start), min(closing, end)
                if upper > lower:
                    total += upper - lower
            day += datetime.timedelta(days=1)
        return total


class WallClock:
    """Berita and urgent items: every hour counts."""

    def add(self, start, duration):
        return start + duration

    def elapsed(self, start, end):
        return max(end - start, datetime.timedelta(0))


def uses_wall_clock(jenis_publikasi=None, mendesak=False):
    """The rule for a material type (its registry key, e.g. ``beritapage``: the type's
    registered ``clock``) and an urgency flag."""
    from . import registry

    if mendesak and settings.SOP_JAM_DINDING_MENDESAK:
        return True
    governed = registry.get(jenis_publikasi)
    return governed is not None and governed.wall_clock


def clock_for(jenis_publikasi=None, mendesak=False):
    return WallClock() if uses_wall_clock(jenis_publikasi, mendesak) else OfficeCalendar.current()


def due(start, standard, jenis_publikasi=None, mendesak=False):
    """When a step that starts at ``start`` with this standard time is due."""
    if standard is None:
        return None
    return clock_for(jenis_publikasi, mendesak).add(start, standard)
