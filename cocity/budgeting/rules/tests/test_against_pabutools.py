"""Call pabutools itself (a test-only, GPL reference) on a few small files."""

from __future__ import annotations

import pytest

from cocity.budgeting.rules import compute

from .helpers import data_path, election, require_data

STEMS = [
    "Netherlands_Assen_2024",
    "Worldwide_Mechanical_Turk_Knapsack_3",
    "Poland_Warszawa_2017_Anin",
]


@pytest.mark.parametrize("stem", STEMS)
def test_it_agrees_with_pabutools_run_here(stem: str) -> None:
    require_data()
    pb = pytest.importorskip("pabutools")
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.rules import (
        greedy_utilitarian_welfare,
        method_of_equal_shares,
        sequential_phragmen,
    )

    inst, prof = parse_pabulib(str(data_path(stem)))
    e = election(stem)
    theirs = {
        "greedy": greedy_utilitarian_welfare(inst, prof, sat_class=Cost_Sat, is_sat_additive=True),
        "mes": method_of_equal_shares(inst, prof.as_multiprofile(), sat_class=Cost_Sat),
        "phragmen": sequential_phragmen(inst, prof),
    }
    for rule, alloc in theirs.items():
        assert set(compute(rule, e.instance, e.profile).selected) == {p.name for p in alloc}, rule
    assert pb is not None
