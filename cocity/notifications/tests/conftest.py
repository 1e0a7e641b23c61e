"""Helpers for the notification tests: run what waits for commit, read sent emails."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from cocity.ideas.models import IdeaFollow, IdeaStatus
from cocity.testing.factories import IdeaFactory


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Callable[[], Any]:
    """`with committed():` runs on-commit work (triggers, then tasks) as a real commit would."""

    @contextmanager
    def run() -> Iterator[None]:
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return run


@pytest.fixture
def accepted(db: None) -> IdeaStatus:
    return IdeaStatus.objects.get(slug="accepted")


@pytest.fixture
def idea(phase: Any, alice: Any) -> Any:
    """Alice's idea in `project`; she follows it, as the idea service makes authors do."""
    idea = IdeaFactory(phase=phase, author=alice, title="Benches by the fountain")
    IdeaFollow.objects.create(idea=idea, user=alice)
    return idea


def sent_to(mailoutbox: list[Any], email: str) -> list[Any]:
    return [m for m in mailoutbox if email in m.to]
