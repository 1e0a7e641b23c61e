"""Demo data for events, for the demo seed (cocity/demo): `seed_events(...)`.

Deterministic for a given `rng` and `now`. Writes rows directly (the services refuse events in
the past, and the demo needs past events with their attendance and reports).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction

from cocity.events.models import Event, EventKind, EventReport, Registration, RegistrationStatus
from cocity.ideas.models import Idea

PLACES = [
    ("Town hall, room 3", "Place du Marché 2, Liège", 50.6450, 5.5736),
    ("Outremeuse community centre", "Rue Puits-en-Sock 66, Liège", 50.6413, 5.5839),
    ("Saint-Léonard library", "Rue Saint-Léonard 340, Liège", 50.6520, 5.5890),
    ("Sart-Tilman campus, hall B", "Allée du Six Août 10, Liège", 50.5820, 5.5650),
]
TITLES = [
    ({"en": "Workshop: draw your square", "fr": "Atelier : dessinez votre place",
      "nl": "Workshop: teken je plein"}, EventKind.WORKSHOP),
    ({"en": "Site walk with the project team", "fr": "Balade sur site avec l'équipe",
      "nl": "Wandeling ter plaatse met het team"}, EventKind.WALK),
    ({"en": "Public meeting", "fr": "Réunion publique", "nl": "Openbare vergadering"},
     EventKind.MEETING),
]  # fmt: skip
SUMMARY = {
    "en": "Residents discussed the **priorities** of the project with the team. Main points:\n\n"
    "- more shade and benches\n- safer crossings\n- space for children",
    "fr": "Les habitants ont discuté des **priorités** du projet avec l'équipe.",
    "nl": "Bewoners bespraken de **prioriteiten** van het project met het team.",
}


@transaction.atomic
def seed_events(
    *,
    now: datetime,
    projects: Sequence[Any],
    residents: Sequence[Any],
    organiser: Any,
    rng: random.Random,
    city_wide: int = 2,
) -> dict[str, int]:
    """For each project: one past event (attendance, check-ins, published report) and one
    upcoming event (registrations, a waiting list when small); plus `city_wide` upcoming
    city-wide events. Returns counts by kind of row."""
    counts = {"events": 0, "registrations": 0, "reports": 0}
    residents = list(residents)

    def make(project: Any, index: int, start: datetime, capacity: int | None) -> Event:
        title, kind = TITLES[index % len(TITLES)]
        place, address, lat, lng = PLACES[index % len(PLACES)]
        event = Event.objects.create(
            project=project,
            area=getattr(project, "area", None),
            kind=kind,
            title=title,
            description={
                "en": "Come and share your ideas with the team. Coffee and tea are offered.",
                "fr": "Venez partager vos idées avec l'équipe. Café et thé offerts.",
                "nl": "Deel je ideeën met het team. Koffie en thee worden aangeboden.",
            },
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            time_zone=settings.TIME_ZONE,
            place_name=place,
            address=address,
            latitude=lat,
            longitude=lng,
            is_step_free=index % 2 == 0,
            has_sign_language=index % 3 == 0,
            has_childcare=index % 2 == 1,
            languages=["fr", "nl", "en"][: 1 + index % 3],
            capacity=capacity,
            is_published=True,
            created_by=organiser,
        )
        counts["events"] += 1
        return event

    def register(event: Event, people: Sequence[Any], *, checked_in: bool) -> None:
        rows = []
        for n, person in enumerate(people):
            confirmed = event.capacity is None or n < event.capacity
            rows.append(
                Registration(
                    event=event,
                    user=person,
                    status=RegistrationStatus.CONFIRMED
                    if confirmed
                    else RegistrationStatus.WAITING,
                    created_at=event.starts_at - timedelta(days=10, minutes=-n),
                    checked_in_at=event.starts_at if checked_in and confirmed and n % 4 else None,
                    checked_in_by=organiser if checked_in and confirmed and n % 4 else None,
                )
            )
        Registration.objects.bulk_create(rows)
        counts["registrations"] += len(rows)

    for index, project in enumerate(projects):
        past = make(project, index, now - timedelta(days=20 + 3 * index, hours=-18), 30)
        register(past, rng.sample(residents, min(len(residents), 12)), checked_in=True)
        report = EventReport.objects.create(
            event=past,
            summary=SUMMARY,
            participant_count=past.registrations.filter(checked_in_at__isnull=False).count() + 4,
            published_at=past.ends_at + timedelta(days=2),
            updated_by=organiser,
        )
        report.ideas.set(
            Idea.objects.filter(phase__project=project, is_hidden=False).order_by("pk")[:3]
        )
        counts["reports"] += 1
        upcoming = make(project, index + 1, now + timedelta(days=5 + 2 * index, hours=18), 8)
        register(upcoming, rng.sample(residents, min(len(residents), 10)), checked_in=False)
    for n in range(city_wide):
        make(None, n + 2, now + timedelta(days=12 + 7 * n, hours=19), None)
    return counts
