"""Purge stored public pages: some paths, or everything (after deploying new templates)."""

from django.core.management.base import BaseCommand, CommandError

from home import page_cache


class Command(BaseCommand):
    help = "Hapus halaman publik yang tersimpan di cache: jalur tertentu, atau semuanya (--all)."

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", help="Jalur URL, misalnya /berita/ (beserta semua query-nya)."
        )
        parser.add_argument("--all", action="store_true", help="Semua halaman.")

    def handle(self, *args, **options):
        paths = options["paths"]
        if options["all"]:
            page_cache.purge_all()
            self.stdout.write("Semua halaman tersimpan dihapus dari cache.")
            return
        if not paths:
            raise CommandError("Sebutkan jalur URL, atau --all untuk semua halaman.")
        bad = [path for path in paths if not path.startswith("/")]
        if bad:
            raise CommandError(f"Jalur harus diawali '/': {', '.join(bad)}")
        page_cache.purge_paths(paths)
        self.stdout.write(f"{len(paths)} jalur dihapus dari cache (beserta halaman daftar semua publikasi).")
