"""Our outcomes equal pabutools 1.2.3's (REFERENCE.json) on every real election, and the
official winners where we implement the city's rule."""

from __future__ import annotations

import pytest

from cocity.budgeting.rules import compute, official_rule
from cocity.budgeting.rules.data import reference

from .helpers import REF_RULES, election, official_cases, reference_cases, require_data

OFFICIAL = [
    ("Poland_Warszawa_2017_Anin", "greedy"),
    ("Poland_Krakow_2024", "greedy"),
    ("Poland_Krakow_2024_Stare_Miasto", "greedy"),
    ("Poland_Katowice_2025", "greedy-threshold"),
    ("Poland_Warszawa_2026", "greedy-threshold"),
    ("Poland_Lodz_2022", "greedy-threshold"),
    ("Poland_Warszawa_2024_Mokotow", "greedy-exclusive"),
    ("Netherlands_Assen_2024", "mes-add1"),
    ("Poland_Swiecie_2023", "mes-inc1pct-greedy"),
    ("Poland_Wieliczka_2023_Green_Budget", "mes-add1-comparison"),
    ("Poland_Wieliczka_2023_Green_Budget", "official"),
]


@pytest.mark.parametrize(("stem", "ref_rule"), reference_cases())
def test_it_selects_what_pabutools_selects(stem: str, ref_rule: str) -> None:
    require_data()
    e = election(stem)
    expected = reference()[stem]["rules"][ref_rule]
    outcome = compute(REF_RULES[ref_rule], e.instance, e.profile)
    assert set(outcome.selected) == set(expected["selected"])
    assert float(outcome.total_cost) == pytest.approx(expected["total_cost"])


@pytest.mark.parametrize(("stem", "rule"), OFFICIAL)
def test_it_reproduces_the_official_winners(stem: str, rule: str) -> None:
    require_data()
    e = election(stem)
    official = {p.id for p in e.instance.projects.values() if p.selected}
    assert official, "the file marks its winners"
    assert set(compute(rule, e.instance, e.profile).selected) == official


@pytest.mark.parametrize("stem", official_cases())
def test_every_file_with_a_rule_we_implement_gets_its_official_winners(stem: str) -> None:
    """The file's own META rule ("official"), on every file that names one we implement and
    marks its winners (files without winners, or with rule "unknown", have nothing to check)."""
    require_data()
    e = election(stem)
    official = {p.id for p in e.instance.projects.values() if p.selected}
    assert official_rule(e.instance) is not None and official
    assert set(compute("official", e.instance, e.profile).selected) == official


def test_the_threshold_matters_in_warszawa_2026() -> None:
    require_data()
    e = election("Poland_Warszawa_2026")
    plain = set(compute("greedy", e.instance, e.profile).selected)
    with_threshold = set(compute("greedy-threshold", e.instance, e.profile).selected)
    assert plain != with_threshold
    step = next(
        s
        for s in compute("greedy-threshold", e.instance, e.profile).steps
        if s.status == "below_threshold"
    )
    assert "minimum support of 3,000" in step.text


def test_official_picks_the_files_own_rule() -> None:
    require_data()
    e = election("Netherlands_Assen_2024")
    assert compute("official", e.instance, e.profile).rule == "mes-add1"
