"""Reads for the back office lists, each a constant number of queries whatever the list's size."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from cocity.ideas.models import Idea, IdeaStatus
from cocity.projects.models import Phase, Project


def _count(queryset: QuerySet[Any], link: str) -> Coalesce:
    """A correlated COUNT(*) of `queryset` rows whose `link` is the outer project."""
    counted = (
        queryset.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def projects_for_dashboard(user: Any) -> QuerySet[Project]:
    """The projects this person manages (administrators: all), with phase and idea counts.

    One query: counts are correlated subqueries, not joins, so they do not multiply rows.
    """
    projects = Project.objects.select_related("area").annotate(
        phase_count=_count(Phase.objects.all(), "project"),
        idea_count=_count(Idea.objects.all(), "phase__project"),
    )
    if not user.is_administrator:
        projects = projects.filter(managers=user)
    return projects.order_by("-created_at", "-pk")


def phases_for_staff(project: Project) -> list[Phase]:
    """The project's phases in timeline order, each with its idea count (one query)."""
    phases = list(
        project.phases.annotate(idea_count=Count("ideas")).order_by("starts_at", "position", "pk")
    )
    for phase in phases:
        phase.project = project
    return phases


def ideas_for_answering(
    *,
    project: Project,
    status: IdeaStatus | None = None,
    phase: Phase | None = None,
    answered: str = "",
) -> QuerySet[Idea]:
    """All the project's ideas, hidden and withdrawn ones included (staff must see them)."""
    ideas = Idea.objects.filter(phase__project=project).select_related("phase", "status", "author")
    if status is not None:
        ideas = ideas.filter(status=status)
    if phase is not None:
        ideas = ideas.filter(phase=phase)
    if answered == "yes":
        ideas = ideas.filter(answered_at__isnull=False)
    elif answered == "no":
        ideas = ideas.filter(answered_at__isnull=True)
    return ideas.order_by("-created_at", "-pk")
