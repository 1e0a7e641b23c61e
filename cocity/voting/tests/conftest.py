"""Voting fixtures: phases of each kind of vote with a few priced items."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cocity.testing.factories import PhaseFactory
from cocity.voting.models import BallotItem, OutcomeRule, VoteKind, VotingSetup


def phase_url(setup: VotingSetup) -> str:
    """The public page of the setup's phase (where residents vote)."""
    phase = setup.phase
    return reverse("projects:phase", kwargs={"slug": phase.project.slug, "phase_pk": phase.pk})


def voting_url(name: str, setup: VotingSetup, **kwargs: Any) -> str:
    """A `voting:` URL of the setup's phase (residents' actions and staff pages alike)."""
    phase = setup.phase
    return reverse(
        f"voting:{name}", kwargs={"slug": phase.project.slug, "phase_pk": phase.pk, **kwargs}
    )


def make_setup(
    project: Any, *, method: str = "voting", timing: str = "open", **fields: Any
) -> VotingSetup:
    now = timezone.now()
    starts, ends = {
        "before": (now + timedelta(days=2), now + timedelta(days=9)),
        "open": (now - timedelta(days=2), now + timedelta(days=9)),
        "after": (now - timedelta(days=9), now - timedelta(days=2)),
    }[timing]
    phase = PhaseFactory(
        project=project,
        method=method,
        title={"en": "Vote", "fr": "Vote"},
        starts_at=starts,
        ends_at=ends,
    )
    defaults: dict[str, Any] = {
        "kind": VoteKind.BUDGET if method == "budgeting" else VoteKind.SINGLE,
        "rule": OutcomeRule.GREEDY if method == "budgeting" else OutcomeRule.RANKING,
    }
    defaults.update(fields)
    eligible = defaults.pop("eligible_areas", ())
    setup = VotingSetup.objects.create(phase=phase, **defaults)
    setup.eligible_areas.set(eligible)
    return setup


def add_items(setup: VotingSetup, costs: list[int]) -> list[BallotItem]:
    start = setup.items.count()
    return [
        BallotItem.objects.create(
            setup=setup,
            number=start + n,
            title={"en": f"Project {start + n}", "fr": f"Projet {start + n}"},
            description={"en": f"What project {start + n} does."},
            cost=cost,
        )
        for n, cost in enumerate(costs, start=1)
    ]


@pytest.fixture
def budget_setup(project: Any) -> VotingSetup:
    """Budget 100, at least 50% to spend; items cost 60, 40, 30, 20."""
    setup = make_setup(project, method="budgeting", budget=100, min_spend_percent=50)
    add_items(setup, [60, 40, 30, 20])
    return setup


@pytest.fixture
def single_setup(project: Any) -> VotingSetup:
    setup = make_setup(project, kind=VoteKind.SINGLE)
    add_items(setup, [0, 0, 0])
    return setup


@pytest.fixture
def cumulative_setup(project: Any) -> VotingSetup:
    """5 votes each, at most 3 on one item."""
    setup = make_setup(project, kind=VoteKind.CUMULATIVE, votes_per_voter=5, max_votes_per_item=3)
    add_items(setup, [0, 0, 0])
    return setup


@pytest.fixture
def approval_setup(project: Any) -> VotingSetup:
    """Between 2 and 3 items."""
    setup = make_setup(project, kind=VoteKind.APPROVAL, min_choices=2, max_choices=3)
    add_items(setup, [0, 0, 0, 0])
    return setup
