"""The RQ backend on Redis: the same fan-out and delivery, through a real RQ worker."""

from __future__ import annotations

from typing import Any

import pytest

from cocity.conftest import TEST_REDIS_URL
from cocity.ideas.services import idea_answer
from cocity.notifications.models import Delivery

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


def test_an_answer_is_fanned_out_and_emailed_through_rq(
    settings: Any, idea: Any, carol: Any, accepted: Any, committed: Any, mailoutbox: list
) -> None:
    import django_rq
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker

    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    settings.RQ_QUEUES = {"default": {"URL": TEST_REDIS_URL}}
    queue = django_rq.get_queue("default")
    queue.empty()
    with committed():
        idea_answer(idea=idea, user=carol, status=accepted, answer="Yes.")
    assert len(queue) == 1 and mailoutbox == []  # queued in Redis, not run yet
    worker = SimpleWorker([queue], connection=queue.connection, job_class=Job)
    with committed():  # the test's transaction stands for the worker's own commits
        worker.work(burst=True)  # the fan-out, which queues the delivery task
    assert len(queue) == 1
    worker.work(burst=True)  # the delivery
    assert Delivery.objects.get().status == "sent"
    assert [m.to for m in mailoutbox] == [[idea.author.email]]
    queue.empty()
