"""From the ballots in the database to the outcome rules (cocity/budgeting/rules) and back.

The rules package is pure Python: it knows Pabulib's Instance (projects, costs, budget) and
Profile (the ballots). This module builds them from a phase's items and counted ballots, runs
the rule the city fixed, and turns its explanations into rows the results page shows. It also
reads and writes .pb files of a phase through the package's parser and writer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cocity.budgeting.rules import compute, pabulib
from cocity.budgeting.rules import outcome as rule_outcome
from cocity.core.i18n import translate
from cocity.participation.capabilities import Capability
from cocity.participation.permissions import check
from cocity.voting import services
from cocity.voting.models import (
    RULE_DESCRIPTIONS,
    Ballot,
    BallotChange,
    BallotChoice,
    BallotItem,
    BallotSource,
    OutcomeRule,
    VoteKind,
    VotingSetup,
)

# What each fate means, in the visitor's language (REASON_TEXTS below says why, with numbers).
STATUS_LABELS = {
    rule_outcome.FUNDED: gettext_lazy("Funded"),
    rule_outcome.NOT_FUNDED: gettext_lazy(
        "Not funded: its supporters' share of the budget ran out"
    ),
    rule_outcome.SKIPPED: gettext_lazy("Not funded: it did not fit in the remaining budget"),
    rule_outcome.BELOW_THRESHOLD: gettext_lazy("Not funded: below the minimum support"),
    rule_outcome.EXCLUDED: gettext_lazy("Not funded: excluded by a funded project"),
    rule_outcome.NO_SUPPORT: gettext_lazy("Not funded: nobody voted for it"),
    rule_outcome.STOPPED: gettext_lazy("Not funded: the count stopped before it"),
}
# Every reason code of the rules package (outcome.REASONS), in the visitor's language, with the
# same placeholders; a test checks both. Project ids here are ballot item numbers.
REASON_TEXTS = {
    "mes_free": gettext_lazy("funded first: it costs nothing"),
    "mes_funded": gettext_lazy(
        "funded at step {step}: {supporters} supporters paid {share} each on average; cost {cost}"
    ),
    "mes_funded_capped": gettext_lazy(
        "funded at step {step}: {supporters} supporters paid {share} each on average "
        "({capped} of them all they had left, the other {others} an equal share); cost {cost}"
    ),
    "mes_spent": gettext_lazy(
        "its {supporters} supporters had spent their shares: they had {left} left of the "
        "{cost} needed"
    ),
    "no_support": gettext_lazy("nobody voted for it"),
    "greedy_funded": gettext_lazy("funded at step {step}: {support}, cost {cost}"),
    "greedy_fill_funded": gettext_lazy(
        "funded at step {step} by the greedy fill-up of what was left: {support}, cost {cost}"
    ),
    "greedy_skipped": gettext_lazy(
        "its cost of {cost} did not fit in the {remaining} left ({support})"
    ),
    "greedy_stopped": gettext_lazy(
        "its cost of {cost} did not fit in the {remaining} left, so the count stopped ({support})"
    ),
    "greedy_not_reached": gettext_lazy("the count had stopped before it ({support})"),
    "below_threshold": gettext_lazy("below the minimum support of {threshold} ({support})"),
    "excluded": gettext_lazy("excluded by item no. {other}, which was funded ({support})"),
    "phragmen_funded": gettext_lazy(
        "funded at step {step}: its {supporters} supporters now carry a load of {load} each"
    ),
    "phragmen_funded_free": gettext_lazy("funded at step {step}: it has no supporters but fitted"),
    "phragmen_stopped": gettext_lazy(
        "the count stopped when the next item (no. {next}) did not fit in the {remaining} left"
    ),
    "over_budget": gettext_lazy("it costs {cost}, more than the whole budget"),
    "comparison_kept": gettext_lazy(
        "Compared with the greedy count: {mes} voters have more of the projects they voted "
        "for funded by equal shares, {greedy} by the greedy count, so equal shares stands."
    ),
    "comparison_greedy": gettext_lazy(
        "Compared with the greedy count: {greedy} voters have more of the projects they voted "
        "for funded by the greedy count, {mes} by equal shares, so the greedy outcome is taken."
    ),
}


def _money(value: float) -> str:
    whole = abs(value - round(value)) < 0.005
    # rounded first: number_format cuts the decimals it does not show
    return number_format(round(value) if whole else round(value, 2), 0 if whole else 2,
                         force_grouping=True)  # fmt: skip


def _count(value: int) -> str:
    return number_format(value, force_grouping=True)


def _support(value: float, unit: str) -> str:
    n = round(value)  # the plural form of the nearest whole number
    shown = _money(value)
    if unit == "points":
        return ngettext("%(n)s point", "%(n)s points", n) % {"n": shown}
    if unit == "rank":
        return ngettext("%(n)s rank point", "%(n)s rank points", n) % {"n": shown}
    return ngettext("%(n)s vote", "%(n)s votes", n) % {"n": shown}


def explain(reasons: Iterable[rule_outcome.Reason]) -> str:
    """The reasons in the active language, numbers formatted the local way."""
    texts = [
        rule_outcome.render(
            r,
            templates=REASON_TEXTS,
            fmt_money=_money,
            fmt_count=_count,
            fmt_support=_support,
        )
        for r in reasons
    ]
    return _("; then ").join(texts)


# Our rule slugs are the rules package's names; Pabulib's META `rule` names some differently.
PABULIB_RULE_NAMES = {
    OutcomeRule.GREEDY: "greedy",
    OutcomeRule.MES: "equalshares",
    OutcomeRule.MES_ADD1: "equalshares/add1",
    OutcomeRule.MES_ADD1_GREEDY: "equalshares/add1",
    OutcomeRule.MES_ADD1_COMPARISON: "equalshares/add1-comparison",
    OutcomeRule.PHRAGMEN: "phragmen",
}
VOTE_TYPES = {
    VoteKind.SINGLE: "approval",
    VoteKind.APPROVAL: "approval",
    VoteKind.BUDGET: "approval",
    VoteKind.CUMULATIVE: "cumulative",
}


def counted_ballots(setup: VotingSetup) -> Any:
    return Ballot.objects.filter(setup=setup, is_void=False)


def election_for(
    setup: VotingSetup, items: list[BallotItem] | None = None
) -> tuple[pabulib.Instance, pabulib.Profile]:
    """The phase as a Pabulib election: items by number, counted ballots anonymised (1…n)."""
    items = items if items is not None else list(setup.items.order_by("number"))
    fallback = settings.COCITY_FALLBACK_LANGUAGE
    projects = {}
    for item in items:
        pid = str(item.number)
        name = translate(item.title, fallback)
        projects[pid] = pabulib.Project(
            id=pid,
            cost=Fraction(item.cost),
            name=name,
            fields={
                "project_id": pid,
                "cost": str(item.cost),
                "votes": str(item.vote_count),
                "name": name,
            },
        )
    indptr, indices, values, sources = _ballot_rows(setup, items)
    vote_type = VOTE_TYPES[setup.kind]
    meta = {
        "description": translate(setup.phase.title, fallback),
        "country": "",
        "unit": settings.COCITY_SITE_NAME,
        "instance": str(setup.phase.starts_at.year),
        "num_projects": str(len(projects)),
        "num_votes": str(len(sources)),
        "budget": str(setup.budget or sum(i.cost for i in items)),
        "vote_type": vote_type,
        "rule": PABULIB_RULE_NAMES.get(setup.rule, "greedy"),
        "currency": setup.currency,
    }
    if setup.kind == VoteKind.APPROVAL:
        meta.update(min_length=str(setup.min_choices), max_length=str(setup.max_choices))
    if setup.kind == VoteKind.CUMULATIVE:
        meta.update(max_sum_points=str(setup.votes_per_voter),
                    max_points=str(setup.max_votes_per_item))  # fmt: skip
    if setup.kind == VoteKind.BUDGET and setup.min_spend:
        meta["min_sum_cost"] = str(setup.min_spend)
    instance = pabulib.Instance(budget=Fraction(int(meta["budget"])), projects=projects, meta=meta)
    longest = int(np.diff(indptr).max()) if len(indptr) > 1 else 0
    profile = pabulib.Profile(
        vote_type=vote_type,
        indptr=indptr,
        indices=indices,
        values=values if vote_type == "cumulative" else None,
        max_length=longest,
        voter_ids=[str(n) for n in range(1, len(sources) + 1)],
        voter_fields={"voting_method": sources},
    )
    return instance, profile


def _ballot_rows(
    setup: VotingSetup, items: list[BallotItem]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """The counted ballots that hold a choice, in ballot order, each one's choices by item
    number: (indptr, item positions in ``items``, votes, each ballot's source as Pabulib
    writes it). Read as plain rows in ballot order, which the index on the ballot gives (no
    join with the items to sort them), and shaped by NumPy: a million ballots in a few
    seconds (docs/performance.md)."""
    rows = (
        BallotChoice.objects.filter(ballot__setup=setup, ballot__is_void=False)
        .order_by("ballot_id")
        .values_list("ballot_id", "item_id", "votes")
    )
    chunks: list[np.ndarray] = []
    sql, params = rows.query.sql_with_params()  # the ORM's SQL, without a model row per choice
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while block := cursor.fetchmany(200_000):
            chunks.append(np.array(block, dtype=np.int64))
    table = np.concatenate(chunks) if chunks else np.zeros((0, 3), dtype=np.int64)
    ballot_ids, item_ids, votes = table[:, 0], table[:, 1], table[:, 2]
    pks = np.array([item.pk for item in items], dtype=np.int64)  # items are in number order
    by_pk = np.argsort(pks, kind="stable")
    position = by_pk[np.searchsorted(pks, item_ids, sorter=by_pk).clip(0, max(len(pks) - 1, 0))]
    if len(item_ids) and not np.array_equal(pks[position], item_ids):
        raise ValueError("a ballot holds an item that is not on this ballot's list")
    order = np.lexsort((position, ballot_ids))  # by ballot, then by item number
    ballot_ids, position, votes = ballot_ids[order], position[order], votes[order]
    ballots, counts = np.unique(ballot_ids, return_counts=True)
    indptr = np.zeros(len(ballots) + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    paper = set(
        counted_ballots(setup)
        .filter(source=BallotSource.PAPER)
        .values_list("pk", flat=True)
        .iterator(chunk_size=20_000)
    )
    sources = ["paper" if b in paper else "internet" for b in ballots.tolist()]
    return indptr, position.astype(np.int32), votes.astype(np.float64), sources


# --- Results -------------------------------------------------------------------------------


@dataclass
class ResultRow:
    item: BallotItem
    votes: int
    voters: int
    funded: bool
    order: int | None
    status: str
    explanation: str
    share: int  # percent of the most-voted item, for the bars


@dataclass
class Result:
    rule: str
    rule_label: str
    rows: list[ResultRow]
    budget: int | None
    spent: int
    ballots: int
    info: dict[str, Any] = field(default_factory=dict)
    #: remarks on the outcome as a whole, in the visitor's language
    notes: list[str] = field(default_factory=list)

    @property
    def rule_description(self) -> str:
        return str(RULE_DESCRIPTIONS.get(self.rule, ""))

    @property
    def funded(self) -> list[ResultRow]:
        return sorted((r for r in self.rows if r.funded), key=lambda r: r.order or 0)

    @property
    def spent_percent(self) -> int:
        return round(100 * self.spent / self.budget) if self.budget else 0

    @property
    def funded_numbers(self) -> set[int]:
        return {r.item.number for r in self.rows if r.funded}


def _stamp(setup: VotingSetup) -> str:
    """Changes whenever a counted ballot, an item or the setup changes (for the results cache):
    the setup's ``results_version`` and ``updated_at``, read afresh — one row, however many
    ballots. Read before the ballots are: a write committed in between moves the version, so
    the result computed meanwhile is only ever served under the key it was read with."""
    version, updated = (
        VotingSetup.objects.filter(pk=setup.pk).values_list("results_version", "updated_at").get()
    )
    return f"{version}:{updated.isoformat()}"


def result_for(setup: VotingSetup, rule: str | None = None) -> Result:
    """The outcome of the phase under `rule` (the setup's by default), cached until a ballot
    changes. Without a budget, items are ranked by votes."""
    rule = rule or setup.rule
    items = list(setup.items.order_by("number", "pk"))
    stamp = hashlib.sha1(_stamp(setup).encode(), usedforsecurity=False).hexdigest()
    key = f"voting:result:{setup.pk}:{rule}:{stamp}"
    cached = cache.get(key)
    if cached is not None:
        selected, steps, spent, ballots, info, notes = cached
    else:
        instance, profile = election_for(setup, items)
        ballots = profile.num_voters
        if rule == OutcomeRule.RANKING or not setup.budget:
            selected, steps, spent, info, notes = [], {}, 0, {}, []
        else:
            outcome = compute(rule, instance, profile)
            selected = list(outcome.selected)
            # cached as codes and numbers: each visitor reads them in their own language
            steps = {s.project: (s.status, s.reasons, s.order) for s in outcome.steps}
            spent = int(outcome.total_cost)
            info = {k: str(v) for k, v in outcome.info.items()}
            notes = list(outcome.notes)
        # once voting has closed the ballots rarely change: keep the outcome for a month (its
        # key changes with any ballot), so no visitor waits for a slow rule to run again
        timeout = 30 * 86400 if setup.phase.timing() == "after" else 3600
        cache.set(key, (selected, steps, spent, ballots, info, notes), timeout)
    top = max((i.vote_count for i in items), default=0) or 1
    rows = []
    for item in items:
        pid = str(item.number)
        status, reasons, order = steps.get(pid, ("", (), None))
        funded = pid in selected
        if funded and order is None:
            order = selected.index(pid) + 1
        rows.append(
            ResultRow(
                item=item,
                votes=item.vote_count,
                voters=item.voter_count,
                funded=funded,
                order=order,
                status=str(STATUS_LABELS.get(status, "")),
                explanation=explain(reasons),
                share=round(100 * item.vote_count / top),
            )
        )
    rows.sort(key=lambda r: (-r.votes, r.item.number))
    return Result(
        rule=rule,
        rule_label=str(OutcomeRule(rule).label),
        rows=rows,
        budget=setup.budget,
        spent=spent,
        ballots=ballots,
        info=info,
        notes=[explain([n]) for n in notes],
    )


def compare_rules(setup: VotingSetup, rules: Iterable[str] | None = None) -> list[Result]:
    """The outcome under each budget rule, for staff to compare before publishing."""
    if rules is None:
        rules = (
            [r.value for r in OutcomeRule if r != OutcomeRule.RANKING]
            if setup.budget
            else [OutcomeRule.RANKING.value]
        )
    return [result_for(setup, rule) for rule in rules]


# --- Pabulib files -------------------------------------------------------------------------


def pb_export(setup: VotingSetup) -> str:
    """The phase's counted ballots as an anonymised .pb file."""
    instance, profile = election_for(setup)
    return pabulib.dumps(instance, profile)


def csv_export(setup: VotingSetup) -> str:
    """Anonymised ballots as CSV: a running number, the source, item numbers and votes."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["ballot", "source", "items", "votes"])
    instance, profile = election_for(setup)
    ids = instance.ids
    for v in range(profile.num_voters):
        a, b = profile.indptr[v], profile.indptr[v + 1]
        chosen = [ids[k] for k in profile.indices[a:b]]
        votes = (
            [str(int(x)) for x in profile.values[a:b]]
            if profile.values is not None
            else ["1"] * len(chosen)
        )
        writer.writerow(
            [v + 1, profile.voter_fields["voting_method"][v], " ".join(chosen), " ".join(votes)]
        )
    return out.getvalue()


@dataclass
class ImportReport:
    items_created: int
    ballots_created: int
    warnings: list[str]


def _number_for(pids: list[str]) -> dict[str, int]:
    """Pabulib project ids as ballot numbers: the ids themselves when they are all whole
    numbers, else 1…n in file order."""
    if all(p.isdigit() and int(p) > 0 for p in pids) and len({int(p) for p in pids}) == len(pids):
        return {p: int(p) for p in pids}
    return {p: n for n, p in enumerate(pids, start=1)}


@transaction.atomic
def pb_import(*, setup: VotingSetup, user: Any, text: str) -> ImportReport:
    """Load a .pb file's projects (when the ballot is still empty) and its ballots.

    Imported ballots have no voter and the source "imported"; they follow the file's own
    limits, not this phase's (so the budget check on baskets does not apply to them).
    """
    decision = check(user, Capability.MANAGE, setup.phase.project)
    if not decision:
        raise PermissionDenied(decision.reason)
    if setup.results_published_at is not None:
        raise ValidationError(_("The results are published: ballots can no longer change."))
    try:
        election = pabulib.parse(text)
    except pabulib.ParseError as error:
        raise ValidationError(
            {"file": _("This is not a valid .pb file: %(error)s") % {"error": str(error)}}
        ) from error
    instance, profile = election.instance, election.profile
    if profile.vote_type == "ordinal" or profile.vote_type == "scoring":
        raise ValidationError(
            {"file": _("Ranked and scored ballots cannot be imported; use approval or cumulative.")}
        )
    if (profile.vote_type == "cumulative") != (setup.kind == VoteKind.CUMULATIVE):
        raise ValidationError(
            {"file": _("The file's kind of vote does not match this phase's kind of vote.")}
        )
    numbers = _number_for(instance.ids)
    existing = {i.number: i for i in setup.items.all()}
    created = 0
    fallback = settings.COCITY_FALLBACK_LANGUAGE
    if not existing:
        for pid, project in instance.projects.items():
            existing[numbers[pid]] = BallotItem.objects.create(
                setup=setup,
                number=numbers[pid],
                title={fallback: (project.name or pid)[:200]},
                description={fallback: project.fields.get("description", "")[:20_000]}
                if project.fields.get("description")
                else {},
                cost=int(project.cost),
            )
            created += 1
        if setup.budget is None:
            setup.budget = int(instance.budget)
            setup.save(update_fields=["budget", "updated_at"])
    missing = sorted(n for n in numbers.values() if n not in existing)
    if missing:
        raise ValidationError(
            {
                "file": _("The file has projects %(numbers)s, which are not on this ballot.")
                % {"numbers": ", ".join(map(str, missing))}
            }
        )
    ids = instance.ids
    item_of = [existing[numbers[pid]] for pid in ids]
    ballots = Ballot.objects.bulk_create(
        [
            Ballot(setup=setup, source=BallotSource.IMPORTED, entered_by=user)
            for _v in range(profile.num_voters)
        ],
        batch_size=2000,
    )
    choices = []
    changes = []
    for v, ballot in enumerate(ballots):
        a, b = int(profile.indptr[v]), int(profile.indptr[v + 1])
        votes = (
            [max(1, int(x)) for x in profile.values[a:b]]
            if profile.values is not None
            else [1] * (b - a)
        )
        picked = [item_of[k] for k in profile.indices[a:b]]
        ballot.total_votes = sum(votes)
        ballot.total_cost = sum(i.cost for i in picked)
        choices += [
            BallotChoice(ballot=ballot, item=item, votes=n)
            for item, n in zip(picked, votes, strict=True)
        ]
        changes.append(
            BallotChange(
                ballot=ballot,
                action=BallotChange.Action.IMPORT,
                choices={str(i.number): n for i, n in zip(picked, votes, strict=True)},
                changed_by=user,
            )
        )
    Ballot.objects.bulk_update(ballots, ["total_votes", "total_cost"], batch_size=2000)
    BallotChoice.objects.bulk_create(choices, batch_size=5000)
    BallotChange.objects.bulk_create(changes, batch_size=2000)
    recount(setup)
    return ImportReport(
        items_created=created,
        ballots_created=len(ballots),
        warnings=[str(w) for w in election.warnings],
    )


def recount(setup: VotingSetup) -> None:
    """Recompute every item's counters from the counted ballots (after a bulk import)."""
    totals = {
        row["item_id"]: row
        for row in BallotChoice.objects.filter(ballot__setup=setup, ballot__is_void=False)
        .values("item_id")
        .annotate(votes=Sum("votes"), voters=Count("ballot_id"))
    }
    items = list(setup.items.all())
    for item in items:
        row = totals.get(item.pk)
        item.vote_count = row["votes"] if row else 0
        item.voter_count = row["voters"] if row else 0
    BallotItem.objects.bulk_update(items, ["vote_count", "voter_count"])
    services.results_moved(setup.pk)
