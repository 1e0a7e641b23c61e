"""Ideas posted in an ideation phase, with their comments, reactions, follows and images."""

from __future__ import annotations

import random

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cocity.core.i18n import translate


def _empty() -> dict[str, str]:
    return {}


class IdeaStatus(models.Model):
    """The stage an idea has reached; the list is the city's to edit."""

    slug = models.SlugField(unique=True, max_length=40)
    label = models.JSONField(_("label"), default=_empty)
    description = models.JSONField(_("description"), default=_empty, blank=True)
    position = models.PositiveIntegerField(default=0)
    is_default = models.BooleanField(_("given to new ideas"), default=False)
    is_decision = models.BooleanField(
        _("is a decision"), default=False, help_text=_("Accepted, rejected, implemented…")
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name_plural = _("idea statuses")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_status"
            )
        ]

    def __str__(self) -> str:
        return translate(self.label) or self.slug


def _random_key() -> float:
    return random.random()


class IdeaQuerySet(models.QuerySet["Idea"]):
    def listed(self) -> IdeaQuerySet:
        """What the public lists show: not withdrawn, not hidden by moderation."""
        return self.filter(is_hidden=False, is_withdrawn=False)


LISTED = Q(is_hidden=False, is_withdrawn=False)


class IdeaSource(models.TextChoices):
    ONLINE = "online", _("Online")
    OFFLINE = "offline", _("Collected offline")
    KIOSK = "kiosk", _("Kiosk")


class ModerationState(models.TextChoices):
    """Where content stands with moderation (see cocity/moderation). Anything but PUBLISHED
    keeps an idea's `is_hidden` true, so the lists' partial indexes stay as they are."""

    PUBLISHED = "published", _("Published")
    PENDING = "pending", _("Awaiting moderation")
    HIDDEN = "hidden", _("Hidden by moderation")
    DECLINED = "declined", _("Declined by moderation")


class Idea(models.Model):
    phase = models.ForeignKey("projects.Phase", on_delete=models.CASCADE, related_name="ideas")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
    )
    is_official = models.BooleanField(_("posted by the city"), default=False)
    # Where the idea came from: typed online, collected on paper or at a workshop and entered by
    # staff, or posted at a kiosk (see cocity/events). Offline ideas show "collected at …".
    source = models.CharField(
        _("source"), max_length=12, choices=IdeaSource.choices, default=IdeaSource.ONLINE
    )
    source_event = models.ForeignKey(
        "events.Event",
        verbose_name=_("collected at event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="collected_ideas",
    )
    source_place = models.CharField(_("collected at"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=140)
    body = models.TextField(_("description"), max_length=10_000)
    body_html = models.TextField(editable=False)
    topics = models.ManyToManyField("projects.Topic", blank=True, related_name="ideas")
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    status = models.ForeignKey(
        IdeaStatus, on_delete=models.PROTECT, null=True, blank=True, related_name="ideas"
    )
    official_answer = models.TextField(_("official answer"), blank=True, max_length=10_000)
    official_answer_html = models.TextField(blank=True, editable=False)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    is_withdrawn = models.BooleanField(default=False)
    is_hidden = models.BooleanField(default=False)
    moderation_state = models.CharField(
        _("moderation"), max_length=12, choices=ModerationState.choices, default="published"
    )

    # Counters kept by the services in the same transaction as the rows they count, so list
    # pages sort and show them without aggregating (see docs/performance.md).
    up_count = models.PositiveIntegerField(default=0)
    down_count = models.PositiveIntegerField(default=0)
    score = models.IntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    hot = models.FloatField(default=0.0, help_text="Trending rank; see ideas.ranking")
    random_key = models.FloatField(default=_random_key)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IdeaQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["phase", "-created_at", "-id"], condition=LISTED, name="idea_newest"
            ),
            models.Index(fields=["phase", "-hot", "-id"], condition=LISTED, name="idea_trending"),
            models.Index(
                fields=["phase", "-score", "-id"], condition=LISTED, name="idea_reactions"
            ),
            models.Index(
                fields=["phase", "-comment_count", "-id"], condition=LISTED, name="idea_comments"
            ),
            models.Index(fields=["phase", "random_key"], condition=LISTED, name="idea_random"),
            models.Index(fields=["phase", "status"], condition=LISTED, name="idea_status"),
            models.Index(fields=["author", "-created_at"], name="idea_author"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="idea_coordinates_valid",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class IdeaImage(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(upload_to="ideas/%Y/%m/")
    alt_text = models.CharField(_("image description"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.alt_text or self.image.name


class Comment(models.Model):
    """Two levels: a comment on the idea, and replies to it (parent set, no deeper)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    body = models.TextField(_("comment"), max_length=5_000)
    body_html = models.TextField(editable=False)
    is_removed = models.BooleanField(default=False)
    removed_by_moderator = models.BooleanField(default=False)
    # Pending, hidden and declined comments keep their text (for the author, an appeal, or an
    # approval) but only their author sees it; see cocity/moderation.
    moderation_state = models.CharField(
        _("moderation"), max_length=12, choices=ModerationState.choices, default="published"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["idea", "created_at"], name="comment_idea_time")]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def is_published(self) -> bool:
        return self.moderation_state == ModerationState.PUBLISHED


class Reaction(models.Model):
    UP = 1
    DOWN = -1

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    value = models.SmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="reaction_once_per_idea"),
            models.CheckConstraint(condition=Q(value__in=[-1, 1]), name="reaction_value_pm1"),
        ]
        indexes = [models.Index(fields=["user", "idea"], name="reaction_user")]

    def __str__(self) -> str:
        return f"{self.value:+d} on idea {self.idea_id}"


class IdeaFollow(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_follows"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="idea_follow_once")]

    def __str__(self) -> str:
        return f"user {self.user_id} follows idea {self.idea_id}"
