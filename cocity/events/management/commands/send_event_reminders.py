"""`cocity send_event_reminders`: remind the people registered for events starting before the
end of tomorrow, through the notification system (preferences, unsubscribe and digests apply).

`cocity scheduler` already does this every minute; this command is for cron. Idempotent: each
registration is marked reminded in the transaction that creates its notification, so reruns
remind nobody twice.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cocity.events.services import event_reminders_send


class Command(BaseCommand):
    help = "Remind the people registered for events starting before the end of tomorrow."

    def handle(self, *args: Any, **options: Any) -> None:
        count = event_reminders_send()
        self.stdout.write(f"{count} reminder(s) given.")
