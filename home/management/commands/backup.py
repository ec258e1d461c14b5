"""Back up the database and the uploaded files into one archive (home/backup.py)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from home.backup import BackupError, create
from home.cron_lock import single_run_command


class Command(BaseCommand):
    help = "Cadangkan basis data dan semua berkas unggahan ke satu arsip .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="Berkas arsip (bawaan: backups/terbit-YYYYmmdd-HHMMSS.tar.gz).",
        )

    @single_run_command("backup")  # cron's nightly run and one by hand never write at once
    def handle(self, *args, **options):
        output = options["output"] or f"backups/terbit-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"
        try:
            manifest = create(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        folders = ", ".join(manifest["folders"]) or "tidak ada folder berkas"
        self.stdout.write(f"Cadangan {manifest['database']} + {folders} ditulis ke {output}")
