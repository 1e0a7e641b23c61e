# ruff: noqa: RUF002, RUF003 - ρ (rho) is the standard name of the price per unit of utility in MES
"""Where the add1 search probes: the guessed change of the sequence (``_guess``).

The guess only chooses the search's next probe; exactness does not depend on it
(``test_add1.py`` compares the search with the unit-by-unit definition). These tests check
that the guess is a fraction, and that it is a good one where it is meant to save runs."""

from __future__ import annotations

import numpy as np
import pytest

from cocity.budgeting.rules import equal_shares as es

from .helpers import election, require_data
from .test_add1 import close_race_election


@pytest.mark.parametrize("seed", range(10))
def test_the_guess_is_a_fraction(seed: int) -> None:
    p = close_race_election(seed)
    e = es.Election(p.instance, p.profile)
    b0 = float(p.instance.budget) / e.n
    runs = [es.run_mes(e, b0 + k, explain=False) for k in range(45)]
    for k in range(0, 30, 3):
        for d in (1, 4, 9):
            for far in (None, runs[k + d + 5]):  # linear, or along a parabola
                f = es._guess(e, runs[k], runs[k + d], far)
                assert 0.0 <= f <= 1.0
                assert np.isfinite(f)


def test_the_guess_finds_a_lone_change_on_budapest_2024() -> None:
    """Where one project overtakes another between the two ends (Budapest 2024: the sequence
    changes at unit 192 and not again before 307), the two ρ, computed at both ends and
    interpolated, cross within a unit or two of the true change (bisection: ~6 probes)."""
    require_data()
    p = election("Hungary_Budapest_2024")
    e = es.Election(p.instance, p.profile)
    b0 = float(p.instance.budget) / e.n
    runs = {k: es.run_mes(e, b0 + k, explain=False) for k in (100, 191, 192, 300)}
    assert runs[100].sequence == runs[191].sequence != runs[192].sequence == runs[300].sequence
    guess = 100 + es._guess(e, runs[100], runs[300]) * 200
    assert abs(guess - 192) <= 2


def test_a_third_run_bends_the_guess_towards_the_change_on_budapest_2024() -> None:
    """Runs at units 0 and 400 first differ at a step whose project is overtaken at unit 307
    (the change at 192 is at a later step, which the two ends do not show): the straight line
    through the ends guesses 312; the parabola through a third run at 600, where the same
    project overtakes at the same step, 308."""
    require_data()
    p = election("Hungary_Budapest_2024")
    e = es.Election(p.instance, p.profile)
    b0 = float(p.instance.budget) / e.n
    runs = {k: es.run_mes(e, b0 + k, explain=False) for k in (0, 400, 600)}
    line = es._guess(e, runs[0], runs[400]) * 400
    bent = es._guess(e, runs[0], runs[400], runs[600]) * 400
    assert abs(bent - 307) < abs(line - 307)
    assert abs(bent - 307) <= 2
