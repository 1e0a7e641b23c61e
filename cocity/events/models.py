"""Events (workshops, meetings, walks) with registrations and a waiting list, their reports,
and the provenance of input collected offline (paper, workshops) or at a kiosk."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocity.core.i18n import TranslatedText, translate


def _empty() -> dict[str, str]:
    return {}


def _no_languages() -> list[str]:
    return []


def _default_time_zone() -> str:
    return settings.TIME_ZONE


class EventKind(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    MEETING = "meeting", _("Public meeting")
    WALK = "walk", _("Site walk")
    INFORMATION = "information", _("Information session")
    EXHIBITION = "exhibition", _("Exhibition")
    OTHER = "other", _("Other")


# Languages an event can be held in: the site's languages and those most spoken in the city.
EVENT_LANGUAGES = [
    ("fr", _("French")),
    ("nl", _("Dutch")),
    ("en", _("English")),
    ("de", _("German")),
    ("es", _("Spanish")),
    ("it", _("Italian")),
    ("pt", _("Portuguese")),
    ("pl", _("Polish")),
    ("tr", _("Turkish")),
    ("ar", _("Arabic")),
]


class EventQuerySet(models.QuerySet["Event"]):
    def published(self) -> EventQuerySet:
        """Published events, of a public project or city-wide."""
        return self.filter(is_published=True).filter(
            Q(project__isnull=True) | Q(project__visibility__in=["published", "archived"])
        )

    def upcoming(self, now: datetime | None = None) -> EventQuerySet:
        return self.filter(ends_at__gt=now or timezone.now())

    def past(self, now: datetime | None = None) -> EventQuerySet:
        return self.filter(ends_at__lte=now or timezone.now())


class Event(models.Model):
    """A date in a project (or city-wide) that residents come to, in a place or online."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        help_text=_("Empty for a city-wide event."),
    )
    area = models.ForeignKey(
        "projects.Area",
        verbose_name=_("district"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    kind = models.CharField(
        _("type"), max_length=20, choices=EventKind.choices, default=EventKind.WORKSHOP
    )
    title = models.JSONField(_("title"), default=_empty)
    description = models.JSONField(_("description (Markdown)"), default=_empty, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=64, default=_default_time_zone)

    place_name = models.CharField(_("place"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    online_url = models.URLField(_("online link"), blank=True)

    is_step_free = models.BooleanField(_("step-free access"), default=False)
    has_sign_language = models.BooleanField(_("sign language interpretation"), default=False)
    has_childcare = models.BooleanField(_("childcare"), default=False)
    accessibility_notes = models.JSONField(
        _("other accessibility information"), default=_empty, blank=True
    )
    languages = models.JSONField(_("languages spoken"), default=_no_languages, blank=True)

    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty for no limit.")
    )
    is_registration_open = models.BooleanField(_("registration open"), default=True)
    is_published = models.BooleanField(_("published"), default=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["is_published", "ends_at"], name="event_pub_ends")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="event_coordinates_valid",
            ),
        ]

    def __str__(self) -> str:
        return translate(self.title) or f"event {self.pk}"

    @property
    def title_text(self) -> TranslatedText:
        return translate(self.title)

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def language_names(self) -> list[str]:
        names = dict(EVENT_LANGUAGES)
        return [str(names[code]) for code in self.languages if code in names]

    @property
    def is_online(self) -> bool:
        return bool(self.online_url)

    def is_past(self, now: datetime | None = None) -> bool:
        return self.ends_at <= (now or timezone.now())

    def has_started(self, now: datetime | None = None) -> bool:
        return self.starts_at <= (now or timezone.now())


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE = Q(status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING])


class Registration(models.Model):
    """One person's place at an event, or their place in the waiting list (oldest first)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(max_length=12, choices=RegistrationStatus.choices)
    created_at = models.DateTimeField(default=timezone.now)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # One live registration per person and event; cancelled ones stay as history.
            models.UniqueConstraint(
                fields=["event", "user"], condition=ACTIVE, name="registration_once_per_event"
            )
        ]
        indexes = [
            models.Index(fields=["event", "status", "created_at"], name="registration_queue")
        ]

    def __str__(self) -> str:
        return f"user {self.user_id} {self.status} at event {self.event_id}"

    @property
    def is_confirmed(self) -> bool:
        return self.status == RegistrationStatus.CONFIRMED

    @property
    def is_waiting(self) -> bool:
        return self.status == RegistrationStatus.WAITING


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarToken(models.Model):
    """The secret in a person's calendar feed address; regenerating it revokes the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"calendar of user {self.user_id}"


class EventReport(models.Model):
    """What happened, published after the event."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="report")
    summary = models.JSONField(_("what was discussed (Markdown)"), default=_empty)
    participant_count = models.PositiveIntegerField(_("number of participants"))
    ideas = models.ManyToManyField("ideas.Idea", blank=True, related_name="event_reports")
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"report of event {self.event_id}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class EventPhoto(models.Model):
    report = models.ForeignKey(EventReport, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to="events/%Y/%m/")
    alt_text = models.CharField(_("image description"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.alt_text


class Kiosk(models.Model):
    """A tablet at a workshop or in the town hall, bound to one browser session.

    Several residents in turn post ideas to one ideation phase without signing in; the input is
    tagged as kiosk input from `location`. Leaving the mode needs the staff PIN.
    """

    phase = models.ForeignKey("projects.Phase", on_delete=models.CASCADE, related_name="kiosks")
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="kiosks"
    )
    location = models.CharField(_("location"), max_length=200)
    pin_hash = models.CharField(max_length=128)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.location

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class OfflineSource(models.TextChoices):
    OFFLINE = "offline", _("Collected offline")
    KIOSK = "kiosk", _("Kiosk")


class OfflineInput(models.Model):
    """Who entered an idea or comment collected offline, from where, and the resident's consent.

    The idea itself carries `source`, `source_event` and `source_place` (shown on its pages);
    this row keeps the record of entry and of consent to link it to a resident's account.
    """

    idea = models.ForeignKey(
        "ideas.Idea", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    comment = models.ForeignKey(
        "ideas.Comment", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=12, choices=OfflineSource.choices)
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="offline_inputs"
    )
    place = models.CharField(max_length=200, blank=True)
    kiosk = models.ForeignKey(
        Kiosk, on_delete=models.SET_NULL, null=True, blank=True, related_name="inputs"
    )
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["kiosk", "created_at"], name="offline_kiosk_time")]
        constraints = [
            models.CheckConstraint(
                condition=Q(idea__isnull=False) | Q(comment__isnull=False),
                name="offline_input_has_content",
            ),
            models.CheckConstraint(
                condition=Q(resident__isnull=True) | Q(consent_recorded_at__isnull=False),
                name="offline_input_linked_with_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} input {self.pk}"
