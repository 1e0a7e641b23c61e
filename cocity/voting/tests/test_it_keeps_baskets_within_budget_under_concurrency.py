"""Two devices, one resident, at the same moment: one ballot, never above the budget.

Real concurrency needs real connections and a database that runs writers in parallel: this runs
on PostgreSQL only (SQLite takes one writer at a time, so there is no race to provoke there).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from cocity.testing.concurrency import run_at_once
from cocity.voting import services
from cocity.voting.models import Ballot, BallotChoice, BallotItem, BasketDraft, VotingSetup
from cocity.voting.tests.conftest import add_items, make_setup

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 8


def fresh(setup: VotingSetup) -> VotingSetup:
    return VotingSetup.objects.select_related("phase__project").get(pk=setup.pk)


def test_racing_additions_never_overfill_the_basket(project: Any, alice: Any) -> None:
    setup = make_setup(project, method="budgeting", budget=100)
    items = add_items(setup, [60, 51, 70, 55, 65, 52, 58, 75])  # any two exceed 100

    def adder(item: BallotItem) -> Any:
        return lambda: services.basket_set(setup=fresh(setup), user=alice, item=item, votes=1)

    assert run_at_once([adder(item) for item in items], refusals=(ValidationError,)) == []
    draft = BasketDraft.objects.get(setup=setup, voter=alice)
    chosen = [i for i in items if str(i.pk) in draft.choices]
    assert len(chosen) == 1 and sum(i.cost for i in chosen) <= 100


def test_two_devices_submitting_at_once_leave_one_ballot_within_budget(
    project: Any, alice: Any
) -> None:
    setup = make_setup(project, method="budgeting", budget=100)
    a, b, c, d = add_items(setup, [60, 40, 50, 50])
    baskets = [{a: 1, b: 1}, {c: 1, d: 1}] * (THREADS // 2)

    def submitter(choices: dict[BallotItem, int]) -> Any:
        return lambda: services.ballot_submit(setup=fresh(setup), user=alice, choices=choices)

    submissions = [submitter(choices) for choices in baskets]
    assert run_at_once(submissions, refusals=(ValidationError,)) == []
    ballot = Ballot.objects.get(setup=setup, voter=alice)
    chosen = set(BallotChoice.objects.filter(ballot=ballot).values_list("item_id", flat=True))
    assert chosen in ({a.pk, b.pk}, {c.pk, d.pk})  # one basket, never a mix of both
    assert ballot.total_cost == 100 and ballot.changes.count() == THREADS
    counters = {i.pk: i.vote_count for i in BallotItem.objects.filter(setup=setup)}
    assert counters == {pk: (1 if pk in chosen else 0) for pk in (a.pk, b.pk, c.pk, d.pk)}
