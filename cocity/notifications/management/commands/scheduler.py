"""`cocity scheduler`: every minute, enqueue the `tick` task (digests, phases opening and
closing, results published, emails whose worker stopped). Run one alongside the workers, or
instead run `cocity send_digests` from cron (e.g. `*/15 * * * *`); both are idempotent."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Enqueue the periodic notification work every --interval seconds."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--interval", type=float, default=60.0)
        parser.add_argument("--once", action="store_true", help="one tick, then exit")

    def handle(self, *args: Any, interval: float, once: bool, **options: Any) -> None:
        from cocity.notifications.tasks import tick

        while True:
            tick.enqueue()
            if once:
                return
            time.sleep(interval)
