"""Calendar files that a real calendar parser (icalendar) reads, and the secret-token feed."""

from __future__ import annotations

from typing import Any

import icalendar
import pytest
from django.urls import reverse

from cocity.events import services
from cocity.events.models import Event
from cocity.events.tests.conftest import make_event

pytestmark = pytest.mark.django_db


def test_the_ics_download_is_a_valid_calendar(client: Any, event: Event) -> None:
    response = client.get(reverse("events:ics", args=[event.pk]))

    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.content)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Tree workshop"
    assert vevent.decoded("DTSTART") == event.starts_at.replace(microsecond=0)
    assert vevent.decoded("DTEND") == event.ends_at.replace(microsecond=0)
    assert "Place du Marché 2\\, Liège" not in str(vevent["LOCATION"])  # unescaped by the parser
    assert str(vevent["LOCATION"]) == "Town hall, room 3, Place du Marché 2, Liège"
    assert str(vevent["URL"]).endswith(reverse("events:detail", args=[event.pk]))


def test_long_and_special_texts_survive_folding_and_escaping(
    client: Any, project: Any, carol: Any
) -> None:
    title = "Atelier ; « vélos », trottoirs\\ et rues — " + "é" * 80
    event = make_event(carol, project, title={"en": title}, description={"en": "Line 1\nLine 2"})

    content = client.get(reverse("events:ics", args=[event.pk])).content

    assert all(len(line) <= 75 for line in content.split(b"\r\n"))
    (vevent,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == title
    assert str(vevent["DESCRIPTION"]).startswith("Line 1\nLine 2")


def test_the_feed_lists_my_events_with_a_secret_address(
    client: Any, project: Any, carol: Any, alice: Any
) -> None:
    mine = make_event(carol, project, title={"en": "Mine"})
    full = make_event(carol, project, title={"en": "Full"}, capacity=1)
    make_event(carol, project, title={"en": "Not mine"})
    services.registration_register(event=mine, user=alice)
    services.registration_register(event=full, user=carol)
    services.registration_register(event=full, user=alice)  # waiting list: tentative
    client.force_login(alice)
    page = client.get(reverse("events:my-calendar")).content.decode()
    token = services.calendar_token_for(user=alice).token
    assert token in page
    client.logout()

    response = client.get(reverse("events:feed", args=[token]))

    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert {str(e["SUMMARY"]): str(e["STATUS"]) for e in events} == {
        "Mine": "CONFIRMED",
        "Full": "TENTATIVE",
    }


def test_a_new_address_revokes_the_old_one(client: Any, alice: Any) -> None:
    old = services.calendar_token_for(user=alice).token
    client.force_login(alice)

    client.post(reverse("events:my-calendar"))

    assert client.get(reverse("events:feed", args=[old])).status_code == 404
    new = services.calendar_token_for(user=alice).token
    assert new != old
    assert client.get(reverse("events:feed", args=[new])).status_code == 200


def test_an_unknown_token_finds_nothing(client: Any) -> None:
    assert client.get(reverse("events:feed", args=["guessed"])).status_code == 404


def test_a_draft_event_has_no_calendar_file(client: Any, project: Any, carol: Any) -> None:
    draft = make_event(carol, project, is_published=False)

    assert client.get(reverse("events:ics", args=[draft.pk])).status_code == 404
