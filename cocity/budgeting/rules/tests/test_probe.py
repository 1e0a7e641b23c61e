"""Where the add1 search probes: the guessed end of a sequence certificate (``_reach``).

The guess only chooses the next probe of the search's bisection; exactness does not depend on
it (``test_add1.py`` compares the search with the unit-by-unit definition). These tests check
that the guess is a fraction, and that it is a good one where it is meant to save runs."""

from __future__ import annotations

import numpy as np
import pytest

from cocity.budgeting.rules import equal_shares as es

from .helpers import election, require_data
from .test_add1 import close_race_election


def _true_reach(runs: list[es.Run], k: int, limit: int) -> int:
    """The last unit ``j`` such that the certificate from ``k`` holds up to ``j``."""
    reach = k
    for j in range(k + 1, limit):
        if not es.certified(runs[k], runs[j]):
            break
        reach = j
    return reach


@pytest.mark.parametrize("seed", range(10))
def test_the_guess_is_a_fraction(seed: int) -> None:
    p = close_race_election(seed)
    e = es.Election(p.instance, p.profile)
    b0 = float(p.instance.budget) / e.n
    runs = [es.run_mes(e, b0 + k, slack=es.SLACK, explain=False) for k in range(40)]
    for k in range(0, 30, 3):
        for d in (1, 4, 9):
            f = es._reach(runs[k], runs[k + d])
            assert 0.0 <= f <= 1.0
            assert np.isfinite(f)


def test_the_guess_finds_the_end_of_a_certificate_on_budapest_2024() -> None:
    """Budapest 2024's certificates end where two rho that fall at nearly the same rate meet; the
    linear guess lands within a unit or two of the true end (bisection would need ~6 probes)."""
    require_data()
    p = election("Hungary_Budapest_2024")
    e = es.Election(p.instance, p.profile)
    b0 = float(p.instance.budget) / e.n
    runs = [es.run_mes(e, b0 + k, slack=es.SLACK, explain=False) for k in range(0, 120)]
    checked = 0
    for k in (0, 23, 46):
        right = k + 64
        if es.certified(runs[k], runs[right]):
            continue
        guess = k + int(es._reach(runs[k], runs[right]) * 64)
        assert abs(guess - _true_reach(runs, k, right)) <= 2
        checked += 1
    assert checked
