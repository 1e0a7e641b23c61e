"""Sending emails: claim a batch of delivery rows atomically, send each, mark it sent.

Exactly once, as far as email allows:
- a delivery row exists once per (notification | digest | newsletter+recipient, channel);
- a worker claims rows in one UPDATE (status pending → sending, with its own claim token; on
  PostgreSQL `FOR UPDATE SKIP LOCKED` lets workers claim disjoint batches), so two workers
  never send the same row;
- the emails the backend accepted are marked sent together, at the end of each batch (before
  each pause when throttled, and on any exception);
- a worker that stops (killed, crashed) leaves its claimed rows in `sending`; after
  COCITY_EMAIL_CLAIM_TIMEOUT seconds `release_stale_claims` hands them back to the queue. Only a
  worker killed outright between the backend's acceptance and the mark sends some twice: at
  most one batch unthrottled, one email throttled (see send_batch); each email carries a
  Message-ID derived from its row, so mail systems can drop such a duplicate. Nothing is lost.
Failures are retried with growing delays up to COCITY_EMAIL_MAX_ATTEMPTS, then marked failed.
"""

from __future__ import annotations

import re
import time
import uuid
from collections import defaultdict
from datetime import date, datetime, timedelta
from email.utils import formatdate
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


def _unsubscribe_url(user: Any, kind: str) -> str:
    return absolute(
        reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user, kind)})
    )


def build_message(
    delivery: Delivery, renderer: Renderer, connection: Any
) -> EmailMultiAlternatives:
    """The ordinary (slow) path: Django builds and serialises the whole MIME tree."""
    subject, text, html, kind = renderer.render(delivery)
    url = _unsubscribe_url(delivery.recipient, kind)
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


# --- The fast path: one MIME skeleton per distinct email, per-recipient parts substituted -------

_TO = "cocity-recipient@skeleton.invalid"
_MSGID = "<cocity-message-id@skeleton.invalid>"
_DATE = "COCITY-DATE-PLACEHOLDER"
# An address that can go into a header as it is (no quoting, no encoding): anything else takes
# the ordinary path.
_PLAIN_ADDRESS = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9.-]{1,190}$")


