"""Writes on notifications: the `notify` fan-out, preferences, read marks, unsubscribes,
project updates, newsletters and bulk answers.

`notify(kind=..., recipients=..., event_key=..., ...)` is the service other apps may call
directly (the events and voting apps do, through triggers.py or by hand); see its docstring.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cocity.core.uploads import check_image_upload, reencode_image
from cocity.notifications import triggers
from cocity.notifications.kinds import DEFAULTS, NEWSLETTER_KINDS, Frequency, Kind, choices_for
from cocity.notifications.models import (
    Delivery,
    Newsletter,
    NewsletterStatus,
    Notification,
    NotificationPreference,
    ProjectUpdate,
    Segment,
)
from cocity.participation.capabilities import Capability
from cocity.participation.permissions import can, require
from cocity.projects.services import clean_translated_text

BULK_BATCH = 2000
UNSUBSCRIBE_SALT = "cocity.notifications.unsubscribe"
ALL_KINDS = "*"


def _after_commit_deliver() -> None:
    def enqueue() -> None:
        from cocity.notifications.tasks import deliver_pending

        deliver_pending.enqueue()

    transaction.on_commit(enqueue)


def visible_recipient_ids(ids: Iterable[int], obj: Any) -> list[int]:
    """Keep the people allowed to see `obj`: everyone when it is public, else a check each."""
    ids = list(ids)
    if obj is None or can(AnonymousUser(), Capability.VIEW, obj):
        return ids
    users = get_user_model().objects.filter(pk__in=ids)
    return [u.pk for u in users if can(u, Capability.VIEW, obj)]


@transaction.atomic
def notify(
    *,
    kind: str,
    recipients: QuerySet[Any] | Iterable[Any],
    event_key: str,
    actor: Any = None,
    project: Any = None,
    url: str = "",
    data: Mapping[str, Any] | None = None,
    about: Any = None,
) -> int:
    """Notify `recipients` (users, user ids, or a queryset of either) of one event.

    - kind: a notifications.kinds.Kind; each person's preference for it decides in-app only,
      email at once, daily or weekly digest, or nothing.
    - event_key: names the event ("idea_answered:12:2025-…"); the same key never notifies the
      same person twice, so callers may retry freely.
    - actor: who did it — never notified of their own action. Inactive (blocked) accounts are
      never notified.
    - about: the object concerned; when it is not public, only people allowed to VIEW it hear.
    - data: JSON facts the sentence is built from (see kinds.describe), e.g. {"idea": "…",
      "project": {"en": …}, "phase": {…}, "event": {…}, "status": {…}, "title": {…}}.

    Returns the number of notifications created. Emails go out through the task worker.
    """
    kind = Kind(kind)
    users = get_user_model().objects.filter(is_active=True)
    if isinstance(recipients, QuerySet):
        if recipients.model is get_user_model():
            users = users.filter(pk__in=recipients.values("pk"))
        else:
            users = users.filter(pk__in=recipients)
    else:
        users = users.filter(pk__in=[getattr(r, "pk", r) for r in recipients])
    if actor is not None:
        users = users.exclude(pk=actor.pk)
    ids = list(users.values_list("pk", flat=True))
    if about is not None:
        ids = visible_recipient_ids(ids, about)
    if not ids:
        return 0
    chosen = dict(
        NotificationPreference.objects.filter(kind=kind, user__in=users).values_list(
            "user_id", "frequency"
        )
    )
    default = DEFAULTS[kind]
    now = timezone.now()
    rows = []
    for pk in ids:
        mode = chosen.get(pk, default)
        if mode == Frequency.OFF:
            continue
        rows.append(
            Notification(
                recipient_id=pk,
                kind=kind,
                event_key=event_key,
                actor=actor,
                project=project,
                url=url,
                data=dict(data or {}),
                email_mode=mode,
                created_at=now,
            )
        )
    Notification.objects.bulk_create(rows, batch_size=BULK_BATCH, ignore_conflicts=True)
    # Immediate emails: one delivery row per new notification (the unique constraint makes a
    # second run of the same event a no-op).
    to_email = Notification.objects.filter(
        event_key=event_key, email_mode=Frequency.IMMEDIATE, deliveries__isnull=True
    ).values_list("pk", "recipient_id")
    Delivery.objects.bulk_create(
        [Delivery(notification_id=pk, recipient_id=uid, created_at=now) for pk, uid in to_email],
        batch_size=BULK_BATCH,
        ignore_conflicts=True,
    )
    _after_commit_deliver()
    return len(rows)


# --- Preferences and unsubscribing ---------------------------------------------------------------


def preferences_for(user: Any) -> dict[str, str]:
    """Every kind with this person's choice (or the default)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "frequency"))
    return {kind: chosen.get(kind, DEFAULTS[kind]) for kind in Kind.values}


