"""Purge stored public pages: some paths, or everything (after deploying new templates); or
apply the purges that could not reach the cache while it was down (--pending, for cron)."""

from django.core.management.base import BaseCommand, CommandError

from home import page_cache
from home.cron_lock import single_run_command


class Command(BaseCommand):
    help = (
        "Hapus halaman publik yang tersimpan di cache: jalur tertentu, atau semuanya (--all); "
        "--pending menerapkan penghapusan yang tertunda saat cache tidak menjawab."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", help="Jalur URL, misalnya /berita/ (beserta semua query-nya)."
        )
        parser.add_argument("--all", action="store_true", help="Semua halaman.")
        parser.add_argument(
            "--pending",
            action="store_true",
            help="Hanya terapkan penghapusan yang tertunda (untuk cron); diam bila tidak ada.",
        )

    def handle(self, *args, **options):
        paths = options["paths"]
        if options["pending"] and not (paths or options["all"]):
            return self.apply_pending()
        if not (paths or options["all"]):
            raise CommandError("Sebutkan jalur URL, atau --all untuk semua halaman.")
        bad = [path for path in paths if not path.startswith("/")]
        if bad:
            raise CommandError(f"Jalur harus diawali '/': {', '.join(bad)}")
        if options["all"]:
            page_cache.purge_all()
        else:
            page_cache.purge_paths(paths)
        if not page_cache.apply_pending(wait=True):
            # Not an error for the caller (restore goes on): the purge waits in the pending file.
            self.stderr.write(
                "Cache tidak menjawab: penghapusan dicatat sebagai tertunda dan diterapkan begitu "
                "cache kembali (permintaan berikutnya, atau purge_page_cache --pending)."
            )
            return
        if options["all"]:
            self.stdout.write("Semua halaman tersimpan dihapus dari cache.")
        else:
            self.stdout.write(
                f"{len(paths)} jalur dihapus dari cache (beserta halaman daftar semua publikasi)."
            )

    # Cron's run (every minute) once at a time; an explicit purge (restore's --all) never waits.
    @single_run_command("purge_page_cache")
    def apply_pending(self):
        if not page_cache.has_pending():
            return
        if not page_cache.apply_pending(wait=True):
            self.stderr.write("Cache belum menjawab: penghapusan tetap tertunda, dicoba lagi nanti.")
            return
        self.stdout.write("Penghapusan cache yang tertunda telah diterapkan.")
