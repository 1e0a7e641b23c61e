# ruff: noqa: RUF002, RUF003 - ρ (rho) is the standard name of the price per unit of utility in MES
"""The Method of Equal Shares (MES), its add1 / +1% completions, NumPy-vectorised.

**MES** (Peters & Skowron; pabutools ``method_of_equal_shares``): every voter gets an equal share
``b`` of the budget. A project ``p`` costing ``c`` is *ρ-affordable* if its supporters can pay
for it with each supporter ``i`` paying ``min(budget_i, ρ·u_ip)``; each step funds the project
with the smallest ρ, its supporters pay, and the method stops when no project is affordable.
Utilities ``u_ip``: the project's cost for approval and choose-1 ballots (pabutools'
``Cost_Sat``: everyone pays the same share), the points for cumulative ballots, ``L − rank`` for
ordinal ones. Ties are broken as pabutools does: by project id as a string. pabutools computes
with exact fractions; we use float64, and treat two ρ as equal when they differ by less than a
relative 1e-9 (exact ties are common: two projects with the same number of supporters at the
first step). Lazy evaluation as in equalshares.net: a project's ρ can only grow during a run,
so the stored ρ is a lower bound and only projects whose bound beats the current best are
recomputed; projects none of whose supporters paid since their last evaluation keep an exact ρ.

**add1** (pabutools ``voter_budget_increment=1``): rerun MES with ``b = B/n``, ``B/n + 1``,
``B/n + 2`` … and stop at the first ``k`` where the outcome is exhaustive (return it) or costs
more than the budget (return the outcome at ``k − 1``). pabutools reruns MES for every unit,
which cannot finish on large elections. We skip whole stretches of units, exactly:

*Lemma (monotonicity for a fixed sequence).* Fix the sequence of funded projects. Then every
voter's remaining budget at every step is non-decreasing in ``b``, and so every project's ρ at
every step is non-increasing in ``b``. (Induction: if the budgets grow, the ρ solving
``Σ min(budget_i, ρ·u_i) = c`` shrinks, and the budget after paying,
``max(0, budget_i − ρ·u_i)``, grows.)

*Certificate.* Let runs at ``b_L < b_R`` fund the same sequence ``S_1 … S_m``. If at every step
``t`` the ρ of ``S_t`` in the run at ``b_L`` is strictly below a lower bound of every other
live project's ρ at step ``t`` in the run at ``b_R`` — then for every ``b`` in ``[b_L, b_R]``
the run funds the same sequence: by the lemma ``ρ_{S_t}(b) ≤ ρ_{S_t}(b_L) < ρ_q(b_R) ≤ ρ_q(b)``,
a project unaffordable at ``b_R`` is unaffordable at ``b ≤ b_R``, and the run at ``b_R`` ended
with no affordable project, so does the run at ``b``. Same outcome ⇒ same feasibility and
exhaustiveness ⇒ add1 would not stop anywhere in between, and those units can be skipped.

Note that this does *not* assume the outcome's total cost is monotone in ``b`` (it is not in
general: a larger share can make MES fund a different, cheaper sequence); the certificate only
holds where the sequence does not change at all. The search gallops: from ``k`` try ``k + Δ``;
if the certificate holds jump there and double Δ, else halve Δ; at Δ = 1 the step is the
definition itself. The number of MES runs grows with the number of distinct outcomes along the
path (times a logarithm), not with the number of units; the tests compare with the unit-by-unit
definition on every instance where that is feasible and on seeded random instances. The same
machinery does the +1 % completion (Świecie 2023), with ``b = (B/n)(1 + k/100)``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from .greedy import greedy, lex_rank, support_unit
from .outcome import FUNDED, NO_SUPPORT, NOT_FUNDED, Outcome, Step, money
from .pabulib import Instance, Profile

TIE = 1e-9  # relative tolerance under which two ρ are the same (then: lexicographic)
AFFORD = 1e-11  # relative slack on "supporters' money ≥ cost" (float sums of exact shares)


class Election:
    """Project-major arrays of one election, built once and shared by every MES run."""

    def __init__(self, instance: Instance, profile: Profile) -> None:
        self.instance = instance
        self.profile = profile
        self.ids = instance.ids
        self.m = len(self.ids)
        self.n = profile.num_voters
        self.cost_exact = [p.cost for p in instance.projects.values()]
        self.cost = np.array([float(c) for c in self.cost_exact])
        util = profile.utilities()
        if profile.vote_type in ("approval", "choose-1"):
            util = self.cost[profile.indices]  # Cost_Sat
        voter = profile.voter_of_vote()
        keep = util > 0
        perm = np.argsort(profile.indices[keep], kind="stable")
        proj = profile.indices[keep][perm]
        self.voters = voter[keep][perm]
        self.utils = util[keep][perm]
        counts = np.bincount(proj, minlength=self.m)
        self.ptr = np.zeros(self.m + 1, dtype=np.int64)
        np.cumsum(counts, out=self.ptr[1:])
        self.num_supporters = counts
        self.total_util = np.bincount(proj, weights=self.utils, minlength=self.m)
        self.lex = lex_rank(self.ids)
        # voter -> projects (CSR), to find which projects a payment touched
        self.vptr = profile.indptr
        self.vproj = profile.indices
        self.unit = support_unit(profile)

    def segment(self, p: int) -> slice:
        return slice(self.ptr[p], self.ptr[p + 1])


@dataclass
class Run:
    """One MES run at per-voter budget ``b``: the sequence and what certifies it."""

    b: float
    sequence: list[int]
    rho: list[float]  # ρ of the funded project at each step
    #: per step, lower bounds of the best other ρ among projects whose id sorts before / after
    #: the funded one's (a tie with the latter is won by the funded project)
    runner_up: list[tuple[float, float]]
    paid: list[tuple[int, int, float]]  # per step: supporters, of whom paid all they had, share
    budgets: np.ndarray = field(repr=False)  # voters' money left at the end
    zero_cost: list[int] = field(default_factory=list)


def _rho(e: Election, p: int, budgets: np.ndarray) -> tuple[float, int]:
    """(ρ, number of supporters who pay all they have) for project ``p``; inf if unaffordable."""
    seg = e.segment(p)
    b = budgets[e.voters[seg]]
    u = e.utils[seg]
    c = e.cost[p]
    if b.sum() < c * (1 - AFFORD):
        return np.inf, 0
    r = b / u
    order = np.argsort(r, kind="stable")
    rs, bs, us = r[order], b[order], u[order]
    pref_b = np.concatenate(([0.0], np.cumsum(bs)[:-1]))
    suf_u = np.cumsum(us[::-1])[::-1]
    rho_k = (c - pref_b) / suf_u
    ok = np.nonzero(rho_k <= rs * (1 + 1e-12))[0]
    k = int(ok[0]) if len(ok) else len(rs) - 1
    return float(max(rho_k[k], 0.0)), k


def run_mes(e: Election, b: float, excluded: Iterable[int] = ()) -> Run:
    """One MES run with ``b`` per voter."""
    budgets = np.full(e.n, b, dtype=np.float64)
    alive = (e.total_util > 0) & (e.cost > 0)
    zero_cost = [p for p in np.argsort(e.lex) if e.total_util[p] > 0 and e.cost[p] == 0]
    for p in excluded:
        alive[p] = False
    lb = np.where(alive, e.cost / np.where(e.total_util > 0, e.total_util, 1), np.inf)
    exact = np.zeros(e.m, dtype=bool)  # lb[p] is the exact ρ (nobody paid since it was computed)
    seq: list[int] = []
    rhos: list[float] = []
    runner: list[tuple[float, float]] = []
    paid: list[tuple[int, int, float]] = []
    touched = np.zeros(e.m, dtype=bool)
    while True:
        cand = np.nonzero(alive)[0]
        if len(cand) == 0:
            break
        order = cand[np.lexsort((e.lex[cand], lb[cand]))]
        best, best_p, best_poor = np.inf, -1, 0
        beyond = np.inf  # lower bound of every project left unevaluated
        evaluated: dict[int, tuple[float, int]] = {}
        for p in order:
            if lb[p] > best * (1 + TIE):
                beyond = lb[p]
                break
            if exact[p]:
                r, poor = lb[p], -1
            else:
                r, poor = _rho(e, p, budgets)
                lb[p] = r
                exact[p] = True
                if r == np.inf:
                    alive[p] = False
                    continue
            evaluated[p] = (r, poor)
            if best_p < 0 or r < best * (1 - TIE):
                best, best_p, best_poor = r, p, poor
            elif r <= best * (1 + TIE) and e.lex[p] < e.lex[best_p]:
                best_p, best_poor = p, poor  # a tie: pabutools takes the smaller id string
        if best_p < 0:
            break
        p = best_p
        if best_poor < 0:  # exact ρ reused: count the supporters who pay all they have
            _, best_poor = _rho(e, p, budgets)
        seg = e.segment(p)
        vs = e.voters[seg]
        pay = np.minimum(budgets[vs], best * e.utils[seg])
        budgets[vs] = np.maximum(budgets[vs] - pay, 0.0)
        before, after = beyond, np.inf  # best other ρ, ids sorting before / after p's
        for q, (r, _) in evaluated.items():
            if q == p:
                continue
            if e.lex[q] < e.lex[p]:
                before = min(before, r)
            else:
                after = min(after, r)
        seq.append(int(p))
        rhos.append(best)
        runner.append((before, after))
        paid.append((len(vs), best_poor, float(pay.mean()) if len(vs) else 0.0))
        alive[p] = False
        # projects sharing a supporter with p: their ρ may have grown
        touched[:] = False
        starts, ends = e.vptr[vs], e.vptr[vs + 1]
        lengths = ends - starts
        if lengths.sum():
            idx = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(
                lengths.sum()
            )
            touched[e.vproj[idx]] = True
        exact &= ~touched
    return Run(b, seq, rhos, runner, paid, budgets, [int(p) for p in zero_cost])


def _selected(e: Election, run: Run) -> list[int]:
    return run.zero_cost + run.sequence


def _cost(e: Election, sel: list[int]) -> Fraction:
    return sum((e.cost_exact[p] for p in sel), Fraction(0))


def _feasible(e: Election, sel: list[int]) -> bool:
    return _cost(e, sel) <= e.instance.budget


def _exhaustive(e: Election, sel: list[int]) -> bool:
    """pabutools' test, over the projects MES can fund (supported, cost > 0)."""
    spent = _cost(e, sel)
    chosen = set(sel)
    room = e.instance.budget - spent
    return not any(
        e.total_util[p] > 0 and e.cost[p] > 0 and p not in chosen and e.cost_exact[p] <= room
        for p in range(e.m)
    )


