"""Services: each kind of vote's limits, one ballot per resident, the audit trail."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from cocity.accounts.models import Demographics
from cocity.testing.factories import AreaFactory
from cocity.voting import services
from cocity.voting.models import Ballot, BallotChange, BallotItem, BasketDraft, VotingSetup
from cocity.voting.tests.conftest import add_items, make_setup

pytestmark = pytest.mark.django_db


def items(setup: VotingSetup) -> list[BallotItem]:
    return list(setup.items.order_by("number"))


def counts(setup: VotingSetup) -> list[int]:
    return [i.vote_count for i in setup.items.order_by("number")]


# --- Budget allocation ---------------------------------------------------------------------


def test_it_fills_a_basket_and_refuses_an_item_over_the_budget(
    budget_setup: Any, alice: Any
) -> None:
    a, _b, c, d = items(budget_setup)
    services.basket_set(setup=budget_setup, user=alice, item=a, votes=1)
    services.basket_set(setup=budget_setup, user=alice, item=d, votes=1)
    with pytest.raises(ValidationError, match="over the budget"):
        services.basket_set(setup=budget_setup, user=alice, item=c, votes=1)  # 60+20+30 > 100
    draft = BasketDraft.objects.get(setup=budget_setup, voter=alice)
    assert draft.choices == {str(a.pk): 1, str(d.pk): 1}


def test_it_refuses_a_basket_below_the_least_share_and_keeps_it(
    budget_setup: Any, alice: Any
) -> None:
    _a, _b, _c, d = items(budget_setup)
    services.basket_set(setup=budget_setup, user=alice, item=d, votes=1)
    with pytest.raises(ValidationError, match="at least 50%"):
        services.ballot_submit(setup=budget_setup, user=alice)
    assert not Ballot.objects.exists()
    # Nothing is lost: the basket is still there to complete.
    assert BasketDraft.objects.get(voter=alice).choices == {str(d.pk): 1}


def test_it_casts_then_changes_a_basket_with_a_trace(budget_setup: Any, alice: Any) -> None:
    a, b, c, _d = items(budget_setup)
    services.basket_set(setup=budget_setup, user=alice, item=a, votes=1)
    services.basket_set(setup=budget_setup, user=alice, item=b, votes=1)
    ballot = services.ballot_submit(setup=budget_setup, user=alice)
    assert (ballot.total_cost, ballot.budget) == (100, 100)
    assert counts(budget_setup) == [1, 1, 0, 0]
    services.basket_set(setup=budget_setup, user=alice, item=a, votes=0)
    services.basket_set(setup=budget_setup, user=alice, item=c, votes=1)
    services.ballot_submit(setup=budget_setup, user=alice)
    assert Ballot.objects.count() == 1
    assert counts(budget_setup) == [0, 1, 1, 0]
    trail = list(BallotChange.objects.filter(ballot=ballot).values_list("action", "choices"))
    assert trail == [("cast", {"1": 1, "2": 1}), ("change", {"2": 1, "3": 1})]


def test_the_database_refuses_a_ballot_over_its_budget(budget_setup: Any, alice: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(setup=budget_setup, voter=alice, total_cost=101, budget=100)


def test_the_database_refuses_a_second_ballot_of_the_same_resident(
    budget_setup: Any, alice: Any
) -> None:
    Ballot.objects.create(setup=budget_setup, voter=alice)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(setup=budget_setup, voter=alice)


# --- Cumulative ----------------------------------------------------------------------------


def test_it_spreads_votes_up_to_n_with_at_most_m_on_one_item(
    cumulative_setup: Any, alice: Any
) -> None:
    a, b, c = items(cumulative_setup)
    services.basket_set(setup=cumulative_setup, user=alice, item=a, votes=3)
    with pytest.raises(ValidationError, match="at most 3 votes to one item"):
        services.basket_set(setup=cumulative_setup, user=alice, item=b, votes=4)
    services.basket_set(setup=cumulative_setup, user=alice, item=b, votes=2)
    with pytest.raises(ValidationError, match="5 votes in all; you used 6"):
        services.basket_set(setup=cumulative_setup, user=alice, item=c, votes=1)
    services.ballot_submit(setup=cumulative_setup, user=alice)
    assert counts(cumulative_setup) == [3, 2, 0]
    assert Ballot.objects.get().total_votes == 5


# --- Approval ------------------------------------------------------------------------------


def test_it_requires_between_min_and_max_approvals(approval_setup: Any, alice: Any) -> None:
    a, b, c, d = items(approval_setup)
    services.basket_set(setup=approval_setup, user=alice, item=a, votes=1)
    with pytest.raises(ValidationError, match="at least 2 items; you chose 1"):
        services.ballot_submit(setup=approval_setup, user=alice)
    for item in (b, c):
        services.basket_set(setup=approval_setup, user=alice, item=item, votes=1)
    with pytest.raises(ValidationError, match="at most 3 items"):
        services.basket_set(setup=approval_setup, user=alice, item=d, votes=1)
    with pytest.raises(ValidationError, match="one vote"):
        services.basket_set(setup=approval_setup, user=alice, item=a, votes=2)
    services.ballot_submit(setup=approval_setup, user=alice)
    assert counts(approval_setup) == [1, 1, 1, 0]


# --- Single support ------------------------------------------------------------------------


def test_single_support_takes_any_number_of_items_once_each(single_setup: Any, alice: Any) -> None:
    chosen = items(single_setup)
    ballot = services.ballot_submit(
        setup=single_setup, user=alice, choices=dict.fromkeys(chosen, 1)
    )
    assert ballot.total_votes == 3
    with pytest.raises(ValidationError, match="empty"):
        services.ballot_submit(setup=single_setup, user=alice, choices={})
    assert counts(single_setup) == [1, 1, 1]


# --- Who may vote, and when ----------------------------------------------------------------


def test_it_refuses_a_vote_after_the_phase_ends(project: Any, alice: Any) -> None:
    setup = make_setup(project, timing="after")
    (item,) = add_items(setup, [0])
    with pytest.raises(PermissionDenied, match="closed on"):
        services.ballot_submit(setup=setup, user=alice, choices={item: 1})
    assert not Ballot.objects.exists()


def test_it_refuses_residents_of_other_districts(project: Any, alice: Any, eve: Any) -> None:
    north, south = AreaFactory(slug="north"), AreaFactory(slug="south")
    setup = make_setup(project, eligible_areas=[north])
    (item,) = add_items(setup, [0])
    Demographics.objects.create(user=alice, area=north, consented_at="2024-01-01T00:00Z")
    Demographics.objects.create(user=eve, area=south, consented_at="2024-01-01T00:00Z")
    services.ballot_submit(setup=setup, user=alice, choices={item: 1})
    with pytest.raises(PermissionDenied, match="Only residents of North"):
        services.ballot_submit(setup=setup, user=eve, choices={item: 1})
    assert Ballot.objects.count() == 1


def test_it_refuses_an_item_of_another_ballot(
    budget_setup: Any, single_setup: Any, alice: Any
) -> None:
    other = items(single_setup)[0]
    with pytest.raises(ValidationError, match="not on this ballot"):
        services.basket_set(setup=budget_setup, user=alice, item=other, votes=1)


# --- Staff: setup fixed once voting opens --------------------------------------------------


def test_it_refuses_changing_the_rule_once_voting_opened(budget_setup: Any, carol: Any) -> None:
    with pytest.raises(ValidationError, match="fixed"):
        services.voting_setup_update(
            setup=budget_setup, user=carol, kind="budget", rule="mes", budget=100
        )
    budget_setup.refresh_from_db()
    assert budget_setup.rule == "greedy"


def test_staff_set_up_a_vote_before_it_opens(project: Any, carol: Any, alice: Any) -> None:
    setup = make_setup(project, method="budgeting", timing="before", budget=10)
    services.voting_setup_update(
        setup=setup, user=carol, kind="budget", rule="mes", budget=5000, min_spend_percent=20
    )
    setup.refresh_from_db()
    assert (setup.rule, setup.budget, setup.min_spend) == ("mes", 5000, 1000)
    with pytest.raises(PermissionDenied):
        services.voting_setup_update(setup=setup, user=alice, kind="budget", rule="mes", budget=1)
    with pytest.raises(ValidationError, match="needs a rule that respects the budget"):
        services.voting_setup_update(
            setup=setup, user=carol, kind="budget", rule="ranking", budget=1
        )
    with pytest.raises(ValidationError, match="does not fit"):
        services.voting_setup_update(setup=setup, user=carol, kind="approval", rule="mes", budget=1)


def test_it_refuses_bad_approval_limits_and_changes_nothing(project: Any, carol: Any) -> None:
    setup = make_setup(project, timing="before")
    with pytest.raises(ValidationError, match="fewest items cannot be more"):
        services.voting_setup_update(
            setup=setup, user=carol, kind="approval", rule="ranking", min_choices=4, max_choices=2
        )
    setup.refresh_from_db()
    assert setup.kind == "single"


def test_items_can_only_be_added_before_voting_opens(
    project: Any, budget_setup: Any, carol: Any
) -> None:
    with pytest.raises(ValidationError, match="can no longer be added"):
        services.ballot_item_create(setup=budget_setup, user=carol, title={"en": "Late"}, cost=5)
    setup = make_setup(project, timing="before")
    item = services.ballot_item_create(
        setup=setup, user=carol, title={"en": "Benches", "fr": "Bancs"}, cost=1200
    )
    assert item.number == 1
    with pytest.raises(ValidationError, match="positive"):
        services.ballot_item_create(setup=setup, user=carol, title={"en": "Bad"}, cost=-1)
    assert setup.items.count() == 1
