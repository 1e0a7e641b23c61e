"""Fixtures for the ideas tests: ideas posted through the services, phases before and after."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from cocity.ideas import services
from cocity.testing.factories import PhaseFactory, TopicFactory


@pytest.fixture
def topic(project: Any) -> Any:
    return TopicFactory(project=project, name={"en": "Trees", "fr": "Arbres"})


@pytest.fixture
def idea(phase: Any, alice: Any) -> Any:
    """Alice's idea in the open phase."""
    return services.idea_submit(
        phase=phase, author=alice, title="More trees", body="Plant **oaks** on the square."
    )


@pytest.fixture
def closed_phase(project: Any) -> Any:
    now = timezone.now()
    return PhaseFactory(
        project=project, starts_at=now - timedelta(days=30), ends_at=now - timedelta(days=2)
    )


@pytest.fixture
def future_phase(project: Any) -> Any:
    now = timezone.now()
    return PhaseFactory(
        project=project, starts_at=now + timedelta(days=2), ends_at=now + timedelta(days=30)
    )


def jpeg_bytes(*, size: tuple[int, int] = (40, 30), exif: bytes | None = None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (20, 120, 40))
    if exif is not None:
        image.save(out, format="JPEG", exif=exif)
    else:
        image.save(out, format="JPEG")
    return out.getvalue()


def jpeg_upload(name: str = "photo.jpg", **kwargs: Any) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(**kwargs), content_type="image/jpeg")


def phase_path(phase: Any) -> str:
    return f"/projects/{phase.project.slug}/phases/{phase.pk}/"


def create_path(phase: Any) -> str:
    return f"/projects/{phase.project.slug}/phases/{phase.pk}/ideas/new/"