@transaction.atomic
def preferences_set(*, user: Any, choices: Mapping[str, str]) -> dict[str, str]:
    for kind, frequency in choices.items():
        if kind not in Kind.values or frequency not in dict(choices_for(kind)):
            raise ValidationError({kind: _("Choose one of the proposed options.")})
    stored = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "frequency"))
    for kind, frequency in choices.items():
        if kind not in stored and frequency == DEFAULTS[kind]:
            continue  # keep the table to the choices people actually made
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"frequency": frequency}
        )
    return preferences_for(user)


def unsubscribe_token(user: Any, kind: str = ALL_KINDS) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[Any, str]:
    """(user, kind) from a signed token; ValidationError when forged or for a deleted account."""
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        user = get_user_model().objects.get(pk=payload["u"])
        kind = payload["k"]
    except (signing.BadSignature, KeyError, TypeError, get_user_model().DoesNotExist):
        raise ValidationError(_("This unsubscribe link is not valid.")) from None
    if kind != ALL_KINDS and kind not in Kind.values:
        raise ValidationError(_("This unsubscribe link is not valid."))
    return user, kind


@transaction.atomic
def unsubscribe(*, token: str) -> tuple[Any, str]:
    """Stop the emails a link was for: one kind (kept in the app), or every email."""
    user, kind = read_unsubscribe_token(token)
    kinds = Kind.values if kind == ALL_KINDS else [kind]
    for each in kinds:
        off = Frequency.OFF if each in NEWSLETTER_KINDS else Frequency.IN_APP
        current = preferences_for(user)[each]
        if current not in (Frequency.OFF, Frequency.IN_APP):
            NotificationPreference.objects.update_or_create(
                user=user, kind=each, defaults={"frequency": off}
            )
    # Emails already waiting for this person and these kinds are not sent either.
    pending = Delivery.objects.filter(recipient=user, status="pending")
    if kind != ALL_KINDS:
        pending = pending.filter(notification__kind=kind)
    pending.update(status="cancelled", error="unsubscribed")
    return user, kind


# --- Reading ------------------------------------------------------------------------------------


