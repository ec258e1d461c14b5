"""Run by tests/home/test_parallel_writes.py in several processes at once. Each argument is one
write, done in its own thread:

- ``publish:<page id>``: a new revision of the page, published;
- ``approve:<page id>:<task state id>:<user name>``: that reviewer approves the page's current
  SOP step through the admin, as the moderation queue's button does.

Prints one line per failure."""

import os
import sys
import threading

import django


def main(jobs):
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from wagtail.models import Page

    from tests.sop_harness import KASUBAG_CHECKS

    failures = []

    def publish(page_id):
        page = Page.objects.get(pk=page_id).specific
        page.title = f"{page.title} (revisi {os.getpid()})"
        page.save_revision(log_action=True).publish()

    def approve(page_id, task_state_id, username):
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        url = reverse("wagtailadmin_pages:workflow_action", args=(page_id, "approve", task_state_id))
        response = client.post(url, KASUBAG_CHECKS)
        if response.status_code != 302:
            raise RuntimeError(f"approve answered {response.status_code}")

    def run(job):
        kind, *args = job.split(":")
        try:
            {"publish": publish, "approve": approve}[kind](*args)
        except Exception as error:  # reported to the test, which fails on it
            failures.append(f"{job}: {type(error).__name__}: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for failure in failures:
        print(failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
