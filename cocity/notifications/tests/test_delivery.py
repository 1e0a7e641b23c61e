"""Every email is sent exactly once, even when a worker stops in the middle of a batch."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

from cocity.notifications import delivery, services
from cocity.notifications.kinds import Kind
from cocity.notifications.models import Delivery, DeliveryStatus
from cocity.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


class WorkerStopped(BaseException):
    """Like a SIGKILL: nothing in the worker catches it."""


class StopsAfter(LocmemBackend):
    """Accepts `limit` emails, then the worker 'dies' before the next one leaves."""

    limit = 3

    def send_messages(self, messages: Any) -> int:
        if len(mail.outbox) >= StopsAfter.limit:
            raise WorkerStopped
        return super().send_messages(messages)


class FailsOnce(LocmemBackend):
    failed = False

    def send_messages(self, messages: Any) -> int:
        if not FailsOnce.failed:
            FailsOnce.failed = True
            raise ConnectionError("mail server away")
        return super().send_messages(messages)


def queue_emails(count: int) -> list[Any]:
    people = [UserFactory() for _ in range(count)]
    services.notify(kind=Kind.RESULTS, recipients=people, event_key="results:1")
    return people


def message_ids(outbox: list[Any]) -> list[str]:
    return [m.extra_headers["Message-ID"] for m in outbox]


def test_a_worker_stopping_mid_batch_loses_nothing_and_sends_nothing_twice(
    settings: Any, mailoutbox: list
) -> None:
    queue_emails(8)
    settings.EMAIL_BACKEND = f"{__name__}.StopsAfter"
    with pytest.raises(WorkerStopped):
        delivery.deliver(batch_size=5)
    assert len(mail.outbox) == 3
    assert Delivery.objects.filter(status=DeliveryStatus.SENDING).count() == 2
    # A new worker does not touch rows another worker may still be sending…
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    delivery.deliver()
    assert len(mail.outbox) == 6
    # …until their claim has expired.
    delivery.release_stale_claims(older_than=0)
    delivery.deliver()
    ids = message_ids(mail.outbox)
    assert len(ids) == 8 == len(set(ids))
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 8


def test_delivering_twice_sends_once(mailoutbox: list) -> None:
    queue_emails(4)
    delivery.deliver()
    delivery.deliver()
    assert len(mailoutbox) == 4


def test_a_failed_email_is_retried_later(settings: Any, mailoutbox: list) -> None:
    from datetime import timedelta

    from django.utils import timezone

    queue_emails(1)
    FailsOnce.failed = False
    settings.EMAIL_BACKEND = f"{__name__}.FailsOnce"
    delivery.deliver()
    row = Delivery.objects.get()
    assert row.status == DeliveryStatus.PENDING and "mail server away" in row.error
    assert row.not_before > timezone.now()
    Delivery.objects.update(not_before=timezone.now() - timedelta(seconds=1))
    delivery.deliver()
    assert Delivery.objects.get().status == DeliveryStatus.SENT
    assert len(mail.outbox) == 1


def test_it_gives_up_after_the_last_attempt(settings: Any) -> None:
    queue_emails(1)
    settings.EMAIL_BACKEND = f"{__name__}.FailsOnce"
    FailsOnce.failed = False
    Delivery.objects.update(attempts=settings.COCITY_EMAIL_MAX_ATTEMPTS - 1)
    delivery.deliver()
    assert Delivery.objects.get().status == DeliveryStatus.FAILED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_killing_the_worker_process_and_restarting_it_sends_every_email_once(
    settings: Any, tmp_path: Path
) -> None:
    """A real `cocity worker` subprocess, killed with SIGKILL mid-batch, then restarted."""
    from django.db import connection

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    queue_emails(30)
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "COCITY_DATABASE_URL": database_url,
        "COCITY_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "COCITY_EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "COCITY_EMAILS_PER_SECOND": "20",
        "COCITY_EMAIL_BATCH_SIZE": "10",
        "COCITY_EMAIL_CLAIM_TIMEOUT": "0",
        "COCITY_TASKS_BACKEND": "db",
    }
    cocity = [sys.executable, "-m", "cocity"]
    worker = subprocess.Popen(
        [*cocity, "worker", "--no-startup-delay", "--interval", "0.1"], env=env
    )
    try:
        deadline = time.monotonic() + 60
        while Delivery.objects.filter(status="sent").count() < 5 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    sent_before = Delivery.objects.filter(status="sent").count()
    assert 5 <= sent_before < 30
    subprocess.run([*cocity, "send_digests"], env=env, check=True, timeout=120)
    text = "".join(p.read_text() for p in (tmp_path / "mail").iterdir())
    ids = [line.split(":", 1)[1].strip() for line in text.splitlines()
           if line.startswith("Message-ID:")]  # fmt: skip
    assert len(ids) == 30 == len(set(ids))
    assert Delivery.objects.filter(status="sent").count() == 30


def _parsed(message: Any) -> Any:
    import email

    return email.message_from_bytes(message.message().as_bytes())


def test_the_prepared_email_says_what_the_ordinary_path_says(mailoutbox: list) -> None:
    queue_emails(2)
    builder = delivery.Builder()
    rows = delivery.claim_batch(10)
    fast = [builder.build(row, None) for row in rows]
    slow = [delivery.build_message(row, builder.renderer, None) for row in rows]
    assert all(isinstance(m, delivery.PreparedEmail) for m in fast)
    for quick, ordinary in zip(fast, slow, strict=True):
        a, b = _parsed(quick), _parsed(ordinary)
        for header in ("Subject", "From", "To", "Message-ID", "List-Unsubscribe-Post"):
            assert a[header] == b[header]
        url = quick.extra_headers["List-Unsubscribe"].strip("<>")
        assert a["List-Unsubscribe"] == f"<{url}>"
        parts_a = [p.get_payload(decode=True) for p in a.walk() if not p.is_multipart()]
        parts_b = [p.get_payload(decode=True) for p in b.walk() if not p.is_multipart()]
        assert len(parts_a) == 2 and all(url.encode() in part for part in parts_a)
        # Same text apart from the unsubscribe token (signed at a different instant).
        assert [p.count(b"unsubscribe/") for p in parts_a] == [
            p.count(b"unsubscribe/") for p in parts_b
        ]
    assert fast[0].to != fast[1].to


def test_an_email_whose_body_must_be_encoded_takes_the_ordinary_path() -> None:
    skeleton = delivery.Skeleton(
        "Hello", "x" * 2000 + delivery.UNSUBSCRIBE_PLACEHOLDER, "<p>hi</p>"
    )
    assert skeleton.usable is False
    plain = delivery.Skeleton("Hello", "Unsubscribe: " + delivery.UNSUBSCRIBE_PLACEHOLDER, "<p/>")
    assert plain.usable is True


def test_accepted_emails_of_a_batch_are_marked_sent_together(mailoutbox: list) -> None:
    queue_emails(5)
    assert delivery.deliver(batch_size=5) == 5
    rows = Delivery.objects.all()
    assert {r.status for r in rows} == {DeliveryStatus.SENT}
    assert len({r.sent_at for r in rows}) == 1 and all(r.subject for r in rows)
    assert len(mailoutbox) == 5
