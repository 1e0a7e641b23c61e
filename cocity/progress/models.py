"""Implementation tracking for decisions: how far the city has got, milestone by milestone.

Extension point: an `Implementation` tracks one subject. Today that is an accepted idea; for
funded budget projects, add a nullable `ballot_item = models.OneToOneField("voting.BallotItem")`
here and widen the `implementation_subject` check to "exactly one subject". Milestones, photos,
percent and the "you said, we did" page work on the Implementation alone and need no change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cocity.core.i18n import translate


def _empty() -> dict[str, str]:
    return {}


class Implementation(models.Model):
    idea = models.OneToOneField(
        "ideas.Idea", on_delete=models.CASCADE, null=True, blank=True, related_name="implementation"
    )
    percent_done = models.PositiveSmallIntegerField(_("percent done"), default=0)
    summary = models.JSONField(_("where things stand"), default=_empty, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(percent_done__lte=100), name="implementation_percent_le_100"
            ),
            models.CheckConstraint(condition=Q(idea__isnull=False), name="implementation_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.percent_done}% of idea {self.idea_id}"


class Milestone(models.Model):
    implementation = models.ForeignKey(
        Implementation, on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.JSONField(_("milestone"), default=_empty)
    due_on = models.DateField(_("planned for"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return translate(self.title)


class ProgressPhoto(models.Model):
    implementation = models.ForeignKey(
        Implementation, on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(upload_to="progress/%Y/%m/")
    alt_text = models.CharField(_("image description"), max_length=300)
    taken_on = models.DateField(_("taken on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["taken_on", "pk"]

    def __str__(self) -> str:
        return self.alt_text
