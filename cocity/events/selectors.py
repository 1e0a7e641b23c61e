"""Reads for the events pages, with their joins and annotations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from cocity.core.i18n import translate
from cocity.events.models import (
    CalendarToken,
    Event,
    EventPhoto,
    EventReport,
    Kiosk,
    Registration,
    RegistrationStatus,
)
from cocity.ideas.models import Idea
from cocity.participation.capabilities import Capability
from cocity.participation.permissions import check, is_event_staff
from cocity.projects.models import Area, Project

MAP_MARKER_LIMIT = 300
EVENTS_PER_PAGE = 30

CONFIRMED = Q(registrations__status=RegistrationStatus.CONFIRMED)


@dataclass(frozen=True)
class EventFilters:
    when: str = "upcoming"  # or "past"
    project: Project | None = None
    area: Area | None = None
    kind: str = ""

    @property
    def is_filtered(self) -> bool:
        return bool(self.project or self.area or self.kind)


def _with_counts(qs: QuerySet[Event]) -> QuerySet[Event]:
    """`confirmed_count`, and `places_left` (None when there is no limit)."""
    return qs.annotate(confirmed_count=Count("registrations", filter=CONFIRMED)).annotate(
        places_left=F("capacity") - F("confirmed_count")
    )


def event_list(
    *, filters: EventFilters, now: datetime | None = None, project: Project | None = None
) -> QuerySet[Event]:
    """Published events, upcoming (soonest first) or past (latest first), with place counts.

    One query whatever the number of events: project and area joined, places counted.
    """
    now = now or timezone.now()
    qs = Event.objects.published().select_related("project", "area")
    if project is not None:
        qs = qs.filter(project=project)
    if filters.project is not None:
        qs = qs.filter(project=filters.project)
    if filters.area is not None:
        qs = qs.filter(area=filters.area)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.when == "past":
        qs = qs.past(now).order_by("-starts_at", "-pk")
    else:
        qs = qs.upcoming(now).order_by("starts_at", "pk")
    return _with_counts(qs)


def map_points(events: list[Event]) -> list[dict[str, Any]]:
    """What map.js draws ("ideas" map mode takes any list of titled, linked points)."""
    return [
        {
            "lat": e.latitude,
            "lng": e.longitude,
            "title": str(translate(e.title)),
            "url": reverse("events:detail", kwargs={"pk": e.pk}),
            "address": e.address or e.place_name,
        }
        for e in events
        if e.has_location
    ]


def filter_choices() -> tuple[list[Project], list[Area]]:
    """Projects that have published events, and districts: two queries."""
    projects = list(
        Project.objects.public().filter(events__is_published=True).distinct().order_by("slug")
    )
    return projects, list(Area.objects.all())


def get_event_for_user(user: Any, pk: int) -> Event:
    """The event, or 404 when it does not exist or this user may not see it."""
    event = get_object_or_404(
        Event.objects.select_related("project", "area").prefetch_related("project__managers"),
        pk=pk,
    )
    if not check(user, Capability.VIEW, event):
        raise Http404("Event not visible")
    return event


def get_event_for_staff(user: Any, pk: int) -> Event:
    """The event for its organisers; 404 if unknown, 403 (PermissionDenied) for anyone else."""
    from django.core.exceptions import PermissionDenied

    event = get_object_or_404(
        Event.objects.select_related("project", "area").prefetch_related("project__managers"),
        pk=pk,
    )
    decision = check(user, Capability.MANAGE, event)
    if not decision:
        raise PermissionDenied(decision.reason)
    return event


def confirmed_count(event: Event) -> int:
    return event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()


def user_registration(user: Any, event: Event) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        event.registrations.filter(
            user=user, status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING]
        )
        .order_by("-created_at")
        .first()
    )


def waiting_position(registration: Registration) -> int:
    """1 for the first in line."""
    return (
        registration.event.registrations.filter(status=RegistrationStatus.WAITING)
        .filter(
            Q(created_at__lt=registration.created_at)
            | Q(created_at=registration.created_at, pk__lt=registration.pk)
        )
        .count()
        + 1
    )


def event_report(event: Event, *, published_only: bool = True) -> EventReport | None:
    qs = EventReport.objects.filter(event=event).prefetch_related(
        Prefetch("photos", queryset=EventPhoto.objects.order_by("position", "pk")),
        Prefetch("ideas", queryset=Idea.objects.listed().order_by("-created_at")),
    )
    if published_only:
        qs = qs.filter(published_at__isnull=False)
    return qs.first()


def attendance(event: Event) -> list[Registration]:
    """Everyone registered or waiting (not cancelled), confirmed first, each in arrival order."""
    registrations = list(
        event.registrations.filter(
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING]
        ).select_related("user", "checked_in_by")
    )
    registrations.sort(key=lambda r: (r.status != RegistrationStatus.CONFIRMED, r.created_at, r.pk))
    return registrations


def events_for_staff(user: Any) -> list[Event]:
    """Events this person organises: of their projects, and city-wide ones when they may."""
    qs = (
        Event.objects.select_related("project", "area")
        .prefetch_related("project__managers")
        .order_by("-starts_at", "-pk")
    )
    qs = _with_counts(qs)
    if not user.is_administrator:
        qs = qs.filter(Q(project__managers=user) | Q(project__isnull=True))
    return [e for e in qs if is_event_staff(user, e)]


def projects_for_staff(user: Any, *, now: datetime | None = None) -> list[dict[str, Any]]:
    """The projects this person manages, each with its open ideation phases (for offline input,
    the kiosk and printables). Two queries."""
    from cocity.participation.registry import get_method
    from cocity.projects.models import Phase

    now = now or timezone.now()
    qs = Project.objects.exclude(visibility="archived").prefetch_related(
        Prefetch("phases", queryset=Phase.objects.order_by("starts_at", "pk"))
    )
    if not user.is_administrator:
        qs = qs.filter(managers=user)
    rows = []
    for project in qs.order_by("slug"):
        open_phases = [
            p
            for p in project.phases.all()
            if p.is_open(now) and Capability.PROPOSE in get_method(p.method).open_capabilities
        ]
        rows.append({"project": project, "open_phases": open_phases})
    return rows


def user_calendar(user: Any) -> list[tuple[Event, str]]:
    """The person's registered and waiting events, for their calendar feed."""
    registrations = (
        Registration.objects.filter(
            user=user,
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING],
            event__is_published=True,
        )
        .select_related("event")
        .order_by("event__starts_at")
    )
    return [
        (r.event, "CONFIRMED" if r.status == RegistrationStatus.CONFIRMED else "TENTATIVE")
        for r in registrations
    ]


def user_for_calendar_token(token: str) -> Any:
    found = CalendarToken.objects.select_related("user").filter(token=token).first()
    if found is None or not found.user.is_active:
        raise Http404("Unknown calendar")
    return found.user


def reminders_due(now: datetime | None = None) -> QuerySet[Registration]:
    """Confirmed registrations without a reminder, for events starting before the end of
    tomorrow (in the city's time zone) that have not started yet."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    end_of_tomorrow = timezone.make_aware(
        datetime.combine(local.date() + timedelta(days=2), time.min), local.tzinfo
    )
    return Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        reminder_sent_at__isnull=True,
        event__is_published=True,
        event__starts_at__gt=now,
        event__starts_at__lt=end_of_tomorrow,
    ).order_by("event__starts_at", "pk")


def kiosk_in_session(session: Any) -> Kiosk | None:
    pk = session.get("kiosk_id")
    if not pk:
        return None
    return (
        Kiosk.objects.select_related("phase__project", "started_by", "event")
        .prefetch_related("phase__project__managers", "phase__project__topics")
        .filter(pk=pk, ended_at__isnull=True)
        .first()
    )
