"""Staff pages of a voting phase: setup, items, paper ballots, files, rule comparison, results.

Each page is reached through `get_setup_for_staff` (404 for an unknown phase, 403 for someone
who does not manage the project); each write goes through one service.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cocity.backoffice.access import get_phase_for_staff, get_project_for_staff, require_backoffice
from cocity.voting import outcomes, selectors, services
from cocity.voting.forms import (
    BallotItemForm,
    CompareForm,
    IdeasForwardForm,
    PaperBallotCorrectForm,
    PaperBallotForm,
    PaperBallotVoidForm,
    PbImportForm,
    VotingSetupForm,
    add_service_error,
)
from cocity.voting.models import OutcomeRule, VotingSetup
from cocity.voting.views import VOTING_METHODS


def get_setup_for_staff(user: Any, slug: str, phase_pk: int) -> VotingSetup:
    project = get_project_for_staff(user, slug)
    phase = get_phase_for_staff(project, phase_pk)
    if phase.method not in VOTING_METHODS:
        raise Http404("This phase holds no vote")
    return services.voting_setup_for(phase)


def staff_url(name: str, setup: VotingSetup, **kwargs: Any) -> str:
    phase = setup.phase
    return reverse(
        f"voting:{name}", kwargs={"slug": phase.project.slug, "phase_pk": phase.pk, **kwargs}
    )


def _context(setup: VotingSetup, section: str, **extra: Any) -> dict[str, Any]:
    return {
        "setup": setup,
        "phase": setup.phase,
        "project": setup.phase.project,
        "section": "phases",
        "vote_section": section,
        "locked": services.is_locked(setup),
        **extra,
    }


# --- Setup ---------------------------------------------------------------------------------


@require_backoffice
def setup_edit(request: HttpRequest, slug: str, phase_pk: int) -> HttpResponse:
    setup = get_setup_for_staff(request.user, slug, phase_pk)
    locked = services.is_locked(setup)
    form = VotingSetupForm(
        request.POST or None,
        initial=VotingSetupForm.initial_for(setup),
        kinds=services.kinds_for(setup.phase),
        locked=locked,
    )
    if request.method == "POST":
        if locked:
            messages.error(
                request,
                _(
                    "Voting has started: the kind of vote, its limits, the rule and who may vote "
                    "are fixed."
                ),
            )
            return redirect(staff_url("setup", setup))
        if form.is_valid():
            try:
                services.voting_setup_update(setup=setup, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The vote's setup is saved."))
                return redirect(staff_url("setup", setup))
    counts = selectors.ballot_counts(setup)
    return render(
        request,
        "voting/staff/setup.html",
        _context(setup, "setup", form=form, counts=counts),
        status=400 if form.errors else 200,
    )


# --- Items ---------------------------------------------------------------------------------


@require_backoffice
def item_list(request: HttpRequest, slug: str, phase_pk: int) -> HttpResponse:
    setup = get_setup_for_staff(request.user, slug, phase_pk)
    form = BallotItemForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.ballot_item_create(
                setup=setup, user=request.user, images=form.new_images(), **form.service_kwargs()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("Item %(number)d is on the ballot.") % {"number": item.number}
            )
            return redirect(staff_url("items", setup))
    ideas = services.ideas_to_take_forward(setup) if not services.is_locked(setup) else []
    context = _context(
        setup,
        "items",
        form=form,
        items=selectors.items_for_ballot(setup),
        ideas_form=IdeasForwardForm(ideas=ideas) if ideas else None,
    )
    return render(request, "voting/staff/items.html", context, status=400 if form.errors else 200)


@require_backoffice
def item_edit(request: HttpRequest, slug: str, phase_pk: int, pk: int) -> HttpResponse:
    setup = get_setup_for_staff(request.user, slug, phase_pk)
    item = selectors.get_item_for_staff(setup, pk)
    images = list(item.images.all())
    form = BallotItemForm(
        request.POST or None,
        request.FILES or None,
        existing_images=images,
        initial={
            "title": item.title,
            "description": item.description,
            "cost": item.cost,
            "address": item.address,
            "latitude": item.latitude,
            "longitude": item.longitude,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.ballot_item_update(
                item=item,
                user=request.user,
                new_images=form.new_images(),
                remove_image_ids=form.cleaned_data.get("remove_images", []),
                **form.service_kwargs(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Item %(number)d is saved.") % {"number": item.number})
            return redirect(staff_url("items", setup))
    context = _context(setup, "items", form=form, item=item, images=images)
    return render(
        request, "voting/staff/item_form.html", context, status=400 if form.errors else 200
    )


@require_backoffice
@require_POST
def item_delete(request: HttpRequest, slug: str, phase_pk: int, pk: int) -> HttpResponse:
    setup = get_setup_for_staff(request.user, slug, phase_pk)
    item = selectors.get_item_for_staff(setup, pk)
    try:
        services.ballot_item_delete(item=item, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The item is off the ballot."))
    return redirect(staff_url("items", setup))


@require_backoffice
@require_POST
def items_from_ideas(request: HttpRequest, slug: str, phase_pk: int) -> HttpResponse:
    setup = get_setup_for_staff(request.user, slug, phase_pk)
    form = IdeasForwardForm(request.POST, ideas=services.ideas_to_take_forward(setup))
    if not form.is_valid():
        messages.error(request, _("Choose at least one idea, and a cost of 0 or more."))
        return redirect(staff_url("items", setup))
    try:
        created = services.ballot_items_from_ideas(
            setup=setup,
            user=request.user,
            ideas=form.cleaned_data["ideas"],
            cost=form.cleaned_data["cost"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d idea is now on the ballot. Set its cost.",
                "%(count)d ideas are now on the ballot. Set their costs.",
                len(created),
            )
            % {"count": len(created)},
        )
    return redirect(staff_url("items", setup))


# --- Paper ballots -------------------------------------------------------------------------


@require_backoffice
def paper_ballots(request: HttpRequest, slug: str, phase_pk: int) -> HttpResponse:
    """Type in paper ballots, one after the other: the form comes back empty, focused, and
    keeps the place they were collected at."""
    setup = get_setup_for_staff(request.user, slug, phase_pk)
    form = PaperBallotForm(
        request.POST or None, initial={"collected_at": request.GET.get("collected_at", "")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            choices = services.choices_from_numbers(setup, form.cleaned_data["numbers"])
            ballot = services.paper_ballot_enter(
                setup=setup,
                user=request.user,
                choices=choices,
                collected_at=form.cleaned_data["collected_at"],
            )
        except ValidationError as error:
            add_service_error(form, _on_numbers(error))
        except PermissionDenied as denied:
            messages.error(request, str(denied))
        else:
            messages.success(
                request, _("Paper ballot %(number)d is counted.") % {"number": ballot.pk}
            )
            return redirect(
                staff_url("paper", setup)
                + "?"
                + _urlencode({"collected_at": form.cleaned_data["collected_at"]})
            )
    context = _context(
        setup,
        "paper",
        form=form,
        ballots=selectors.paper_ballots(setup)[:50],
        counts=selectors.ballot_counts(setup),
    )
    return render(request, "voting/staff/paper.html", context, status=400 if form.errors else 200)


def _on_numbers(error: ValidationError) -> ValidationError:
    """A refusal of the choices themselves belongs to the typed numbers' field."""
    if hasattr(error, "error_dict"):
        return error
    return ValidationError({"numbers": error.messages})


