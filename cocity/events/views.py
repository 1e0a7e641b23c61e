"""Events pages (public and staff), offline input, printables and the kiosk.

Thin: access helper → form → service → response. Every action is a plain POST that redirects
with a message; htmx requests get the fragment they swap instead.
"""

from __future__ import annotations

import csv
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cocity.core.i18n import translate
from cocity.events import ical, printing, selectors, services
from cocity.events.forms import (
    EventForm,
    EventListForm,
    KioskIdeaForm,
    KioskLeaveForm,
    KioskStartForm,
    OfflineCommentForm,
    OfflineIdeaForm,
    ReportForm,
    add_service_error,
)
from cocity.events.models import Event, Registration
from cocity.ideas.models import Idea
from cocity.participation.capabilities import Capability
from cocity.participation.permissions import can, check
from cocity.projects.models import Phase, Project
from cocity.projects.selectors import phase_page_context


def event_url(event: Event) -> str:
    return reverse("events:detail", kwargs={"pk": event.pk})


def _staff_only(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


def _message(error: PermissionDenied | ValidationError) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


# --- Public pages -------------------------------------------------------------------------------


def _list_context(request: HttpRequest, *, project: Project | None = None) -> dict[str, Any]:
    projects, areas = selectors.filter_choices()
    form = EventListForm(request.GET, projects=projects, areas=areas)
    filters = form.filters()
    view = "map" if request.GET.get("view") == "map" else "list"
    events = selectors.event_list(filters=filters, project=project)
    context: dict[str, Any] = {
        "form": form,
        "filters": filters,
        "view": view,
        "now": timezone.now(),
        "MAP_CENTER": settings.COCITY_MAP_CENTER,
    }
    if view == "map":
        located = list(events.filter(latitude__isnull=False)[: selectors.MAP_MARKER_LIMIT])
        context.update(located=located, map_points=selectors.map_points(located))
    else:
        context["page"] = Paginator(events, selectors.EVENTS_PER_PAGE).get_page(
            request.GET.get("page")
        )
    return context


def event_list(request: HttpRequest) -> HttpResponse:
    """Upcoming or past events, filterable, as a list or on a map with its list twin."""
    context = _list_context(request)
    context["may_organise"] = can(request.user, Capability.ORGANISE_EVENTS)
    if request.htmx and request.htmx.target == "event-results":
        return render(request, "events/_event_results.html", context)
    return render(request, "events/event_list.html", context)


def phase_events(request: HttpRequest, phase: Phase) -> HttpResponse:
    """The `events` participation method's phase page: the project's events."""
    context = {
        **phase_page_context(request, phase),
        **_list_context(request, project=phase.project),
    }
    context["may_manage"] = can(request.user, Capability.MANAGE, phase.project)
    if request.htmx and request.htmx.target == "event-results":
        return render(request, "events/_event_results.html", context)
    return render(request, "events/phase_events.html", context)


def _detail_context(request: HttpRequest, event: Event, **extra: Any) -> dict[str, Any]:
    registration = selectors.user_registration(request.user, event)
    taken = selectors.confirmed_count(event)
    return {
        "event": event,
        "project": event.project,
        "registration": registration,
        "waiting_position": (
            selectors.waiting_position(registration)
            if registration is not None and registration.is_waiting
            else None
        ),
        "confirmed_count": taken,
        "places_left": None if event.capacity is None else max(event.capacity - taken, 0),
        "may_register": check(request.user, Capability.REGISTER, event),
        "may_manage": can(request.user, Capability.MANAGE, event),
        "report": selectors.event_report(event),
        "collected_ideas": list(
            Idea.objects.listed().filter(source_event=event).order_by("-created_at")[:20]
        ),
        "now": timezone.now(),
        **extra,
    }


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.get_event_for_user(request.user, pk)
    return render(request, "events/event_detail.html", _detail_context(request, event))


def _registration_response(
    request: HttpRequest, event: Event, *, error: str = "", success: str = ""
) -> HttpResponse:
    if request.htmx:
        context = _detail_context(request, event, action_error=error, action_success=success)
        return render(request, "events/event_detail.html#registration", context)
    if error:
        messages.error(request, error)
    elif success:
        messages.success(request, success)
    return redirect(event_url(event) + "#registration")


@require_POST
def event_register(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.get_event_for_user(request.user, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(event_url(event))
    try:
        registration = services.registration_register(event=event, user=request.user)
    except (PermissionDenied, ValidationError) as refusal:
        return _registration_response(request, event, error=_message(refusal))
    done = (
        _("You are registered. See you there!")
        if registration.is_confirmed
        else _(
            "The event is full: you are on the waiting list. We will email you if a place frees up."
        )
    )
    return _registration_response(request, event, success=done)


@require_POST
def event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.get_event_for_user(request.user, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(event_url(event))
    registration = selectors.user_registration(request.user, event)
    if registration is None:
        return _registration_response(
            request, event, error=_("You are not registered for this event.")
        )
    try:
        services.registration_cancel(registration=registration, user=request.user)
    except (PermissionDenied, ValidationError) as refusal:
        return _registration_response(request, event, error=_message(refusal))
    return _registration_response(request, event, success=_("Your registration is cancelled."))


def _ics_response(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.get_event_for_user(request.user, pk)
    slug = slugify(str(translate(event.title)))[:50] or f"event-{event.pk}"
    return _ics_response(ical.calendar([(event, "CONFIRMED")]), f"{slug}.ics")


def my_calendar(request: HttpRequest) -> HttpResponse:
    """The person's events and the secret address of their calendar feed."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        services.calendar_token_regenerate(user=request.user)
        messages.success(
            request, _("Your calendar has a new address. The old one no longer works.")
        )
        return redirect("events:my-calendar")
    token = services.calendar_token_for(user=request.user)
    feed_url = settings.SITE_URL.rstrip("/") + reverse("events:feed", kwargs={"token": token.token})
    return render(
        request,
        "events/my_calendar.html",
        {"feed_url": feed_url, "items": selectors.user_calendar(request.user)},
    )


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The secret-token feed calendars subscribe to (no session: the token is the key)."""
    user = selectors.user_for_calendar_token(token)
    body = ical.calendar(
        selectors.user_calendar(user),
        name=_("%(site)s events") % {"site": settings.COCITY_SITE_NAME},
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response


# --- Staff: events ------------------------------------------------------------------------------


def staff_events(request: HttpRequest) -> HttpResponse:
    if (login := _staff_only(request)) is not None:
        return login
    decision = check(request.user, Capability.ACCESS_BACKOFFICE, None)
    if not decision:
        raise PermissionDenied(decision.reason)
    return render(
        request,
        "events/staff_events.html",
        {
            "events": selectors.events_for_staff(request.user),
            "projects": selectors.projects_for_staff(request.user),
            "may_organise": can(request.user, Capability.ORGANISE_EVENTS),
        },
    )


def _event_form_page(
    request: HttpRequest, form: EventForm, *, event: Event | None, project: Project | None
) -> HttpResponse:
    return render(
        request,
        "events/event_form.html",
        {"form": form, "event": event, "project": project},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    if (login := _staff_only(request)) is not None:
        return login
    project = None
    if slug is not None:
        project = get_object_or_404(Project.objects.prefetch_related("managers"), slug=slug)
        decision = check(request.user, Capability.MANAGE, project)
    else:
        decision = check(request.user, Capability.ORGANISE_EVENTS, None)
    if not decision:
        raise PermissionDenied(decision.reason)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(
                user=request.user, project=project, data=form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The event is saved."))
            return redirect("events:staff-detail", pk=event.pk)
    return _event_form_page(request, form, event=None, project=project)


@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if (login := _staff_only(request)) is not None:
        return login
    event = selectors.get_event_for_staff(request.user, pk)
    form = EventForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(event=event, user=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The event is saved."))
            return redirect("events:staff-detail", pk=event.pk)
    return _event_form_page(request, form, event=event, project=event.project)


def staff_event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The attendance list, with its CSV export (`?format=csv`)."""
    if (login := _staff_only(request)) is not None:
        return login
    event = selectors.get_event_for_staff(request.user, pk)
    registrations = selectors.attendance(event)
    if request.GET.get("format") == "csv":
        return _attendance_csv(event, registrations)
    confirmed = [r for r in registrations if r.is_confirmed]
    return render(
        request,
        "events/staff_event_detail.html",
        {
            "event": event,
            "project": event.project,
            "confirmed": confirmed,
            "waiting": [r for r in registrations if r.is_waiting],
            "checked_in": sum(1 for r in confirmed if r.checked_in_at),
            "report": selectors.event_report(event, published_only=False),
        },
    )


def _attendance_csv(event: Event, registrations: list[Registration]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}-attendance.csv"'
    response.write("\ufeff")  # spreadsheet programs then read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow([_("Name"), _("Email"), _("Status"), _("Registered at"), _("Checked in at")])
    for r in registrations:
        writer.writerow(
            [
                _csv_safe(r.user.public_name),
                _csv_safe(r.user.email),
                r.get_status_display(),
                timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
                timezone.localtime(r.checked_in_at).strftime("%Y-%m-%d %H:%M")
                if r.checked_in_at
                else "",
            ]
        )
    return response


def _csv_safe(value: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas: quote them as text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    """A phone-friendly list with a large button per person; POST marks them (or undoes)."""
    if (login := _staff_only(request)) is not None:
        return login
    event = selectors.get_event_for_staff(request.user, pk)
    error = success = ""
    changed: Registration | None = None
    if request.method == "POST":
        try:
            changed = services.registration_check_in(
                event=event,
                user=request.user,
                registration_id=int(request.POST.get("registration", "0") or 0),
                present=request.POST.get("present") != "0",
            )
        except (ValueError, ValidationError) as refusal:
            error = (
                _message(refusal)
                if isinstance(refusal, ValidationError)
                else _("This person is not registered for this event.")
            )
        else:
            success = (
                _("%(name)s is checked in.") % {"name": changed.user.public_name}
                if changed.checked_in_at
                else _("%(name)s is no longer checked in.") % {"name": changed.user.public_name}
            )
        if request.htmx and changed is not None:
            return render(
                request,
                "events/check_in.html#row",
                {"event": event, "registration": changed, "action_success": success},
            )
        if request.htmx:
            response = HttpResponse(f'<p class="message message-error" role="alert">{error}</p>')
            response["HX-Retarget"] = "#check-in-status"
            return response
        if error:
            messages.error(request, error)
        else:
            messages.success(request, success)
        return redirect(reverse("events:check-in", kwargs={"pk": event.pk}))
    confirmed = [r for r in selectors.attendance(event) if r.is_confirmed]
    return render(
        request,
        "events/check_in.html",
        {
            "event": event,
            "registrations": confirmed,
            "checked_in": sum(1 for r in confirmed if r.checked_in_at),
        },
    )


@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if (login := _staff_only(request)) is not None:
        return login
    event = selectors.get_event_for_staff(request.user, pk)
    report = selectors.event_report(event, published_only=False)
    ideas_qs = Idea.objects.listed().select_related("phase").order_by("-created_at")
    if event.project_id is not None:
        ideas_qs = ideas_qs.filter(phase__project=event.project)
    else:
        ideas_qs = ideas_qs.filter(source_event=event)
    photos = list(report.photos.all()) if report else []
    initial: dict[str, Any] = {}
    if report is not None:
        initial = {
            "summary": report.summary,
            "participant_count": report.participant_count,
            "ideas": [i.pk for i in report.ideas.all()],
            "publish": report.is_published,
        }
    else:
        initial = {
            "participant_count": event.registrations.filter(checked_in_at__isnull=False).count(),
            "ideas": list(Idea.objects.filter(source_event=event).values_list("pk", flat=True)),
        }
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        ideas=list(ideas_qs[:200]),
        photos=photos,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.report_save(event=event, user=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_error(form, error)
        except PermissionDenied as denied:
            raise denied
        else:
            messages.success(
                request,
                _("The report is published.") if saved.is_published else _("The report is saved."),
            )
            return redirect("events:staff-detail", pk=event.pk)
    return render(
        request,
        "events/report_form.html",
        {"form": form, "event": event, "project": event.project, "report": report},
        status=400 if form.errors else 200,
    )


# --- Staff: offline input -----------------------------------------------------------------------


def _project_events(project: Project) -> list[Event]:
    return list(Event.objects.filter(project=project).order_by("-starts_at")[:50])


def _offline_phase(request: HttpRequest, slug: str, phase_pk: int) -> Phase:
    project = get_object_or_404(Project.objects.prefetch_related("managers"), slug=slug)
    phase = get_object_or_404(Phase, project=project, pk=phase_pk)
    phase.project = project
    decision = check(request.user, Capability.ENTER_OFFLINE, phase)
    if not decision:
        raise PermissionDenied(decision.reason)
    return phase


@require_http_methods(["GET", "POST"])
def offline_idea(request: HttpRequest, slug: str, phase_pk: int) -> HttpResponse:
    if (login := _staff_only(request)) is not None:
        return login
    phase = _offline_phase(request, slug, phase_pk)
    project = phase.project
    form = OfflineIdeaForm(
        request.POST or None,
        request.FILES or None,
        topics=list(project.topics.all()),
        events=_project_events(project),
    )
    if request.method == "POST" and form.is_valid():
        try:
            idea = services.offline_idea_enter(
                phase=phase,
                user=request.user,
                images=form.new_images(),
                **form.service_kwargs(),
                **form.provenance_kwargs(),
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("The idea “%(title)s” is published. You can enter the next one.")
                % {"title": idea.title},
            )
            return redirect("events:offline-idea", slug=project.slug, phase_pk=phase.pk)
    return render(
        request,
        "events/offline_idea_form.html",
        {"form": form, "phase": phase, "project": project},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def offline_comment(request: HttpRequest, pk: int) -> HttpResponse:
    if (login := _staff_only(request)) is not None:
        return login
    idea = get_object_or_404(
        Idea.objects.select_related("phase__project").prefetch_related("phase__project__managers"),
        pk=pk,
    )
    decision = check(request.user, Capability.ENTER_OFFLINE, idea)
    if not decision:
        raise PermissionDenied(decision.reason)
    project = idea.phase.project
    form = OfflineCommentForm(request.POST or None, events=_project_events(project))
    if request.method == "POST" and form.is_valid():
        try:
            services.offline_comment_enter(
                idea=idea, user=request.user, body=form.cleaned_data["body"],
                **form.provenance_kwargs(),
            )  # fmt: skip
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The comment is published."))
            return redirect(reverse("ideas:detail", kwargs={"pk": idea.pk}) + "#comments")
    return render(
        request,
        "events/offline_comment_form.html",
        {"form": form, "idea": idea, "project": project},
        status=400 if form.errors else 200,
    )


# --- Staff: printable materials -----------------------------------------------------------------


PRINTABLES = {
    "poster": "events/print_poster.html",
    "flyer": "events/print_flyer.html",
    "idea-form": "events/print_idea_form.html",
}


def printable(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    """A poster, a flyer or the paper idea form, print-ready in A4 or A3."""
    if kind not in PRINTABLES:
        raise Http404("No such printable")
    if (login := _staff_only(request)) is not None:
        return login
    project = get_object_or_404(
        Project.objects.select_related("area").prefetch_related("managers", "phases", "topics"),
        slug=slug,
    )
    decision = check(request.user, Capability.MANAGE, project)
    if not decision:
        raise PermissionDenied(decision.reason)
    size = "A3" if request.GET.get("size") == "A3" else "A4"
    project_url = settings.SITE_URL.rstrip("/") + reverse(
        "projects:detail", kwargs={"slug": project.slug}
    )
    context = {
        "project": project,
        "phases": list(project.phases.all()),
        "topics": list(project.topics.all()),
        "size": size,
        "kind": kind,
        "project_url": project_url,
        "qr_svg": printing.qr_svg(project_url),
        "upcoming_events": list(
            Event.objects.published().upcoming().filter(project=project).order_by("starts_at")[:3]
        ),
    }
    return render(request, PRINTABLES[kind], context)


# --- Kiosk --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def kiosk_start(request: HttpRequest, slug: str) -> HttpResponse:
    if (login := _staff_only(request)) is not None:
        return login
    project = get_object_or_404(Project.objects.prefetch_related("managers"), slug=slug)
    phases = [p for p in project.phases.all() if can(request.user, Capability.ENTER_OFFLINE, p)]
    for p in phases:
        p.project = project
    if not phases:
        raise PermissionDenied(_("A kiosk needs an open ideation phase of a project you manage."))
    form = KioskStartForm(request.POST or None, phases=phases, events=_project_events(project))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            kiosk = services.kiosk_start(
                phase=form.phase_by_pk[data["phase"]],
                user=request.user,
                location=data["location"],
                pin=data["pin"],
                event=form.event_by_pk.get(data.get("event")),  # type: ignore[arg-type]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            # The tablet must not stay signed in as staff: sign out, then bind the kiosk to
            # the new (anonymous) session.
            logout(request)
            request.session["kiosk_id"] = kiosk.pk
            return redirect("events:kiosk")
    return render(
        request,
        "events/kiosk_start.html",
        {"form": form, "project": project},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def kiosk(request: HttpRequest) -> HttpResponse:
    """The full-screen kiosk page: one project, one form, for residents in turn."""
    current = selectors.kiosk_in_session(request.session)
    if current is None:
        request.session.pop("kiosk_id", None)
        messages.info(request, _("This browser is not in kiosk mode."))
        return redirect("projects:home")
    project = current.phase.project
    form = KioskIdeaForm(request.POST or None, topics=list(project.topics.all()))
    if request.method == "POST" and form.is_valid():
        try:
            services.kiosk_post_idea(kiosk=current, **form.service_kwargs())
        except ValidationError as error:
            form.add_service_error(error)
        except PermissionDenied as denied:
            form.add_error(None, str(denied))
        else:
            messages.success(request, _("Thank you! Your idea is posted. Next person, please."))
            return redirect("events:kiosk")
    return render(
        request,
        "events/kiosk.html",
        {"form": form, "kiosk": current, "project": project, "phase": current.phase},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def kiosk_leave(request: HttpRequest) -> HttpResponse:
    current = selectors.kiosk_in_session(request.session)
    if current is None:
        request.session.pop("kiosk_id", None)
        return redirect("projects:home")
    form = KioskLeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.kiosk_leave(kiosk=current, pin=form.cleaned_data["pin"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            request.session.flush()
            messages.success(request, _("Kiosk mode has ended. Please sign in."))
            return redirect(settings.LOGIN_URL)
    return render(
        request,
        "events/kiosk_leave.html",
        {"form": form, "kiosk": current, "project": current.phase.project},
        status=400 if form.errors else 200,
    )