class _RawMessage:
    """What a Django email backend needs from `EmailMessage.message()`: the serialised bytes."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n", **_: Any) -> bytes:
        return self.raw if linesep == "\n" else self.raw.replace(b"\n", linesep.encode())

    def as_string(self, unixfrom: bool = False, linesep: str = "\n", **_: Any) -> str:
        return self.as_bytes(linesep=linesep).decode("utf-8")

    def get_charset(self) -> None:
        return None

    def __str__(self) -> str:
        return self.as_string()


class PreparedEmail(EmailMultiAlternatives):
    """An email whose MIME bytes come from a skeleton built once per distinct email; it keeps
    the usual attributes (subject, body, alternatives, headers) for backends and tests."""

    def __init__(self, *, raw: bytes, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.raw = raw

    def message(self) -> Any:  # type: ignore[override]
        return _RawMessage(self.raw)


class Skeleton:
    """The serialised MIME of one distinct email with placeholders for the recipient's address,
    Message-ID, Date and unsubscribe link. Serialising (header folding, encoding, boundaries)
    is most of the cost of an email; done once, each recipient costs a few `bytes.replace`."""

    def __init__(self, subject: str, text: str, html: str) -> None:
        self.subject, self.text, self.html = subject, text, html
        url_count = text.count(UNSUBSCRIBE_PLACEHOLDER) + html.count(UNSUBSCRIBE_PLACEHOLDER)
        message = EmailMultiAlternatives(
            subject=subject,
            body=text,
            to=[_TO],
            headers={
                "Date": _DATE,
                "Message-ID": _MSGID,
                "List-Unsubscribe": f"<{UNSUBSCRIBE_PLACEHOLDER}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Auto-Submitted": "auto-generated",
            },
        )
        message.attach_alternative(html, "text/html")
        raw = message.message().as_bytes(linesep="\n")
        counts = [raw.count(p.encode()) for p in (_TO, _MSGID, _DATE, UNSUBSCRIBE_PLACEHOLDER)]
        # When a body had to be encoded (very long lines: quoted-printable; base64), the
        # placeholders may be cut or escaped, and a line must stay short once the link is in:
        # then this email takes the ordinary path.
        encodings = set(re.findall(rb"Content-Transfer-Encoding: (\S+)", raw))
        placeholder_lines = [
            line for line in raw.split(b"\n") if UNSUBSCRIBE_PLACEHOLDER.encode() in line
        ]
        self.usable = (
            counts == [1, 1, 1, url_count + 1]
            and encodings <= {b"7bit", b"8bit"}
            and all(len(line) <= 400 for line in placeholder_lines)
        )
        self.raw = raw

    def build(self, delivery: Delivery, url: str, connection: Any) -> PreparedEmail:
        address = delivery.recipient.email
        message_id = _message_id(delivery)
        date = formatdate(localtime=settings.EMAIL_USE_LOCALTIME)
        raw = (
            self.raw.replace(_TO.encode(), address.encode())
            .replace(_MSGID.encode(), message_id.encode())
            .replace(_DATE.encode(), date.encode())
            .replace(UNSUBSCRIBE_PLACEHOLDER.encode(), url.encode())
        )
        message = PreparedEmail(
            raw=raw,
            subject=self.subject,
            body=self.text.replace(UNSUBSCRIBE_PLACEHOLDER, url),
            to=[address],
            connection=connection,
            headers={
                "Message-ID": message_id,
                "List-Unsubscribe": f"<{url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Auto-Submitted": "auto-generated",
            },
        )
        message.attach_alternative(self.html.replace(UNSUBSCRIBE_PLACEHOLDER, url), "text/html")
        return message


class Builder:
    """Builds each email of a run: renders through `Renderer`, serialises through a cached
    `Skeleton`, and falls back to `build_message` when the fast path cannot be trusted."""

    def __init__(self) -> None:
        self.renderer = Renderer()
        self.skeletons: dict[tuple[str, str, str], Skeleton] = {}
        self.url_parts: tuple[str, str] | None = None

    def unsubscribe_url(self, user: Any, kind: str) -> str:
        if self.url_parts is None:
            marker = "COCITYTOKEN"
            url = absolute(reverse("notifications:unsubscribe", kwargs={"token": marker}))
            before, after = url.split(marker)
            self.url_parts = (before, after)
        before, after = self.url_parts
        return before + unsubscribe_token(user, kind) + after

    def build(self, delivery: Delivery, connection: Any) -> EmailMultiAlternatives:
        address = delivery.recipient.email
        if not _PLAIN_ADDRESS.match(address):
            return build_message(delivery, self.renderer, connection)
        subject, text, html, kind = self.renderer.render(delivery)
        if delivery.is_test:
            subject = "[TEST] " + subject
        key = (subject, text, html)
        skeleton = self.skeletons.get(key)
        if skeleton is None:
            skeleton = self.skeletons[key] = Skeleton(subject, text, html)
        if not skeleton.usable:
            return build_message(delivery, self.renderer, connection)
        return skeleton.build(delivery, self.unsubscribe_url(delivery.recipient, kind), connection)


# --- Claiming and sending -----------------------------------------------------------------------


def release_stale_claims(*, older_than: int | None = None, now: datetime | None = None) -> int:
    """Give back rows claimed by a worker that stopped before finishing them."""
    now = now or timezone.now()
    timeout = settings.COCITY_EMAIL_CLAIM_TIMEOUT if older_than is None else older_than
    return Delivery.objects.filter(
        status=DeliveryStatus.SENDING, claimed_at__lte=now - timedelta(seconds=timeout)
    ).update(status=DeliveryStatus.PENDING, claim_token="")


def claim_batch(size: int, now: datetime | None = None) -> list[Delivery]:
    """Lease up to `size` waiting rows to this worker (pending → sending, with a claim token
    and time) in one short transaction."""
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


def _fail(delivery: Delivery, error: BaseException) -> None:
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


class SentMarks:
    """Emails the backend accepted and that are not yet marked sent: marked together, one
    UPDATE per distinct subject (usually one per batch)."""

    def __init__(self) -> None:
        self.waiting: dict[tuple[str, str], list[int]] = defaultdict(list)

    def add(self, delivery: Delivery, subject: str) -> None:
        self.waiting[(delivery.claim_token, subject[:250])].append(delivery.pk)

    def flush(self) -> int:
        now = timezone.now()
        count = 0
        for (token, subject), ids in self.waiting.items():
            count += Delivery.objects.filter(pk__in=ids, claim_token=token).update(
                status=DeliveryStatus.SENT, sent_at=now, subject=subject, error=""
            )
        self.waiting.clear()
        return count


def send_batch(batch: list[Delivery], builder: Builder, rate: float = 0.0) -> int:
    """Send a claimed batch over one backend connection; returns how many were accepted.

    Accepted emails are marked sent in one UPDATE at the end of the batch, or before each
    throttling pause (a throttled worker never waits with unmarked emails), or when anything
    stops the loop (an exception, even a BaseException, still runs the mark).
    A worker killed outright (SIGKILL, power loss) after the backend accepted some emails and
    before the mark leaves those rows leased: after COCITY_EMAIL_CLAIM_TIMEOUT they go back to
    the queue and are sent again. That gap is at most one batch (COCITY_EMAIL_BATCH_SIZE
    emails) unthrottled and one email throttled; each copy carries the same Message-ID, so mail
    systems can drop the duplicate. No email is lost.
    """
    marks = SentMarks()
    sent = 0
    connection = get_connection()
    try:
        with connection:
            for delivery in batch:
                tick = time.monotonic()
                user = delivery.recipient
                if not user.is_active or not user.email:
                    _finish(delivery, status=DeliveryStatus.CANCELLED, error="inactive account")
                    continue
                try:
                    message = builder.build(delivery, connection)
                    connection.send_messages([message])
                except Exception as error:  # any failure of the mail server is retried later
                    _fail(delivery, error)
                    continue
                marks.add(delivery, message.subject)
                sent += 1
                if rate:
                    marks.flush()
                    time.sleep(max(0.0, 1.0 / rate - (time.monotonic() - tick)))
    finally:
        marks.flush()
    return sent


def deliver(*, max_seconds: float = 50.0, batch_size: int | None = None) -> int:
    """Send what is waiting, batch by batch, throttled; returns how many were sent."""
    release_stale_claims()
    size = batch_size or settings.COCITY_EMAIL_BATCH_SIZE
    rate = settings.COCITY_EMAILS_PER_SECOND
    started = time.monotonic()
    sent = 0
    builder = Builder()
    while time.monotonic() - started < max_seconds:
        batch = claim_batch(size)
        if not batch:
            break
        sent += send_batch(batch, builder, rate)
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
