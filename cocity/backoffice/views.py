"""The city staff's back office: projects, phases, topics, idea statuses, answering ideas.

Every view: checked access → form → one service call → redirect with a message. Plain forms
that work without JavaScript; the idea list also answers htmx with just its table.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocity.backoffice import selectors
from cocity.backoffice import services as backoffice_services
from cocity.backoffice.access import (
    get_idea_for_answering,
    get_phase_for_staff,
    get_project_for_staff,
    get_status_for_admin,
    get_topic_for_staff,
    require,
    require_backoffice,
)
from cocity.backoffice.forms import (
    AnswerForm,
    IdeaFilterForm,
    IdeaStatusForm,
    PhaseForm,
    ProjectForm,
    TopicForm,
    add_service_error,
)
from cocity.ideas.models import IdeaStatus
from cocity.ideas.services import idea_answer
from cocity.participation.capabilities import Capability
from cocity.participation.permissions import can
from cocity.participation.registry import methods
from cocity.projects import services
from cocity.projects.models import Project

IDEAS_PER_PAGE = 25


def _project_url(name: str, project: Project) -> str:
    return reverse(f"backoffice:{name}", kwargs={"slug": project.slug})


@require_backoffice
def dashboard(request: HttpRequest) -> HttpResponse:
    projects = list(selectors.projects_for_dashboard(request.user))
    return render(
        request,
        "backoffice/dashboard.html",
        {
            "projects": projects,
            "may_create": can(request.user, Capability.CREATE_PROJECT),
            "may_administer": can(request.user, Capability.ADMINISTER),
        },
    )


# --- Projects -----------------------------------------------------------------------------------


@require_backoffice
def project_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.CREATE_PROJECT)
    form = ProjectForm(
        request.POST or None,
        request.FILES or None,
        creating=True,
        may_choose_managers=True,
        initial={"visibility": "draft", "reaction_mode": "up"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Project created as a draft. Add its phases, then publish it."),
            )
            return redirect(_project_url("phase-list", project))
    return render(
        request,
        "backoffice/project_form.html",
        {"form": form, "project": None, "section": "project"},
    )


@require_backoffice
def project_edit(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_project_for_staff(request.user, slug)
    may_choose_managers = can(request.user, Capability.ADMINISTER)
    initial = {
        "title": project.title,
        "summary": project.summary,
        "description": project.description,
        "cover_alt": project.cover_alt,
        "area": project.area_id,
        "visibility": project.visibility,
        "reaction_mode": project.reaction_mode,
        "managers": [m.pk for m in project.managers.all()],
    }
    form = ProjectForm(
        request.POST or None,
        request.FILES or None,
        creating=False,
        may_choose_managers=may_choose_managers,
        has_cover=bool(project.cover_image),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.setdefault("managers", None)  # not in the form: leave them as they are
        try:
            services.project_update(project=project, user=request.user, **data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Project saved."))
            return redirect(_project_url("project-edit", project))
    return render(
        request,
        "backoffice/project_form.html",
        {"form": form, "project": project, "section": "project"},
    )


# --- Phases -------------------------------------------------------------------------------------


def _warn_overlaps(request: HttpRequest, phase: object) -> None:
    overlapping = services.phase_overlaps(phase=phase)  # type: ignore[arg-type]
    if overlapping:
        messages.warning(
            request,
            _(
                "This phase overlaps with %(phases)s. Residents will see more than one current "
                "phase; check that this is what you want."
            )
            % {"phases": ", ".join(f"“{p}”" for p in overlapping)},
        )


@require_backoffice
def phase_list(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_project_for_staff(request.user, slug)
    phases = selectors.phases_for_staff(project)
    registry = methods()
    rows = []
    for phase in phases:
        overlaps = [
            other
            for other in phases
            if other.pk != phase.pk
            and other.starts_at < phase.ends_at
            and other.ends_at > phase.starts_at
        ]
        method = registry.get(phase.method)
        rows.append(
            {
                "phase": phase,
                "method_label": method.label if method else phase.method,
                "overlaps": overlaps,
            }
        )
    return render(
        request,
        "backoffice/phase_list.html",
        {"project": project, "rows": rows, "section": "phases"},
    )


@require_backoffice
def phase_create(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_project_for_staff(request.user, slug)
    form = PhaseForm(request.POST or None, initial={"method": "ideation"})
    if request.method == "POST" and form.is_valid():
        try:
            phase = services.phase_create(project=project, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Phase added to the timeline."))
            _warn_overlaps(request, phase)
            return redirect(_project_url("phase-list", project))
    return render(
        request,
        "backoffice/phase_form.html",
        {"form": form, "project": project, "phase": None, "section": "phases"},
    )


@require_backoffice
def phase_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = get_project_for_staff(request.user, slug)
    phase = get_phase_for_staff(project, pk)
    form = PhaseForm(
        request.POST or None,
        initial=PhaseForm.initial_for(phase),
        method_locked=services.phase_has_contributions(phase=phase),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.phase_update(phase=phase, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Phase saved."))
            _warn_overlaps(request, phase)
            return redirect(_project_url("phase-list", project))
    return render(
        request,
        "backoffice/phase_form.html",
        {"form": form, "project": project, "phase": phase, "section": "phases"},
    )


@require_backoffice
def phase_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes, or explains why the phase must stay."""
    project = get_project_for_staff(request.user, slug)
    phase = get_phase_for_staff(project, pk)
    if request.method == "POST":
        try:
            services.phase_delete(phase=phase, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Phase deleted."))
        return redirect(_project_url("phase-list", project))
    return render(
        request,
        "backoffice/confirm_delete.html",
        {
            "project": project,
            "title": _("Delete the phase “%(phase)s”?") % {"phase": phase},
            "consequence": _("The phase disappears from the project's timeline."),
            "cancel_url": _project_url("phase-list", project),
        },
    )


# --- Topics -------------------------------------------------------------------------------------


@require_backoffice
def topic_list(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_project_for_staff(request.user, slug)
    form = TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.topic_create(project=project, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Topic added."))
            return redirect(_project_url("topic-list", project))
    topics = list(project.topics.order_by("position", "pk"))
    return render(
        request,
        "backoffice/topic_list.html",
        {"project": project, "topics": topics, "form": form, "section": "topics"},
    )


@require_backoffice
def topic_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = get_project_for_staff(request.user, slug)
    topic = get_topic_for_staff(project, pk)
    form = TopicForm(request.POST or None, initial={"name": topic.name, "position": topic.position})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data["position"] is None:
            data["position"] = topic.position
        try:
            services.topic_update(topic=topic, user=request.user, **data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Topic saved."))
            return redirect(_project_url("topic-list", project))
    return render(
        request,
        "backoffice/topic_form.html",
        {"form": form, "project": project, "topic": topic, "section": "topics"},
    )


@require_backoffice
@require_POST
def topic_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = get_project_for_staff(request.user, slug)
    topic = get_topic_for_staff(project, pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    services.topic_move(topic=topic, user=request.user, offset=offset)
    messages.success(request, _("Topic “%(topic)s” moved.") % {"topic": topic})
    return redirect(_project_url("topic-list", project))


@require_backoffice
def topic_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = get_project_for_staff(request.user, slug)
    topic = get_topic_for_staff(project, pk)
    if request.method == "POST":
        services.topic_delete(topic=topic, user=request.user)
        messages.success(request, _("Topic deleted."))
        return redirect(_project_url("topic-list", project))
    used_by = topic.ideas.count()
    return render(
        request,
        "backoffice/confirm_delete.html",
        {
            "project": project,
            "title": _("Delete the topic “%(topic)s”?") % {"topic": topic},
            "consequence": _(
                "%(count)d ideas carry this topic; they keep everything else but lose the topic."
            )
            % {"count": used_by},
            "cancel_url": _project_url("topic-list", project),
        },
    )


# --- Answering ideas ----------------------------------------------------------------------------


@require_backoffice
def idea_list(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_project_for_staff(request.user, slug, Capability.ANSWER)
    phases = list(project.phases.order_by("starts_at", "pk"))
    filters = IdeaFilterForm(request.GET or None, phases=phases)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    ideas = selectors.ideas_for_answering(
        project=project,
        status=criteria.get("status"),
        phase=criteria.get("phase"),
        answered=criteria.get("answered", ""),
    )
    page = Paginator(ideas, IDEAS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"project": project, "filters": filters, "page": page, "section": "ideas"}
    if request.htmx:
        return render(request, "backoffice/idea_list.html#idea-table", context)
    return render(request, "backoffice/idea_list.html", context)


@require_backoffice
def idea_answer_view(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_idea_for_answering(request.user, pk)
    project = idea.phase.project
    form = AnswerForm(
        request.POST or None,
        initial={"status": idea.status_id, "answer": idea.official_answer},
    )
    if request.method == "POST" and form.is_valid():
        try:
            idea_answer(idea=idea, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Answer published on the idea's page."))
            return redirect(_project_url("idea-list", project))
    return render(
        request,
        "backoffice/idea_answer.html",
        {"idea": idea, "project": project, "form": form, "section": "ideas"},
    )


# --- Idea statuses ------------------------------------------------------------------------------


@require_backoffice
def status_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.ADMINISTER)
    statuses = list(IdeaStatus.objects.order_by("position", "pk"))
    return render(request, "backoffice/status_list.html", {"statuses": statuses})


@require_backoffice
def status_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.ADMINISTER)
    form = IdeaStatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            backoffice_services.idea_status_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Status added."))
            return redirect("backoffice:status-list")
    return render(request, "backoffice/status_form.html", {"form": form, "status": None})


@require_backoffice
def status_edit(request: HttpRequest, pk: int) -> HttpResponse:
    status = get_status_for_admin(request.user, pk)
    form = IdeaStatusForm(
        request.POST or None,
        initial={
            "label": status.label,
            "slug": status.slug,
            "description": status.description,
            "position": status.position,
            "is_default": status.is_default,
            "is_decision": status.is_decision,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            backoffice_services.idea_status_update(
                status=status, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Status saved."))
            return redirect("backoffice:status-list")
    return render(request, "backoffice/status_form.html", {"form": form, "status": status})
