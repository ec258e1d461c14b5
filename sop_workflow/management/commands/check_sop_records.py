"""Check that what the SOP records matches what happened (sop_workflow/integrity.py).

Reads only and sends nothing. Prints one line per mismatch and exits with status 1 when there is
any (0 when everything holds), so CI fails and cron's log shows it (``-v 0``: nothing is printed
when everything holds):
    17 * * * * cd /srv/terbit && .venv/bin/python manage.py check_sop_records -v 0
"""

import json

from django.core.management.base import BaseCommand, CommandError

from sop_workflow import integrity
from sop_workflow.conf import single_run_command


class Command(BaseCommand):
    help = (
        "Periksa bahwa catatan SOP sesuai dengan yang terjadi: catatan penerbitan dan revisi yang "
        "tayang, alur kerja dan langkahnya, status surat masuk dan halamannya. Keluar dengan status 1 "
        "bila ada ketidaksesuaian."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--json", action="store_true", help="Tulis hasilnya sebagai JSON (untuk pemantauan otomatis)."
        )

    @single_run_command("check_sop_records")
    def handle(self, *args, **options):
        result = integrity.run()
        problems = result.problems
        if options["json"]:
            payload = {
                "ok": not problems,
                "checked": result.counts,
                "problems": [p.as_dict() for p in problems],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            for problem in problems:
                self.stdout.write(problem.line())
            checked = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in result.counts.items())
            if not problems and options["verbosity"] >= 1:
                self.stdout.write(f"Catatan SOP sesuai dengan yang terjadi (diperiksa: {checked}).")
        if problems:
            raise CommandError(f"{len(problems)} ketidaksesuaian ditemukan dalam catatan SOP.")
