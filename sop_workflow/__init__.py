"""Terbit's SOP engine: a Wagtail extension that runs the publishing SOP end to end.

Front door: ``registry.py`` (the content app registers its governed page types) and
``conf.py`` (what the engine takes from settings). The modules, by the SOP's parts:

- intake, steps 1-3 (the register, its dispositions and the draft):
  ``models/intake.py``, ``intake.py``, ``intake_forms.py``, ``intake_admin.py`` (the register's
  ModelAdmin: listing, filters, export), ``intake_views.py`` (its action views), ``storage.py``,
  ``panels.py``.
- review, steps 4-7 (the workflow tasks and what reviewers meet):
  ``models/tasks.py``, ``review.py``, ``review_access.py``, ``review_banner.py``,
  ``review_views.py``, ``editor.py``, ``views.py``, ``forms.py``, ``finish.py``, ``visibility.py``,
  ``emergency.py``, ``roles.py``, ``setup.py``.
- timing (clock, due times, reminders): ``clock.py``, ``models/calendar.py``, ``timeline.py``,
  ``dashboard.py``, ``reminders.py``.
- records (publication record, control sheet, report): ``publication.py``, ``control_sheet.py``,
  ``report.py``, ``report_views.py``, ``report_urls.py``, ``integrity.py``, ``admin_views.py``,
  ``spreadsheet.py``.
- mail: ``mail.py``, ``outbox.py``, ``outbox_admin.py``, ``models/outbox.py``.
- wiring: ``apps.py``, ``wagtail_hooks.py``, ``signal_handlers.py``, ``middleware.py``.
"""
