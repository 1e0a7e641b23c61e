"""`cocity moderation_expire`: end the blocks whose time is up (run it from cron, hourly)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cocity.moderation.services import sanctions_expire


class Command(BaseCommand):
    help = "Reactivate accounts whose block has ended."

    def handle(self, *args: Any, **options: Any) -> None:
        count = sanctions_expire()
        self.stdout.write(f"{count} block(s) ended.")
