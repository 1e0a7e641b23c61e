"""A reminder the day before, once per registration, recorded in the database."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cocity.events import services
from cocity.events.models import Event, Registration
from cocity.events.tasks import send_event_reminder
from cocity.events.tests.conftest import make_event
from cocity.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def _tomorrow(event: Event) -> Event:
    start = timezone.now() + timedelta(hours=20)
    Event.objects.filter(pk=event.pk).update(starts_at=start, ends_at=start + timedelta(hours=2))
    event.refresh_from_db()
    return event


def _run() -> str:
    out = StringIO()
    call_command("send_event_reminders", stdout=out)
    return out.getvalue()


def test_it_reminds_registered_people_once(small_event: Event, alice: Any, eve: Any) -> None:
    services.registration_register(event=small_event, user=alice)
    services.registration_register(event=small_event, user=eve)
    services.registration_register(event=small_event, user=UserFactory())  # waiting: no reminder
    _tomorrow(small_event)

    assert "2 reminder(s)" in _run()
    assert "0 reminder(s)" in _run()

    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "eve@example.org"]
    assert "Reminder: Small walk, tomorrow" in mail.outbox[0].subject
    assert "Place du Marché 2" in mail.outbox[0].body
    assert Registration.objects.filter(reminder_sent_at__isnull=False).count() == 2


def test_a_duplicate_task_sends_nothing_more(event: Event, alice: Any) -> None:
    registration = services.registration_register(event=event, user=alice)
    _tomorrow(event)

    assert send_event_reminder.call(registration.pk) is True
    assert send_event_reminder.call(registration.pk) is False
    assert len(mail.outbox) == 1


def test_it_does_not_remind_too_early_or_after_cancelling(
    project: Any, carol: Any, alice: Any, eve: Any
) -> None:
    later = make_event(carol, project, starts_at=timezone.now() + timedelta(days=4),
                       ends_at=timezone.now() + timedelta(days=4, hours=2))  # fmt: skip
    services.registration_register(event=later, user=alice)
    soon = _tomorrow(make_event(carol, project))
    registration = services.registration_register(event=soon, user=eve)
    services.registration_cancel(registration=registration, user=eve)

    assert "0 reminder(s)" in _run()
    assert mail.outbox == []


def test_the_reminder_is_in_the_persons_language(event: Event) -> None:
    francophone = UserFactory(preferred_language="fr")
    services.registration_register(event=event, user=francophone)
    _tomorrow(event)

    _run()

    assert "Atelier arbres" in mail.outbox[0].subject
