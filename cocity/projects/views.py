from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocity.participation.capabilities import Capability
from cocity.participation.permissions import check
from cocity.participation.registry import get_method
from cocity.projects import selectors, services
from cocity.projects.models import Project


def home(request: HttpRequest) -> HttpResponse:
    groups = selectors.project_list_for_home()
    return render(request, "projects/home.html", {"groups": groups, "now": timezone.now()})


def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The project page: its timeline and the current phase's content."""
    project = selectors.get_project_for_user(request.user, slug)
    phase = selectors.current_phase(project)
    if phase is None:
        return render(
            request,
            "projects/project_detail.html",
            {
                "project": project,
                "is_following": selectors.is_following_project(request.user, project),
            },
        )
    phase.project = project
    return get_method(phase.method).render_phase(request, phase)


def phase_detail(request: HttpRequest, slug: str, phase_pk: int) -> HttpResponse:
    project = selectors.get_project_for_user(request.user, slug)
    phase = selectors.get_phase_for_user(request.user, project, phase_pk)
    return get_method(phase.method).render_phase(request, phase)


@require_POST
def project_follow(request: HttpRequest, slug: str) -> HttpResponse:
    project = selectors.get_project_for_user(request.user, slug)
    if not request.user.is_authenticated:
        return redirect_to_login(project_url(project))
    decision = check(request.user, Capability.FOLLOW, project)
    if not decision:
        raise PermissionDenied(decision.reason)
    following = services.project_follow(
        project=project, user=request.user, follow=request.POST.get("follow") != "0"
    )
    if request.htmx:
        return render(
            request,
            "projects/_follow_button.html",
            {"project": project, "is_following": following},
        )
    messages.success(
        request,
        _("You now follow this project.") if following else _("You no longer follow this project."),
    )
    return redirect(project_url(project))


def project_url(project: Project) -> str:
    return reverse("projects:detail", kwargs={"slug": project.slug})
