"""Two reviewers pressing approve at the same moment advance the workflow once."""

import threading

import pytest
from django.db import connection
from django.urls import reverse
from wagtail.models import TaskState

from news.models import PeraturanIndexPage, PeraturanPage
from news.structure import ensure_listings
from sop_workflow.setup import TASK_KABAG, TASK_KASUBAG
from tests.factories import PeraturanFactory
from tests.live import ensure_site
from tests.sop_harness import KASUBAG_CHECKS, client_for, current_task_name, submit
from tests.sop_workflow.conftest import make_user


@pytest.mark.django_db(transaction=True)
def test_two_kasubag_approving_at_once_advance_once():
    home = ensure_site()
    penulis = make_user("penulis", "Penulis")
    reviewers = [make_user("kasubag", "Kasubag"), make_user("kasubag2", "Kasubag")]
    parent = ensure_listings(home)[PeraturanIndexPage]
    page = PeraturanFactory(parent=parent, owner=penulis, publish=False)
    submit(penulis, page)
    task_state = PeraturanPage.objects.get(pk=page.pk).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    clients = [client_for(user) for user in reviewers]
    barrier = threading.Barrier(len(clients))
    results = []

    def approve(client):
        try:
            barrier.wait(timeout=10)
            results.append(client.post(url, KASUBAG_CHECKS))
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    statuses = sorted(response.status_code for response in results)
    assert statuses == [302, 403]
    loser = next(response for response in results if response.status_code == 403)
    assert "Muat ulang halaman" in loser.content.decode()
    assert current_task_name(page) == TASK_KABAG
    assert TaskState.objects.filter(task__name=TASK_KASUBAG, status="approved").count() == 1
    assert TaskState.objects.filter(task__name=TASK_KABAG).count() == 1
