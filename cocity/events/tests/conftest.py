"""Fixtures for the events tests: events made through the service, as staff would."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from cocity.events import services
from cocity.events.models import Event


def event_data(**changes: Any) -> dict[str, Any]:
    """Valid fields for an event in two days, two hours long, ten places."""
    start = timezone.now() + timedelta(days=2)
    data: dict[str, Any] = {
        "title": {"en": "Tree workshop", "fr": "Atelier arbres"},
        "kind": "workshop",
        "description": {"en": "We choose the **trees** together."},
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "time_zone": "Europe/Brussels",
        "place_name": "Town hall, room 3",
        "address": "Place du Marché 2, Liège",
        "latitude": 50.6450,
        "longitude": 5.5736,
        "is_step_free": True,
        "languages": ["fr", "nl"],
        "capacity": 10,
        "is_registration_open": True,
        "is_published": True,
    }
    data.update(changes)
    return data


def make_event(user: Any, project: Any = None, **changes: Any) -> Event:
    return services.event_create(user=user, project=project, data=event_data(**changes))


def move_to_past(event: Event, *, days: int = 1) -> Event:
    """The event took place `days` ago (bypassing the service, which refuses past dates)."""
    start = timezone.now() - timedelta(days=days, hours=2)
    Event.objects.filter(pk=event.pk).update(starts_at=start, ends_at=start + timedelta(hours=2))
    event.refresh_from_db()
    return event


@pytest.fixture
def event(project: Any, carol: Any) -> Event:
    """A published workshop of `project` in two days, with ten places."""
    return make_event(carol, project)


@pytest.fixture
def small_event(project: Any, carol: Any) -> Event:
    """Two places only."""
    return make_event(carol, project, capacity=2, title={"en": "Small walk"})


def image_upload(name: str = "photo.jpg", fmt: str = "JPEG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 60)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
