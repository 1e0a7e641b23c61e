"""equalshares.net's add1 (stop only when the next unit overspends) and its comparison step
with the greedy count: Wieliczka 2023's rule, ``mes-add1-comparison``."""

from __future__ import annotations

import pytest

from cocity.budgeting.rules import compute, pabulib
from cocity.budgeting.rules import equal_shares as es

from .helpers import election, require_data
from .test_add1 import close_race_election, random_election

SMALL = ["Netherlands_Assen_2024", "Poland_Wieliczka_2023_Green_Budget", "Switzerland_Zurich_S5R"]


@pytest.mark.parametrize("stem", SMALL)
def test_the_plain_add1_equals_its_definition_on_real_elections(stem: str) -> None:
    require_data()
    p = election(stem)
    e = es.Election(p.instance, p.profile)
    fast, _ = es.iterate(e, 1.0, exhaustive=False)
    slow = es.iterate_unit_by_unit(e, 1.0, exhaustive=False)
    assert es._selected(e, fast) == es._selected(e, slow)


@pytest.mark.parametrize("seed", range(20))
def test_the_plain_add1_equals_its_definition_on_random_elections(seed: int) -> None:
    for p in (random_election(seed), close_race_election(seed)):
        e = es.Election(p.instance, p.profile)
        for box in (True, False):
            fast, _ = es.iterate(e, 1.0, exhaustive=False, box=box)
            slow = es.iterate_unit_by_unit(e, 1.0, exhaustive=False)
            assert es._selected(e, fast) == es._selected(e, slow)
            assert es._feasible(e, es._selected(e, fast))


def test_plain_add1_spends_at_least_what_the_exhaustive_one_stops_at_in_wieliczka() -> None:
    """Wieliczka shows why the variant matters: pabutools' add1 stops at the first
    exhaustive outcome, equalshares.net's goes on while the budget allows."""
    require_data()
    p = election("Poland_Wieliczka_2023_Green_Budget")
    exhaustive = compute("mes-add1", p.instance, p.profile)
    plain = compute("mes-add1-comparison", p.instance, p.profile)
    assert set(exhaustive.selected) != set(plain.selected)
    assert exhaustive.info["budget_per_voter"] < plain.info["budget_per_voter"]


def _election(budget: int, costs: dict[str, int], ballots: list[list[str]]) -> pabulib.Election:
    lines = ["META", "key;value", f"budget;{budget}", "vote_type;approval"]
    lines += ["PROJECTS", "project_id;cost"] + [f"{p};{c}" for p, c in costs.items()]
    lines += ["VOTES", "voter_id;vote"] + [f"v{i};{','.join(b)}" for i, b in enumerate(ballots)]
    return pabulib.parse("\n".join(lines) + "\n")


def test_the_comparison_takes_greedy_when_more_voters_prefer_it() -> None:
    # 6 voters want a, b, d; 4 want c: equal shares gives the 4 their project c and the 6
    # only two of theirs, so 6 voters prefer greedy (a, b, d) and 4 prefer equal shares
    e = _election(30, {"a": 10, "b": 10, "c": 10, "d": 10}, [["a", "b", "d"]] * 6 + [["c"]] * 4)
    mes_plain = es.mes_completed(e.instance, e.profile, exhaustive=False)
    out = compute("mes-add1-comparison", e.instance, e.profile)
    assert "c" in mes_plain.selected
    assert set(out.selected) == {"a", "b", "d"}
    assert out.notes[0].code == "comparison_greedy"
    assert out.notes[0].data == {"mes": 4, "greedy": 6}
    assert "6 voters have more of their projects funded by the greedy count" in out.explain()[1]


def test_the_comparison_keeps_equal_shares_on_a_tie_or_better() -> None:
    # two equal camps: equal shares funds one project of each, greedy (ties by id) two of
    # the first camp's: 5 voters prefer each outcome, and equal shares stands
    e = _election(20, {"a": 10, "b": 10, "c": 10}, [["a", "b"]] * 5 + [["c"]] * 5)
    out = compute("mes-add1-comparison", e.instance, e.profile)
    assert out.notes[0].code == "comparison_kept"
    assert out.notes[0].data["mes"] >= out.notes[0].data["greedy"]
    assert "c" in out.selected
