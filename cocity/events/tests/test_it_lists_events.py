"""The events page: upcoming and past, filters, the map with its list twin, constant queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cocity.events import services
from cocity.events.models import Event
from cocity.events.tests.conftest import make_event, move_to_past
from cocity.testing.factories import AreaFactory, PhaseFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def _page(client: Any, **params: Any) -> str:
    response = client.get(reverse("events:list"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_it_lists_upcoming_and_past_events(client: Any, project: Any, carol: Any) -> None:
    make_event(carol, project, title={"en": "Coming soon"})
    move_to_past(make_event(carol, project, title={"en": "Long ago"}))
    make_event(carol, project, title={"en": "Secret draft"}, is_published=False)

    upcoming = _page(client)
    past = _page(client, when="past")

    assert "Coming soon" in upcoming and "Long ago" not in upcoming
    assert "Long ago" in past and "Coming soon" not in past
    assert "Secret draft" not in upcoming + past


def test_it_filters_by_project_district_and_type(client: Any, project: Any, carol: Any) -> None:
    district = AreaFactory(slug="outremeuse")
    other = ProjectFactory(slug="bikes")
    other.managers.add(carol)
    make_event(carol, project, title={"en": "Green walk"}, kind="walk", area=district)
    make_event(carol, other, title={"en": "Bike meeting"}, kind="meeting")
    make_event(carol, None, title={"en": "City forum"}, kind="meeting")

    assert "Bike meeting" not in _page(client, project="green-squares")
    assert "Green walk" in _page(client, project="green-squares")
    by_area = _page(client, area="outremeuse")
    assert "Green walk" in by_area and "City forum" not in by_area
    meetings = _page(client, kind="meeting")
    assert "Bike meeting" in meetings and "City forum" in meetings and "Green walk" not in meetings


def test_the_map_has_its_accessible_list_twin(client: Any, project: Any, carol: Any) -> None:
    make_event(carol, project, title={"en": "On the map"})
    make_event(carol, project, title={"en": "Online only"}, latitude=None, longitude=None,
               place_name="", address="", online_url="https://meet.example.org/x")  # fmt: skip

    page = _page(client, view="map")

    assert 'data-map="ideas"' in page and 'id="event-map-points"' in page
    assert "<table" in page and "On the map" in page
    assert "50.64500, 5.57360" in page
    assert "Online only" not in page.split('id="event-map-points"')[0]
    assert "<script>" not in page  # CSP: no inline script (json_script is type=application/json)


def test_it_shows_the_places_left_and_the_waiting_list(
    client: Any, small_event: Event, project: Any
) -> None:
    page = _page(client)
    assert "2 places left" in page

    for _ in range(2):
        services.registration_register(event=small_event, user=UserFactory())

    assert "Full: waiting list" in _page(client)


def test_htmx_gets_only_the_results(client: Any, event: Event) -> None:
    response = client.get(
        reverse("events:list"), {"kind": "workshop"}, HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="event-results",
    )  # fmt: skip

    body = response.content.decode().strip()
    assert body.startswith('<div id="event-results"')
    assert "Tree workshop" in body


def test_an_events_phase_lists_the_projects_events(client: Any, project: Any, carol: Any) -> None:
    phase = PhaseFactory(project=project, method="events", title={"en": "Meet us"})
    make_event(carol, project, title={"en": "Ours"})
    make_event(carol, None, title={"en": "Not ours"})

    response = client.get(reverse("projects:phase", args=[project.slug, phase.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Meet us" in page and "Ours" in page and "Not ours" not in page


def _populate(n: int) -> None:
    manager = UserFactory(role="project_manager")
    areas = [AreaFactory() for _ in range(2)]
    projects = [ProjectFactory() for _ in range(3)]
    for p in projects:
        p.managers.add(manager)
    for i in range(n):
        event = make_event(
            manager,
            projects[i % 3] if i % 4 else None,
            area=areas[i % 2],
            capacity=None if i % 5 == 0 else 3,
            title={"en": f"Event {i}"},
        )
        if i % 3 == 0:
            services.registration_register(event=event, user=UserFactory())


@pytest.mark.parametrize("params", [{}, {"view": "map"}, {"when": "past"}, {"kind": "workshop"}])
def test_the_events_page_costs_the_same_with_3_or_30_events(client: Any, params: dict) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("events:list"), params)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    _populate(3)
    small = count()
    _populate(27)
    assert Event.objects.count() == 30
    assert count() == small
