"""The demo seeder: deterministic ballots within each vote's limits, counters equal to rows."""

from __future__ import annotations

import random
from types import SimpleNamespace
from typing import Any

import pytest
from django.db.models import Sum
from django.utils import timezone

from cocity.testing.factories import PhaseFactory, UserFactory
from cocity.voting import demo
from cocity.voting.models import Ballot, BallotChoice
from cocity.voting.services import check_choices

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("method", ["budgeting", "voting"])
def test_the_demo_seeds_valid_ballots(project: Any, method: str) -> None:
    residents = [UserFactory(verified=False).pk for _n in range(25)]
    phase = PhaseFactory(project=project, method=method)
    context = SimpleNamespace(
        rng=random.Random("demo"), now=timezone.now(), size="tiny", resident_ids=residents
    )
    setup = demo.seed_phase(phase, context)
    ballots = list(Ballot.objects.filter(setup=setup).prefetch_related("choices__item"))
    assert ballots
    for ballot in ballots:
        check_choices(setup, {c.item: c.votes for c in ballot.choices.all()}, complete=True)
    for item in setup.items.all():
        counted = BallotChoice.objects.filter(item=item).aggregate(n=Sum("votes"))["n"] or 0
        assert item.vote_count == counted