def certified(left: Run, right: Run) -> bool:
    """True if every per-voter budget in [left.b, right.b] funds the same sequence (docstring)."""
    if left.sequence != right.sequence:
        return False
    return all(
        r_left < before * (1 - 1e-7) and r_left <= after * (1 + 1e-12)
        for r_left, (before, after) in zip(left.rho, right.runner_up, strict=True)
    )


def iterate(
    e: Election, increment: float, *, max_runs: int = 100_000, max_seconds: float | None = None
) -> tuple[Run, dict[str, object]]:
    """The add1 (or +x) completion; returns the chosen run and counters.
    Raises TimeoutError after ``max_seconds`` (benchmarks use it)."""
    start = time.perf_counter()
    b0 = float(e.instance.budget) / e.n

    def at(k: int) -> Run:
        return run_mes(e, b0 + k * increment)

    k, cur = 0, at(0)
    runs = 1
    sel = _selected(e, cur)
    if _exhaustive(e, sel):
        return cur, {"runs": runs, "k": 0}
    delta = 1
    while runs < max_runs:
        if max_seconds is not None and time.perf_counter() - start > max_seconds:
            raise TimeoutError(f"MES completion unfinished after {runs} runs (k = {k})")
        nxt = at(k + delta)
        runs += 1
        if certified(cur, nxt):  # same outcome all the way to k + delta: skip those units
            k, cur = k + delta, nxt
            delta *= 2
            continue
        if delta > 1:
            delta //= 2
            continue
        # the next unit may change the outcome: apply the definition to it
        new_sel = _selected(e, nxt)
        if not _feasible(e, new_sel):
            return cur, {"runs": runs, "k": k}
        k, cur = k + 1, nxt
        if _exhaustive(e, new_sel):
            return cur, {"runs": runs, "k": k}
    raise RuntimeError("MES completion did not converge")


