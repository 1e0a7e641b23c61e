"""The demo seed's helper makes events that the pages show."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cocity.events.demo import seed_events
from cocity.events.models import Event, EventReport, Registration
from cocity.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_it_seeds_past_and_upcoming_events_deterministically(
    client: Any, project: Any, carol: Any
) -> None:
    residents = [UserFactory() for _ in range(12)]

    counts = seed_events(
        now=timezone.now(), projects=[project], residents=residents, organiser=carol,
        rng=random.Random(7),
    )  # fmt: skip

    assert counts == {"events": 4, "registrations": 22, "reports": 1}
    assert Event.objects.count() == 4 and EventReport.objects.get().is_published
    upcoming = Event.objects.filter(project=project, ends_at__gt=timezone.now()).get()
    assert Registration.objects.filter(event=upcoming, status="waiting").count() == 2
    assert client.get(reverse("events:list")).status_code == 200
    past = Event.objects.filter(project=project).exclude(pk=upcoming.pk).get()
    assert "priorities" in client.get(reverse("events:detail", args=[past.pk])).content.decode()
