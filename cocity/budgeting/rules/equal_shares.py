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

Cost of one run: voters with identical ballots (same projects, same utilities) always hold the
same budget, so they are merged into weighted classes once per election (Gdańsk: 30,237 voters,
28 classes; Łódź: 90,494 → 23,571); a project's ρ is found by Newton's method on the concave,
piecewise-linear ``Σ w_i·min(budget_i, ρ·u_i)`` (no sort); the projects that share a supporter
with a funded one come from a memoised mask. Together 3 to 20 times faster than sorting per
project and per voter.

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
The lower bounds of the other projects' ρ come from the run at ``b_R`` itself (its lazy
bounds, or exact values for every project within a relative ``slack`` of the best when a run
is asked for them).

*The slope certificate* (``slope_certified``) holds where the sequence certificate cannot: near
a race, both ρ fall at nearly the same rate, so ``ρ_S(b_L) < ρ_q(b_R)`` holds only over a few
units even when the two never cross (Budapest 2024: a relative gap of 0.1 % between two ρ that
each fall 0.04 % per unit). It compares the two ρ as functions of ``b``. Fix the sequence; at a
step, a supporter either pays ``ρ·u`` (uncapped) or all she has (capped), so, where the capped
set ``C`` does not change, ``ρ = (c − Σ_C w·money) / Σ_{not C} w·u`` and
``dρ/db = −Σ_C w·(d money/db) / Σ_{not C} w·u``; an uncapped supporter's money then moves by
``d money/db − u·dρ/db``, a capped one's is 0. By the Lemma the capped set at any ``b`` lies
between those at ``b_R`` and ``b_L`` (money grows, ρ falls), so carrying, step by step, each
voter class's bounds of ``d money/db`` (1 at the start, never negative) bounds every ``dρ/db``
over the whole interval, for the funded project and for each rival ``q`` alike. Then
``g = ρ_q − ρ_S`` is continuous, positive at both ends (both runs are made), and its slope
varies within a width ``W`` (the two bounds' widths added), so ``g`` lies above its chord minus
``W·s·(x − s)/x`` at distance ``s`` from ``b_L`` (``x`` the interval's length: a function whose
slope stays within ``W`` departs from its chord by at most that); if that lowest point is
positive, ``q`` never overtakes ``S`` in the interval. Rivals are the projects whose bound at
``b_R`` does not already beat ``ρ_S(b_L)``; the others keep the sequence certificate's
argument. As for the sequence certificate, the argument runs by induction over the steps: the
steps before ``t`` being the same for every ``b`` in the interval, the money at step ``t`` is a
continuous, piecewise-linear function of ``b`` to which the above applies. On Budapest 2024 it
certifies each stretch of constant sequence in one jump from its first unit to its last but one
(next to the change, the gap to keep positive is nearly nil; the sequence certificate reached 0
to 5 units into most of them). The capped sets at the two ends come from replaying both runs
(``Run.pre`` keeps the payers' money at each step; ``_money_at``); a step where nobody pays all
she has at either end changes no slope and is skipped.

Note that neither certificate assumes the outcome's total cost is monotone in ``b`` (it is not in
general: a larger share can make MES fund a different, cheaper sequence); the certificate only
holds where the sequence does not change at all.

*The box certificate* (``box_nonstop``) needs neither the same sequence nor even the same set.
On real elections the funded *order* changes at most units (Toulouse 2024: 513 of 670), mostly
between projects whose supporters barely overlap, while add1 only stops where the funded *set*
becomes infeasible or exhaustive. Call ``τ_x(b)`` the ρ at which ``x`` is funded in the run at
``b`` (the "ρ-time": funded ρ never decrease along a run). The certificate is a box: a set
``P`` of possibly funded projects, and for each ``x`` in ``P`` bounds ``lo_x ≤ τ_x(b) ≤ hi_x``
for all ``b`` in ``[b_L, b_R]`` (``hi_x = ∞``: "maybe" funded), that reproduces itself:

- ``hi_x ≥ ρ_x`` with each supporter's budget ``b_L − Σ`` of her highest possible payments
  (``min(b_R, hi_s·u)``) to every ``s`` that *may* precede ``x`` (``lo_s ≤ hi_x``);
- ``lo_x ≤`` the first ``τ`` with ``τ ≥ h_x(τ)``, where ``h_x(τ)`` is ``ρ_x`` with each
  supporter's budget ``b_R − Σ`` of her lowest payments (``min(lower budget, lo_s·u)``) to
  every ``s`` that *surely* precedes ``τ`` (``hi_s < τ``);
- no project outside ``P`` has such a crossing (and none is affordable once all of ``P``'s
  sure projects have taken their lowest payments).

Induction over the steps of the run at any ``b`` in the interval shows: when a project is
funded, every live sure project ``r`` has ``ρ_r ≤ hi_r`` (its supporters have paid at most
for what may precede it), so every sure ``r`` with ``hi_r < τ`` has been funded already, so
the funded project's ρ is at least ``h(τ)``: it lies in ``P`` and its ρ-time in its box; and
the run cannot end while a sure project is unfunded. So every run in the interval funds a set
between the sure projects and ``P``. If ``P`` costs at most the budget and some project
outside ``P`` fits in what ``P`` leaves, no unit in the interval stops add1. The box is found
by iterating these bounds from the two end runs (widening until they reproduce themselves, or
giving up); ``h`` grows with ``τ`` so crossings are found by jumping over whole runs of
projects; and the ρ of many projects at once come from one batched Newton. All comparisons
keep a relative margin of 1e-7 (far above float noise and ``TIE``).

The search gallops and bisects: from ``k`` try ``k + Δ``; if a certificate (the sequence one,
else the slope one) holds, jump there and double Δ (but not past ``CAP`` times the mean length
of a stretch of constant sequence so far: a right end far past several changes shows only the
one at the earliest step), else search ``[k, k + Δ]`` (moving ``k`` up to every certified probe,
and trying again the failed right end from there) down to a single unit, where the step is the
definition itself. After a change of the sequence the next Δ is the length of the stretch it
ended; a run already made within Δ (past a change found later) ends the next round instead. The
probe is the last unit before the guessed change (``_guess``: at the first step where the two
ends fund different projects, where the difference of those two projects' ρ, computed at both
ends, crosses zero, linearly; a change at a later step may come first, and then shows in the
probe, which becomes the new right end), plain bisection after ``MISSES`` probes in a row that
fell past a change; any probe is correct, since each is certified or not exactly. Every run
made ahead of ``k`` is kept and reused as the end of later certificates. A run made below an
existing one is *hinted* by it (``run_mes(hint=…)``): as long as both have funded the same
projects, the Lemma makes every ρ of the upper run at the same step a lower bound here, and a
project its supporters could not afford there they cannot afford here, so lazy evaluation skips
most projects (Budapest 2024: 25 to 80 instead of 209 evaluations per run, the more the farther
the hint). The hinted run is the same run, not an approximation (bounds are taken lower by a
relative ``HINT_MARGIN`` against float noise); the tests compare hinted and plain runs. Where
the sequence changes every few units (Mokotów 2024, Warszawa 2026, Toulouse 2024), the next
``BLOCK`` runs are made from the top down, so that all but one are hinted, and the slope
certificate is not tried (those runs are made anyway): about one run per unit there.
Besides, it tries jumps of its own length with the box certificate, whenever the box's
observed success rate times the runs a success would save (its length times the runs per
unit the search without it needed so far) outweighs its measured cost (a box costs a few
runs; on elections where it keeps failing it is soon left alone; on elections with more than
``BOX_MAX_ENTRIES`` ballot entries, where one box costs 10 to 100 runs, it is not tried unless
asked). The number of MES runs grows with the number of changes of the sequence along the
path (a few runs each, to locate it), or with the number of stretches the box certifies, not
with the number of units (Budapest 2024: 123 changes of the sequence, 35 of the funded set, in
22,001 units; about 610 runs and 370 slope certificates, against 2,938 runs with the sequence
certificate alone).
Nothing here rests on an unproved assumption: the certificates and the hints follow from the
Lemma, and only the float margins (``MARGIN``, ``SLOPE_PAD``, ``HINT_MARGIN``, ``TIE``) are
taken on trust; the tests compare with the unit-by-unit definition on every real election
(Budapest's two long paths with runs made from the top down, each hinted by the one above) and
on seeded random instances (also adversarial close races), and check directly that an accepted
box never covers a stopping unit and an accepted slope certificate never covers a change of the
sequence. The same machinery does the +1 % completion (Świecie 2023), with
``b = (B/n)(1 + k/100)``.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from .greedy import greedy, lex_rank, support_unit
from .outcome import FUNDED, NO_SUPPORT, NOT_FUNDED, Outcome, Reason, Step, why
from .pabulib import Instance, Profile

#: the search's runs evaluate exactly every ρ within this relative distance of the best, so
#: that their bounds name fewer rivals to the slope certificate and the sequence certificate
#: holds more often (Budapest 2024: 374 instead of 418 slope certificates, the same runs, and
#: no measurable cost per run; at 1 % the runs cost more than the certificates saved)
SLACK = 0.002
#: where the outcome changes at most units, the search makes the next BLOCK runs from the top
#: down, each hinted by the one above it
BLOCK = 8
#: the stride never grows past CAP times the mean length of a stretch of constant sequence
CAP = 1.0
MISSES = 6  # probes in a row past the change before the search bisects


BLOCK_SLACK = 0.0  # ... but not those made by blocks: short strides need no exact runner-ups
HINT_MARGIN = 1e-9  # a hint's bounds are taken this much lower (float noise in the Lemma)
TIE = 1e-9  # relative tolerance under which two ρ are the same (then: lexicographic)
AFFORD = 1e-11  # relative slack on "supporters' money ≥ cost" (float sums of exact shares)
MARGIN = 1e-7  # relative margin of the certificates: far above float noise and TIE
SLOPE_PAD = 1e-6  # relative widening of the slope certificate's bounds (float noise)
PREFIX = 8  # a MES step lists this many candidates by bound, and more only if it needs them


_add = np.add.reduce  # ``ndarray.sum`` without its Python wrapper: the same pairwise sum
_count = np.count_nonzero


def _stable_argsort(a: np.ndarray) -> np.ndarray:
    """``np.argsort(a, kind="stable")`` for non-negative integers; below 2**16 as 16-bit
    integers, which NumPy sorts by radix (5 to 7 times faster on the largest files)."""
    if len(a) and a.min() >= 0 and a.max() < 2**16:
        return np.argsort(a.astype(np.uint16), kind="stable")
    return np.argsort(a, kind="stable")


def _ballot_classes(
    voter: np.ndarray, proj: np.ndarray, util: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """(class of each voter, representative voter of each class): voters whose ballots hold the
    same projects with the same utilities always have the same budget, so MES runs on classes
    with weights (exact: a class is a set of identical voters). Identity is tested exactly, on
    the padded rows (project + 1, utility) sorted by project."""
    order = _stable_argsort(proj)
    order = order[_stable_argsort(voter[order])]  # by voter, then project
    voter, proj, util = voter[order], proj[order], util[order]
    lengths = np.bincount(voter, minlength=n)
    width = int(lengths.max()) if n else 0
    if n == 0 or n * width > 20_000_000:  # too wide to compare: no compression
        return np.arange(n, dtype=np.int64), np.arange(n, dtype=np.int64)
    start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=start[1:])
    col = np.arange(len(voter)) - start[voter]
    rows = np.zeros((n, 2 * width), dtype=np.int64)
    rows[voter, col] = proj + 1
    rows[voter, width + col] = util.view(np.int64)  # the exact bits of the utility
    # group by a 64-bit hash of the row, then check that every row equals its class's first
    # row (exact); on a collision, fall back to comparing whole rows
    mix = np.random.default_rng(20240611).integers(1, 2**63, size=2 * width, dtype=np.uint64)
    with np.errstate(over="ignore"):
        h = (rows.view(np.uint64) * (mix | np.uint64(1))).sum(axis=1, dtype=np.uint64)
    _, first, inverse = np.unique(h, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    if not np.array_equal(rows, rows[first[inverse]]):
        _, first, inverse = np.unique(rows, axis=0, return_index=True, return_inverse=True)
        inverse = inverse.reshape(-1)
    return inverse.astype(np.int64), first.astype(np.int64)


class Election:
    """Project-major arrays of one election, built once and shared by every MES run.

    Voters with identical ballots are merged into weighted classes (``weight``): they pay the
    same in every run, so every sum over supporters is a weighted sum over classes."""

    def __init__(self, instance: Instance, profile: Profile) -> None:
        self.instance = instance
        self.profile = profile
        self.ids = instance.ids
        self.m = len(self.ids)
        self.n = profile.num_voters
        self.cost_exact = [p.cost for p in instance.projects.values()]
        self.cost = np.array([float(c) for c in self.cost_exact])
        whole = all(Fraction(c).denominator == 1 for c in self.cost_exact)
        self.cost_int: list[int] | None = [int(c) for c in self.cost_exact] if whole else None
        util = profile.utilities()
        if profile.vote_type in ("approval", "choose-1"):
            util = self.cost[profile.indices]  # Cost_Sat
        voter = profile.voter_of_vote()
        keep = util > 0
        voter, proj, util = voter[keep], profile.indices[keep].astype(np.int64), util[keep]
        cls, rep = _ballot_classes(voter, proj, util, self.n)
        self.num_classes = len(rep)
        self.class_weight = np.bincount(cls, minlength=self.num_classes).astype(np.float64)
        is_rep = np.zeros(self.n, dtype=bool)
        is_rep[rep] = True
        take = is_rep[voter]
        voter, proj, util = cls[voter[take]], proj[take], util[take]
        perm = _stable_argsort(proj)
        proj = proj[perm]
        self.voters = voter[perm]  # class of each supporter entry, project-major
        self.utils = util[perm]
        self.weights = self.class_weight[self.voters]
        self.wutils = self.weights * self.utils
        counts = np.bincount(proj, minlength=self.m)
        self.ptr = np.zeros(self.m + 1, dtype=np.int64)
        np.cumsum(counts, out=self.ptr[1:])
        self.num_supporters = np.rint(
            np.bincount(proj, weights=self.weights, minlength=self.m)
        ).astype(np.int64)
        self.total_util = np.bincount(proj, weights=self.wutils, minlength=self.m)
        self.lex = lex_rank(self.ids)
        self.lex_list: list[int] = self.lex.tolist()
        # plain Python copies for the scalar work of the inner loops
        self.start: list[int] = self.ptr.tolist()
        self.cost_list: list[float] = self.cost.tolist()
        self.total_util_list: list[float] = self.total_util.tolist()
        # class -> projects (CSR), to find which projects share a supporter with a funded one
        self._cls_sorted_proj = proj[_stable_argsort(self.voters)]
        ccounts = np.bincount(self.voters, minlength=self.num_classes)
        self.cptr = np.zeros(self.num_classes + 1, dtype=np.int64)
        np.cumsum(ccounts, out=self.cptr[1:])
        self._neighbours: dict[int, np.ndarray] = {}
        self.unit = support_unit(profile)
        #: funded for free at the start of every run (supported, cost 0), in tie-break order
        self.zero_cost: list[int] = [
            int(p) for p in np.argsort(self.lex) if self.total_util[p] > 0 and self.cost[p] == 0
        ]
        #: projects that can take part in a race (supported, cost > 0)
        self.fundable = (self.total_util > 0) & (self.cost > 0)
        self.first_lb = np.where(
            self.fundable, self.cost / np.where(self.fundable, self.total_util, 1), np.inf
        )
        #: every supporter of a project has the same utility for it — its cost (approval,
        #: choose-1), or 1 (the cardinality rule) —: a payment due is one number per project
        first = np.zeros(self.m)
        first[counts > 0] = self.utils[self.ptr[:-1][counts > 0]]
        self.flat = bool(np.array_equal(self.utils, np.repeat(first, counts)))
        self.unit_util: np.ndarray = first  # that utility, where flat
        self.unit_util_list: list[float] = first.tolist()
        # each project's segment of the supporter arrays, as views (for the inner loops of
        # MES runs: a list lookup instead of a slice)
        seg = [slice(lo, hi) for lo, hi in zip(self.start[:-1], self.start[1:], strict=True)]
        self.seg_voters: list[np.ndarray] = [self.voters[s] for s in seg]
        self.seg_weights: list[np.ndarray] = [self.weights[s] for s in seg]
        self.seg_wutils: list[np.ndarray] = [self.wutils[s] for s in seg]
        #: each supporter's utility (or, on ``flat`` elections, the one utility: the same
        #: products)
        self.seg_utils: list[np.ndarray | float] = (
            list(self.unit_util_list) if self.flat else [self.utils[s] for s in seg]
        )
        #: zeros as long as the longest segment, read only (``np.maximum`` against an array is
        #: three times faster than against the scalar 0)
        self.seg_zeros = np.zeros(int(counts.max()) if self.m else 0)

    def segment(self, p: int) -> slice:
        return slice(self.ptr[p], self.ptr[p + 1])

    def neighbours(self, p: int) -> np.ndarray:
        """Boolean mask of the projects that share a supporter with ``p`` (memoised)."""
        mask = self._neighbours.get(p)
        if mask is None:
            vs = self.voters[self.segment(p)]
            starts, ends = self.cptr[vs], self.cptr[vs + 1]
            lengths = ends - starts
            total = int(lengths.sum())
            mask = np.zeros(self.m, dtype=bool)
            if total:
                idx = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
                mask[self._cls_sorted_proj[idx]] = True
            self._neighbours[p] = mask
        return mask


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
    #: per step, a lower bound of every project's ρ at that step, taken a relative
    #: ``HINT_MARGIN`` lower (inf: surely unaffordable; funded projects: 0), the hints of a
    #: later run at a smaller ``b``
    bounds: list[np.ndarray] = field(default_factory=list, repr=False)
    #: per step, the funded project's supporters' money before they paid (``e.segment`` order):
    #: with ``sequence`` and ``rho`` it replays the run (the slope certificate reads it)
    pre: list[np.ndarray] = field(default_factory=list, repr=False)
    #: voters' money at the start of some steps, replayed for certificates (``_money_at``)
    snapshots: dict[int, np.ndarray] = field(default_factory=dict, repr=False)


def _rho(e: Election, p: int, budgets: np.ndarray, start: float = 0.0) -> tuple[float, float]:
    """(ρ, the money its supporters hold) for project ``p``; ρ is inf if unaffordable.

    ρ solves ``Σ w_i·min(budget_i, ρ·u_i) = cost``. The left side is concave and piecewise
    linear in ρ, so Newton's method from any lower bound climbs to the solution monotonically
    and stops exactly, after a few rounds, when the set of supporters who pay all they have no
    longer grows (no sort needed). It starts from ``cost / Σ w_i·u_i`` or from ``start``, a
    lower bound the caller knows (the ρ computed before the last payments, or a hint), which
    saves rounds; the result is the same formula of the same final set. Sums over a mask are
    sums of products with it (twice as fast as summing the masked entries; not BLAS dot
    products, which use threads on long vectors and stall on a busy machine)."""
    return _rho_of(e, p, budgets[e.seg_voters[p]], start)


def _rho_of(e: Election, p: int, b: np.ndarray, start: float) -> tuple[float, float]:
    """``_rho`` on the supporters' money ``b`` already gathered (``e.segment(p)`` order): the
    same operations on the same arrays, so the same floats. Where every utility is the cost
    (``e.flat``), ``ρ·u_i`` is the one product ``ρ·u``."""
    wb = e.seg_weights[p] * b
    c = e.cost_list[p]
    money = float(_add(wb))
    if money < c * (1 - AFFORD):
        return np.inf, money
    u = e.seg_utils[p]
    wu = e.seg_wutils[p]
    uncapped_rho = c / e.total_util_list[p]  # the formula when nobody pays all she has
    rho = max(uncapped_rho, start)
    n_capped = -1
    while True:
        capped = b < rho * u
        k = int(_count(capped))
        if k == n_capped:
            break
        n_capped = k
        if k == 0:
            new = uncapped_rho
        else:
            rest = float(_add(wu * ~capped))
            if rest <= 0:
                break
            new = (c - float(_add(wb * capped))) / rest
        if not new > rho:
            if rho == start:  # a start a hair above the solution (float noise): the formula
                rho = new
            break
        rho = new
    return max(rho, 0.0), money


def run_mes(
    e: Election,
    b: float,
    excluded: Iterable[int] = (),
    slack: float = 0.0,
    hint: Run | None = None,
    explain: bool = True,
) -> Run:
    """One MES run with ``b`` per voter. ``slack``: at each step, also evaluate exactly every
    project whose lower bound is within a relative ``slack`` of the best ρ, so that the
    recorded runner-up bounds are exact up to ``slack`` (the outcome does not depend on it).

    ``hint``: a run at a per-voter budget ``≥ b`` (same ``excluded``). As long as this run has
    funded the same projects as the hint's, the hint's bounds at the same step are lower
    bounds here too (the Lemma of the module docstring: less money, higher ρ, and a project
    the supporters could not afford with more money they cannot afford with less), so fewer
    projects need evaluating; the run is the same as without the hint.

    ``explain``: record what the supporters paid at each step (``paid``, for the outcome's
    explanations); the search's runs skip it and only its final run records it."""
    if hint is not None and hint.b < b:
        raise ValueError("a hint must come from a run at a larger per-voter budget")
    budgets = np.full(e.num_classes, b, dtype=np.float64)
    alive = e.fundable.copy()
    for p in excluded:
        alive[p] = False
    # lb[p]: a lower bound of p's ρ while p is alive, inf once it is not (funded or out), so
    # that sorting lb sorts the candidates; the bounds handed on use ``gone`` for those
    lb = np.where(alive, e.first_lb, np.inf)
    stale = np.ones(e.m, dtype=bool)  # lb[p] is a bound only, not ρ computed since a payment
    # the bound handed on for projects no longer alive: inf if unaffordable by more than float
    # noise, else 0 (funded, or unaffordable by a hair). An alive project whose lb is inf came
    # so from a hint: it is surely unaffordable, and is never evaluated
    gone = np.zeros(e.m)
    bounds: list[np.ndarray] = []
    hints = hint.bounds if hint is not None else []
    seq: list[int] = []
    rhos: list[float] = []
    runner: list[tuple[float, float]] = []
    paid: list[tuple[int, int, float]] = []
    pre: list[np.ndarray] = []
    lex = e.lex_list
    start, cost_list, utils, weights = e.start, e.cost_list, e.utils, e.weights
    seg_voters, unit_util = e.seg_voters, e.unit_util_list
    flat = e.flat
    inf = np.inf
    keep = 1 - HINT_MARGIN
    while True:
        t = len(seq)
        if t < len(hints):  # so far the same projects as the hint's run: its bounds hold
            np.maximum(lb, hints[t], out=lb, where=stale)
        # by bound, then id: sorted by bound, equal bounds put in id order below (the order of
        # sorting the alive projects in id order by bound); only the first PREFIX are listed
        # unless the loop goes further (the rest's bounds are unchanged until it gets there)
        rank = lb.argsort()
        first = rank[:PREFIX]
        order = first.tolist()
        lbs = lb[first].tolist()
        more = len(rank) > PREFIX
        best, best_p = inf, -1
        beyond = inf  # lower bound of every project left unevaluated
        evaluated: dict[int, float] = {}
        gathered: dict[int, np.ndarray] = {}  # supporters' money of the projects evaluated
        i = 0
        while True:
            if i == len(lbs):
                if not more:
                    break
                order += rank[PREFIX:].tolist()
                lbs += lb[rank[PREFIX:]].tolist()
                more = False
            lbp = lbs[i]
            if lbp == inf or (lbp > best * (1 + TIE) and lbp > best * (1 + slack)):
                beyond = lbp
                break
            j = i + 1
            while True:
                if j == len(lbs) and more:
                    order += rank[PREFIX:].tolist()
                    lbs += lb[rank[PREFIX:]].tolist()
                    more = False
                if j < len(lbs) and lbs[j] == lbp:
                    j += 1
                else:
                    break
            group = range(i, j)
            if j > i + 1:
                group = sorted(group, key=lambda k: lex[order[k]])
            i = j
            for k in group:
                p, lbp = order[k], lbs[k]
                if lbp > best * (1 + TIE) and lbp > best * (1 + slack):
                    beyond = lbp
                    i = -1  # stop the outer loop too
                    break
                if not stale[p]:
                    r = lbp
                else:
                    bv = budgets[seg_voters[p]]
                    r, money = _rho_of(e, p, bv, lbp)
                    stale[p] = False
                    if r == inf:
                        lb[p] = inf
                        alive[p] = False
                        if money < cost_list[p] * (1 - AFFORD) * (1 - HINT_MARGIN):
                            gone[p] = inf
                        continue
                    lb[p] = r
                    gathered[p] = bv
                evaluated[p] = r
                if best_p < 0 or r < best * (1 - TIE):
                    best, best_p = r, p
                elif r <= best * (1 + TIE) and lex[p] < lex[best_p]:
                    best_p = p  # a tie: pabutools takes the smaller id string
            if i < 0:
                break
        if best_p < 0:
            break
        p = best_p
        bounds.append(np.where(alive, lb, gone) * keep)  # taken lower: float noise
        if t < len(hints) and (t >= len(hint.sequence) or hint.sequence[t] != p):
            hints = []  # another project than the hint's: its bounds no longer apply
        lo, hi = start[p], start[p + 1]
        vs = seg_voters[p]
        bv = gathered.get(p)
        if bv is None:
            bv = budgets[vs]
        pre.append(bv)
        due = best * unit_util[p] if flat else best * utils[lo:hi]
        pay = np.minimum(bv, due)
        budgets[vs] = bv - pay  # ≥ 0: pay is at most bv
        before, after = beyond, inf  # best other ρ, ids sorting before / after p's
        lp = lex[p]
        for q, r in evaluated.items():
            if q == p:
                continue
            if lex[q] < lp:
                before = min(before, r)
            else:
                after = min(after, r)
        seq.append(int(p))
        rhos.append(best)
        runner.append((before, after))
        if explain:
            w = weights[lo:hi]
            n_sup = int(e.num_supporters[p])
            n_poor = float((w * (bv < due * (1 - 1e-12))).sum())  # who pay all they have
            share = float((pay * w).sum()) / n_sup if n_sup else 0.0
            paid.append((n_sup, round(n_poor), share))
        alive[p] = False
        lb[p] = inf
        stale |= e.neighbours(p)  # projects sharing a supporter with p: their ρ may have grown
    return Run(b, seq, rhos, runner, paid, budgets, list(e.zero_cost), bounds, pre)


def _selected(e: Election, run: Run) -> list[int]:
    return run.zero_cost + run.sequence


def _cost(e: Election, sel: list[int]) -> Fraction:
    if e.cost_int is not None:  # whole costs (all real files): add Python integers
        return Fraction(sum(e.cost_int[p] for p in sel))
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


def _complete(e: Election, sel: list[int]) -> bool:
    """Every project MES can fund (supported, cost > 0) is funded: more money changes nothing."""
    chosen = set(sel)
    return all(p in chosen for p in np.flatnonzero((e.total_util > 0) & (e.cost > 0)).tolist())


def certified(left: Run, right: Run) -> bool:
    """True if every per-voter budget in [left.b, right.b] funds the same sequence (docstring)."""
    if left.sequence != right.sequence:
        return False
    return all(
        r_left < before * (1 - 1e-7) and r_left <= after * (1 + 1e-12)
        for r_left, (before, after) in zip(left.rho, right.runner_up, strict=True)
    )


def _money_at(e: Election, run: Run, t: int) -> np.ndarray:
    """Every voter class's money at the start of step ``t`` of a run (read only), replayed
    from the run's record (``pre``, ``rho``) to the same floats as the run's own; kept on the
    run, whose certificates ask again. The run sets ``bv − min(bv, due)``, this
    ``max(bv − due, 0)``: the same float (where ``bv > due`` both are the one rounded
    difference, elsewhere both are +0: a float difference is ≤ 0 exactly when ``bv ≤ due``,
    and +0 when equal), in two fast operations (``np.minimum`` against a scalar is slow). The
    payment due is ``ρ·u``, on ``flat`` elections one product per project, as in the run."""
    cached = run.snapshots.get(t)
    if cached is not None:
        return cached
    start = max((s for s in run.snapshots if s < t), default=None)
    if start is None:
        start, money = 0, np.full(e.num_classes, run.b)
    else:
        money = run.snapshots[start].copy()
    seq, rho, pre = run.sequence, run.rho, run.pre
    seg_voters, seg_utils, zeros = e.seg_voters, e.seg_utils, e.seg_zeros
    for step in range(start, t):
        p = seq[step]
        bv = pre[step]
        rest = bv - rho[step] * seg_utils[p]
        money[seg_voters[p]] = np.maximum(rest, zeros[: len(rest)], out=rest)
    run.snapshots[t] = money
    return money


#: above this many entries ``np.dot`` may use BLAS threads (OpenBLAS's ddot does on long
#: vectors), which stall on a busy machine: products and pairwise sums instead
_DOT_MAX = 8192


def _dot_long(a: np.ndarray, b: np.ndarray) -> float:
    """``Σ a·b`` without BLAS, for long vectors."""
    return _add(a * b)


def _capped_slopes(
    e: Election,
    p: int,
    money_l: np.ndarray,
    money_r: np.ndarray,
    rho_l: float,
    rho_r: float,
    s_lo: np.ndarray,
    s_hi: np.ndarray,
) -> tuple[float, float, tuple[np.ndarray, ...] | None] | None:
    """Bounds ``(lo, hi)`` of ``dρ_p/db`` over ``[b_L, b_R]`` for project ``p`` at one step
    (``money_*``: its supporters' money there at both ends, in segment order; ``s_*``: every
    class's bounds of its money's slope), and what ``_pay`` needs to carry the supporters'
    slopes past the step (module docstring, *slope certificate*): their slope bounds, and
    1.0 / 0.0 for not capped / capped at ``b_R`` and at ``b_L``; None for that where nobody
    pays all she has at either end (then nobody does in between: ``ρ_p = c / Σ w·u``,
    ``lo = hi = 0``, and nobody's slope moves). None where everybody may be capped.

    Float order: each sum is a dot product of the entries with a mask of 1.0 / 0.0 instead of
    the pairwise sum of the entries multiplied by a boolean mask: the same terms (a product by
    1.0 or 0.0 is exact), all ≥ 0, summed in another order, so the sums differ by a relative
    ``n·ε`` at most (1e-11 for 100,000 entries): far inside ``SLOPE_PAD``, there for such
    noise. The capped sets, and so "nobody capped", are exact comparisons."""
    u = e.seg_utils[p]  # on flat elections the one utility: ρ·u the same products
    cap_r = money_r < rho_r * u
    cap_l = money_l < rho_l * u
    cap_l |= cap_r  # ⊇ cap_r by the Lemma; the union guards float noise
    if not _count(cap_l):
        return 0.0, 0.0, None
    wu = e.seg_wutils[p]
    dot = np.dot if len(wu) <= _DOT_MAX else _dot_long
    capped_l = cap_l.astype(np.float64)
    capped_r = cap_r.astype(np.float64)
    free_l = 1.0 - capped_l
    den_l = float(dot(wu, free_l))
    if not den_l > 0:
        return None
    free_r = 1.0 - capped_r
    den_r = float(dot(wu, free_r))
    if not den_r > 0:
        return None
    vs = e.seg_voters[p]
    w = e.seg_weights[p]
    sh, sl = s_hi.take(vs), s_lo.take(vs)
    steep = -float(dot(w * sh, capped_l)) / den_l
    flat = -float(dot(w * sl, capped_r)) / den_r
    return steep * (1 + SLOPE_PAD), flat * (1 - SLOPE_PAD), (sh, sl, free_r, free_l)


def _pay(
    e: Election,
    p: int,
    s_lo: np.ndarray,
    s_hi: np.ndarray,
    p_lo: float,
    p_hi: float,
    carry: tuple[np.ndarray, ...],
) -> None:
    """The supporters of ``p`` pay: bounds of their money's slopes after the step (0 where
    capped; ``carry`` from ``_capped_slopes``). The slopes are ≥ 0, so a product by the 1.0 /
    0.0 masks is the value or +0, as ``np.where`` gave; only a slope that overflowed to inf
    would give nan there, and an inf or nan bound that reaches a comparison makes
    ``slope_certified`` refuse (its ``width < inf`` test)."""
    sh, sl, free_r, free_l = carry
    u = e.seg_utils[p]
    vs = e.seg_voters[p]
    sh -= u * p_lo
    sh *= free_r
    s_hi[vs] = sh
    sl -= u * p_hi
    np.maximum(sl, e.seg_zeros[: len(sl)], out=sl)
    sl *= free_l
    s_lo[vs] = sl


def slope_certified(e: Election, left: Run, right: Run) -> bool:
    """True if every per-voter budget in ``[left.b, right.b]`` funds the same sequence, proved
    with bounds on how fast each ρ can fall (the *slope certificate* of the module docstring):
    where ``certified`` compares ``left``'s ρ with ``right``'s runner-ups, this compares the two
    ρ as functions of ``b`` — their difference is positive at both ends and its slope varies
    within a known width, so it stays above its chord minus that width's largest dip."""
    if left.sequence != right.sequence or not right.b > left.b:
        return False
    x = right.b - left.b
    steps = len(left.sequence)
    if steps == 0:
        return True
    # rivals: at each step, the projects still in the race whose lower bound at b_R does not
    # already beat ρ_p(b_L) (for the others the sequence certificate's argument holds)
    funded_at = np.full(e.m, steps)
    funded_at[left.sequence] = np.arange(steps)
    rivals = (np.vstack(right.bounds) <= np.array(left.rho)[:, None] * (1 + 2 * MARGIN)) & (
        (funded_at[None, :] > np.arange(steps)[:, None]) & e.fundable[None, :]
    )
    busy = set(np.flatnonzero(rivals.any(axis=1)).tolist())
    if not busy:
        return True
    last = max(busy)
    s_lo = np.ones(e.num_classes)  # bounds of d(money)/db of each class, at the current step
    s_hi = np.ones(e.num_classes)
    lex = e.lex_list
    seg_voters = e.seg_voters
    inf = np.inf
    for t, p in enumerate(left.sequence[: last + 1]):
        rl, rr = left.rho[t], right.rho[t]
        slopes = None
        if t < last:
            slopes = _capped_slopes(e, p, left.pre[t], right.pre[t], rl, rr, s_lo, s_hi)
            if slopes is None:
                return False
        if t in busy:
            for q in np.flatnonzero(rivals[t]).tolist():
                tie = 1e-12 if lex[q] > lex[p] else -MARGIN  # p wins an exact tie with q after it
                qv = seg_voters[q]
                # _rho(e, q, money) gathers the same entries: the same floats
                money_r = _money_at(e, right, t)[qv]
                qr, _ = _rho_of(e, q, money_r, 0.0)
                if qr > rl * (1 - tie):
                    continue  # unaffordable at b_R, or above ρ_p(b_L) already (monotone)
                money_l = _money_at(e, left, t)[qv]
                ql, _ = _rho_of(e, q, money_l, 0.0)
                if not ql < inf:
                    return False
                if slopes is None:
                    # the last step with rivals, where no slopes are carried on: the funded
                    # project's are needed only once a rival is close. Before that, every
                    # rival q has ρ_q(b_R) > ρ_p(b_L)·(1 − tie) or is unaffordable at b_R,
                    # so by the Lemma ρ_p(b) ≤ ρ_p(b_L) < ρ_q(b_R) ≤ ρ_q(b) on the whole
                    # interval: the sequence certificate's argument, which needs no slope
                    # (even where everybody may pay all she has).
                    slopes = _capped_slopes(e, p, left.pre[t], right.pre[t], rl, rr, s_lo, s_hi)
                    if slopes is None:
                        return False
                p_lo, p_hi = slopes[0], slopes[1]
                q_slopes = _capped_slopes(e, q, money_l, money_r, ql, qr, s_lo, s_hi)
                if q_slopes is None:
                    return False
                q_lo, q_hi = q_slopes[0], q_slopes[1]
                # g = ρ_q − (1 − tie)·ρ_p at both ends, and the width of its slope's range
                g_l, g_r = ql - rl * (1 - tie), qr - rr * (1 - tie)
                width = ((p_hi - p_lo) * (1 + 1e-6) + (q_hi - q_lo)) * (1 + 1e-6)
                if not (g_l > 0 and g_r > 0 and width < inf):
                    return False  # also where a slope overflowed: an inf or nan bound
                if width > 0:  # g ≥ chord − width·s·(x − s)/x: its lowest point
                    s = min(max((x - (g_r - g_l) / width) / 2, 0.0), x)
                    if not g_l + (g_r - g_l) * s / x - width * s * (x - s) / x > 0:
                        return False
        if t < last and slopes[2] is not None:  # the supporters pay: their money's slopes
            _pay(e, p, s_lo, s_hi, slopes[0], slopes[1], slopes[2])
    return True


def _guess(e: Election, left: Run, right: Run, far: Run | None = None) -> float:
    """Where, as a fraction of ``[left.b, right.b]``, the sequence first changes: at the first
    step the two runs fund different projects, where the difference of those two projects' ρ
    (computed at both ends) crosses zero — interpolated linearly, or along the parabola through
    a third run ``far`` past ``right`` where the same project overtakes at the same step (the
    difference bends over long stretches). Only a guess: it chooses where the search probes
    next; every probe is then certified, or not, exactly. 0.5 (bisect) where there is nothing
    to interpolate."""
    n = min(len(left.sequence), len(right.sequence))
    t = next((t for t in range(n) if left.sequence[t] != right.sequence[t]), n)
    if t == n:
        return 0.5
    x, y = left.sequence[t], right.sequence[t]
    y_l, _ = _rho(e, y, _money_at(e, left, t))
    x_r, _ = _rho(e, x, _money_at(e, right, t))
    g_l, g_r = y_l - left.rho[t], right.rho[t] - x_r  # ρ_y − ρ_x: ≥ 0 at left, ≤ 0 at right
    if not (np.isfinite(g_l) and np.isfinite(g_r)) or g_l - g_r <= 0:
        return 0.5
    linear = min(max(g_l / (g_l - g_r), 0.0), 1.0)
    if (
        far is None
        or len(far.sequence) <= t
        or far.sequence[: t + 1] != right.sequence[: t + 1]
        or not far.b > right.b
    ):
        return linear
    x_f, _ = _rho(e, x, _money_at(e, far, t))
    g_f = far.rho[t] - x_f
    z = (far.b - left.b) / (right.b - left.b)
    if not np.isfinite(g_f):
        return linear
    # g(s) = g_l + β·s + γ·s², through (1, g_r) and (z, g_f)
    gamma = ((g_f - g_l) / z - (g_r - g_l)) / (z - 1)
    beta = g_r - g_l - gamma
    if abs(gamma) < 1e-12 * (abs(beta) + abs(g_l)):
        return linear
    disc = beta * beta - 4 * gamma * g_l
    if disc < 0:
        return linear
    roots = [(-beta - disc**0.5) / (2 * gamma), (-beta + disc**0.5) / (2 * gamma)]
    inside = [r for r in roots if 0.0 <= r <= 1.0]
    return min(inside) if inside else linear


#: above this many (voter class, project) entries one box certificate costs 10 to 50 MES runs
#: (Warszawa 2026, Kraków 2024, Łódź, Amsterdam 621, Budapest 2024) and rarely pays: the
#: search does without it unless asked
BOX_MAX_ENTRIES = 60_000


def _ragged(e: Election, projects: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(entry indices of the projects' supporters, concatenated; query number of each)."""
    starts = e.ptr[projects]
    lengths = e.ptr[projects + 1] - starts
    total = int(lengths.sum())
    offsets = np.cumsum(lengths) - lengths
    idx = np.repeat(starts - offsets, lengths) + np.arange(total)
    return idx, np.repeat(np.arange(len(projects)), lengths)


def _rho_batch(
    e: Election, projects: np.ndarray, idx: np.ndarray, g: np.ndarray, b: np.ndarray, upper: bool
) -> np.ndarray:
    """:func:`_rho` for many projects at once, each with its own supporters' budgets ``b``
    (entries ``idx``, query ``g``: each project's whole segment, as ``_ragged`` gives).
    ``upper``: the result bounds the true ρ from above, so a project whose supporters hold
    barely its cost counts as unaffordable (inf); otherwise only the projects surely
    unaffordable are inf."""
    n = len(projects)
    wu = e.wutils[idx]
    c = e.cost[projects]
    wb = e.weights[idx] * b
    money = np.bincount(g, weights=wb, minlength=n)
    ok = money >= c * (1 + 1e-9) if upper else money >= c * (1 - AFFORD) * (1 - 1e-9)
    total = e.total_util[projects]  # Σ w·u over each query's supporters: its whole segment
    rho = c / total
    # flat ballots: every supporter's utility is the project's one, the same products
    unit = e.unit_util[projects] if e.flat else None
    u = None if e.flat else e.utils[idx]
    # Newton climbs monotonically; a query that stops growing is settled and leaves the batch.
    # Below the cost (the slack band of AFFORD) _rho may stop anywhere: only its start is sure
    todo = np.flatnonzero(money >= c * (1 + 1e-9))
    for _ in range(500):
        if len(todo) == 0:
            break
        capped = b < ((rho * unit)[g] if u is None else rho[g] * u)
        # few supporters pay all they have: sums over them only, the rest by difference —
        # directly where the difference is under 1e-6 of the total, so that its rounding
        # (1e-16 of the total) stays far inside MARGIN; the settled queries' entries stay
        # (their ρ no longer moves) and their sums are not read
        ci = np.flatnonzero(capped)
        gc = g[ci]
        capped_money = np.bincount(gc, weights=wb[ci], minlength=n)[todo]
        rest = total[todo] - np.bincount(gc, weights=wu[ci], minlength=n)[todo]
        close = rest <= total[todo] * 1e-6
        if close.any():
            direct = np.bincount(g, weights=np.where(capped, 0.0, wu), minlength=n)[todo]
            rest[close] = direct[close]
        pos = rest > 0
        new = (c[todo] - capped_money) / np.where(pos, rest, 1.0)
        grow = pos & (new > rho[todo])
        rho[todo[grow]] = new[grow]
        if not grow.all():
            todo = todo[grow]
    else:  # pragma: no cover - Newton on a piecewise-linear concave function is finite
        raise RuntimeError("batched Newton did not settle")
    return np.where(ok, rho, np.inf)


def _members(items: np.ndarray, n: int) -> np.ndarray:
    """Boolean mask of ``items`` among ``range(n)`` (``np.isin`` sorts: much slower)."""
    mask = np.zeros(n, dtype=bool)
    mask[items] = True
    return mask


def _same_voter(cls: np.ndarray, n_cls: int) -> np.ndarray:
    """For each entry, the indices of all entries of the same voter class (padded with -1)."""
    order = _stable_argsort(cls)
    count = np.bincount(cls, minlength=n_cls)
    width = int(count.max()) if len(cls) else 0
    first = np.cumsum(count) - count
    slot = np.empty(len(cls), dtype=np.int64)
    slot[order] = np.arange(len(cls)) - first[cls[order]]
    table = np.full((n_cls, width), -1, dtype=np.int64)
    table[cls, slot] = np.arange(len(cls))
    return table[cls]


def _row_sums(a: np.ndarray) -> np.ndarray:
    """``a.sum(axis=1)``, the same floats: NumPy reduces a short last axis one row at a time
    (slow); a few columns are added in order, which is what that reduction does below 8."""
    if a.shape[1] >= 8 or a.shape[1] == 0:
        return a.sum(axis=1)
    total = a[:, 0].copy()
    for j in range(1, a.shape[1]):
        total += a[:, j]
    return total


class _Prefix:
    """Per voter class, the sum of the values of her entries whose rank is below a bound
    (a class holds few entries: one padded row of ranks and running sums per class, stored
    column by column: NumPy reduces a short axis far slower than it adds a few columns)."""

    def __init__(self, cls: np.ndarray, rank: np.ndarray, values: np.ndarray, n_cls: int):
        order = _stable_argsort(rank)
        order = order[_stable_argsort(cls[order])]  # by class, then rank
        cls, rank, values = cls[order], rank[order], values[order]
        count = np.bincount(cls, minlength=n_cls)
        width = int(count.max()) if len(cls) else 0
        first = np.cumsum(count) - count
        slot = np.arange(len(cls)) - first[cls]
        self.n_cls = n_cls
        self.rank = np.full((width, n_cls), np.iinfo(np.int64).max, dtype=np.int64)
        self.rank[slot, cls] = rank
        sums = np.zeros((width + 1, n_cls))
        sums[slot + 1, cls] = values
        for j in range(1, width + 1):  # running sums, in rank order (as np.cumsum adds)
            sums[j] += sums[j - 1]
        self.sums = sums.reshape(-1)

    def before(self, cls: np.ndarray, bound: np.ndarray) -> np.ndarray:
        taken = np.zeros(len(cls), dtype=np.int64)
        for row in self.rank:
            taken += row[cls] < bound
        return self.sums[taken * self.n_cls + cls]


def _crossings(
    e: Election,
    projects: np.ndarray,
    limit: np.ndarray,
    paid: _Prefix,
    enter: np.ndarray,
    b_hi: float,
    first: np.ndarray | None = None,
    entries: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """For each project ``q``: the lowest ρ-time ``τ`` at which ``q`` could be funded in the
    box certificate, or ``limit`` if none is below it. That is the first ``τ`` with
    ``τ ≥ h(τ)``, ``h(τ)`` being ``q``'s ρ once the projects that surely precede ``τ`` (the
    first ``k`` in the order of ``enter``) have taken at least their lowest payments
    (``paid``). ``h`` grows with ``τ``: runs of pieces are
    skipped at once, all projects advancing together.

    ``first`` (by project, NaN where unknown, filled in here): ``h`` on the first piece, where
    nothing is paid yet and every supporter holds ``b_hi``; it does not depend on the box, so
    the caller keeps it across rounds (the same floats as computing it again). ``entries``:
    the projects' ``_ragged`` entries and their voter classes, if the caller has them."""
    n_enter = len(enter)
    result = limit.astype(np.float64).copy()
    if len(projects) == 0:
        return result
    if entries is None:
        idx, g = _ragged(e, projects)
        entries = (idx, g, e.voters[idx])
    idx, g, cls = entries
    k = np.zeros(len(projects), dtype=np.int64)
    active = np.ones(len(projects), dtype=bool)
    ext = np.concatenate(([0.0], enter, [np.inf]))  # piece k is (ext[k], ext[k + 1]]
    inv = np.empty(len(projects), dtype=np.int64)
    while True:
        start = ext[k]
        active &= start < limit
        sub = np.flatnonzero(active)
        if len(sub) == 0:
            return result
        inv[sub] = np.arange(len(sub))
        emask = active[g]
        g_act = g[emask]
        gs = inv[g_act]
        if first is not None and not k[sub].any():  # the first piece: h known or to keep
            h = first[projects[sub]]
            unknown = np.isnan(h)
            if unknown.any():
                todo = sub[unknown]
                ent = _members(todo, len(projects))[g]
                inv[todo] = np.arange(len(todo))
                b = np.full(int(np.count_nonzero(ent)), b_hi)  # b_hi − nothing paid
                h[unknown] = _rho_batch(
                    e, projects[todo], idx[ent], inv[g[ent]], b, upper=False
                ) * (1 - MARGIN)
                first[projects[todo]] = h[unknown]
        else:
            b = np.maximum(b_hi - paid.before(cls[emask], k[g_act]), 0.0)
            h = _rho_batch(e, projects[sub], idx[emask], gs, b, upper=False) * (1 - MARGIN)
        end = ext[k[sub] + 1]
        cross = h <= end
        hit = sub[cross]
        result[hit] = np.minimum(np.maximum(start[hit], h[cross]), limit[hit])
        active[hit] = False
        jump = sub[~cross]
        k[jump] = np.minimum(np.searchsorted(enter, h[~cross], side="left"), n_enter)
        assert (k[jump] > 0).all() or n_enter == 0


def box_nonstop(
    e: Election, left: Run, right: Run, rounds: int = 24, *, exhaustive: bool = True
) -> bool:
    """True if no per-voter budget in ``[left.b, right.b]`` stops the completion: every run
    there funds a set between ``sure`` and ``possible`` (the box certificate of the module
    docstring), and every such set is feasible and leaves room for one more project (when the
    completion stops at exhaustive outcomes, ``exhaustive``) or leaves some fundable project
    unfunded (otherwise: the completion then stops at complete outcomes)."""
    b_lo, b_hi = left.b, right.b
    alive = (e.total_util > 0) & (e.cost > 0)
    rho_l = np.full(e.m, np.nan)
    rho_l[left.sequence] = left.rho
    rho_r = np.full(e.m, np.nan)
    rho_r[right.sequence] = right.rho
    in_l = ~np.isnan(rho_l)
    in_r = ~np.isnan(rho_r)
    # box: ρ-time of each possibly funded project in [lo, hi]; hi = inf for "maybe" ones
    possible = in_l | in_r
    lo = np.where(in_r, rho_r, rho_l) * (1 - 4 * MARGIN)
    hi = np.where(in_l & in_r, rho_l * (1 + 4 * MARGIN), np.inf)
    budget = e.instance.budget
    fixed = _cost(e, left.zero_cost)
    cheapest = min(
        (e.cost_exact[p] for p in np.flatnonzero(alive & ~possible).tolist()), default=None
    )
    if not exhaustive and cheapest is not None:
        # without the exhaustive stop, a set is a stop only if it is complete or infeasible:
        # a fundable project outside the box is all that must be left, whatever its cost
        cheapest = Fraction(0)
    if cheapest is None or fixed + _cost(e, np.flatnonzero(possible).tolist()) + cheapest > budget:
        return False  # both ends alone leave no room for one more project
    layout = sure_layout = None
    first = np.full(e.m, np.nan)  # each project's h on the first piece (see _crossings)
    for _ in range(rounds):
        # a box is never empty: lowering lo only weakens the claim (and keeps every sure
        # project among those that may precede it, whose own payment is then taken out)
        lo = np.minimum(lo, hi)
        poss = np.flatnonzero(possible)
        spent = fixed + _cost(e, poss.tolist())
        if spent > budget:
            return False
        sure = poss[np.isfinite(hi[poss])]
        if layout is None or not np.array_equal(layout[0], poss):  # new possible projects
            idx, g = _ragged(e, poss)
            cls = e.voters[idx]
            util = e.utils[idx]
            mates = _same_voter(cls, e.num_classes)  # (entries × width): same voter class
            other = np.maximum(mates, 0)
            g_other = g[other]
            mate = (mates >= 0) & (g_other != g[:, None])  # another project of the same class
            if mate.shape[1] < 8:
                # only the (entry, mate) pairs, in row order: bincount adds each entry's in the
                # order the row sum did (NumPy adds fewer than 8 numbers one after another;
                # the left-out zeros change no sum)
                pe, col = np.nonzero(mate)
                po = other[pe, col]
                mates_of = (pe, g[pe], g[po], util[po], None)
            else:
                mates_of = (None, g[:, None], g_other, util[other], mate)
            layout = (poss, idx, g, cls, util, mates_of)
        _, idx, g, cls, util, (pe, g_self, g_mate, util_mate, mate) = layout
        n_poss = len(poss)
        # budgets' lower bounds: whatever may come before x (lo_s ≤ hi_x) took its highest
        # payment, at a ρ below hi_s and below hi_x (x is live then, so its ρ is ≤ hi_x)
        is_sure = np.isfinite(hi[poss])
        lo_p, hi_p = lo[poss], hi[poss]
        cap = np.minimum(hi_p[g_mate], (hi_p * (1 + MARGIN))[g_self])
        may = (lo_p * (1 - MARGIN))[g_mate] <= hi_p[g_self]
        if mate is not None:
            may &= mate
        pay_hi = np.where(may, np.minimum(b_hi, cap * util_mate), 0.0)
        if pe is None:
            before = _row_sums(pay_hi)
        else:
            before = np.bincount(pe, weights=pay_hi, minlength=len(idx))
        low_budget = np.maximum(b_lo - before, 0.0)
        if sure_layout is None or sure_layout[0] is not layout or len(sure_layout[1]) != len(sure):
            # the sure projects' entries (sure projects only leave: same count, same set)
            s_ent = is_sure[g]
            remap = np.cumsum(is_sure) - 1
            s_g = g[s_ent]
            s_arrays = (s_ent, idx[s_ent], remap[s_g], s_g, cls[s_ent], util[s_ent])
            sure_layout = (layout, sure, *s_arrays)
        _, _, s_ent, s_idx, s_query, s_g, s_cls, s_util = sure_layout
        new_hi = np.full(e.m, np.inf)
        if len(sure):
            new_hi[sure] = _rho_batch(e, sure, s_idx, s_query, low_budget[s_ent], upper=True)
        # budgets' upper bounds: each sure project whose ρ-time is surely past paid its least
        order = np.argsort(hi[sure], kind="stable")
        rank_s = np.full(n_poss, -1, dtype=np.int64)
        rank_s[np.flatnonzero(is_sure)[order]] = np.arange(len(sure))
        pay_lo = np.minimum(low_budget[s_ent], lo_p[s_g] * s_util)
        paid = _Prefix(s_cls, rank_s[s_g], pay_lo, e.num_classes)
        enter = hi[sure][order] / (1 - MARGIN)
        new_lo = np.full(e.m, np.inf)
        new_lo[poss] = _crossings(e, poss, lo_p, paid, enter, b_hi, first, (idx, g, cls))
        grew = False
        low = poss[new_lo[poss] < lo[poss]]
        if len(low):
            lo[low] = new_lo[low] * np.minimum((new_lo[low] / lo[low]) ** 3, 1 - MARGIN)
            grew = True
        up = sure[new_hi[sure] > hi[sure]]
        if len(up):
            hi[up] = new_hi[up] * np.maximum((new_hi[up] / hi[up]) ** 3, 1 + MARGIN)
            grew = True
        if grew:
            continue
        # the box holds: can a project outside it be funded? then it joins as a "maybe"
        out = np.flatnonzero(alive & ~possible)
        cross = _crossings(e, out, np.full(len(out), np.inf), paid, enter, b_hi, first)
        joins = out[np.isfinite(cross)]
        if len(joins):
            possible[joins] = True
            lo[joins] = cross[np.isfinite(cross)] * (1 - MARGIN)
            grew = True
        if not grew:
            room = budget - spent
            if not exhaustive:  # some fundable project is never funded: no run is complete
                return bool((alive & ~possible).any())
            return any(alive[p] and not possible[p] and e.cost_exact[p] <= room for p in range(e.m))
    return False


def iterate(
    e: Election,
    increment: float,
    *,
    max_runs: int = 100_000,
    max_seconds: float | None = None,
    box: bool | None = None,
    exhaustive: bool = True,
) -> tuple[Run, dict[str, object]]:
    """The add1 (or +x) completion; returns the chosen run and counters.

    ``exhaustive``: stop at the first exhaustive outcome too (pabutools). Without it, go on
    until the next unit's outcome would cost more than the budget (equalshares.net's plain
    "add1", which Wieliczka used) — or every fundable project is funded.
    ``box``: use the box certificate always (True), never (False), or when it pays (None: its
    observed success rate times the runs a success saves, against its cost in runs).
    Raises TimeoutError after ``max_seconds`` (benchmarks use it)."""
    start = time.perf_counter()
    b0 = float(e.instance.budget) / e.n
    clock = {"run": 0.0, "box": 0.0, "slope": 0.0}
    tally = {"box": 0, "box_ok": 0, "slope": 0}
    plain = {"runs": 0, "units": 0}  # what the search without the box made and advanced

    def at(k: int, hint: Run | None = None, slack: float = SLACK) -> Run:
        t = time.perf_counter()
        run = run_mes(e, b0 + k * increment, slack=slack, hint=hint, explain=False)
        clock["run"] += time.perf_counter() - t
        return run

    def box_pays(span: int) -> bool:
        """Is a box attempt over ``span`` units worth its cost? Estimated from the runs per unit
        the search without the box needed so far and from the box's success rate and cost."""
        if box is not None:
            return box
        if len(e.voters) > BOX_MAX_ENTRIES:
            return False
        if tally["box"] < 2:
            return True
        p_ok = (tally["box_ok"] + 1) / (tally["box"] + 2)
        per_run = clock["run"] / runs
        per_box = clock["box"] / tally["box"]
        runs_per_unit = (plain["runs"] + 1) / (plain["units"] + 1)
        return p_ok * span * runs_per_unit * per_run > per_box + per_run

    def done(sel: list[int]) -> bool:
        return _exhaustive(e, sel) if exhaustive else _complete(e, sel)

    def report(at_unit: int) -> dict[str, object]:
        """The counters, with the seconds spent in runs, boxes and slope certificates."""
        seconds = {f"{name}_seconds": round(spent, 3) for name, spent in clock.items()}
        return {"runs": runs, "k": at_unit, **tally, **seconds}

    def explained(run: Run) -> Run:
        """The chosen run again, recording payments (hinted by itself: cheap)."""
        return run_mes(e, run.b, slack=SLACK, hint=run)

    refused: set[tuple[float, float]] = set()  # pairs a certificate failed: not tried again

    def holds(left: Run, right: Run) -> bool:
        """The sequence certificate, else the slope certificate (not where the sequence
        changes every few units: the runs of a block are made there anyway), never twice on a
        pair it refused."""
        if certified(left, right):
            return True
        if left.sequence != right.sequence or (dense and stride < BLOCK // 2):
            return False
        if (left.b, right.b) in refused:
            return False
        t = time.perf_counter()
        ok = slope_certified(e, left, right)
        clock["slope"] += time.perf_counter() - t
        tally["slope"] += 1
        if not ok:
            refused.add((left.b, right.b))
        return ok

    cache: dict[int, Run] = {}  # runs made ahead of k, reused as later ends of certificates

    def get(j: int, slack: float = SLACK) -> Run:
        """The run at unit ``j``, hinted by the nearest run already made above it."""
        nonlocal runs
        if j not in cache:
            above = [i for i in cache if i > j]
            cache[j] = at(j, cache[min(above)] if above else None, slack)
            runs += 1
        return cache[j]

    runs = 0
    k, cur = 0, get(0)
    sel = _selected(e, cur)
    if done(sel):
        return explained(cur), report(0)
    stride, span = 1, 4
    # where the sequence last changed, and whether it changes often here (then the search
    # makes the next runs in blocks and does without the slope certificate)
    last_change, dense = 0, True
    changes = 0
    while runs < max_runs:
        if max_seconds is not None and time.perf_counter() - start > max_seconds:
            raise TimeoutError(f"MES completion unfinished after {runs} runs (k = {k})")
        for j in [j for j in cache if j <= k]:
            del cache[j]
        boxing = span > stride and box_pays(span)
        if boxing:
            # a long jump that the box certificate may allow across changes of the outcome
            far = get(k + span)
            t = time.perf_counter()
            ok = certified(cur, far) or box_nonstop(e, cur, far, exhaustive=exhaustive)
            clock["box"] += time.perf_counter() - t
            tally["box"] += 1
            tally["box_ok"] += ok
            if ok:
                k, cur = k + span, far
                span *= 2
                continue
            span = max(span // 2, 2)
        # one round: certify [k, k + stride], or bisect down to the first unit that may change
        # the outcome (every run made is kept: it may end a later certificate)
        origin, hi, before = k, k + stride, runs
        if not boxing and dense and stride < BLOCK // 2 and k + 1 not in cache:
            # short strides: the outcome changes often here, each of the next units will need
            # its run; made from the top down, all but the first are hinted
            for j in range(k + BLOCK, k, -1):
                get(j, BLOCK_SLACK)
        # a run already made within the stride ends this round's certificate (it was made
        # past a change found later, and likely ends the stretch that starts here)
        if not dense:
            hi = min((j for j in cache if k < j <= hi), default=hi)
        target = hi
        right = get(hi)
        misses = 0  # probes in a row that fell past the change
        changed = False
        beyond: Run | None = None  # the right end before the last probe that fell past
        while not holds(cur, right):
            if hi == k + 1:  # the next unit may change the outcome: apply the definition
                new_sel = _selected(e, right)
                if not _feasible(e, new_sel):
                    return explained(cur), report(k)
                if done(new_sel):
                    return explained(right), report(hi)
                changed = right.sequence != cur.sequence
                break
            # probe where the sequence is guessed to change (any mid in (k, hi) is correct: the
            # probe is then certified or not); bisect after MISSES probes past the change
            if misses >= MISSES:
                mid = (k + hi) // 2
            else:  # the last unit before the guessed change
                f = _guess(e, cur, right, beyond)
                mid = min(max(k + int(f * (hi - k)), k + 1), hi - 1)
            middle = get(mid)
            if holds(cur, middle):
                k, cur = mid, middle
                misses = 0
            else:
                hi, right, beyond = mid, middle, right
                misses += 1
        reached = hi == target
        k, cur = hi, right
        plain["runs"] += runs - before
        plain["units"] += k - origin
        # gallop: double the stride after a round that reached its target; after a change of
        # the outcome, start again from the length of the stretch it ended (not this round's:
        # the round may have started a unit before the change)
        if reached:
            stride *= 2
            if changes:
                stride = min(stride, max(BLOCK, int(CAP * k / changes)))
        elif changed:
            changes += 1
            stride = max(1, k - last_change - 1)
            dense = k - last_change < BLOCK // 2
            last_change = k
        else:  # a unit too close to call, with no change
            stride = max(1, k - origin - 1)
    raise RuntimeError("MES completion did not converge")


def iterate_unit_by_unit(
    e: Election, increment: float, max_units: int = 10_000, *, exhaustive: bool = True
) -> Run:
    """The definition, literally (for tests): one MES run per unit."""

    def done(sel: list[int]) -> bool:
        return _exhaustive(e, sel) if exhaustive else _complete(e, sel)

    b0 = float(e.instance.budget) / e.n
    prev = run_mes(e, b0)
    if done(_selected(e, prev)):
        return prev
    for k in range(1, max_units):
        cur = run_mes(e, b0 + k * increment)
        sel = _selected(e, cur)
        if not _feasible(e, sel):
            return prev
        if done(sel):
            return cur
        prev = cur
    raise RuntimeError("too many units")


def _outcome(e: Election, run: Run, rule: str, phase: str = "mes") -> Outcome:
    sel = _selected(e, run)
    steps: list[Step] = []
    for p in run.zero_cost:
        steps.append(Step(e.ids[p], FUNDED, why("mes_free"), order=sel.index(p) + 1, phase=phase))
    for t, p in enumerate(run.sequence):
        n_sup, n_poor, share = run.paid[t]
        step = t + 1 + len(run.zero_cost)
        data: dict[str, object] = {
            "step": step,
            "supporters": n_sup,
            "share": share,
            "cost": float(e.cost[p]),
        }
        if n_poor:
            reasons = why("mes_funded_capped", capped=n_poor, others=n_sup - n_poor, **data)
        else:
            reasons = why("mes_funded", **data)
        steps.append(Step(e.ids[p], FUNDED, reasons, order=step, phase=phase))
    chosen = set(sel)
    for p in np.argsort(e.lex):
        if p in chosen:
            continue
        pid = e.ids[p]
        if e.total_util[p] <= 0:
            steps.append(Step(pid, NO_SUPPORT, why("no_support"), phase=phase))
            continue
        seg = e.segment(p)
        left = float((run.budgets[e.voters[seg]] * e.weights[seg]).sum())
        steps.append(
            Step(
                pid,
                NOT_FUNDED,
                why(
                    "mes_spent",
                    supporters=int(e.num_supporters[p]),
                    left=left,
                    cost=float(e.cost[p]),
                ),
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
    exhaustive: bool = True,
    election: Election | None = None,
    max_seconds: float | None = None,
    rule: str | None = None,
) -> Outcome:
    """MES with the add1 (``increment="add1"``) or +1 % (``"inc1pct"``) completion, optionally
    followed by greedy fill-up of what remains (pabutools ``completion_by_rule_combination``).
    ``exhaustive``: see :func:`iterate`."""
    e = election or Election(instance, profile)
    rule = rule or f"mes-{increment}" + ("-greedy" if then_greedy else "")
    if e.n == 0:
        return Outcome(rule, [], Fraction(0), instance.budget)
    inc = 1.0 if increment == "add1" else float(instance.budget) / e.n / 100
    run, info = iterate(e, inc, max_seconds=max_seconds, exhaustive=exhaustive)
    out = _outcome(e, run, rule)
    out.info.update(info)
    if not then_greedy:
        return out
    return greedy_fill(instance, profile, out)


def greedy_fill(instance: Instance, profile: Profile, out: Outcome) -> Outcome:
    """``out`` completed by greedy by support with what its budget leaves (pabutools'
    ``completion_by_rule_combination``): equal shares' funded projects keep their steps; a
    project neither funds gets both reasons (why equal shares left it, then the fill-up)."""
    g = greedy(instance, profile, initial=out.selected, rule=out.rule, phase="greedy")
    by_id = {s.project: s for s in out.steps}
    g.steps = [s for s in out.steps if s.status == FUNDED] + [
        s
        if s.status == FUNDED or s.project not in by_id
        else Step(s.project, s.status, by_id[s.project].reasons + s.reasons, None, "greedy")
        for s in g.steps
    ]
    g.info = out.info
    return g


def satisfaction_counts(
    profile: Profile, m: int, a: Iterable[int], b: Iterable[int]
) -> tuple[int, int]:
    """How many voters have more of the projects they support (by index) funded in ``a``
    than in ``b``, and how many in ``b`` than in ``a`` (equalshares.net's comparison step)."""
    voter = profile.voter_of_vote()
    counts = []
    for chosen in (a, b):
        funded = np.zeros(m, dtype=bool)
        funded[list(chosen)] = True
        counts.append(
            np.bincount(voter, weights=funded[profile.indices], minlength=profile.num_voters)
        )
    return int((counts[0] > counts[1]).sum()), int((counts[1] > counts[0]).sum())


def mes_add1_comparison(
    instance: Instance, profile: Profile, *, max_seconds: float | None = None
) -> Outcome:
    """equalshares.net's add1 with its comparison step (Wieliczka's Green Million, 2023):
    MES completed by add1 until the next unit would overspend (no stop at an exhaustive
    outcome), then compared with the greedy count — if more voters have more of the projects
    they voted for funded by greedy than by equal shares, the greedy outcome is taken."""
    rule = "mes-add1-comparison"
    e = Election(instance, profile)
    out = mes_completed(
        instance, profile, exhaustive=False, election=e, rule=rule, max_seconds=max_seconds
    )
    plain = greedy(instance, profile, rule=rule)
    index = {pid: k for k, pid in enumerate(instance.ids)}
    prefer_mes, prefer_greedy = satisfaction_counts(
        profile,
        len(instance.ids),
        [index[p] for p in out.selected],
        [index[p] for p in plain.selected],
    )
    counts = {"mes": prefer_mes, "greedy": prefer_greedy}
    if prefer_greedy > prefer_mes:
        plain.info = {**out.info, "compared_with_greedy": "greedy"}
        plain.notes = [Reason("comparison_greedy", counts)]
        return plain
    out.info["compared_with_greedy"] = "mes"
    out.notes = [Reason("comparison_kept", counts)]
    return out


def mes_cardinality_add1_greedy(
    instance: Instance, profile: Profile, *, max_seconds: float | None = None
) -> Outcome:
    """MES in which every project a voter supports counts 1 for her, whatever its cost
    (pabutools' ``Cardinality_Sat``), completed by add1, then greedy by support (pabutools'
    ``mes_card_add1_greedy`` in REFERENCE.json). Cheap and expensive projects then compete
    on the number of their supporters alone."""
    rule = "mes-card-add1-greedy"
    unit = dataclasses.replace(
        profile, vote_type="cumulative", values=np.ones(len(profile.indices), dtype=np.float64)
    )
    out = mes_completed(instance, unit, increment="add1", rule=rule, max_seconds=max_seconds)
    return greedy_fill(instance, profile, out)
