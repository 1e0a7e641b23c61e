"""Greedy by total support ("utilitarian greedy"), as most cities count their votes.

Projects are taken by decreasing total support (approvals; points for cumulative ballots;
``max_length - rank`` for ordinal ones), ties broken by project id as a *string* (pabutools'
lexicographic rule: "10" comes before "9"), and each is added if it still fits the remaining
budget (``skip``); with ``stop=True`` the count stops at the first project that does not fit.
This is pabutools' ``greedy_utilitarian_welfare`` with an additive satisfaction whose
gain/cost is the support (``Cost_Sat`` for approval), so a project that costs nothing has
density 0, and projects without any support are still added last if they fit.

Variants used by cities (the file's META ``rule``):

- ``greedy-threshold``: only projects whose support reaches META
  ``min_project_score_threshold`` are eligible (support ``>=`` threshold, as in Łódź and
  Warszawa, whose official winners this reproduces);
- ``greedy-exclusive``: groups of mutually exclusive projects, at most one of each is funded.
  Pabulib has no standard field for the groups: pass them, or give PROJECTS an
  ``exclusive_group`` column (projects sharing a non-empty value exclude each other). Warszawa
  Mokotów 2024, the one such file here, carries none, and plain greedy gives its official result.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

import numpy as np

from .outcome import (
    BELOW_THRESHOLD,
    EXCLUDED,
    FUNDED,
    NO_SUPPORT,
    SKIPPED,
    STOPPED,
    Outcome,
    Step,
    why,
)
from .pabulib import Instance, Profile


def lex_rank(ids: list[str]) -> np.ndarray:
    """Position of each project in the order of its id string (pabutools' tie-breaking)."""
    rank = np.empty(len(ids), dtype=np.int64)
    rank[np.argsort(np.array(ids, dtype=object), kind="stable")] = np.arange(len(ids))
    return rank


def support(instance: Instance, profile: Profile) -> np.ndarray:
    """Total support per project (in the order of ``instance.ids``)."""
    return np.bincount(
        profile.indices, weights=profile.utilities(), minlength=len(instance.projects)
    )


def support_unit(profile: Profile) -> str:
    """The unit of support (a key of ``outcome.UNITS``): votes, points or rank points."""
    return {"cumulative": "points", "scoring": "points", "ordinal": "rank"}.get(
        profile.vote_type, "votes"
    )


def exclusive_groups_from(instance: Instance) -> list[set[str]]:
    groups: dict[str, set[str]] = {}
    for p in instance.projects.values():
        g = p.fields.get("exclusive_group", "").strip()
        if g:
            groups.setdefault(g, set()).add(p.id)
    return [g for g in groups.values() if len(g) > 1]


def greedy(
    instance: Instance,
    profile: Profile,
    *,
    threshold: float | None = None,
    exclusive_groups: Iterable[set[str]] | None = None,
    stop: bool = False,
    initial: Iterable[str] = (),
    rule: str = "greedy",
    phase: str = "",
) -> Outcome:
    """Greedy by total support; see the module docstring. ``initial`` projects are already
    funded (e.g. by equal shares) and their cost is taken off the budget first: the others
    are then said to be funded "by the greedy fill-up"."""
    ids = instance.ids
    costs = [p.cost for p in instance.projects.values()]
    score = support(instance, profile)
    unit = support_unit(profile)
    density = np.where(np.array([c > 0 for c in costs]), score, 0.0)
    order = np.lexsort((lex_rank(ids), -density))
    initial = list(initial)
    funded_reason = "greedy_fill_funded" if initial else "greedy_funded"
    chosen = set(initial)
    spent = sum((instance.projects[p].cost for p in initial), Fraction(0))
    group_of: dict[str, int] = {}
    for g, members in enumerate(exclusive_groups or ()):
        for pid in members:
            group_of[pid] = g
    funded_in_group: dict[int, str] = {group_of[p]: p for p in initial if p in group_of}
    selected: list[str] = []
    steps: list[Step] = []
    stopped = False
    for k in order:
        pid = ids[k]
        if pid in chosen:
            continue
        s = float(score[k])
        sup = {"support": s, "unit": unit}
        if stopped:
            steps.append(Step(pid, STOPPED, why("greedy_not_reached", **sup), phase=phase))
            continue
        if threshold is not None and s < threshold:
            steps.append(
                Step(
                    pid,
                    BELOW_THRESHOLD,
                    why("below_threshold", threshold=threshold, **sup),
                    phase=phase,
                )
            )
            continue
        g = group_of.get(pid)
        if g is not None and g in funded_in_group:
            steps.append(
                Step(pid, EXCLUDED, why("excluded", other=funded_in_group[g], **sup), phase=phase)
            )
            continue
        cost = costs[k]
        remaining = instance.budget - spent
        if cost <= remaining:
            spent += cost
            selected.append(pid)
            if g is not None:
                funded_in_group[g] = pid
            order_no = len(initial) + len(selected)
            steps.append(
                Step(
                    pid,
                    FUNDED,
                    why(funded_reason, step=order_no, cost=cost, **sup),
                    order=order_no,
                    phase=phase,
                )
            )
        elif stop:
            stopped = True
            steps.append(
                Step(
                    pid,
                    STOPPED,
                    why("greedy_stopped", remaining=remaining, cost=cost, **sup),
                    phase=phase,
                )
            )
        else:
            status = SKIPPED if s > 0 else NO_SUPPORT
            steps.append(
                Step(
                    pid,
                    status,
                    why("greedy_skipped", cost=cost, remaining=remaining, **sup),
                    phase=phase,
                )
            )
    return Outcome(
        rule=rule,
        selected=initial + selected,
        total_cost=spent,
        budget=instance.budget,
        steps=steps,
    )


def threshold_from(instance: Instance) -> float | None:
    t = instance.meta.get("min_project_score_threshold", "").strip()
    return float(t.replace(",", ".")) if t else None
