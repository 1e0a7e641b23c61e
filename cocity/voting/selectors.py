"""Reads for the voting pages: the ballot as one resident sees it, the staff lists, results."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from cocity.participation.capabilities import Capability
from cocity.participation.permissions import check
from cocity.projects.models import Phase
from cocity.voting.models import (
    Ballot,
    BallotChange,
    BallotItem,
    BallotItemImage,
    BasketDraft,
    VoteKind,
    VotingSetup,
)


def items_for_ballot(setup: VotingSetup) -> list[BallotItem]:
    """All items with their images, in number order (two queries whatever their number)."""
    return list(
        BallotItem.objects.filter(setup=setup)
        .select_related("source_idea")
        .prefetch_related(Prefetch("images", queryset=BallotItemImage.objects.order_by("position")))
        .order_by("number", "pk")
    )


def order_for_voter(items: list[BallotItem], *, setup: VotingSetup, key: str) -> list[BallotItem]:
    """The items shuffled for one voter, the same way every time they come back.

    `key` identifies the voter (their user id, or a per-session key for visitors); sorting by
    a hash of (setup, voter, item) gives a stable, independent order for each.
    """
    if not setup.randomise_order:
        return items

    def rank(item: BallotItem) -> bytes:
        return hashlib.blake2b(f"{setup.pk}:{key}:{item.pk}".encode(), digest_size=8).digest()

    return sorted(items, key=rank)


@dataclass
class Basket:
    """A resident's choices and what they leave: remaining budget, votes or picks."""

    setup: VotingSetup
    choices: dict[int, int] = field(default_factory=dict)  # item pk -> votes
    cost: int = 0
    votes: int = 0

    @property
    def count(self) -> int:
        return len(self.choices)

    @property
    def remaining_budget(self) -> int:
        return max((self.setup.budget or 0) - self.cost, 0)

    @property
    def remaining_votes(self) -> int:
        return max(self.setup.votes_per_voter - self.votes, 0)

    @property
    def remaining_choices(self) -> int:
        return max(self.setup.max_choices - self.count, 0)

    @property
    def spent_percent(self) -> int:
        if not self.setup.budget:
            return 0
        return min(100, round(100 * self.cost / self.setup.budget))

    @property
    def meets_minimum(self) -> bool:
        if self.count == 0:
            return False
        if self.setup.kind == VoteKind.APPROVAL:
            return self.count >= self.setup.min_choices
        if self.setup.kind == VoteKind.BUDGET:
            return self.cost >= self.setup.min_spend
        return True

    def votes_on(self, item: BallotItem) -> int:
        return self.choices.get(item.pk, 0)

    def fits(self, item: BallotItem) -> bool:
        """Whether adding one more vote on `item` keeps within the limits (to grey buttons)."""
        kind = self.setup.kind
        current = self.choices.get(item.pk, 0)
        if kind == VoteKind.BUDGET:
            return current == 0 and self.cost + item.cost <= (self.setup.budget or 0)
        if kind == VoteKind.APPROVAL:
            return current == 0 and self.count < self.setup.max_choices
        if kind == VoteKind.CUMULATIVE:
            return (
                current < self.setup.max_votes_per_item and self.votes < self.setup.votes_per_voter
            )
        return current == 0


def basket_from(setup: VotingSetup, raw: dict[str, int], items: list[BallotItem]) -> Basket:
    by_pk = {i.pk: i for i in items}
    choices = {int(k): int(v) for k, v in raw.items() if int(k) in by_pk and int(v) > 0}
    return Basket(
        setup=setup,
        choices=choices,
        cost=sum(by_pk[pk].cost for pk in choices),
        votes=sum(choices.values()),
    )


@dataclass
class VoterState:
    basket: Basket
    ballot: Ballot | None
    ballot_choices: dict[int, int]

    @property
    def has_unsent_changes(self) -> bool:
        return self.basket.choices != self.ballot_choices


def voter_state(setup: VotingSetup, user: Any, items: list[BallotItem]) -> VoterState:
    """The resident's basket (draft) and cast ballot: two queries."""
    if not getattr(user, "is_authenticated", False):
        return VoterState(basket=basket_from(setup, {}, items), ballot=None, ballot_choices={})
    draft = BasketDraft.objects.filter(setup=setup, voter=user).first()
    ballot = Ballot.objects.filter(setup=setup, voter=user).prefetch_related("choices").first()
    ballot_choices = {c.item_id: c.votes for c in ballot.choices.all()} if ballot else {}
    raw = draft.choices if draft is not None else {str(k): v for k, v in ballot_choices.items()}
    return VoterState(
        basket=basket_from(setup, raw, items), ballot=ballot, ballot_choices=ballot_choices
    )


def tallies_visible(setup: VotingSetup, phase: Phase) -> bool:
    return not setup.hide_tallies or phase.timing() == "after"


def results_visible(user: Any, setup: VotingSetup) -> bool:
    """The public sees results once published; the project's staff as soon as voting closes."""
    phase = setup.phase
    if phase.timing() != "after":
        return False
    return setup.results_published_at is not None or bool(
        check(user, Capability.MANAGE, phase.project)
    )


# --- Staff ---------------------------------------------------------------------------------


def get_ballot_for_staff(setup: VotingSetup, pk: int) -> Ballot:
    ballot = get_object_or_404(
        Ballot.objects.select_related("entered_by").prefetch_related("choices__item"),
        setup=setup,
        pk=pk,
    )
    ballot.setup = setup
    return ballot


def get_item_for_staff(setup: VotingSetup, pk: int) -> BallotItem:
    item = get_object_or_404(BallotItem.objects.prefetch_related("images"), setup=setup, pk=pk)
    item.setup = setup
    return item


def paper_ballots(setup: VotingSetup) -> QuerySet[Ballot]:
    return (
        Ballot.objects.filter(setup=setup, source="paper")
        .select_related("entered_by")
        .prefetch_related("choices__item")
        .order_by("-pk")
    )


def ballot_trace(ballot: Ballot) -> list[BallotChange]:
    return list(ballot.changes.select_related("changed_by").order_by("created_at", "pk"))


def ballot_counts(setup: VotingSetup) -> dict[str, int]:
    counted = Ballot.objects.filter(setup=setup, is_void=False)
    return {
        "total": counted.count(),
        "online": counted.filter(source="online").count(),
        "paper": counted.filter(source="paper").count(),
        "imported": counted.filter(source="imported").count(),
    }


def phase_item_or_404(setup: VotingSetup, pk: Any) -> BallotItem:
    try:
        return BallotItem.objects.get(setup=setup, pk=int(pk))
    except (BallotItem.DoesNotExist, TypeError, ValueError):
        raise Http404("No such item on this ballot") from None


def phase_ballot_count(phase: Any) -> int:
    """Ballots cast in a phase, online and on paper (the registry's contributions hook)."""
    return Ballot.objects.filter(setup__phase=phase).count()
