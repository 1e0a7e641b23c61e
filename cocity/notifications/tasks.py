"""Background tasks (Django's tasks API: the database backend, or RQ on Redis).

All are idempotent: running one twice, or after a worker stopped half-way, sends nothing twice
and loses nothing (see delivery.py for how).
"""

from __future__ import annotations

from typing import Any

from django_tasks import task

from cocity.notifications import delivery
from cocity.notifications.fanout import FANOUTS, scan_clock_events


@task()
def fan_out(name: str, params: dict[str, Any]) -> int:
    """Create the notifications (and delivery rows) of one event; then emails go out."""
    return FANOUTS[name](**params)


@task()
def deliver_pending(max_seconds: float = 50.0) -> int:
    """Send waiting emails for up to `max_seconds`, then hand over to a fresh task if more wait
    (so one long newsletter does not hold a worker, and other tasks interleave)."""
    sent = delivery.deliver(max_seconds=max_seconds)
    if delivery.has_pending():
        deliver_pending.enqueue(max_seconds)
    return sent


@task()
def tick() -> dict[str, int]:
    """What the scheduler runs every minute."""
    released = delivery.release_stale_claims()
    events = scan_clock_events()
    reminders = _event_reminders()
    digests = delivery.send_digests()
    if delivery.has_pending():
        deliver_pending.enqueue()
    return {"released": released, "events": events, "reminders": reminders, "digests": digests}


def _event_reminders() -> int:
    """The events app's reminders, the day before (idempotent: once per registration)."""
    from cocity.events.services import event_reminders_send

    return event_reminders_send()
