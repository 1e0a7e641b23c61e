"""The batched Newton of the box certificate (``_rho_batch``) against ``_rho``, one project at
a time: the box's bounds are only as sound as these values."""

from __future__ import annotations

import numpy as np
import pytest

from cocity.budgeting.rules import equal_shares as es
from cocity.budgeting.rules import pabulib

from .test_add1 import close_race_election, random_election


def _comparable(e: es.Election, projects: np.ndarray, money: np.ndarray) -> np.ndarray:
    """Projects whose supporters' money is not within the float band around the cost where
    ``_rho`` may stop anywhere (its docstring): there only the two agree on nothing."""
    c = e.cost[projects]
    return (money >= c * (1 + 1e-9)) | (money < c * (1 - es.AFFORD) * (1 - 1e-9))


@pytest.mark.parametrize("seed", range(40))
def test_the_batched_rho_equals_rho_project_by_project(seed: int) -> None:
    p = random_election(seed) if seed % 2 else close_race_election(seed)
    e = es.Election(p.instance, p.profile)
    rng = np.random.default_rng(seed)
    projects = np.flatnonzero(e.fundable)
    idx, g = es._ragged(e, projects)
    checked = 0
    for scale in (0.05, 0.3, 1.0, 5.0):  # from nobody able to pay to nobody capped
        budgets = rng.uniform(0, 2, size=e.num_classes) * float(e.cost.mean()) * scale
        batch = es._rho_batch(e, projects, idx, g, budgets[e.voters[idx]], upper=False)
        money = np.bincount(g, weights=e.weights[idx] * budgets[e.voters[idx]])
        for q in np.flatnonzero(_comparable(e, projects, money)).tolist():
            one, _ = es._rho(e, int(projects[q]), budgets)
            if np.isinf(one):
                assert np.isinf(batch[q])
            else:
                assert batch[q] == pytest.approx(one, rel=1e-12)
                checked += 1
    assert checked > 0


def test_a_lone_uncapped_supporter_among_millions() -> None:
    """Two voter classes support p0: one of 2,000,000 voters with 1 each, one of a single voter
    with 10. p0 costs 2,000,005: every member of the big class pays all she has, the lone voter
    pays 5 — the uncapped share of the utility is 5e-7 of the total, where the sum over the
    capped supporters taken from the total is checked directly."""
    text = "\n".join(
        [
            "META",
            "key;value",
            "budget;10",
            "vote_type;approval",
            "PROJECTS",
            "project_id;cost",
            "p0;2000005",
            "p1;1",
            "VOTES",
            "voter_id;vote",
            "v0;p0",
            "v1;p0,p1",
        ]
    )
    parsed = pabulib.parse(text + "\n")
    e = es.Election(parsed.instance, parsed.profile)
    # the class of v0 (ballot {p0}: in p0's segment, not in p1's) stands for 2,000,000
    # voters: the weighted arrays are rebuilt as Election builds them
    many = 2_000_000
    (crowd,) = set(e.voters[e.segment(0)].tolist()) - set(e.voters[e.segment(1)].tolist())
    weight = np.ones(e.num_classes)
    weight[crowd] = many
    e.class_weight = weight
    e.weights = weight[e.voters]
    e.wutils = e.weights * e.utils
    e.total_util = np.bincount(
        np.repeat(np.arange(e.m), np.diff(e.ptr)), weights=e.wutils, minlength=e.m
    )
    budgets = np.where(weight > 1, 1.0, 10.0)
    projects = np.array([0])
    idx, g = es._ragged(e, projects)
    rho = es._rho_batch(e, projects, idx, g, budgets[e.voters[idx]], upper=False)[0]
    u = float(e.cost[0])  # approval: the utility is the cost
    lone_share = float(e.cost[0]) - many * 1.0  # what the crowd cannot pay, the lone voter does
    assert lone_share == 5
    assert rho * u == pytest.approx(lone_share, rel=1e-12)
