"""Deliver the outbox (sop_workflow/outbox.py): what is due, with retries; one run at a time.

    * * * * * cd /srv/terbit && .venv/bin/python manage.py send_outbox

Prints how many were sent and failed. Exits with status 1 (a line in cron's log) while messages
keep failing (outbox.FAILING_AFTER attempts or more), as the dashboard warns the administrators.
Sent messages are kept 30 days, then deleted.
"""

from django.core.management.base import BaseCommand, CommandError

from sop_workflow import outbox
from sop_workflow.conf import single_run_command


class Command(BaseCommand):
    help = "Kirim surat keluar sistem yang menunggu (pemberitahuan, pengingat), dengan percobaan ulang."

    def add_arguments(self, parser):
        parser.add_argument("--batas", type=int, default=500, help="Paling banyak sekian surat per run.")

    @single_run_command("send_outbox")
    def handle(self, *args, **options):
        sent, failed = outbox.deliver(limit=options["batas"])
        purged = outbox.purge_sent()
        waiting = outbox.waiting().count()
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"Surat keluar: {sent} terkirim, {failed} gagal, {waiting} menunggu"
                + (f", {purged} catatan lama dihapus." if purged else ".")
            )
        failing = outbox.failing()
        if failing.exists():
            last = failing.order_by("-percobaan_terakhir").first()
            raise CommandError(
                f"{failing.count()} surat keluar gagal terkirim setelah {outbox.FAILING_AFTER} percobaan "
                f"atau lebih (terakhir: {last.galat_terakhir}). Periksa server surat (EMAIL_HOST) dan "
                "Pengaturan → Surat keluar sistem."
            )
