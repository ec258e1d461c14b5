"""Background tasks (django-tasks, as Wagtail uses them)."""

from django_tasks import task


@task()
def send_reminders():
    """The same as ``manage.py send_sop_reminders``, for a task worker or scheduler."""
    from . import reminders

    late, escalated = reminders.run()
    return {"pengingat": late, "eskalasi": escalated}
