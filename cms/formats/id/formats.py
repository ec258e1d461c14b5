"""Indonesian formats, plus the ones the Wagtail admin's date pickers write.

WAGTAIL_DATE_FORMAT / WAGTAIL_DATETIME_FORMAT (cms/settings/base.py) must be accepted as input
for the active locale, or every date-time typed in the admin (go-live dates, the register's
"diterima pada") is refused as invalid. Django's Indonesian locale writes times with a dot.
"""

from django.conf.locale.id.formats import *  # noqa: F403
from django.conf.locale.id.formats import DATE_INPUT_FORMATS as _DATE
from django.conf.locale.id.formats import DATETIME_INPUT_FORMATS as _DATETIME

DATE_INPUT_FORMATS = ["%d/%m/%Y", *_DATE]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", *_DATETIME]

# Dates and times as the office writes them: "4 Desember 2026", "4 Desember 2026 08:30" (Django's
# Indonesian shortens the month and puts a dot in the time: "4 Des. 2026, 8.30").
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
