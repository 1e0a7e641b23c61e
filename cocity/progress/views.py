from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cocity.backoffice.access import get_idea_for_answering, require_backoffice
from cocity.backoffice.forms import add_service_error
from cocity.progress import selectors, services
from cocity.progress.forms import ImplementationForm, MilestoneForm, PhotoForm
from cocity.progress.models import Milestone
from cocity.projects.selectors import get_project_for_user

PER_PAGE = 20


def _page(request: HttpRequest, project: object = None) -> object:
    return Paginator(selectors.decided_ideas(project=project), PER_PAGE).get_page(
        request.GET.get("page")
    )


def city(request: HttpRequest) -> HttpResponse:
    return render(request, "progress/you_said_we_did.html", {"page": _page(request)})


def project(request: HttpRequest, slug: str) -> HttpResponse:
    the_project = get_project_for_user(request.user, slug)
    return render(
        request,
        "progress/you_said_we_did.html",
        {"page": _page(request, the_project), "project": the_project},
    )


@require_backoffice
def manage(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: percent done, milestones and photos of one decided idea."""
    idea = get_idea_for_answering(request.user, pk)
    implementation = getattr(idea, "implementation", None)
    action = request.POST.get("action") if request.method == "POST" else None
    forms = {
        "progress": ImplementationForm(
            request.POST if action == "progress" else None,
            initial={
                "percent_done": implementation.percent_done if implementation else 0,
                "summary": implementation.summary if implementation else {},
            },
            prefix="progress",
        ),
        "milestone": MilestoneForm(
            request.POST if action == "milestone" else None, prefix="milestone"
        ),
        "photo": PhotoForm(
            request.POST if action == "photo" else None,
            request.FILES if action == "photo" else None,
            prefix="photo",
        ),
    }
    if action in forms and forms[action].is_valid():
        form = forms[action]
        try:
            if action == "progress":
                services.implementation_update(idea=idea, user=request.user, **form.cleaned_data)
            elif action == "milestone":
                services.milestone_add(idea=idea, user=request.user, **form.cleaned_data)
            else:
                services.photo_add(idea=idea, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Progress saved; the idea's followers will be told."))
            return redirect("progress:manage", pk=idea.pk)
    elif action == "done":
        milestone = get_object_or_404(
            Milestone, pk=request.POST.get("milestone"), implementation__idea=idea
        )
        try:
            services.milestone_mark_done(
                milestone=milestone, user=request.user, done_on=timezone.localdate()
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Milestone marked as done."))
        return redirect("progress:manage", pk=idea.pk)
    return render(
        request,
        "progress/manage.html",
        {
            "idea": idea,
            "project": idea.phase.project,
            "implementation": implementation,
            "forms": forms,
            "max_upload": settings.COCITY_MAX_IMAGE_BYTES,
        },
    )
