"""Wagtail's ``publish_scheduled``, safe to run twice at once (cron doubled, or a run by hand).

Overrides Wagtail's command of the same name ("home" comes before "wagtail" in INSTALLED_APPS,
and Django takes a command from the first app that has it). Two things Wagtail's does not:

1. One run at a time (home/cron_lock.py): a second run says "sudah berjalan" and exits 0.
2. Each expiry and each go-live is done in its own transaction, after locking the object's row
   and reading it again: what another run, or an editor meanwhile, already published, unpublished
   or unscheduled is left alone. Without this, two runs that listed the same scheduled revision
   both published it: two publication records, two audit entries, two sets of emails.

``--dryrun`` lists what is due, as Wagtail's does, and takes no lock.
"""

from django.db import transaction
from django.utils import timezone
from wagtail.management.commands.publish_scheduled import Command as WagtailCommand
from wagtail.models import Revision

from home.cron_lock import single_run_command


def _lock_row(model, pk):
    """The object's row, locked until the transaction ends (PostgreSQL; SQLite's IMMEDIATE
    transactions already hold the database's write lock), read afresh."""
    return model._default_manager.select_for_update().filter(pk=pk).first()


class Command(WagtailCommand):
    help = (
        "Terbitkan revisi terjadwal yang waktunya tiba dan tarik objek yang kedaluwarsa. Aman "
        "dijalankan dua kali bersamaan: run kedua dilewati, dan tiap revisi terbit sekali."
    )

    def handle(self, *args, **options):
        if options["dryrun"]:
            return super().handle(*args, **options)
        return self.run(*args, **options)

    @single_run_command("publish_scheduled")
    def run(self, *args, **options):
        expired = published = 0
        for model in self.scheduled_models():
            due = model._default_manager.filter(live=True, expire_at__lt=timezone.now())
            for pk in list(due.order_by("expire_at").values_list("pk", flat=True)):
                expired += self.expire(model, pk)
        due = Revision.objects.filter(approved_go_live_at__lt=timezone.now()).order_by("approved_go_live_at")
        for pk in list(due.values_list("pk", flat=True)):
            published += self.go_live(pk)
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"Terjadwal: {published} revisi diterbitkan, {expired} objek kedaluwarsa ditarik."
            )

    def scheduled_models(self):
        from django.apps import apps
        from wagtail.models import DraftStateMixin, Page

        return [Page] + [
            model
            for model in apps.get_models()
            if issubclass(model, DraftStateMixin) and not issubclass(model, Page)
        ]

    def expire(self, model, pk):
        with transaction.atomic():
            obj = _lock_row(model, pk)
            if obj is None or not obj.live or obj.expire_at is None or obj.expire_at >= timezone.now():
                return 0  # unpublished, or given a new expiry, since it was listed
            obj = obj.specific if hasattr(obj, "specific") else obj
            obj.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
            return 1

    def go_live(self, revision_pk):
        with transaction.atomic():
            revision = Revision.objects.filter(pk=revision_pk).select_related("base_content_type").first()
            if revision is None:
                return 0
            model = revision.base_content_type.model_class()
            if model is None or _lock_row(model, revision.object_id) is None:
                return 0
            # Read again under the lock: another run (or an editor) may have published it, or
            # cleared its schedule, since it was listed.
            revision = Revision.objects.get(pk=revision_pk)
            if revision.approved_go_live_at is None or revision.approved_go_live_at >= timezone.now():
                return 0
            revision.publish(log_action="wagtail.publish.scheduled")
            return 1