def iterate_unit_by_unit(e: Election, increment: float, max_units: int = 10_000) -> Run:
    """The definition, literally (for tests): one MES run per unit."""
    b0 = float(e.instance.budget) / e.n
    prev = run_mes(e, b0)
    if _exhaustive(e, _selected(e, prev)):
        return prev
    for k in range(1, max_units):
        cur = run_mes(e, b0 + k * increment)
        sel = _selected(e, cur)
        if not _feasible(e, sel):
            return prev
        if _exhaustive(e, sel):
            return cur
        prev = cur
    raise RuntimeError("too many units")


def _outcome(e: Election, run: Run, rule: str, phase: str = "mes") -> Outcome:
    sel = _selected(e, run)
    steps: list[Step] = []
    for p in run.zero_cost:
        steps.append(
            Step(
                e.ids[p],
                FUNDED,
                "funded first: it costs nothing",
                order=sel.index(p) + 1,
                phase=phase,
            )
        )
    for t, p in enumerate(run.sequence):
        n_sup, n_poor, share = run.paid[t]
        n_rich = n_sup - n_poor
        step = t + 1 + len(run.zero_cost)
        text = f"funded at step {step}: {n_sup:,} supporters paid {money(share)} each on average"
        if n_poor:
            text += f" ({n_poor:,} of them all they had left, the other {n_rich:,} an equal share)"
        text += f"; cost {money(e.cost[p])}"
        steps.append(Step(e.ids[p], FUNDED, text, order=t + 1 + len(run.zero_cost), phase=phase))
    chosen = set(sel)
    for p in np.argsort(e.lex):
        if p in chosen:
            continue
        pid = e.ids[p]
        if e.total_util[p] <= 0:
            steps.append(Step(pid, NO_SUPPORT, "not funded: nobody supported it", phase=phase))
            continue
        seg = e.segment(p)
        left = float(run.budgets[e.voters[seg]].sum())
        steps.append(
            Step(
                pid,
                NOT_FUNDED,
                f"not funded: its {e.num_supporters[p]:,} supporters had spent their shares "
                f"(they had {money(left)} left of {money(e.cost[p])} needed)",
                phase=phase,
            )
        )
    return Outcome(
        rule=rule,
        selected=[e.ids[p] for p in sel],
        total_cost=_cost(e, sel),
        budget=e.instance.budget,
        steps=steps,
        info={"budget_per_voter": run.b},
    )


