from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sop_workflow import registry
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
            # The content apps' set-up (registry.register_setup): their listings, created if
            # missing; the roles get their page permissions on them.
            listings = registry.run_setup()
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        groups = ensure_roles(listings)
        workflows = ensure_workflows()
        self.stdout.write(
            self.style.SUCCESS(
                f"Struktur SOP siap: {len(listings)} halaman daftar, {len(groups)} peran, "
                f"alur kerja: {', '.join(workflows)}."
            )
        )
