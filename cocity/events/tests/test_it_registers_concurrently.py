"""Many people taking the last places at once never exceed the capacity.

Real concurrency needs real connections and a database that runs writers in parallel: this runs
on PostgreSQL only (the `postgres` marker skips it on SQLite, which serialises writers).
"""

from __future__ import annotations

from typing import Any

import pytest

from cocity.events import services
from cocity.events.models import Event, Registration
from cocity.testing.concurrency import run_at_once
from cocity.testing.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 8


def _register(event_pk: int, user: Any) -> Any:
    def action() -> None:
        fresh = Event.objects.select_related("project").get(pk=event_pk)
        services.registration_register(event=fresh, user=user)

    return action


def test_parallel_registrations_never_exceed_the_capacity(small_event: Event) -> None:
    people = [UserFactory() for _ in range(THREADS)]

    assert run_at_once([_register(small_event.pk, p) for p in people]) == []

    assert Registration.objects.filter(event=small_event, status="confirmed").count() == 2
    assert Registration.objects.filter(event=small_event, status="waiting").count() == THREADS - 2


def test_a_double_submitted_registration_counts_once(event: Event, alice: Any) -> None:
    errors = run_at_once([_register(event.pk, alice) for _ in range(THREADS)])

    assert Registration.objects.filter(event=event, user=alice).count() == 1
    assert len(errors) == THREADS - 1
    assert all("already registered" in " ".join(getattr(e, "messages", [])) for e in errors)


def test_parallel_cancellations_promote_each_waiting_person_once(small_event: Event) -> None:
    people = [UserFactory() for _ in range(6)]
    for person in people:
        services.registration_register(event=small_event, user=person)
    confirmed = list(Registration.objects.filter(event=small_event, status="confirmed"))

    def cancel(registration: Registration) -> Any:
        return lambda: services.registration_cancel(
            registration=Registration.objects.select_related("event").get(pk=registration.pk),
            user=registration.user,
        )

    assert run_at_once([cancel(r) for r in confirmed]) == []

    assert Registration.objects.filter(event=small_event, status="confirmed").count() == 2
    assert list(
        Registration.objects.filter(event=small_event, status="confirmed")
        .values_list("user", flat=True)
        .order_by("user")
    ) == sorted(p.pk for p in people[2:4])
