"""Restore the database and the uploaded files from a backup archive (home/backup.py)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from home.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Pulihkan basis data dan berkas unggahan dari arsip cadangan (menimpa isi sekarang). Seluruh arsip "
        "diperiksa dulu; bila ada yang rusak, tidak ada yang diubah."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Arsip dari manage.py backup.")
        parser.add_argument(
            "--yes", action="store_true", help="Jangan bertanya: isi basis data sekarang akan ditimpa."
        )
        parser.add_argument(
            "--no-checksums",
            action="store_true",
            help="Terima arsip versi lama (format 1) yang belum punya checksum. Basis datanya tetap "
            "diperiksa; checksum yang ada selalu diperiksa.",
        )

    def handle(self, *args, **options):
        if not options["yes"]:
            answer = input("Basis data dan berkas unggahan sekarang akan DITIMPA. Ketik 'ya' untuk lanjut: ")
            if answer.strip().lower() != "ya":
                raise CommandError("Dibatalkan: tidak ada yang diubah.")
        try:
            manifest, leftovers = restore(options["archive"], verify=not options["no_checksums"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        for leftover in leftovers:
            self.stderr.write(f"Salinan lama {leftover} tidak bisa dihapus: hapus dengan tangan.")
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()
        call_command("purge_page_cache", "--all", stdout=self.stdout)
        self.stdout.write(f"Dipulihkan dari cadangan {manifest['created']} ({manifest['database']}).")
