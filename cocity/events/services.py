"""Writes on events: publishing, registering (with a waiting list), check-in, reports, reminders,
and input collected offline or at a kiosk.

Every service checks permission itself and validates before writing, inside a transaction.
Registration locks the event row, so concurrent requests never take more places than there are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cocity.core.geo import coordinates_problem
from cocity.core.i18n import clean_translations, translate
from cocity.core.sanitize import plain_text
from cocity.core.uploads import check_image_upload, reencode_image
from cocity.events.models import (
    EVENT_LANGUAGES,
    CalendarToken,
    Event,
    EventKind,
    EventPhoto,
    EventReport,
    Kiosk,
    OfflineInput,
    OfflineSource,
    Registration,
    RegistrationStatus,
)
from cocity.ideas import services as idea_services
from cocity.ideas.models import Comment, Idea, IdeaSource
from cocity.participation.capabilities import Capability
from cocity.participation.permissions import require
from cocity.projects.models import Phase, Project, Topic

MAX_PHOTOS_PER_REPORT = 12
KIOSK_POSTS_PER_WINDOW = 20
KIOSK_WINDOW = timedelta(minutes=10)
KIOSK_PIN_ATTEMPTS = 5
KIOSK_PIN_LOCKOUT_SECONDS = 300


# --- Publishing events --------------------------------------------------------------------------

EVENT_FIELDS = (
    "kind", "title", "description", "starts_at", "ends_at", "time_zone", "place_name", "address",
    "latitude", "longitude", "online_url", "is_step_free", "has_sign_language", "has_childcare",
    "accessibility_notes", "languages", "capacity", "is_registration_open", "is_published", "area",
)  # fmt: skip


def _clean_event_data(data: Mapping[str, Any], *, event: Event | None) -> dict[str, Any]:
    """Validate an event's fields; raise ValidationError naming the field, in the reader's words."""
    unknown = set(data) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown event fields: {sorted(unknown)}")
    clean: dict[str, Any] = {k: data[k] for k in EVENT_FIELDS if k in data}
    errors: dict[str, str] = {}
    now = timezone.now()

    clean["title"] = clean_translations(clean.get("title") or {})
    if not clean["title"].get(settings.COCITY_FALLBACK_LANGUAGE):
        errors["title"] = _("Please give the event a title.")
    clean["description"] = clean_translations(clean.get("description") or {})
    clean["accessibility_notes"] = clean_translations(clean.get("accessibility_notes") or {})
    if clean.get("kind", EventKind.WORKSHOP) not in EventKind.values:
        errors["kind"] = _("Choose the type of event.")

    starts, ends = clean.get("starts_at"), clean.get("ends_at")
    if starts is None:
        errors["starts_at"] = _("Please give the date and time the event starts.")
    if ends is None:
        errors["ends_at"] = _("Please give the date and time the event ends.")
    if starts is not None and ends is not None:
        start_changed = event is None or starts != event.starts_at
        if start_changed and starts <= now:
            errors["starts_at"] = _("The event must start in the future.")
        if ends <= starts:
            errors["ends_at"] = _("The event must end after it starts.")

    time_zone = clean.get("time_zone") or settings.TIME_ZONE
    try:
        ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        errors["time_zone"] = _("Unknown time zone.")
    clean["time_zone"] = time_zone

    if problem := coordinates_problem(clean.get("latitude"), clean.get("longitude")):
        errors["latitude"] = problem
    for name in ("place_name", "address"):
        clean[name] = plain_text(clean.get(name) or "")[:200].strip()
    clean["online_url"] = (clean.get("online_url") or "").strip()
    if clean["online_url"] and not clean["online_url"].startswith(("https://", "http://")):
        errors["online_url"] = _("The online link must start with https://.")
    if not (clean["place_name"] or clean["address"] or clean["online_url"]):
        errors["address"] = _("Give the place (an address) or an online link, or both.")

    languages = list(clean.get("languages") or [])
    known = {code for code, _name in EVENT_LANGUAGES}
    if any(code not in known for code in languages):
        errors["languages"] = _("Choose languages from the list.")
    clean["languages"] = [code for code, _name in EVENT_LANGUAGES if code in languages]

    capacity = clean.get("capacity")
    if capacity is not None:
        if not isinstance(capacity, int) or capacity < 1:
            errors["capacity"] = _(
                "The capacity must be a whole number of at least 1, or empty for no limit."
            )
        elif event is not None:
            taken = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
            if capacity < taken:
                errors["capacity"] = _(
                    "%(count)d people are already registered: the capacity cannot be lower. "
                    "Cancel registrations first if you must."
                ) % {"count": taken}
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def event_create(*, user: Any, project: Project | None, data: Mapping[str, Any]) -> Event:
    """Publish (or draft) an event in a project, or city-wide when `project` is None."""
    if project is None:
        require(user, Capability.ORGANISE_EVENTS)
    else:
        require(user, Capability.MANAGE, project)
    clean = _clean_event_data(data, event=None)
    if project is not None and clean.get("area") is None:
        clean["area"] = project.area
    return Event.objects.create(project=project, created_by=user, **clean)


@transaction.atomic
def event_update(*, event: Event, user: Any, data: Mapping[str, Any]) -> Event:
    require(user, Capability.MANAGE, event)
    locked = Event.objects.select_for_update().get(pk=event.pk)
    clean = _clean_event_data(data, event=locked)
    for name, value in clean.items():
        setattr(event, name, value)
    event.save()
    _promote_waiting(event)  # a larger capacity frees places
    return event


# --- Registration -------------------------------------------------------------------------------


def _confirmed_count(event: Event) -> int:
    return event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()


def _has_room(event: Event) -> bool:
    return event.capacity is None or _confirmed_count(event) < event.capacity


@transaction.atomic
def registration_register(*, event: Event, user: Any) -> Registration:
    """Take a place, or join the waiting list when the event is full.

    The event row is locked for the duration, so two people cannot take the last place.
    """
    require(user, Capability.REGISTER, event)
    locked = Event.objects.select_for_update().get(pk=event.pk)
    existing = locked.registrations.filter(
        user=user, status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING]
    ).first()
    if existing is not None:
        if existing.is_waiting:
            raise ValidationError(_("You are already on the waiting list for this event."))
        raise ValidationError(_("You are already registered for this event."))
    status = RegistrationStatus.CONFIRMED if _has_room(locked) else RegistrationStatus.WAITING
    try:
        with transaction.atomic():
            return Registration.objects.create(event=locked, user=user, status=status)
    except IntegrityError:
        # The same person in two tabs at once: the unique constraint let one through.
        raise ValidationError(_("You are already registered for this event.")) from None


@transaction.atomic
def registration_cancel(*, registration: Registration, user: Any) -> Registration:
    """Give the place back (the person, or the organisers); the waiting list moves up."""
    event = registration.event
    if registration.user_id != getattr(user, "pk", None):
        require(user, Capability.MANAGE, event)
    locked_event = Event.objects.select_for_update().get(pk=event.pk)
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if locked.status == RegistrationStatus.CANCELLED:
        raise ValidationError(_("This registration is already cancelled."))
    if locked_event.has_started():
        raise ValidationError(_("This event has already started."))
    locked.status = RegistrationStatus.CANCELLED
    locked.cancelled_at = timezone.now()
    locked.save(update_fields=["status", "cancelled_at"])
    _promote_waiting(locked_event)
    return locked


def _promote_waiting(event: Event) -> list[Registration]:
    """Move people from the waiting list to confirmed places, oldest first, while there is room.

    Call with the event row locked. Each promoted person is told by email after the commit.
    """
    if event.has_started():
        return []
    promoted: list[Registration] = []
    waiting = event.registrations.filter(status=RegistrationStatus.WAITING).order_by(
        "created_at", "pk"
    )
    free = None if event.capacity is None else event.capacity - _confirmed_count(event)
    if free is not None and free <= 0:
        return []
    for registration in waiting.select_for_update()[: free if free is not None else None]:
        registration.status = RegistrationStatus.CONFIRMED
        registration.promoted_at = timezone.now()
        registration.save(update_fields=["status", "promoted_at"])
        promoted.append(registration)
    if promoted:
        from cocity.events.tasks import send_promotion_notice

        ids = [r.pk for r in promoted]
        transaction.on_commit(lambda: [send_promotion_notice.enqueue(pk) for pk in ids])
    return promoted


@transaction.atomic
def registration_check_in(
    *, event: Event, user: Any, registration_id: int, present: bool = True
) -> Registration:
    """Staff mark who came (or undo it). Only confirmed registrations of this event."""
    require(user, Capability.MANAGE, event)
    registration = (
        Registration.objects.select_for_update()
        .filter(pk=registration_id, event=event, status=RegistrationStatus.CONFIRMED)
        .first()
    )
    if registration is None:
        raise ValidationError(_("This person is not registered for this event."))
    if present and registration.checked_in_at is None:
        registration.checked_in_at = timezone.now()
        registration.checked_in_by = user
    elif not present:
        registration.checked_in_at = None
        registration.checked_in_by = None
    registration.save(update_fields=["checked_in_at", "checked_in_by"])
    return registration


# --- Calendar feed ------------------------------------------------------------------------------


def calendar_token_for(*, user: Any) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return token


@transaction.atomic
def calendar_token_regenerate(*, user: Any) -> CalendarToken:
    """A new secret address; the old one stops working at once."""
    CalendarToken.objects.filter(user=user).delete()
    return CalendarToken.objects.create(user=user)


# --- Reports ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewPhoto:
    file: UploadedFile
    alt_text: str


@transaction.atomic
def report_save(
    *,
    event: Event,
    user: Any,
    summary: Mapping[str, str],
    participant_count: int | None,
    ideas: Iterable[Idea] = (),
    new_photos: Sequence[NewPhoto] = (),
    remove_photo_ids: Iterable[int] = (),
    publish: bool = False,
) -> EventReport:
    """Write (and optionally publish) what happened at the event."""
    require(user, Capability.MANAGE, event)
    errors: dict[str, str] = {}
    if not event.has_started():
        raise ValidationError(_("A report can be written once the event has taken place."))
    summary = clean_translations(summary)
    if not summary.get(settings.COCITY_FALLBACK_LANGUAGE):
        errors["summary"] = _("Please write what was discussed.")
    if participant_count is None or participant_count < 0:
        errors["participant_count"] = _("Give the number of participants (0 or more).")
    ideas = list(ideas)
    if event.project_id is not None and any(
        idea.phase.project_id != event.project_id for idea in ideas
    ):
        errors["ideas"] = _("Choose ideas of this event's project.")
    for photo in new_photos:
        if not plain_text(photo.alt_text).strip():
            errors["photos"] = _("Please describe each photo for people who cannot see it.")
    if errors:
        raise ValidationError(errors)
    report, _created = EventReport.objects.get_or_create(
        event=event, defaults={"participant_count": participant_count}
    )
    report.summary = summary
    report.participant_count = participant_count
    report.updated_by = user
    if publish and report.published_at is None:
        report.published_at = timezone.now()
    report.save()
    report.ideas.set(ideas)
    for photo in report.photos.filter(pk__in=list(remove_photo_ids)):
        photo.image.delete(save=False)
        photo.delete()
    existing = report.photos.count()
    if existing + len(new_photos) > MAX_PHOTOS_PER_REPORT:
        too_many = _("A report can have at most %(max)d photos.")
        raise ValidationError({"photos": too_many % {"max": MAX_PHOTOS_PER_REPORT}})
    for offset, photo in enumerate(new_photos):
        try:
            check_image_upload(photo.file)
        except ValidationError as error:
            raise ValidationError({"photos": error.messages}) from None
        EventPhoto.objects.create(
            report=report,
            image=reencode_image(photo.file),
            alt_text=plain_text(photo.alt_text)[:200].strip(),
            position=existing + offset,
        )
    return report


# --- Offline input ------------------------------------------------------------------------------


def _offline_author(resident: Any, has_consent: bool) -> Any:
    if resident is not None and not has_consent:
        raise ValidationError(
            {
                "has_consent": _(
                    "Link the contribution to a resident's account only with their consent; "
                    "otherwise leave the account empty and it is posted anonymously."
                )
            }
        )
    return resident if has_consent else None


def _source_place(event: Event | None, place: str) -> str:
    place = plain_text(place or "").strip()
    if not place and event is not None:
        place = str(translate(event.title))
    if not place:
        raise ValidationError({"place": _("Say where this was collected: an event or a place.")})
    return place[:200]


@transaction.atomic
def offline_idea_enter(
    *,
    phase: Phase,
    user: Any,
    title: str,
    body: str,
    topics: Iterable[Topic] = (),
    address: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    images: Sequence[idea_services.NewImage] = (),
    event: Event | None = None,
    place: str = "",
    resident: Any = None,
    has_consent: bool = False,
) -> Idea:
    """Staff enter an idea collected on paper or at a workshop, for a resident or anonymously."""
    require(user, Capability.ENTER_OFFLINE, phase)
    author = _offline_author(resident, has_consent)
    idea = idea_services.idea_submit(
        phase=phase,
        author=author,
        title=title,
        body=body,
        topics=topics,
        address=address,
        latitude=latitude,
        longitude=longitude,
        images=images,
        source=IdeaSource.OFFLINE,
        source_event=event,
        source_place=_source_place(event, place),
        entered_by=user,
    )
    OfflineInput.objects.create(
        idea=idea,
        source=OfflineSource.OFFLINE,
        event=event,
        place=idea.source_place,
        resident=author,
        consent_recorded_at=timezone.now() if author is not None else None,
        entered_by=user,
    )
    return idea


@transaction.atomic
def offline_comment_enter(
    *,
    idea: Idea,
    user: Any,
    body: str,
    event: Event | None = None,
    place: str = "",
    resident: Any = None,
    has_consent: bool = False,
) -> Comment:
    """Staff enter a comment on an idea, collected on paper or at a workshop."""
    require(user, Capability.ENTER_OFFLINE, idea)
    author = _offline_author(resident, has_consent)
    place = _source_place(event, place)
    comment = idea_services.comment_post(idea=idea, author=author, body=body, entered_by=user)
    OfflineInput.objects.create(
        comment=comment,
        source=OfflineSource.OFFLINE,
        event=event,
        place=place,
        resident=author,
        consent_recorded_at=timezone.now() if author is not None else None,
        entered_by=user,
    )
    return comment


# --- Kiosk --------------------------------------------------------------------------------------


def _check_pin(pin: str) -> str:
    pin = (pin or "").strip()
    if not (pin.isdigit() and 4 <= len(pin) <= 8):
        raise ValidationError({"pin": _("The PIN must be 4 to 8 digits.")})
    return pin


@transaction.atomic
def kiosk_start(
    *, phase: Phase, user: Any, location: str, pin: str, event: Event | None = None
) -> Kiosk:
    """Staff turn this browser into a kiosk for one ideation phase; leaving needs the PIN."""
    require(user, Capability.ENTER_OFFLINE, phase)
    location = plain_text(location or "").strip()[:200]
    if not location:
        raise ValidationError({"location": _("Say where the kiosk stands.")})
    pin = _check_pin(pin)
    return Kiosk.objects.create(
        phase=phase, event=event, location=location, pin_hash=make_password(pin), started_by=user
    )


@transaction.atomic
def kiosk_post_idea(
    *,
    kiosk: Kiosk,
    title: str,
    body: str,
    topics: Iterable[Topic] = (),
    address: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
) -> Idea:
    """A resident at the kiosk posts an idea, anonymously, tagged with the kiosk's location."""
    locked = Kiosk.objects.select_for_update().get(pk=kiosk.pk)
    if locked.ended_at is not None:
        raise PermissionDenied(_("This kiosk has been closed."))
    recent = OfflineInput.objects.filter(
        kiosk=locked, created_at__gte=timezone.now() - KIOSK_WINDOW
    ).count()
    if recent >= KIOSK_POSTS_PER_WINDOW:
        raise ValidationError(
            _("Many ideas were posted here in the last few minutes. Please wait a moment.")
        )
    idea = idea_services.idea_submit(
        phase=kiosk.phase,
        author=None,
        title=title,
        body=body,
        topics=topics,
        address=address,
        latitude=latitude,
        longitude=longitude,
        source=IdeaSource.KIOSK,
        source_event=kiosk.event,
        source_place=kiosk.location,
        entered_by=kiosk.started_by,
    )
    OfflineInput.objects.create(
        idea=idea,
        source=OfflineSource.KIOSK,
        event=kiosk.event,
        place=kiosk.location,
        kiosk=locked,
        entered_by=kiosk.started_by,
    )
    return idea


