"""Projects, their phases on a public timeline, their topics and the city's districts."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocity.core.i18n import TranslatedText, translate


def _empty() -> dict[str, str]:
    return {}


class Area(models.Model):
    """A district or neighbourhood of the city."""

    slug = models.SlugField(unique=True)
    name = models.JSONField(_("name"), default=_empty)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return translate(self.name) or self.slug


class Visibility(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class ReactionMode(models.TextChoices):
    UP = "up", _("Up only (support)")
    UP_DOWN = "up_down", _("Up and down (agree / disagree)")


class ProjectQuerySet(models.QuerySet["Project"]):
    def public(self) -> ProjectQuerySet:
        return self.filter(visibility__in=[Visibility.PUBLISHED, Visibility.ARCHIVED])


class Project(models.Model):
    slug = models.SlugField(unique=True, max_length=80)
    title = models.JSONField(_("title"), default=_empty)
    summary = models.JSONField(_("summary"), default=_empty)
    description = models.JSONField(_("description (Markdown)"), default=_empty)
    cover_image = models.ImageField(_("cover image"), upload_to="projects/", blank=True)
    cover_alt = models.JSONField(_("cover image description"), default=_empty, blank=True)
    area = models.ForeignKey(
        Area,
        verbose_name=_("district"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        help_text=_("Leave empty for a city-wide project."),
    )
    visibility = models.CharField(
        _("visibility"), max_length=12, choices=Visibility.choices, default=Visibility.DRAFT
    )
    reaction_mode = models.CharField(
        _("reactions"), max_length=8, choices=ReactionMode.choices, default=ReactionMode.UP
    )
    is_premoderated = models.BooleanField(
        _("pre-moderation"),
        default=False,
        help_text=_("New ideas and comments wait for a moderator's approval before they show."),
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("project managers"),
        blank=True,
        related_name="managed_projects",
    )
    # Denormalised from the phases so that the home page can group and sort without joins.
    starts_at = models.DateTimeField(null=True, blank=True, editable=False)
    ends_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["visibility", "ends_at"], name="project_vis_ends")]

    def __str__(self) -> str:
        return translate(self.title) or self.slug

    @property
    def title_text(self) -> TranslatedText:
        return translate(self.title)

    @property
    def is_published(self) -> bool:
        return self.visibility == Visibility.PUBLISHED

    def state(self, now: datetime | None = None) -> str:
        """'upcoming', 'open' or 'finished', from the phases' dates."""
        now = now or timezone.now()
        if self.starts_at is None or self.ends_at is None:
            return "upcoming"
        if now < self.starts_at:
            return "upcoming"
        if now >= self.ends_at or self.visibility == Visibility.ARCHIVED:
            return "finished"
        return "open"


class Topic(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="topics")
    name = models.JSONField(_("name"), default=_empty)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return translate(self.name)


class PhaseQuerySet(models.QuerySet["Phase"]):
    def active(self, now: datetime | None = None) -> PhaseQuerySet:
        now = now or timezone.now()
        return self.filter(starts_at__lte=now, ends_at__gt=now)

    def past(self, now: datetime | None = None) -> PhaseQuerySet:
        return self.filter(ends_at__lte=now or timezone.now())

    def upcoming(self, now: datetime | None = None) -> PhaseQuerySet:
        return self.filter(starts_at__gt=now or timezone.now())


class Phase(models.Model):
    """A stretch of a project's timeline with one participation method.

    `method` is a registry slug (cocity/participation/registry.py), never an app label.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="phases")
    method = models.CharField(_("participation method"), max_length=40)
    title = models.JSONField(_("title"), default=_empty)
    description = models.JSONField(_("description (Markdown)"), default=_empty, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    position = models.PositiveIntegerField(default=0)
    # Ideas the public list shows (not hidden, not withdrawn), moved by the ideas services in
    # the same transaction as the idea (cocity/ideas/services.py: idea_listing_moved), so the
    # list does not COUNT 60,000 rows per request. The list checks it against the rows it reads
    # and counts when they disagree (see cocity/ideas/selectors.py).
    listed_idea_count = models.PositiveIntegerField(default=0, editable=False)

    objects = PhaseQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="phase_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return translate(self.title) or self.method

    def is_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now < self.ends_at

    def timing(self, now: datetime | None = None) -> str:
        """'before', 'open' or 'after'."""
        now = now or timezone.now()
        if now < self.starts_at:
            return "before"
        if now >= self.ends_at:
            return "after"
        return "open"


class ProjectFollow(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_follows"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="project_follow_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.project_id}"
