"""`cocity send_digests`: the scheduler's work done once, in this process (for cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create due digests, announce phase changes and results, then send waiting emails."

    def handle(self, *args: Any, **options: Any) -> None:
        from cocity.notifications import delivery
        from cocity.notifications.fanout import scan_clock_events

        released = delivery.release_stale_claims()
        events = scan_clock_events()
        digests = delivery.send_digests()
        sent = delivery.deliver(max_seconds=3600)
        self.stdout.write(
            f"released {released}, notified {events}, digests {digests}, emails sent {sent}"
        )
