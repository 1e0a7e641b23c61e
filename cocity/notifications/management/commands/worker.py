"""`cocity worker`: run the background worker of the configured tasks backend.

Database backend (default): Django Tasks' `db_worker`. RQ (COCITY_TASKS_BACKEND=rq): django-rq's
`rqworker` on the `default` queue. Extra arguments are passed on (e.g. `--batch` for db_worker,
`--burst` for rqworker: process what is queued, then exit).
"""

from __future__ import annotations

from argparse import REMAINDER, ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


def backend_is_rq() -> bool:
    return "rq" in settings.TASKS["default"]["BACKEND"].lower().split(".")[0]


class Command(BaseCommand):
    help = "Run the background worker (emails, digests, newsletters) of the configured backend."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("args", nargs=REMAINDER, help="passed on to the backend's worker")

    def handle(self, *args: Any, **options: Any) -> None:
        if backend_is_rq():
            call_command("rqworker", "default", *args)
        else:
            call_command("db_worker", *args)
