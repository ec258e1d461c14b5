from django.core.management.base import BaseCommand

from home.cron_lock import single_run_command
from home.db_statistics import analyze


class Command(BaseCommand):
    help = "Perbarui statistik tabel untuk perencana kueri basis data (ANALYZE)."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    @single_run_command("analyze_database")
    def handle(self, *args, database, **options):
        analyze(database)
        self.stdout.write(self.style.SUCCESS("Statistik basis data diperbarui."))