def _urlencode(params: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


def _numbers_text(ballot: Any) -> str:
    parts = []
    for choice in sorted(ballot.choices.all(), key=lambda c: c.item.number):
        parts.append(str(choice.item.number) + (f"x{choice.votes}" if choice.votes > 1 else ""))
    return " ".join(parts)


@require_backoffice
def paper_ballot_edit(request: HttpRequest, slug: str, phase_pk: int, pk: int) -> HttpResponse:
    """Correct or void one paper ballot; every change is kept in its trace."""
    setup = get_setup_for_staff(request.user, slug, phase_pk)
    ballot = selectors.get_ballot_for_staff(setup, pk)
    if ballot.source != "paper":
        raise Http404("Only paper ballots are corrected here")
    action = request.POST.get("action", "correct")
    form = PaperBallotCorrectForm(
        request.POST if action == "correct" else None,
        initial={"numbers": _numbers_text(ballot)},
    )
    void_form = PaperBallotVoidForm(request.POST if action == "void" else None)
    if request.method == "POST":
        try:
            if action == "void" and void_form.is_valid():
                services.paper_ballot_void(
                    ballot=ballot, user=request.user, note=void_form.cleaned_data["note"]
                )
                messages.success(request, _("The ballot no longer counts."))
                return redirect(staff_url("paper", setup))
            if action == "correct" and form.is_valid():
                choices = services.choices_from_numbers(setup, form.cleaned_data["numbers"])
                services.paper_ballot_correct(
                    ballot=ballot,
                    user=request.user,
                    choices=choices,
                    note=form.cleaned_data["note"],
                )
                messages.success(request, _("The ballot is corrected."))
                return redirect(staff_url("paper-edit", setup, pk=ballot.pk))
        except ValidationError as error:
            if action == "void":
                add_service_error(void_form, error)
            else:
                add_service_error(form, _on_numbers(error))
        except PermissionDenied as denied:
            messages.error(request, str(denied))
            return redirect(staff_url("paper", setup))
    context = _context(
        setup,
        "paper",
        ballot=ballot,
        form=form,
        void_form=void_form,
        trace=selectors.ballot_trace(ballot),
    )
    status = 400 if form.errors or void_form.errors else 200
    return render(request, "voting/staff/paper_edit.html", context, status=status)


# --- Files ---------------------------------------------------------------------------------


@require_backoffice
def files(request: HttpRequest, slug: str, phase_pk: int) -> HttpResponse:
    setup = get_setup_for_staff(request.user, slug, phase_pk)
    form = PbImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = outcomes.pb_import(
                setup=setup, user=request.user, text=form.cleaned_data["file"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Imported %(ballots)d ballots and %(items)d items.")
                % {"ballots": report.ballots_created, "items": report.items_created},
            )
            for warning in report.warnings[:10]:
                messages.warning(request, warning)
            return redirect(staff_url("files", setup))
    context = _context(setup, "files", form=form, counts=selectors.ballot_counts(setup))
    return render(request, "voting/staff/files.html", context, status=400 if form.errors else 200)


def _download(text: str, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(text, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_backoffice
def export_pb(request: HttpRequest, slug: str, phase_pk: int) -> HttpResponse:
    setup = get_setup_for_staff(request.user, slug, phase_pk)
    name = f"{setup.phase.project.slug}-phase-{setup.phase.pk}.pb"
    return _download(outcomes.pb_export(setup), name, "text/plain; charset=utf-8")


@require_backoffice
def export_csv(request: HttpRequest, slug: str, phase_pk: int) -> HttpResponse:
    setup = get_setup_for_staff(request.user, slug, phase_pk)
    name = f"{setup.phase.project.slug}-phase-{setup.phase.pk}-ballots.csv"
    return _download(outcomes.csv_export(setup), name, "text/csv; charset=utf-8")


# --- Results -------------------------------------------------------------------------------


@require_backoffice
def compare(request: HttpRequest, slug: str, phase_pk: int) -> HttpResponse:
    """The outcome under several rules side by side (the fixed rule first), then publish."""
    setup = get_setup_for_staff(request.user, slug, phase_pk)
    # the quick rules by default; the add1 completions take seconds on a city-wide vote, so
    # staff tick them when they want them
    default = [OutcomeRule.GREEDY.value, OutcomeRule.MES.value]
    form = CompareForm(request.GET or None, initial={"rules": default})
    chosen = form.cleaned_data["rules"] if form.is_valid() and form.cleaned_data["rules"] else None
    if setup.budget:
        rules = [setup.rule] + [r for r in (chosen or default) if r != setup.rule]
        rules = [r for r in rules if r != OutcomeRule.RANKING] or [setup.rule]
    else:
        rules = [OutcomeRule.RANKING.value]
    results = outcomes.compare_rules(setup, rules)
    for result in results:
        result.spent_text = services.money(result.spent, setup)  # type: ignore[attr-defined]
    numbers = sorted({row.item.number for row in results[0].rows}) if results else []
    items = {row.item.number: row.item for row in results[0].rows} if results else {}
    grid = [
        {
            "item": items[n],
            "cells": [
                next(row for row in result.rows if row.item.number == n) for result in results
            ],
        }
        for n in numbers
    ]
    context = _context(
        setup,
        "results",
        form=form,
        results=results,
        grid=grid,
        can_publish=setup.phase.timing() == "after" and setup.results_published_at is None,
        budget_text=services.money(setup.budget or 0, setup),
    )
    return render(request, "voting/staff/compare.html", context)


@require_backoffice
@require_POST
def publish(request: HttpRequest, slug: str, phase_pk: int) -> HttpResponse:
    setup = get_setup_for_staff(request.user, slug, phase_pk)
    try:
        services.results_publish(setup=setup, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(staff_url("compare", setup))
    messages.success(request, _("The results are public."))
    return redirect(staff_url("results", setup))
