"""Sequential Phragmén (approval and choose-1 ballots), as pabutools' ``sequential_phragmen``.

Funding a project puts a *load* equal to its cost on its supporters, spread so that they all end
up with the same load. Each step funds the project whose supporters' common load after funding
it, ``(Σ supporters' loads + cost) / supporters``, is the smallest (ties: project id as a
string). The count *stops* at the first such project that does not fit the remaining budget
(pabutools: "stop if any of the potential projects cost too much"); projects costing more than
the whole budget are left out from the start.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from .greedy import lex_rank
from .outcome import FUNDED, NO_SUPPORT, STOPPED, Outcome, Step, why
from .pabulib import Instance, Profile

TIE = 1e-9


def phragmen(instance: Instance, profile: Profile) -> Outcome:
    if profile.vote_type not in ("approval", "choose-1"):
        raise ValueError("sequential Phragmén applies to approval (and choose-1) ballots only")
    ids = instance.ids
    m = len(ids)
    cost_exact = [p.cost for p in instance.projects.values()]
    cost = np.array([float(c) for c in cost_exact])
    lex = lex_rank(ids)
    count = np.bincount(profile.indices, minlength=m).astype(np.float64)
    voter = profile.voter_of_vote()
    load = np.zeros(profile.num_voters)
    alive = np.array([c <= instance.budget for c in cost_exact])
    spent = Fraction(0)
    selected: list[str] = []
    steps: list[Step] = []
    while alive.any():
        sum_load = np.bincount(profile.indices, weights=load[voter], minlength=m)
        with np.errstate(divide="ignore", invalid="ignore"):
            new_load = np.where(
                count > 0, (sum_load + cost) / np.where(count > 0, count, 1), np.inf
            )
        cand = np.nonzero(alive)[0]
        best = new_load[cand].min()
        tied = cand if np.isinf(best) else cand[new_load[cand] <= best * (1 + TIE)]
        if any(spent + cost_exact[p] > instance.budget for p in tied):
            remaining = instance.budget - spent
            for p in cand[np.argsort(lex[cand])]:
                steps.append(
                    Step(
                        ids[p],
                        STOPPED,
                        why(
                            "phragmen_stopped",
                            next=ids[tied[np.argmin(lex[tied])]],
                            remaining=remaining,
                        ),
                    )
                )
            break
        p = int(tied[np.argmin(lex[tied])])
        alive[p] = False
        spent += cost_exact[p]
        selected.append(ids[p])
        if count[p] > 0:
            supporters = profile.indices == p
            load[voter[supporters]] = best
            reasons = why(
                "phragmen_funded", step=len(selected), supporters=int(count[p]), load=float(best)
            )
        else:
            reasons = why("phragmen_funded_free", step=len(selected))
        steps.append(Step(ids[p], FUNDED, reasons, order=len(selected)))
    for k, c in enumerate(cost_exact):
        if c > instance.budget:
            status = NO_SUPPORT if count[k] == 0 else STOPPED
            steps.append(Step(ids[k], status, why("over_budget", cost=c)))
    return Outcome("phragmen", selected, spent, instance.budget, steps)