def notification_mark_read(*, user: Any, notification_id: int) -> Notification:
    notification = Notification.objects.filter(recipient=user, pk=notification_id).first()
    if notification is None:
        raise ValidationError(_("This notification does not exist."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- Project updates ----------------------------------------------------------------------------


@transaction.atomic
def project_update_post(
    *,
    project: Any,
    user: Any,
    title: Mapping[str, str],
    body: Mapping[str, str],
    image: UploadedFile | None = None,
    image_alt: Mapping[str, str] | None = None,
) -> ProjectUpdate:
    """Staff post news to a project; its followers are notified (after commit, by a task)."""
    require(user, Capability.MANAGE, project)
    title = clean_translated_text(title, field="title", max_length=200)
    body = clean_translated_text(body, field="body", max_length=20_000)
    alt = clean_translated_text(image_alt, field="image_alt", max_length=300, required=False)
    stored = None
    if image is not None:
        try:
            check_image_upload(image)
        except ValidationError as error:
            raise ValidationError({"image": error.messages}) from None
        if not alt:
            raise ValidationError(
                {"image_alt": _("Describe the image for people who cannot see it.")}
            )
        stored = reencode_image(image)
    update = ProjectUpdate.objects.create(
        project=project, author=user, title=title, body=body, image_alt=alt
    )
    if stored is not None:
        update.image.save(stored.name, stored, save=True)
    triggers.project_update_posted(update=update)
    return update


# --- Newsletters --------------------------------------------------------------------------------


def newsletter_audience(newsletter: Newsletter) -> QuerySet[Any]:
    """The active people a newsletter goes to, without those who turned newsletters off."""
    from cocity.notifications.fanout import participant_ids

    users = get_user_model().objects.filter(is_active=True)
    segment = newsletter.segment
    if segment == Segment.PROJECT_FOLLOWERS:
        users = users.filter(project_follows__project=newsletter.project_id)
    elif segment == Segment.PHASE_PARTICIPANTS:
        users = users.filter(pk__in=participant_ids(newsletter.phase_id))
    elif segment == Segment.AREA_RESIDENTS:
        users = users.filter(demographics__area=newsletter.area_id)
    kind = Kind.CITY_NEWSLETTER if segment == Segment.OPTED_IN else Kind.NEWSLETTER
    prefs = NotificationPreference.objects.filter(kind=kind)
    if DEFAULTS[kind] == Frequency.OFF:
        users = users.filter(pk__in=prefs.filter(frequency=Frequency.IMMEDIATE).values("user_id"))
    else:
        users = users.exclude(pk__in=prefs.filter(frequency=Frequency.OFF).values("user_id"))
    return users.distinct()


def _check_segment(segment: str, project: Any, phase: Any, area: Any) -> tuple[Any, Any, Any]:
    if segment not in Segment.values:
        raise ValidationError({"segment": _("Choose one of the proposed options.")})
    if segment == Segment.PROJECT_FOLLOWERS and project is None:
        raise ValidationError({"project": _("Choose the project whose followers get it.")})
    if segment == Segment.PHASE_PARTICIPANTS and phase is None:
        raise ValidationError({"phase": _("Choose the phase whose participants get it.")})
    if segment == Segment.AREA_RESIDENTS and area is None:
        raise ValidationError({"area": _("Choose the district whose residents get it.")})
    if segment == Segment.PHASE_PARTICIPANTS:
        project = phase.project
    return (
        project if segment in (Segment.PROJECT_FOLLOWERS, Segment.PHASE_PARTICIPANTS) else None,
        phase if segment == Segment.PHASE_PARTICIPANTS else None,
        area if segment == Segment.AREA_RESIDENTS else None,
    )


@transaction.atomic
def newsletter_save(
    *,
    user: Any,
    subject: Mapping[str, str],
    body: Mapping[str, str],
    segment: str,
    project: Any = None,
    phase: Any = None,
    area: Any = None,
    newsletter: Newsletter | None = None,
) -> Newsletter:
    require(user, Capability.ADMINISTER, None)
    if newsletter is not None and newsletter.status != NewsletterStatus.DRAFT:
        raise ValidationError(_("This newsletter has been sent; it can no longer change."))
    subject = clean_translated_text(subject, field="subject", max_length=200)
    body = clean_translated_text(body, field="body", max_length=50_000)
    project, phase, area = _check_segment(segment, project, phase, area)
    newsletter = newsletter or Newsletter(created_by=user)
    newsletter.subject, newsletter.body, newsletter.segment = subject, body, segment
    newsletter.project, newsletter.phase, newsletter.area = project, phase, area
    newsletter.save()
    return newsletter


@transaction.atomic
def newsletter_test_send(*, newsletter: Newsletter, user: Any) -> Delivery:
    """Send the newsletter to the staff member only, as residents will see it."""
    require(user, Capability.ADMINISTER, None)
    delivery = Delivery.objects.create(newsletter=newsletter, recipient=user, is_test=True)
    _after_commit_deliver()
    return delivery


@transaction.atomic
def newsletter_send(*, newsletter: Newsletter, user: Any, now: datetime | None = None) -> int:
    """Create one delivery per recipient (once, whatever happens) and let the worker send them,
    throttled, in batches; a stopped worker resumes where it stopped."""
    require(user, Capability.ADMINISTER, None)
    locked = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
    if locked.status != NewsletterStatus.DRAFT:
        raise ValidationError(_("This newsletter is already being sent."))
    now = now or timezone.now()
    ids = newsletter_audience(locked).values_list("pk", flat=True)
    rows = [Delivery(newsletter=locked, recipient_id=pk, created_at=now) for pk in ids]
    Delivery.objects.bulk_create(rows, batch_size=BULK_BATCH, ignore_conflicts=True)
    locked.status = NewsletterStatus.SENDING
    locked.recipient_count = len(rows)
    locked.sent_at = now
    locked.save(update_fields=["status", "recipient_count", "sent_at"])
    newsletter.refresh_from_db()
    _after_commit_deliver()
    return len(rows)


# --- Bulk answers -------------------------------------------------------------------------------


@transaction.atomic
def ideas_bulk_answer(*, ideas: Sequence[Any], user: Any, status: Any, answer: str) -> list[Any]:
    """One status and one answer for many ideas; each author and follower is notified once.

    All or nothing: if one idea may not be answered by this person, none is changed.
    """
    from cocity.ideas.services import idea_answer

    if not ideas:
        raise ValidationError({"ideas": _("Choose at least one idea.")})
    return [idea_answer(idea=idea, user=user, status=status, answer=answer) for idea in ideas]
