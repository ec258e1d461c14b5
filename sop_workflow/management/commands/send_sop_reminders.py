"""Email reminders for SOP steps past their due time, and escalations at twice the standard.

Safe to run as often as you like, also twice at once: each email is sent once, ever.
    * * * * * cd /srv/terbit && .venv/bin/python manage.py send_sop_reminders
"""

from django.core.management.base import BaseCommand

from sop_workflow import reminders
from sop_workflow.conf import single_run_command


class Command(BaseCommand):
    help = "Kirim pengingat langkah SOP yang melewati tenggat dan eskalasi pada 2x waktu baku."

    @single_run_command("send_sop_reminders")
    def handle(self, *args, **options):
        late, escalated = reminders.run()
        self.stdout.write(f"Pengingat terkirim: {late}; eskalasi terkirim: {escalated}.")
