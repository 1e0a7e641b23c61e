"""Checked access for the back office: fetch an object and refuse (403) or redirect to sign in."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from cocity.ideas.models import Idea, IdeaStatus
from cocity.participation.capabilities import Capability
from cocity.participation.permissions import check
from cocity.projects.models import Phase, Project, Topic


def require_backoffice(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors go to sign in; signed-in people who are not staff get a 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        decision = check(request.user, Capability.ACCESS_BACKOFFICE, None)
        if not decision:
            raise PermissionDenied(decision.reason)
        return view(request, *args, **kwargs)

    return wrapper


def require(user: Any, capability: Capability, obj: Any = None) -> None:
    decision = check(user, capability, obj)
    if not decision:
        raise PermissionDenied(decision.reason)


def get_project_for_staff(
    user: Any, slug: str, capability: Capability = Capability.MANAGE
) -> Project:
    """The project with its managers loaded; 404 if unknown, 403 if this user may not."""
    project = get_object_or_404(
        Project.objects.select_related("area").prefetch_related("managers"), slug=slug
    )
    require(user, capability, project)
    return project


def get_phase_for_staff(project: Project, pk: int) -> Phase:
    """A phase of this (already checked) project; 404 for a phase of another project."""
    phase = get_object_or_404(Phase, project=project, pk=pk)
    phase.project = project
    return phase


def get_topic_for_staff(project: Project, pk: int) -> Topic:
    topic = get_object_or_404(Topic, project=project, pk=pk)
    topic.project = project
    return topic


def get_idea_for_answering(user: Any, pk: int) -> Idea:
    idea = get_object_or_404(
        Idea.objects.select_related("phase__project", "status", "author").prefetch_related(
            "phase__project__managers"
        ),
        pk=pk,
    )
    require(user, Capability.ANSWER, idea.phase.project)
    return idea


def get_status_for_admin(user: Any, pk: int) -> IdeaStatus:
    require(user, Capability.ADMINISTER)
    return get_object_or_404(IdeaStatus, pk=pk)
