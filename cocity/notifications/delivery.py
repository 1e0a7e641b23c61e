"""Sending emails: claim a batch of delivery rows atomically, send each, mark it sent.

Exactly once, as far as email allows:
- a delivery row exists once per (notification | digest | newsletter+recipient, channel);
- a worker claims rows in one UPDATE (status pending → sending, with its own claim token; on
  PostgreSQL `FOR UPDATE SKIP LOCKED` lets workers claim disjoint batches), so two workers
  never send the same row;
- a row is marked sent right after the mail server accepted it;
- a worker that stops (killed, crashed) leaves its claimed rows in `sending`; after
  COCITY_EMAIL_CLAIM_TIMEOUT seconds `release_stale_claims` hands them back to the queue. Only a
  stop in the instant between the server's acceptance and the mark could send one twice; each
  email carries a Message-ID derived from its row, so mail systems can drop such a duplicate.
Failures are retried with growing delays up to COCITY_EMAIL_MAX_ATTEMPTS, then marked failed.
"""

from __future__ import annotations

import time
import uuid
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from cocity.core.i18n import translate
from cocity.core.sanitize import plain_text, render_markdown
from cocity.notifications.kinds import Frequency, Kind, describe
from cocity.notifications.models import Delivery, DeliveryStatus, Digest, Notification
from cocity.notifications.services import ALL_KINDS, unsubscribe_token

UNSUBSCRIBE_PLACEHOLDER = "__COCITY_UNSUBSCRIBE_URL__"


