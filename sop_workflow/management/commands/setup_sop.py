from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from news.structure import ensure_listings
from sop_workflow.roles import ensure_roles
from sop_workflow.setup import ensure_workflows


class Command(BaseCommand):
    help = (
        "Menyiapkan struktur SOP: enam halaman daftar publikasi di bawah beranda, peran "
        "(Kabag, Kasubag, Penulis, Web Admin) beserta izinnya, dan dua alur kerja SOP. Aman "
        "dijalankan berulang."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        try:
            listings = ensure_listings()
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        groups = ensure_roles(listings.values())
        workflows = ensure_workflows()
        self.stdout.write(
            self.style.SUCCESS(
                f"Struktur SOP siap: {len(listings)} halaman daftar, {len(groups)} peran, "
                f"alur kerja: {', '.join(workflows)}."
            )
        )
