"""`cocity send_event_reminders`: enqueue a reminder for each registration due one.

Run it hourly or daily (cron, systemd timer). Idempotent: the task records the reminder on the
registration when it sends it, under a row lock, so reruns and duplicate enqueues send nothing
twice.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cocity.events.selectors import reminders_due
from cocity.events.tasks import send_event_reminder


class Command(BaseCommand):
    help = "Enqueue the reminders for events starting before the end of tomorrow."

    def handle(self, *args: Any, **options: Any) -> None:
        ids = list(reminders_due().values_list("pk", flat=True))
        for pk in ids:
            send_event_reminder.enqueue(pk)
        self.stdout.write(f"{len(ids)} reminder(s) enqueued.")