def absolute(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def _language(user: Any) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    lang = (user.preferred_language or "").split("-")[0]
    return lang if lang in codes else settings.LANGUAGE_CODE


def _message_id(delivery: Delivery) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "cocity.localhost"
    return f"<cocity-delivery-{delivery.pk}@{host}>"


# --- Rendering ----------------------------------------------------------------------------------


class Renderer:
    """Renders each distinct email once per language and batch: a fan-out to 50,000 followers
    renders one template per language, then only the unsubscribe link differs."""

    def __init__(self) -> None:
        self.cache: dict[tuple[Any, ...], tuple[str, str, str]] = {}

    def render(self, delivery: Delivery) -> tuple[str, str, str, str]:
        """(subject, text, html, unsubscribe kind) in the recipient's language."""
        user = delivery.recipient
        lang = _language(user)
        if delivery.notification_id:
            n = delivery.notification
            key: tuple[Any, ...] = ("n", n.event_key, n.kind, lang)
            unsubscribe_kind = n.kind
        elif delivery.digest_id:
            key = ("d", delivery.digest_id, lang)
            unsubscribe_kind = ALL_KINDS
        else:
            segment = delivery.newsletter.segment
            key = ("l", delivery.newsletter_id, lang)
            unsubscribe_kind = Kind.CITY_NEWSLETTER if segment == "opted_in" else Kind.NEWSLETTER
        if key not in self.cache:
            with translation.override(lang):
                self.cache[key] = self._render(delivery)
        subject, text, html = self.cache[key]
        return subject, text, html, unsubscribe_kind

    def _render(self, delivery: Delivery) -> tuple[str, str, str]:
        context: dict[str, Any] = {
            "site_name": settings.COCITY_SITE_NAME,
            "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
            "preferences_url": absolute(reverse("notifications:preferences")),
        }
        if delivery.notification_id:
            n = delivery.notification
            context["items"] = [{"text": describe(n.kind, n.data), "url": absolute(n.url)}]
            subject = describe(n.kind, n.data)
            template = "notification"
        elif delivery.digest_id:
            digest = delivery.digest
            groups: dict[str, list[dict[str, str]]] = defaultdict(list)
            for n in digest.notifications.select_related("project").order_by("created_at", "pk"):
                heading = str(translate(n.project.title)) if n.project else ""
                groups[heading].append({"text": describe(n.kind, n.data), "url": absolute(n.url)})
            context["groups"] = sorted(groups.items())
            context["digest"] = digest
            context["count"] = sum(len(v) for v in groups.values())
            subject = (
                translation.gettext("Your daily news from %(site)s")
                if digest.frequency == Frequency.DAILY
                else translation.gettext("Your weekly news from %(site)s")
            ) % {"site": settings.COCITY_SITE_NAME}
            template = "digest"
        else:
            letter = delivery.newsletter
            subject = str(translate(letter.subject))
            body = str(translate(letter.body))
            context["body_html"] = render_markdown(body)
            context["body_text"] = body
            template = "newsletter"
        context["subject"] = subject
        text = render_to_string(f"notifications/email/{template}.txt", context)
        html = render_to_string(f"notifications/email/{template}.html", context)
        return plain_text(subject)[:240], text, html


def build_message(
    delivery: Delivery, renderer: Renderer, connection: Any
) -> EmailMultiAlternatives:
    subject, text, html, kind = renderer.render(delivery)
    url = absolute(
        reverse(
            "notifications:unsubscribe",
            kwargs={"token": unsubscribe_token(delivery.recipient, kind)},
        )
    )
    if delivery.is_test:
        subject = "[TEST] " + subject
    message = EmailMultiAlternatives(
        subject=subject,
        body=text.replace(UNSUBSCRIBE_PLACEHOLDER, url),
        to=[delivery.recipient.email],
        connection=connection,
        headers={
            "Message-ID": _message_id(delivery),
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html.replace(UNSUBSCRIBE_PLACEHOLDER, url), "text/html")
    return message


# --- Claiming and sending -----------------------------------------------------------------------


def release_stale_claims(*, older_than: int | None = None, now: datetime | None = None) -> int:
    """Give back rows claimed by a worker that stopped before finishing them."""
    now = now or timezone.now()
    timeout = settings.COCITY_EMAIL_CLAIM_TIMEOUT if older_than is None else older_than
    return Delivery.objects.filter(
        status=DeliveryStatus.SENDING, claimed_at__lte=now - timedelta(seconds=timeout)
    ).update(status=DeliveryStatus.PENDING, claim_token="")


def claim_batch(size: int, now: datetime | None = None) -> list[Delivery]:
    now = now or timezone.now()
    token = uuid.uuid4().hex
    with transaction.atomic():
        ready = Delivery.objects.filter(status=DeliveryStatus.PENDING, not_before__lte=now)
        ids = list(
            ready.order_by("pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:size]
        )
        if not ids:
            return []
        Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.SENDING,
            claim_token=token,
            claimed_at=now,
            attempts=F("attempts") + 1,
        )
    return list(
        Delivery.objects.filter(claim_token=token, status=DeliveryStatus.SENDING)
        .select_related("recipient", "notification", "digest", "newsletter")
        .order_by("pk")
    )


def _finish(delivery: Delivery, **fields: Any) -> None:
    Delivery.objects.filter(pk=delivery.pk, claim_token=delivery.claim_token).update(**fields)


def send_one(delivery: Delivery, renderer: Renderer, connection: Any) -> bool:
    user = delivery.recipient
    if not user.is_active or not user.email:
        _finish(delivery, status=DeliveryStatus.CANCELLED, error="inactive account")
        return False
    try:
        message = build_message(delivery, renderer, connection)
        message.send()
    except Exception as error:  # any failure of the mail server is retried later
        attempts = delivery.attempts
        if attempts >= settings.COCITY_EMAIL_MAX_ATTEMPTS:
            _finish(delivery, status=DeliveryStatus.FAILED, error=repr(error)[:2000])
        else:
            _finish(
                delivery,
                status=DeliveryStatus.PENDING,
                claim_token="",
                error=repr(error)[:2000],
                not_before=timezone.now() + timedelta(seconds=30 * 2**attempts),
            )
        return False
    _finish(
        delivery,
        status=DeliveryStatus.SENT,
        sent_at=timezone.now(),
        subject=message.subject[:250],
        error="",
    )
    return True


def deliver(*, max_seconds: float = 50.0, batch_size: int | None = None) -> int:
    """Send what is waiting, batch by batch, throttled; returns how many were sent."""
    release_stale_claims()
    size = batch_size or settings.COCITY_EMAIL_BATCH_SIZE
    rate = settings.COCITY_EMAILS_PER_SECOND
    started = time.monotonic()
    sent = 0
    renderer = Renderer()
    while time.monotonic() - started < max_seconds:
        batch = claim_batch(size)
        if not batch:
            break
        connection = get_connection()
        with connection:
            for delivery in batch:
                tick = time.monotonic()
                sent += send_one(delivery, renderer, connection)
                if rate:
                    time.sleep(max(0.0, 1.0 / rate - (time.monotonic() - tick)))
    _close_sent_newsletters()
    return sent


def has_pending(now: datetime | None = None) -> bool:
    return Delivery.objects.filter(
        status=DeliveryStatus.PENDING, not_before__lte=now or timezone.now()
    ).exists()


def _close_sent_newsletters() -> None:
    from cocity.notifications.models import Newsletter, NewsletterStatus

    waiting = Delivery.objects.filter(
        newsletter__isnull=False,
        is_test=False,
        status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING],
    )
    Newsletter.objects.filter(status=NewsletterStatus.SENDING).exclude(
        pk__in=waiting.values("newsletter_id")
    ).update(status=NewsletterStatus.SENT)


# --- Digests ------------------------------------------------------------------------------------


def _local_midnight(day: date) -> datetime:
    tz = timezone.get_default_timezone()
    return timezone.make_aware(datetime.combine(day, datetime.min.time()), tz)


def digest_periods(now: datetime) -> dict[str, tuple[date, datetime]]:
    """For each digest frequency: (first day of the last finished period, its end instant),
    in the city's time zone (settings.TIME_ZONE)."""
    today = timezone.localtime(now, timezone.get_default_timezone()).date()
    monday = today - timedelta(days=today.weekday())
    return {
        Frequency.DAILY: (today - timedelta(days=1), _local_midnight(today)),
        Frequency.WEEKLY: (monday - timedelta(days=7), _local_midnight(monday)),
    }


def send_digests(now: datetime | None = None) -> int:
    """Group each person's waiting notifications of the last finished day (or week) into one
    digest email. Idempotent: one digest per person, frequency and period."""
    now = now or timezone.now()
    created = 0
    for frequency, (period_start, end) in digest_periods(now).items():
        waiting = Notification.objects.filter(
            email_mode=frequency, digest__isnull=True, created_at__lt=end
        )
        for user_id in waiting.values_list("recipient_id", flat=True).distinct():
            with transaction.atomic():
                digest, is_new = Digest.objects.get_or_create(
                    recipient_id=user_id, frequency=frequency, period_start=period_start
                )
                if not is_new:
                    # Late arrivals wait for the next period's digest: never lost.
                    continue
                waiting.filter(recipient_id=user_id).update(digest=digest)
                Delivery.objects.create(digest=digest, recipient_id=user_id)
                created += 1
    return created
