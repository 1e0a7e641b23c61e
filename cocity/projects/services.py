"""Writes on projects, phases and topics."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max, Min

from cocity.projects.models import Project, ProjectFollow


def project_refresh_dates(*, project: Project) -> None:
    """Copy the first start and last end of the phases onto the project (for the home page)."""
    bounds = project.phases.aggregate(starts=Min("starts_at"), ends=Max("ends_at"))
    Project.objects.filter(pk=project.pk).update(starts_at=bounds["starts"], ends_at=bounds["ends"])
    project.starts_at, project.ends_at = bounds["starts"], bounds["ends"]


@transaction.atomic
def project_follow(*, project: Project, user: object, follow: bool = True) -> bool:
    """Follow or unfollow; idempotent. Returns whether the user now follows the project."""
    if follow:
        ProjectFollow.objects.get_or_create(project=project, user=user)
    else:
        ProjectFollow.objects.filter(project=project, user=user).delete()
    return follow
