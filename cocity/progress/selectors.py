"""The "you said, we did" list: decided ideas with their answer and progress, in a constant
number of queries whatever the page size (one for the page, one for the count, one per
prefetched relation)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from cocity.ideas.models import Idea
from cocity.progress.models import Milestone, ProgressPhoto


def decided_ideas(*, project: Any = None) -> QuerySet[Idea]:
    ideas = (
        Idea.objects.listed()
        .filter(
            status__is_decision=True,
            phase__project__visibility__in=["published", "archived"],
        )
        .select_related("status", "phase__project", "implementation")
        .prefetch_related(
            Prefetch("implementation__milestones", queryset=Milestone.objects.order_by("due_on")),
            Prefetch("implementation__photos", queryset=ProgressPhoto.objects.order_by("taken_on")),
            "ballot_items",
        )
        .defer("body", "body_html")
        .order_by("-answered_at", "-pk")
    )
    if project is not None:
        ideas = ideas.filter(phase__project=project)
    return ideas
