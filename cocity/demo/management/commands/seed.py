"""`cocity seed --size tiny|demo|city [--if-empty]`: fill an empty database with the demo city."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cocity.demo.seeding import DEMO_DOMAIN, DEMO_PASSWORD, SIZES, database_is_empty, seed_city


class Command(BaseCommand):
    help = "Fill an empty database with a realistic demo city (deterministic)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", choices=list(SIZES), default="demo")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (successfully) when the database already has projects or ideas.",
        )
        parser.add_argument("--seed", type=int, default=2027, help="Random seed.")

    def handle(self, *args: Any, size: str, if_empty: bool, seed: int, **options: Any) -> None:
        if not database_is_empty():
            if if_empty:
                self.stdout.write("The database already has content; nothing seeded.")
                return
            raise CommandError(
                "The database already has projects or ideas. Seed an empty database, "
                "or pass --if-empty to skip seeding when there is content."
            )
        self.stdout.write(f"Seeding the demo city ({size})…")
        start = time.perf_counter()
        report = seed_city(size=size, seed=seed, log=self.stdout.write)
        elapsed = time.perf_counter() - start
        counts = ", ".join(f"{n:,} {what}" for what, n in report.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Done in {elapsed:.1f} s: {counts}."))
        self.stdout.write(
            f"Demo accounts (password {DEMO_PASSWORD!r}): "
            + ", ".join(
                f"{who}@{DEMO_DOMAIN}" for who in ("resident", "moderator", "manager", "admin")
            )
        )
