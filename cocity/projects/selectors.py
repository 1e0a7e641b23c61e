"""Reads that cross relations, with their joins and prefetches, for the projects pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cocity.participation.capabilities import Capability
from cocity.participation.permissions import check
from cocity.projects.models import Phase, Project, Visibility


def project_list_for_home(*, now: datetime | None = None) -> dict[str, list[Project]]:
    """Published projects grouped as open, upcoming and finished, phases prefetched.

    Three queries whatever the number of projects: projects (with area), phases, managers.
    """
    now = now or timezone.now()
    projects = list(
        Project.objects.public()
        .select_related("area")
        .prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("starts_at", "pk")))
        .order_by("ends_at", "pk")
    )
    groups: dict[str, list[Project]] = {"open": [], "upcoming": [], "finished": []}
    for project in projects:
        groups[project.state(now)].append(project)
    groups["finished"].reverse()  # most recently finished first
    return groups


def get_project_for_user(user: Any, slug: str) -> Project:
    """The project, or 404 when it does not exist or this user may not see it."""
    qs: QuerySet[Project] = Project.objects.select_related("area").prefetch_related(
        # Permission checks only compare managers' ids; loading whole user rows cost ~10% of a page.
        Prefetch("managers", queryset=get_user_model().objects.only("id")),
        Prefetch("phases", queryset=Phase.objects.order_by("starts_at", "pk")),
    )
    project = get_object_or_404(qs, slug=slug)
    if not check(user, Capability.VIEW, project):
        raise Http404("Project not visible")
    return project


def get_phase_for_user(user: Any, project: Project, phase_pk: int) -> Phase:
    for phase in project.phases.all():
        if phase.pk == phase_pk:
            phase.project = project  # reuse the loaded project (and its managers)
            return phase
    raise Http404("No such phase in this project")


def current_phase(project: Project, now: datetime | None = None) -> Phase | None:
    """The open phase; else the next one; else the last one."""
    now = now or timezone.now()
    phases = list(project.phases.all())
    for phase in phases:
        if phase.is_open(now):
            return phase
    upcoming = [p for p in phases if p.starts_at > now]
    if upcoming:
        return upcoming[0]
    return phases[-1] if phases else None


__all__ = [
    "Visibility",
    "current_phase",
    "get_phase_for_user",
    "get_project_for_user",
    "project_list_for_home",
]


def is_following_project(user: Any, project: Project) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return project.follows.filter(user=user).exists()


def phase_page_context(request: Any, phase: Phase) -> dict[str, Any]:
    """What every phase page shows around the method's own content (header, timeline, follow)."""
    return {
        "project": phase.project,
        "phase": phase,
        "is_following": is_following_project(request.user, phase.project),
    }
