"""Residents register, join the waiting list when it is full, cancel; the list moves up in order."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cocity.events import services
from cocity.events.models import Event, Registration, RegistrationStatus
from cocity.events.tests.conftest import make_event, move_to_past
from cocity.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_it_gives_a_place_then_the_waiting_list(small_event: Event) -> None:
    people = [UserFactory() for _ in range(4)]

    statuses = [services.registration_register(event=small_event, user=p).status for p in people]

    assert statuses == ["confirmed", "confirmed", "waiting", "waiting"]


def test_it_refuses_to_register_twice_and_changes_nothing(event: Event, alice: Any) -> None:
    services.registration_register(event=event, user=alice)

    with pytest.raises(ValidationError) as error:
        services.registration_register(event=event, user=alice)

    assert "already registered" in error.value.messages[0]
    assert Registration.objects.filter(event=event, user=alice).count() == 1


def test_it_refuses_to_put_someone_twice_on_the_waiting_list(
    small_event: Event, alice: Any
) -> None:
    for _ in range(2):
        services.registration_register(event=small_event, user=UserFactory())
    services.registration_register(event=small_event, user=alice)

    with pytest.raises(ValidationError) as error:
        services.registration_register(event=small_event, user=alice)

    assert "already on the waiting list" in error.value.messages[0]


def test_it_promotes_the_waiting_list_in_order_and_emails_the_person(
    small_event: Event, django_capture_on_commit_callbacks: Any
) -> None:
    first, second, w1, w2, w3 = (UserFactory() for _ in range(5))
    for person in (first, second, w1, w2, w3):
        services.registration_register(event=small_event, user=person)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(
            registration=Registration.objects.get(user=second), user=second
        )
        services.registration_cancel(registration=Registration.objects.get(user=first), user=first)

    live = Registration.objects.filter(event=small_event, status__in=["confirmed", "waiting"])
    status = {p: live.get(user=p).status for p in (w1, w2, w3)}
    assert status == {w1: "confirmed", w2: "confirmed", w3: "waiting"}
    assert [m.to for m in mail.outbox] == [[w1.email], [w2.email]]
    assert "place freed up" in mail.outbox[0].subject


def test_it_lets_someone_register_again_after_cancelling(event: Event, alice: Any) -> None:
    registration = services.registration_register(event=event, user=alice)
    services.registration_cancel(registration=registration, user=alice)

    again = services.registration_register(event=event, user=alice)

    assert again.status == RegistrationStatus.CONFIRMED
    assert Registration.objects.filter(event=event, user=alice).count() == 2


def test_it_refuses_to_cancel_twice(event: Event, alice: Any) -> None:
    registration = services.registration_register(event=event, user=alice)
    services.registration_cancel(registration=registration, user=alice)

    with pytest.raises(ValidationError):
        services.registration_cancel(registration=registration, user=alice)


def test_it_refuses_to_cancel_someone_elses_registration(
    event: Event, alice: Any, eve: Any
) -> None:
    registration = services.registration_register(event=event, user=alice)

    with pytest.raises(PermissionDenied):
        services.registration_cancel(registration=registration, user=eve)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        (lambda e: move_to_past(e), "already started"),
        (lambda e: Event.objects.filter(pk=e.pk).update(is_registration_open=False), "closed"),
        (lambda e: Event.objects.filter(pk=e.pk).update(is_published=False), "not published"),
    ],
)
def test_it_refuses_registration_when_it_is_not_possible(
    event: Event, alice: Any, setup: Any, reason: str
) -> None:
    setup(event)
    event.refresh_from_db()

    with pytest.raises(PermissionDenied) as error:
        services.registration_register(event=event, user=alice)

    assert reason in str(error.value)
    assert not Registration.objects.exists()


def test_it_asks_visitors_to_sign_in(event: Event, anon: Any) -> None:
    with pytest.raises(PermissionDenied, match="sign in"):
        services.registration_register(event=event, user=anon)


# --- Through the pages ---------------------------------------------------------------------------


def test_a_resident_registers_from_the_event_page(client: Any, event: Event, alice: Any) -> None:
    client.force_login(alice)
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "Register" in page

    response = client.post(reverse("events:register", args=[event.pk]), follow=True)

    page = response.content.decode()
    assert "You are registered. See you there!" in page
    assert "Cancel my registration" in page
    assert Registration.objects.get(user=alice).status == "confirmed"


def test_htmx_gets_the_registration_fragment(client: Any, small_event: Event, alice: Any) -> None:
    for _ in range(2):
        services.registration_register(event=small_event, user=UserFactory())
    client.force_login(alice)

    response = client.post(
        reverse("events:register", args=[small_event.pk]),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="registration",
    )

    page = response.content.decode()
    assert page.lstrip().startswith('<section id="registration"')
    assert "waiting list (number 1)" in page


def test_a_second_click_says_already_registered(client: Any, event: Event, alice: Any) -> None:
    client.force_login(alice)
    client.post(reverse("events:register", args=[event.pk]))

    response = client.post(reverse("events:register", args=[event.pk]), follow=True)

    assert "You are already registered for this event." in response.content.decode()
    assert Registration.objects.count() == 1


def test_a_resident_cancels_from_the_event_page(client: Any, event: Event, alice: Any) -> None:
    services.registration_register(event=event, user=alice)
    client.force_login(alice)

    response = client.post(reverse("events:cancel", args=[event.pk]), follow=True)

    assert "Your registration is cancelled." in response.content.decode()
    assert Registration.objects.get(user=alice).status == "cancelled"


def test_visitors_are_sent_to_sign_in_to_register(client: Any, event: Event) -> None:
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "Please sign in to register." in page

    response = client.post(reverse("events:register", args=[event.pk]))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Registration.objects.exists()


def test_a_draft_event_is_hidden_from_residents_but_not_from_staff(
    client: Any, project: Any, carol: Any, alice: Any
) -> None:
    draft = make_event(carol, project, is_published=False)
    url = reverse("events:detail", args=[draft.pk])

    assert client.get(url).status_code == 404
    client.force_login(alice)
    assert client.get(url).status_code == 404
    client.force_login(carol)
    assert "only the organisers see" in client.get(url).content.decode()


def test_an_event_of_a_draft_project_is_hidden(client: Any, project: Any, carol: Any) -> None:
    event = make_event(carol, project)
    project.visibility = "draft"
    project.save()

    assert client.get(reverse("events:detail", args=[event.pk])).status_code == 404


def test_the_page_shows_the_accessibility_and_language_facts(client: Any, event: Event) -> None:
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()

    assert "Step-free access: yes" in page
    assert "Sign language interpretation: no" in page
    assert "French, Dutch" in page
    assert "Europe/Brussels" in page
    assert 'data-map="point"' in page
    assert "Place du Marché 2, Liège" in page  # the map's text twin


def test_it_does_not_promote_anyone_after_the_event_started(small_event: Event) -> None:
    a, b, waiting = (UserFactory() for _ in range(3))
    for person in (a, b, waiting):
        services.registration_register(event=small_event, user=person)
    Event.objects.filter(pk=small_event.pk).update(starts_at=timezone.now() - timedelta(minutes=5))
    small_event.refresh_from_db()

    with pytest.raises(ValidationError, match="already started"):
        services.registration_cancel(registration=Registration.objects.get(user=a), user=a)
    assert Registration.objects.get(user=waiting).status == "waiting"


def test_the_page_shows_the_time_in_the_events_time_zone(
    client: Any, project: Any, carol: Any
) -> None:
    import zoneinfo

    zone = zoneinfo.ZoneInfo("America/New_York")
    start = (
        (timezone.now() + timedelta(days=3))
        .astimezone(zone)
        .replace(hour=18, minute=30, second=0, microsecond=0)
    )
    event = make_event(carol, project, starts_at=start, ends_at=start + timedelta(hours=1),
                       time_zone="America/New_York")  # fmt: skip

    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()

    assert "6:30 p.m." in page and "America/New_York" in page