@transaction.atomic
def kiosk_leave(*, kiosk: Kiosk, pin: str) -> Kiosk:
    """End kiosk mode with the staff PIN. Wrong PINs are counted; too many lock it for a while."""
    key = f"kiosk-pin-failures:{kiosk.pk}"
    failures = cache.get(key, 0)
    if failures >= KIOSK_PIN_ATTEMPTS:
        raise ValidationError({"pin": _("Too many wrong PINs. Wait five minutes, then try again.")})
    if not check_password((pin or "").strip(), kiosk.pin_hash):
        cache.set(key, failures + 1, KIOSK_PIN_LOCKOUT_SECONDS)
        raise ValidationError({"pin": _("This PIN is not correct.")})
    cache.delete(key)
    if kiosk.ended_at is None:
        kiosk.ended_at = timezone.now()
        kiosk.save(update_fields=["ended_at"])
    return kiosk


# --- Reminders ------------------------------------------------------------------------------------


def event_reminders_send(*, now: Any = None, registration_ids: Sequence[int] | None = None) -> int:
    """Remind the people registered for events starting before the end of tomorrow, through the
    notification system (so each person's preference, one-click unsubscribe and digests apply).

    Once per registration: for each event, the due registrations are locked, marked
    (`reminder_sent_at`) and notified in one transaction — the notifications and their email
    deliveries commit with the mark or not at all, so reruns and concurrent runs remind nobody
    twice and a crash loses nothing. Returns the number of registrations reminded.
    """
    from cocity.events.selectors import reminders_due
    from cocity.notifications import triggers as notify

    now = now or timezone.now()
    due = reminders_due(now)
    if registration_ids is not None:
        due = due.filter(pk__in=registration_ids)
    reminded = 0
    for event_id in sorted(set(due.values_list("event_id", flat=True))):
        with transaction.atomic():
            rows = list(
                due.filter(event_id=event_id)
                .select_for_update(of=("self",))
                .values_list("pk", "user_id")
            )
            # Re-read under the lock: another run may have marked them meanwhile.
            rows = list(
                Registration.objects.filter(
                    pk__in=[pk for pk, _user in rows], reminder_sent_at__isnull=True
                ).values_list("pk", "user_id")
            )
            if not rows:
                continue
            Registration.objects.filter(pk__in=[pk for pk, _user in rows]).update(
                reminder_sent_at=now
            )
            event = Event.objects.select_related("project").get(pk=event_id)
            notify.event_reminder_now(event=event, recipients=[user for _pk, user in rows])
            reminded += len(rows)
    return reminded
