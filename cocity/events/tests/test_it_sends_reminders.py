"""A reminder the day before, once per registration, through the notification system."""

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
from cocity.notifications import delivery
from cocity.notifications import services as notifications
from cocity.notifications.kinds import Frequency, Kind
from cocity.notifications.models import Notification
from cocity.notifications.tasks import tick
from cocity.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def _tomorrow(event: Event) -> Event:
    start = timezone.now() + timedelta(hours=20)
    Event.objects.filter(pk=event.pk).update(starts_at=start, ends_at=start + timedelta(hours=2))
    event.refresh_from_db()
    return event


def _run() -> str:
    """The command, then the email worker's turn (in a test, nothing runs on commit)."""
    out = StringIO()
    call_command("send_event_reminders", stdout=out)
    delivery.deliver()
    return out.getvalue()


def test_it_reminds_registered_people_once(small_event: Event, alice: Any, eve: Any) -> None:
    services.registration_register(event=small_event, user=alice)
    services.registration_register(event=small_event, user=eve)
    services.registration_register(event=small_event, user=UserFactory())  # waiting: no reminder
    _tomorrow(small_event)

    assert "2 reminder(s)" in _run()
    assert "0 reminder(s)" in _run()

    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "eve@example.org"]
    assert "Reminder: Small walk is coming soon" in mail.outbox[0].subject
    assert f"/events/{small_event.pk}/" in mail.outbox[0].body
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers
    assert Registration.objects.filter(reminder_sent_at__isnull=False).count() == 2
    assert Notification.objects.filter(kind=Kind.EVENT_REMINDER).count() == 2


def test_a_duplicate_task_sends_nothing_more(event: Event, alice: Any) -> None:
    registration = services.registration_register(event=event, user=alice)
    _tomorrow(event)

    assert send_event_reminder.call(registration.pk) is True
    assert send_event_reminder.call(registration.pk) is False
    delivery.deliver()
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


def test_a_person_who_turned_reminders_off_gets_no_email_but_is_reminded_once(
    event: Event, alice: Any
) -> None:
    notifications.preferences_set(user=alice, choices={Kind.EVENT_REMINDER: Frequency.IN_APP})
    services.registration_register(event=event, user=alice)
    _tomorrow(event)

    assert "1 reminder(s)" in _run()
    assert "0 reminder(s)" in _run()

    assert mail.outbox == []
    assert Notification.objects.get(recipient=alice).kind == Kind.EVENT_REMINDER


def test_the_scheduler_tick_sends_the_reminders(event: Event, alice: Any) -> None:
    services.registration_register(event=event, user=alice)
    _tomorrow(event)

    assert tick.call()["reminders"] == 1
    delivery.deliver()
    assert tick.call()["reminders"] == 0
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
