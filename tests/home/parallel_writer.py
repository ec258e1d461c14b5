"""Run by tests/home/test_parallel_writes.py in several processes at once: each thread of this
process gives one page a new revision and publishes it. Prints one line per failure."""

import os
import sys
import threading

import django


def main(page_ids):
    django.setup()
    from django.db import connection
    from wagtail.models import Page

    failures = []

    def write(page_id):
        try:
            page = Page.objects.get(pk=page_id).specific
            page.title = f"{page.title} (revisi {os.getpid()})"
            page.save_revision(log_action=True).publish()
        except Exception as error:  # reported to the test, which fails on it
            failures.append(f"{page_id}: {type(error).__name__}: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(int(page_id),)) for page_id in page_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for failure in failures:
        print(failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
