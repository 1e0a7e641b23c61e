"""Provoking races in tests: run actions in threads released at the same instant.

Each thread uses its own database connection (closed at the end), so on PostgreSQL the actions
really run as parallel transactions. Use with ``pytest.mark.django_db(transaction=True)``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from django.db import connections


def run_at_once(
    actions: Sequence[Callable[[], object]],
    *,
    refusals: tuple[type[BaseException], ...] = (),
) -> list[BaseException]:
    """Start every action at once, wait for all, and return the errors they raised (those of
    types ``refusals`` excepted: a refused request is the right outcome for a race's loser)."""
    barrier = threading.Barrier(len(actions))
    errors: list[BaseException] = []

    def worker(action: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            action()
        except refusals:
            pass
        except BaseException as error:  # reported to the test thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors
