"""Pages of the voting and budgeting methods. Thin: access helper → form → service → response.

Every action is a plain POST that redirects back with a message; htmx requests get the ballot
fragment back instead (the basket's remaining budget is always computed by the server).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from cocity.participation.capabilities import Capability
from cocity.participation.permissions import can, check
from cocity.projects.models import Phase
from cocity.projects.selectors import get_project_for_user, phase_page_context
from cocity.voting import outcomes, qr, selectors, services
from cocity.voting.models import VotingSetup

VOTING_METHODS = ("voting", "budgeting")


def phase_url(phase: Phase) -> str:
    return reverse("projects:phase", kwargs={"slug": phase.project.slug, "phase_pk": phase.pk})


def get_setup_for_user(user: Any, slug: str, phase_pk: int) -> VotingSetup:
    """The voting setup of a phase this user may see; 404 otherwise."""
    project = get_project_for_user(user, slug)
    for phase in project.phases.all():
        if phase.pk == phase_pk and phase.method in VOTING_METHODS:
            phase.project = project
            return services.voting_setup_for(phase)
    raise Http404("No vote in this phase")


def _voter_key(request: HttpRequest) -> str:
    """Who the item order is shuffled for: the resident, or this browser's session."""
    if request.user.is_authenticated:
        return f"u{request.user.pk}"
    if not request.session.session_key:
        request.session.save()
    return f"s{request.session.session_key}"


def _ballot_context(request: HttpRequest, setup: VotingSetup, **extra: Any) -> dict[str, Any]:
    phase = setup.phase
    items = selectors.items_for_ballot(setup)
    state = selectors.voter_state(setup, request.user, items)
    for item in items:  # what each item's buttons offer, computed once by the server
        item.my_votes = state.basket.votes_on(item)  # type: ignore[attr-defined]
        item.can_add = state.basket.fits(item)  # type: ignore[attr-defined]
    return {
        **phase_page_context(request, phase),
        "setup": setup,
        "items": selectors.order_for_voter(items, setup=setup, key=_voter_key(request)),
        "state": state,
        "basket": state.basket,
        "may_vote": check(request.user, Capability.VOTE, phase),
        "may_manage": can(request.user, Capability.MANAGE, phase.project),
        "show_tallies": selectors.tallies_visible(setup, phase),
        "results_visible": selectors.results_visible(request.user, setup),
        "budget_text": services.money(setup.budget or 0, setup),
        "remaining_text": services.money(state.basket.remaining_budget, setup),
        "cost_text": services.money(state.basket.cost, setup),
        "min_spend_text": services.money(setup.min_spend, setup),
        **extra,
    }


def phase_vote(request: HttpRequest, phase: Phase) -> HttpResponse:
    """The voting phase's page: the items, the resident's basket and how to cast it."""
    setup = services.voting_setup_for(phase)
    return render(request, "voting/phase.html", _ballot_context(request, setup))


def _ballot_response(
    request: HttpRequest, setup: VotingSetup, *, error: str = "", success: str = ""
) -> HttpResponse:
    if request.htmx:
        context = _ballot_context(request, setup, action_error=error, action_success=success)
        return render(request, "voting/phase.html#ballot", context, status=400 if error else 200)
    if error:
        messages.error(request, error)
    elif success:
        messages.success(request, success)
    return redirect(phase_url(setup.phase) + "#ballot")


def _message(error: PermissionDenied | ValidationError) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def _login_redirect(request: HttpRequest, next_url: str) -> HttpResponse:
    if request.htmx:
        return HttpResponseClientRedirect(f"{reverse(settings.LOGIN_URL)}?next={next_url}")
    return redirect_to_login(next_url)


@require_POST
def basket_update(request: HttpRequest, slug: str, phase_pk: int) -> HttpResponse:
    """Add, remove or re-weigh one item in the basket; the page then shows what remains."""
    setup = get_setup_for_user(request.user, slug, phase_pk)
    if not request.user.is_authenticated:
        return _login_redirect(request, phase_url(setup.phase))
    item = selectors.phase_item_or_404(setup, request.POST.get("item"))
    try:
        votes = int(request.POST.get("votes", ""))
    except ValueError:
        return _ballot_response(request, setup, error=_("Votes are whole numbers of at least 1."))
    try:
        services.basket_set(setup=setup, user=request.user, item=item, votes=votes)
    except (PermissionDenied, ValidationError) as refusal:
        return _ballot_response(request, setup, error=_message(refusal))
    done = (
        _("“%(item)s” is in your basket.") if votes else _("“%(item)s” is out of your basket.")
    ) % {"item": item.title_text}
    return _ballot_response(request, setup, success=done)


@require_POST
def ballot_submit(request: HttpRequest, slug: str, phase_pk: int) -> HttpResponse:
    setup = get_setup_for_user(request.user, slug, phase_pk)
    if not request.user.is_authenticated:
        return _login_redirect(request, phase_url(setup.phase))
    try:
        services.ballot_submit(setup=setup, user=request.user)
    except (PermissionDenied, ValidationError) as refusal:
        # The basket is kept server-side: nothing the resident chose is lost.
        return _ballot_response(
            request,
            setup,
            error=_("Your vote is not cast yet: %(reason)s") % {"reason": _message(refusal)},
        )
    return _ballot_response(
        request,
        setup,
        success=_("Your vote is cast. You can change it until voting closes."),
    )


def results(request: HttpRequest, slug: str, phase_pk: int) -> HttpResponse:
    """The public results, once voting has closed and the city has published them."""
    setup = get_setup_for_user(request.user, slug, phase_pk)
    context: dict[str, Any] = {**phase_page_context(request, setup.phase), "setup": setup}
    if selectors.results_visible(request.user, setup):
        result = outcomes.result_for(setup)
        context.update(
            result=result,
            budget_text=services.money(result.budget or 0, setup),
            spent_text=services.money(result.spent, setup),
        )
    return render(request, "voting/results.html", context)


def ballot_sheet(request: HttpRequest, slug: str, phase_pk: int) -> HttpResponse:
    """A printable paper ballot: the items by number, and a QR code to the online vote."""
    setup = get_setup_for_user(request.user, slug, phase_pk)
    url = request.build_absolute_uri(phase_url(setup.phase))
    return render(
        request,
        "voting/sheet.html",
        {
            "setup": setup,
            "phase": setup.phase,
            "project": setup.phase.project,
            "items": selectors.items_for_ballot(setup),
            "qr_svg": qr.svg(url),
            "vote_url": url,
            "budget_text": services.money(setup.budget or 0, setup),
            "copies": range(_copies(request.GET.get("copies", ""))),
        },
    )


def _copies(value: str) -> int:
    """How many sheets to print on one page run (1 to 50)."""
    return max(1, min(int(value), 50)) if value.isdigit() else 1
