"""Notifications (in the app), what each resident wants (preferences), and email deliveries.

A `Delivery` row is the promise to send one email: unique per (notification, channel), per
(digest, channel) and per (newsletter, recipient, channel). A worker claims rows atomically
before sending, so an email is never sent twice for one event, and rows left half-done by a
stopped worker are released and sent by the next one (see delivery.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocity.notifications.kinds import Frequency, Kind, describe


def _empty() -> dict[str, str]:
    return {}


class NotificationPreference(models.Model):
    """Only choices that differ from kinds.DEFAULTS are meaningful; a missing row is the default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_pref_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}={self.frequency}"


class Digest(models.Model):
    """One digest email: the recipient's notifications of one day or week (local time)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    period_start = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "frequency", "period_start"], name="digest_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.frequency} digest of {self.period_start} for {self.recipient_id}"


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    # The same event never notifies the same person twice: triggers are idempotent.
    event_key = models.CharField(max_length=160)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    url = models.CharField(max_length=300, blank=True)
    data = models.JSONField(default=_empty)
    # The recipient's choice when it was created: in_app, immediate, daily or weekly.
    email_mode = models.CharField(max_length=12, choices=Frequency.choices)
    digest = models.ForeignKey(
        Digest, on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "event_key"], name="notification_once")
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
            models.Index(
                fields=["email_mode", "created_at"],
                condition=Q(digest__isnull=True, email_mode__in=["daily", "weekly"]),
                name="notification_to_digest",
            ),
            models.Index(fields=["event_key"], name="notification_event"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return describe(self.kind, self.data)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Not sent")


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")


class Delivery(models.Model):
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.EMAIL)
    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    digest = models.ForeignKey(
        Digest, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    newsletter = models.ForeignKey(
        "notifications.Newsletter",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    is_test = models.BooleanField(default=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    subject = models.CharField(max_length=250, blank=True)
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    not_before = models.DateTimeField(default=timezone.now)
    claim_token = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"],
                condition=Q(notification__isnull=False),
                name="delivery_once_per_notification",
            ),
            models.UniqueConstraint(
                fields=["digest", "channel"],
                condition=Q(digest__isnull=False),
                name="delivery_once_per_digest",
            ),
            models.UniqueConstraint(
                fields=["newsletter", "recipient", "channel"],
                condition=Q(newsletter__isnull=False, is_test=False),
                name="delivery_once_per_newsletter_recipient",
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "not_before", "id"],
                condition=Q(status__in=["pending", "sending"]),
                name="delivery_queue",
            ),
            models.Index(fields=["claim_token"], name="delivery_claim"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} to {self.recipient_id}: {self.status}"


class ProjectUpdate(models.Model):
    """News a staff member posts to a project; its followers are notified."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.JSONField(_("title"), default=_empty)
    body = models.JSONField(_("text (Markdown)"), default=_empty)
    image = models.ImageField(_("image"), upload_to="updates/%Y/%m/", blank=True)
    image_alt = models.JSONField(_("image description"), default=_empty, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        from cocity.core.i18n import translate

        return translate(self.title)


class Segment(models.TextChoices):
    PROJECT_FOLLOWERS = "project_followers", _("Followers of a project")
    PHASE_PARTICIPANTS = "phase_participants", _("Residents who took part in a phase")
    AREA_RESIDENTS = "area_residents", _("Residents of a district")
    OPTED_IN = "opted_in", _("Everyone who asked for the city's newsletter")


class NewsletterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")


class Newsletter(models.Model):
    subject = models.JSONField(_("subject"), default=_empty)
    body = models.JSONField(_("text (Markdown)"), default=_empty)
    segment = models.CharField(_("recipients"), max_length=24, choices=Segment.choices)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    phase = models.ForeignKey(
        "projects.Phase",
        verbose_name=_("phase"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    area = models.ForeignKey(
        "projects.Area",
        verbose_name=_("district"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        max_length=10, choices=NewsletterStatus.choices, default=NewsletterStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recipient_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        from cocity.core.i18n import translate

        return translate(self.subject)
