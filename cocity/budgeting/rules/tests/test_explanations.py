"""Every project gets a reason, consistent with the selection."""

from __future__ import annotations

import pytest

from cocity.budgeting.rules import RULES, compute

from .helpers import election, require_data

SMALL = [
    "Netherlands_Assen_2024",
    "Switzerland_Zurich_D10",
    "Poland_Warszawa_2017_Anin",
    "Switzerland_Zurich_S5R",
]


@pytest.mark.parametrize("stem", SMALL)
@pytest.mark.parametrize("rule", list(RULES))
def test_every_project_gets_one_reason_consistent_with_the_selection(stem: str, rule: str) -> None:
    require_data()
    e = election(stem)
    if rule == "phragmen" and e.profile.vote_type not in ("approval", "choose-1"):
        pytest.skip("Phragmén is for approval ballots")
    outcome = compute(rule, e.instance, e.profile)
    assert sorted(s.project for s in outcome.steps) == sorted(e.instance.ids)
    funded = [s for s in outcome.steps if s.status == "funded"]
    assert [s.project for s in sorted(funded, key=lambda s: s.order)] == outcome.selected
    assert all(s.text for s in outcome.steps)
    assert sum(e.instance.projects[p].cost for p in outcome.selected) == outcome.total_cost


def test_equal_shares_says_how_much_the_supporters_had_left() -> None:
    require_data()
    e = election("Netherlands_Assen_2024")
    outcome = compute("mes", e.instance, e.profile)
    step = next(s for s in outcome.steps if s.status == "not_funded")
    assert "supporters had spent their shares" in step.text and "left of" in step.text
    assert "supporters paid" in outcome.steps[0].text
    assert outcome.explain()[0].startswith("Rule mes: 7 projects funded")


def test_greedy_says_what_did_not_fit() -> None:
    require_data()
    e = election("Netherlands_Assen_2024")
    skipped = [s for s in compute("greedy", e.instance, e.profile).steps if s.status == "skipped"]
    assert skipped and "did not fit the remaining budget of" in skipped[0].text


def test_greedy_exclusive_funds_one_project_per_group() -> None:
    require_data()
    from cocity.budgeting.rules.greedy import greedy

    e = election("Netherlands_Assen_2024")
    plain = greedy(e.instance, e.profile)
    first, second = plain.selected[:2]
    outcome = greedy(
        e.instance, e.profile, exclusive_groups=[{first, second}], rule="greedy-exclusive"
    )
    assert first in outcome.selected and second not in outcome.selected
    assert outcome.step_for(second).text.startswith(
        f"excluded: conflicts with funded project {first}"
    )
