"""Demo content for voting and budgeting phases (called by cocity/demo, see COCITY_DEMO_SEEDERS).

`seed_phase(phase, context)` gives the phase a setup and items (ideas of the project's
ideation phases taken forward when there are some, else city projects), and — when the phase
has started — ballots of a share of the residents, deterministically from `context.rng`.
Ballots respect the vote's limits and go through bulk inserts, with the counters recomputed
from the rows.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction

from cocity.ideas.models import Idea
from cocity.projects.models import Phase
from cocity.voting.models import (
    Ballot,
    BallotChange,
    BallotChoice,
    BallotItem,
    BallotSource,
    OutcomeRule,
    VoteKind,
    VotingSetup,
)
from cocity.voting.outcomes import recount

CITY_PROJECTS = [
    ({"en": "Trees on the market square", "fr": "Des arbres place du Marché",
      "nl": "Bomen op de Marktplaats"}, 45_000),
    ({"en": "A covered bicycle park at the station", "fr": "Un parking vélo couvert à la gare",
      "nl": "Een overdekte fietsenstalling aan het station"}, 80_000),
    ({"en": "Benches along the river", "fr": "Des bancs le long du fleuve",
      "nl": "Banken langs de rivier"}, 12_000),
    ({"en": "A playground in the park", "fr": "Une plaine de jeux au parc",
      "nl": "Een speeltuin in het park"}, 60_000),
    ({"en": "Drinking fountains", "fr": "Des fontaines à boire", "nl": "Drinkfonteinen"},
     18_000),
    ({"en": "Safer crossings near schools", "fr": "Des passages plus sûrs près des écoles",
      "nl": "Veiligere oversteekplaatsen bij scholen"}, 35_000),
]  # fmt: skip
VOTERS_PER_SIZE = {"tiny": 20, "demo": 400, "city": 8_000}


@transaction.atomic
def seed_phase(phase: Phase, context: Any) -> VotingSetup:
    rng = context.rng
    kind = (
        VoteKind.BUDGET
        if phase.method == "budgeting"
        else rng.choice([VoteKind.SINGLE, VoteKind.CUMULATIVE, VoteKind.APPROVAL])
    )
    setup, _created = VotingSetup.objects.update_or_create(
        phase=phase,
        defaults={
            "kind": kind,
            "budget": 150_000,
            "min_spend_percent": 50 if kind == VoteKind.BUDGET else 0,
            "rule": OutcomeRule.MES_ADD1_GREEDY if kind == VoteKind.BUDGET else OutcomeRule.GREEDY,
            "votes_per_voter": 5,
            "max_votes_per_item": 3,
            "min_choices": 1,
            "max_choices": 3,
        },
    )
    items = _items(setup, phase, rng)
    if phase.starts_at <= context.now and items:
        _ballots(setup, items, context)
    if phase.ends_at <= context.now:
        setup.results_published_at = phase.ends_at
        setup.save(update_fields=["results_published_at"])
    return setup


def _items(setup: VotingSetup, phase: Phase, rng: Any) -> list[BallotItem]:
    if setup.items.exists():
        return list(setup.items.all())
    fallback = settings.COCITY_FALLBACK_LANGUAGE
    ideas = list(
        Idea.objects.listed()
        .filter(phase__project_id=phase.project_id, phase__method="ideation")
        .order_by("-score", "pk")[:8]
    )
    rows = [
        BallotItem(
            setup=setup,
            number=n,
            title={fallback: idea.title},
            description={fallback: idea.body},
            cost=rng.randrange(5, 90) * 1_000,
            address=idea.address,
            latitude=idea.latitude,
            longitude=idea.longitude,
            source_idea=idea,
        )
        for n, idea in enumerate(ideas, start=1)
    ] or [
        BallotItem(setup=setup, number=n, title=title, cost=cost)
        for n, (title, cost) in enumerate(CITY_PROJECTS, start=1)
    ]
    return BallotItem.objects.bulk_create(rows)


def _choices(setup: VotingSetup, items: list[BallotItem], rng: Any) -> dict[BallotItem, int]:
    shuffled = rng.sample(items, len(items))
    if setup.kind == VoteKind.BUDGET:
        basket, cost = {}, 0
        for item in shuffled:
            if cost + item.cost <= (setup.budget or 0):
                basket[item] = 1
                cost += item.cost
        return basket if cost >= setup.min_spend else {}
    if setup.kind == VoteKind.CUMULATIVE:
        votes: dict[BallotItem, int] = {}
        for _n in range(setup.votes_per_voter):
            item = rng.choice(items)
            if votes.get(item, 0) < setup.max_votes_per_item:
                votes[item] = votes.get(item, 0) + 1
        return votes
    if setup.kind == VoteKind.APPROVAL:
        count = rng.randint(setup.min_choices, min(setup.max_choices, len(items)))
        return dict.fromkeys(shuffled[:count], 1)
    return dict.fromkeys(shuffled[: rng.randint(1, len(items))], 1)


def _ballots(setup: VotingSetup, items: list[BallotItem], context: Any) -> None:
    rng = context.rng
    wanted = min(VOTERS_PER_SIZE.get(context.size, 100), len(context.resident_ids))
    voters = rng.sample(context.resident_ids, wanted)
    taken = set(Ballot.objects.filter(setup=setup).values_list("voter_id", flat=True))
    plans = []
    for voter_id in voters:
        choices = _choices(setup, items, rng)
        if voter_id in taken or not choices:
            continue
        plans.append((voter_id, choices))
    budget = setup.budget if setup.kind == VoteKind.BUDGET else None
    ballots = Ballot.objects.bulk_create(
        [
            Ballot(
                setup=setup,
                voter_id=voter_id,
                source=BallotSource.ONLINE,
                total_votes=sum(choices.values()),
                total_cost=sum(i.cost for i in choices),
                budget=budget,
            )
            for voter_id, choices in plans
        ],
        batch_size=2000,
    )
    BallotChoice.objects.bulk_create(
        [
            BallotChoice(ballot=ballot, item=item, votes=votes)
            for ballot, (_v, choices) in zip(ballots, plans, strict=True)
            for item, votes in choices.items()
        ],
        batch_size=5000,
    )
    BallotChange.objects.bulk_create(
        [
            BallotChange(
                ballot=ballot,
                action=BallotChange.Action.CAST,
                choices={str(i.number): v for i, v in choices.items()},
                changed_by_id=voter_id,
            )
            for ballot, (voter_id, choices) in zip(ballots, plans, strict=True)
        ],
        batch_size=2000,
    )
    recount(setup)
