"""Emails about events, sent from tasks (django-tasks, settings.TASKS).

Each task is idempotent: the reminder is recorded on the registration in the same transaction
that sends it, under a row lock, so running the command twice never sends it twice.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from cocity.events.models import Registration, RegistrationStatus


def _send(registration: Registration, template: str) -> None:
    user = registration.user
    language = user.preferred_language or settings.LANGUAGE_CODE
    site = settings.SITE_URL.rstrip("/")
    event = registration.event
    with translation.override(language), timezone.override(event.time_zone):
        context = {
            "event": event,
            "user": user,
            "SITE_NAME": settings.COCITY_SITE_NAME,
            "event_url": site + reverse("events:detail", kwargs={"pk": event.pk}),
            "ics_url": site + reverse("events:ics", kwargs={"pk": event.pk}),
        }
        subject = render_to_string(f"events/email/{template}_subject.txt", context)
        body = render_to_string(f"events/email/{template}_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])


@task()
def send_event_reminder(registration_id: int) -> bool:
    """Remind a registered person the day before. Returns whether an email went out."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event", "user")
            .filter(pk=registration_id)
            .first()
        )
        if (
            registration is None
            or registration.reminder_sent_at is not None
            or registration.status != RegistrationStatus.CONFIRMED
            or registration.event.has_started()
        ):
            return False
        _send(registration, "reminder")
        registration.reminder_sent_at = timezone.now()
        registration.save(update_fields=["reminder_sent_at"])
    return True


@task()
def send_promotion_notice(registration_id: int) -> bool:
    """Tell someone from the waiting list that a place freed up and is now theirs."""
    registration = (
        Registration.objects.select_related("event", "user").filter(pk=registration_id).first()
    )
    if registration is None or registration.status != RegistrationStatus.CONFIRMED:
        return False
    _send(registration, "promoted")
    return True
