"""`cocity worker`: run the background worker of the configured tasks backend.

Database backend (default): Django Tasks' `db_worker`. RQ (COCITY_TASKS_BACKEND=rq): django-rq's
`rqworker` on the `default` queue, with django-tasks-rq's job class. Every other argument is
passed on (e.g. `cocity worker --batch` for db_worker, `cocity worker --burst` for rqworker:
process what is queued, then exit).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


def backend_is_rq() -> bool:
    return settings.TASKS["default"]["BACKEND"].startswith("django_tasks_rq")


def run_worker(*args: str) -> None:
    if backend_is_rq():
        call_command("rqworker", "default", "--job-class", "django_tasks_rq.backend.Job", *args)
    else:
        call_command("db_worker", *args)


class Command(BaseCommand):
    help = "Run the background worker (emails, digests, newsletters) of the configured backend."

    def run_from_argv(self, argv: list[str]) -> None:
        # The backend's own worker parses the remaining arguments (and prints its --help).
        run_worker(*argv[2:])

    def handle(self, *args: Any, **options: Any) -> None:
        run_worker()
