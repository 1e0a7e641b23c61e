"""The one permission function, for events and offline input: role by situation, as a table."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from cocity.events.models import Event
from cocity.events.tests.conftest import make_event
from cocity.participation.capabilities import Capability
from cocity.participation.permissions import check
from cocity.testing.factories import PhaseFactory

pytestmark = pytest.mark.django_db

PEOPLE = ["anon", "alice", "bob", "carol", "dave"]


@pytest.mark.parametrize(
    ("situation", "capability", "allowed"),
    [
        ("published", Capability.VIEW, {"anon", "alice", "bob", "carol", "dave"}),
        ("draft", Capability.VIEW, {"carol", "dave"}),
        ("published", Capability.REGISTER, {"alice", "bob", "carol", "dave"}),
        ("started", Capability.REGISTER, set()),
        ("closed", Capability.REGISTER, set()),
        ("published", Capability.MANAGE, {"carol", "dave"}),
        ("city_wide", Capability.MANAGE, {"carol", "dave"}),
    ],
)
def test_event_permissions(
    request: Any, project: Any, carol: Any, situation: str, capability: Capability, allowed: set
) -> None:
    event = make_event(carol, None if situation == "city_wide" else project)
    if situation == "draft":
        Event.objects.filter(pk=event.pk).update(is_published=False)
    if situation == "started":
        Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - timedelta(minutes=1))
    if situation == "closed":
        Event.objects.filter(pk=event.pk).update(is_registration_open=False)
    event = Event.objects.select_related("project").get(pk=event.pk)

    got = {p for p in PEOPLE if check(request.getfixturevalue(p), capability, event)}

    assert got == allowed


@pytest.mark.parametrize(
    ("timing", "allowed"),
    [("open", {"carol", "dave"}), ("before", set()), ("after", set())],
)
def test_enter_offline_follows_the_phase_and_the_role(
    request: Any, project: Any, timing: str, allowed: set
) -> None:
    now = timezone.now()
    dates = {
        "open": (now - timedelta(days=1), now + timedelta(days=1)),
        "before": (now + timedelta(days=1), now + timedelta(days=2)),
        "after": (now - timedelta(days=2), now - timedelta(days=1)),
    }[timing]
    phase = PhaseFactory(project=project, starts_at=dates[0], ends_at=dates[1])

    got = {p for p in PEOPLE if check(request.getfixturevalue(p), Capability.ENTER_OFFLINE, phase)}

    assert got == allowed


def test_only_administrators_and_project_managers_organise_city_wide_events(request: Any) -> None:
    got = {p for p in PEOPLE if check(request.getfixturevalue(p), Capability.ORGANISE_EVENTS, None)}

    assert got == {"carol", "dave"}


def test_an_events_phase_takes_no_ideas(project: Any, alice: Any, carol: Any) -> None:
    phase = PhaseFactory(project=project, method="events")

    assert not check(alice, Capability.PROPOSE, phase)
    assert not check(carol, Capability.ENTER_OFFLINE, phase)