def mes(instance: Instance, profile: Profile, *, election: Election | None = None) -> Outcome:
    e = election or Election(instance, profile)
    if e.n == 0:
        return Outcome("mes", [], Fraction(0), instance.budget)
    return _outcome(e, run_mes(e, float(instance.budget) / e.n), "mes")


def mes_completed(
    instance: Instance,
    profile: Profile,
    *,
    increment: str = "add1",
    then_greedy: bool = False,
    election: Election | None = None,
    max_seconds: float | None = None,
) -> Outcome:
    """MES with the add1 (``increment="add1"``) or +1 % (``"inc1pct"``) completion, optionally
    followed by greedy fill-up of what remains (pabutools ``completion_by_rule_combination``)."""
    e = election or Election(instance, profile)
    rule = f"mes-{increment}" + ("-greedy" if then_greedy else "")
    if e.n == 0:
        return Outcome(rule, [], Fraction(0), instance.budget)
    inc = 1.0 if increment == "add1" else float(instance.budget) / e.n / 100
    run, info = iterate(e, inc, max_seconds=max_seconds)
    out = _outcome(e, run, rule)
    out.info.update(info)
    if not then_greedy:
        return out
    g = greedy(instance, profile, initial=out.selected, rule=rule, phase="greedy")
    mes_steps = [s for s in out.steps if s.status == FUNDED]
    by_id = {s.project: s for s in out.steps}
    rest = []
    for s in g.steps:
        if s.status == FUNDED:
            rest.append(
                Step(
                    s.project, FUNDED, "funded by the greedy fill-up, " + s.text, s.order, "greedy"
                )
            )
        else:
            mes_reason = by_id[s.project].text if s.project in by_id else ""
            rest.append(
                Step(
                    s.project, s.status, f"{mes_reason}; then {s.text}".lstrip("; "), None, "greedy"
                )
            )
    g.steps = mes_steps + rest
    g.info = out.info
    return g
