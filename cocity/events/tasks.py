"""Emails about events, sent from tasks (django-tasks, settings.TASKS).

Reminders go through the notification system (events.services.event_reminders_send): the
registration is marked reminded in the same transaction that creates the notification, under a
row lock, so running the command or the task twice never reminds anyone twice.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
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
    """Remind one registered person the day before, through the notification system.
    Returns whether the reminder was given now (False when already given or not due)."""
    from cocity.events.services import event_reminders_send

    return event_reminders_send(registration_ids=[registration_id]) == 1


@task()
def send_event_reminders() -> int:
    """Every reminder due (the scheduler's tick runs the same service)."""
    from cocity.events.services import event_reminders_send

    return event_reminders_send()


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
