"""Staff publish events; bad input is refused clearly and changes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cocity.events import services
from cocity.events.models import Event, Registration
from cocity.events.tests.conftest import event_data, make_event
from cocity.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_it_publishes_an_event_in_a_project(project: Any, carol: Any) -> None:
    event = make_event(carol, project)

    assert event.project == project
    assert event.title == {"en": "Tree workshop", "fr": "Atelier arbres"}
    assert event.languages == ["fr", "nl"]
    assert event.created_by == carol


def test_it_lets_a_project_manager_publish_a_city_wide_event(carol: Any) -> None:
    event = make_event(carol, None)

    assert event.project is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"starts_at": timezone.now() - timedelta(hours=1)}, "starts_at", "in the future"),
        ({"ends_at": timezone.now() + timedelta(days=1)}, "ends_at", "must end after it starts"),
        ({"capacity": -3}, "capacity", "at least 1"),
        ({"capacity": 0}, "capacity", "at least 1"),
        ({"title": {"fr": "Seulement en français"}}, "title", "give the event a title"),
        ({"place_name": "", "address": "", "online_url": ""}, "address", "online link"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Unknown time zone"),
        ({"latitude": 50.6, "longitude": None}, "latitude", "both latitude and longitude"),
        ({"languages": ["xx"]}, "languages", "from the list"),
        ({"online_url": "javascript:alert(1)"}, "online_url", "https://"),
    ],
)
def test_it_refuses_bad_input_and_creates_nothing(
    project: Any, carol: Any, changes: dict, field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as error:
        make_event(carol, project, **changes)

    assert message in " ".join(error.value.message_dict[field])
    assert not Event.objects.exists()


@pytest.mark.parametrize("persona", ["alice", "bob", "anon"])
def test_it_refuses_non_staff(request: Any, project: Any, persona: str) -> None:
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        make_event(user, project)
    with pytest.raises(PermissionDenied):
        make_event(user, None)
    assert not Event.objects.exists()


def test_it_refuses_a_manager_of_another_project(project: Any) -> None:
    from cocity.accounts.models import Role

    other_manager = UserFactory(role=Role.PROJECT_MANAGER)

    with pytest.raises(PermissionDenied):
        make_event(other_manager, project)


def test_it_keeps_the_past_start_of_an_event_being_edited(event: Event, carol: Any) -> None:
    """Editing a started event's description must not trip over its (now past) start."""
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(hours=1), ends_at=timezone.now() + timedelta(hours=1)
    )
    event.refresh_from_db()
    data = event_data(starts_at=event.starts_at, ends_at=event.ends_at, description={"en": "New"})

    services.event_update(event=event, user=carol, data=data)

    event.refresh_from_db()
    assert event.description == {"en": "New"}


def test_it_refuses_a_capacity_below_the_registered_count(
    event: Event, carol: Any, alice: Any, eve: Any
) -> None:
    services.registration_register(event=event, user=alice)
    services.registration_register(event=event, user=eve)

    with pytest.raises(ValidationError) as error:
        services.event_update(
            event=event,
            user=carol,
            data=event_data(starts_at=event.starts_at, ends_at=event.ends_at, capacity=1),
        )

    assert "2 people are already registered" in error.value.message_dict["capacity"][0]
    event.refresh_from_db()
    assert event.capacity == 10


def test_it_promotes_the_waiting_list_when_the_capacity_grows(
    small_event: Event, carol: Any
) -> None:
    people = [UserFactory() for _ in range(4)]
    for person in people:
        services.registration_register(event=small_event, user=person)

    services.event_update(
        event=small_event,
        user=carol,
        data=event_data(starts_at=small_event.starts_at, ends_at=small_event.ends_at, capacity=3),
    )

    statuses = [Registration.objects.get(user=p).status for p in people]
    assert statuses == ["confirmed", "confirmed", "confirmed", "waiting"]


def test_the_form_reads_times_in_the_events_time_zone(
    client: Any, project: Any, carol: Any
) -> None:
    client.force_login(carol)
    start = (timezone.now() + timedelta(days=5)).date()
    data = {
        "title_en": "Walk", "kind": "walk", "starts_at": f"{start}T18:00",
        "ends_at": f"{start}T20:00", "time_zone": "America/New_York", "address": "Main street",
        "is_registration_open": "on", "is_published": "on",
    }  # fmt: skip

    response = client.post(reverse("events:create", args=[project.slug]), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get()
    local = timezone.localtime(event.starts_at, __import__("zoneinfo").ZoneInfo("America/New_York"))
    assert (local.hour, local.minute) == (18, 0)


def test_the_form_shows_the_services_refusal_beside_the_field(
    client: Any, project: Any, carol: Any
) -> None:
    client.force_login(carol)
    yesterday = (timezone.now() - timedelta(days=1)).date()
    data = {
        "title_en": "Walk", "kind": "walk", "starts_at": f"{yesterday}T18:00",
        "ends_at": f"{yesterday}T17:00", "time_zone": "Europe/Brussels", "address": "Main street",
    }  # fmt: skip

    response = client.post(reverse("events:create", args=[project.slug]), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "The event must start in the future." in page
    assert 'aria-invalid="true"' in page
    assert not Event.objects.exists()


def test_the_staff_pages_refuse_residents_and_send_visitors_to_sign_in(
    client: Any, project: Any, alice: Any, event: Event
) -> None:
    urls = [
        reverse("events:create", args=[project.slug]),
        reverse("events:create-citywide"),
        reverse("events:edit", args=[event.pk]),
        reverse("events:staff-detail", args=[event.pk]),
        reverse("events:check-in", args=[event.pk]),
        reverse("events:report", args=[event.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302
    client.force_login(alice)
    for url in urls:
        assert client.get(url).status_code == 403, url


def test_staff_see_their_events(client: Any, carol: Any, event: Event) -> None:
    client.force_login(carol)

    response = client.get(reverse("events:staff-list"))

    assert response.status_code == 200
    assert "Tree workshop" in response.content.decode()
