"""The add1 shortcut (certified jumps over units) equals the unit-by-unit definition."""

from __future__ import annotations

import time

import numpy as np
import pytest

from cocity.budgeting.rules import equal_shares as es
from cocity.budgeting.rules import pabulib

from .helpers import data_stems, election, require_data

#: add1's longest paths, 75,000 units (Józsefváros) and 22,000 units (Budapest 2024): too long
#: for plain runs one after the other (110 s and 300 s), checked instead by runs made from the
#: top down, each hinted by the one above (30 to 45 s each; a hinted run is the same run)
TOO_LONG_FOR_ADD1 = {"Hungary_Budapest_2023_VIII_Jozsefvaros", "Hungary_Budapest_2024"}
#: every real election, add1 and +1 %, but those: the unit-by-unit definition takes at most a
#: few seconds on each (Toulouse 2024, 669 units: ~5 s)
FEASIBLE = [
    (stem, increment)
    for stem in data_stems()
    for increment in ("add1", "1%")
    if not (increment == "add1" and stem in TOO_LONG_FOR_ADD1)
]


def _compare(
    e: es.Election,
    increment: float,
    time_box: float = 20.0,
    box: bool | None = True,
    also: tuple[bool | None, ...] = (),
) -> None:
    """The search (with ``box``, and with each choice in ``also``) selects what the unit-by-unit
    definition selects (that one run once: it is the slow part)."""
    start = time.perf_counter()
    fast = [es._selected(e, es.iterate(e, increment, box=x)[0]) for x in (box, *also)]
    b0 = float(e.instance.budget) / e.n
    prev = es.run_mes(e, b0)
    k = 0
    if not es._exhaustive(e, es._selected(e, prev)):
        while True:
            if time.perf_counter() - start > time_box:
                pytest.skip("unit-by-unit run exceeded its time box")
            k += 1
            cur = es.run_mes(e, b0 + k * increment)
            sel = es._selected(e, cur)
            if not es._feasible(e, sel):
                break
            prev = cur
            if es._exhaustive(e, sel):
                break
    assert fast == [es._selected(e, prev)] * len(fast)


@pytest.mark.parametrize(("stem", "increment"), FEASIBLE)
def test_the_shortcut_equals_the_unit_by_unit_definition_on_real_elections(stem, increment) -> None:
    """The search as used (box chosen adaptively), and with the box always tried where it is
    affordable, against the definition, on every real election where that is feasible."""
    require_data()
    p = election(stem)
    e = es.Election(p.instance, p.profile)
    inc = 1.0 if increment == "add1" else float(p.instance.budget) / e.n / 100
    affordable = len(e.voters) <= es.BOX_MAX_ENTRIES  # the box is tried there
    _compare(e, inc, time_box=30.0, box=None, also=(True,) if affordable else ())


def random_election(seed: int) -> pabulib.Election:
    rng = np.random.default_rng(seed)
    m = int(rng.integers(3, 12))
    n = int(rng.integers(5, 60))
    costs = rng.integers(1, 40, size=m) * 10
    budget = int(costs.sum() * rng.uniform(0.2, 0.6))
    vote_type = ["approval", "cumulative", "ordinal"][seed % 3]
    lines = ["META", "key;value", f"budget;{budget}", f"vote_type;{vote_type}", "max_length;3"]
    lines += ["PROJECTS", "project_id;cost"] + [f"p{k};{c}" for k, c in enumerate(costs)]
    lines += ["VOTES", "voter_id;vote" + (";points" if vote_type == "cumulative" else "")]
    weights = rng.dirichlet(np.ones(m) * 0.7)
    for v in range(n):
        size = int(rng.integers(1, min(3, m) + 1))
        chosen = rng.choice(m, size=size, replace=False, p=weights)
        row = f"v{v};" + ",".join(f"p{k}" for k in chosen)
        if vote_type == "cumulative":
            row += ";" + ",".join(str(int(x)) for x in rng.integers(1, 4, size=size))
        lines.append(row)
    return pabulib.parse("\n".join(lines) + "\n")


@pytest.mark.parametrize("seed", range(60))
def test_the_shortcut_equals_the_definition_on_random_elections(seed: int) -> None:
    p = random_election(seed)
    e = es.Election(p.instance, p.profile)
    _compare(e, 1.0)
    _compare(e, float(p.instance.budget) / e.n / 100)


def close_race_election(seed: int) -> pabulib.Election:
    """Adversarial: many projects of equal or near-equal cost with near-equal, overlapping
    support, a budget that leaves room for many of them (long add1 paths, orders that
    swap at almost every unit, funded sets that change often)."""
    rng = np.random.default_rng(10_000 + seed)
    m = int(rng.integers(6, 16))
    n = int(rng.integers(40, 160))
    costs = (100 + rng.integers(0, 3, size=m) * 5) * 10
    budget = int(costs.sum() * rng.uniform(0.3, 0.7))
    vote_type = ["approval", "cumulative"][seed % 2]
    lines = ["META", "key;value", f"budget;{budget}", f"vote_type;{vote_type}", "max_length;5"]
    lines += ["PROJECTS", "project_id;cost"] + [f"p{k};{c}" for k, c in enumerate(costs)]
    lines += ["VOTES", "voter_id;vote" + (";points" if vote_type == "cumulative" else "")]
    blocks = rng.integers(0, 3, size=m)  # supporters cluster by block: weak links across
    for v in range(n):
        home = int(rng.integers(0, 3))
        weights = np.where(blocks == home, 1.0, 0.15)
        weights /= weights.sum()
        size = int(rng.integers(1, min(5, m) + 1))
        chosen = rng.choice(m, size=size, replace=False, p=weights)
        row = f"v{v};" + ",".join(f"p{k}" for k in chosen)
        if vote_type == "cumulative":
            row += ";" + ",".join(str(int(x)) for x in rng.integers(1, 3, size=size))
        lines.append(row)
    return pabulib.parse("\n".join(lines) + "\n")


@pytest.mark.parametrize("seed", range(40))
def test_the_shortcut_equals_the_definition_in_close_races(seed: int) -> None:
    p = close_race_election(seed)
    e = es.Election(p.instance, p.profile)
    _compare(e, 1.0, also=(None,))  # and the adaptive choice of certificates
    _compare(e, float(p.instance.budget) / e.n / 100)


@pytest.mark.parametrize("seed", range(30))
def test_the_box_certificate_never_skips_a_stopping_unit(seed: int) -> None:
    """Directly: whenever the box certificate accepts [k, k + d], no unit in between stops
    add1 (its outcome is feasible and not exhaustive); checked unit by unit."""
    p = (close_race_election if seed % 2 else random_election)(seed)
    e = es.Election(p.instance, p.profile)
    b0 = float(p.instance.budget) / e.n
    runs = [es.run_mes(e, b0 + k) for k in range(0, 160)]
    stops = [
        not es._feasible(e, es._selected(e, r)) or es._exhaustive(e, es._selected(e, r))
        for r in runs
    ]
    accepted = 0
    for k in range(0, 150, 3):
        for d in (1, 2, 5, 9):
            if es.box_nonstop(e, runs[k], runs[k + d]):
                accepted += 1
                assert not any(stops[k + 1 : k + d + 1]), (k, d)
    assert accepted or any(stops[:40])  # not vacuous where add1 runs long


def test_the_box_certificate_jumps_over_changes_of_the_funded_set() -> None:
    require_data()
    p = election("Hungary_Budapest_2023_VIII_Jozsefvaros")
    e = es.Election(p.instance, p.profile)
    _, info = es.iterate(e, 1.0, box=True)
    assert info["box_ok"] > 0
    assert info["runs"] < info["k"] / 100


@pytest.mark.parametrize("stem", ["Poland_Czestochowa_2020", "France_Toulouse_2019"])
def test_the_box_jumps_end_where_the_sequence_certificate_alone_ends(stem: str) -> None:
    """Too long to check unit by unit, but the slower search without the box certificate
    is the previously tested one: both must stop at the same unit with the same outcome."""
    require_data()
    p = election(stem)
    e = es.Election(p.instance, p.profile)
    with_box, info = es.iterate(e, 1.0, box=True)
    without, plain = es.iterate(e, 1.0, box=False)
    assert info["box_ok"] > 0
    assert info["k"] == plain["k"]
    assert es._selected(e, with_box) == es._selected(e, without)


def test_it_needs_fewer_runs_than_units() -> None:
    require_data()
    p = election("Netherlands_Assen_2024")
    _, info = es.iterate(es.Election(p.instance, p.profile), 1.0)
    assert info["runs"] < info["k"] / 2


def test_identical_ballots_share_a_class_and_different_utilities_do_not() -> None:
    voter = np.array([0, 0, 1, 1, 2, 2, 3, 3])
    proj = np.array([1, 0, 0, 1, 0, 1, 0, 1])
    util = np.array([2.0, 1.0, 1.0, 2.0, 1.0, 3.0, 1.0, 2.0])
    cls, rep = es._ballot_classes(voter, proj, util, 5)  # voter 4 has an empty ballot
    assert cls[0] == cls[1] == cls[3]  # same projects, same points, in any order
    assert len({cls[0], cls[2], cls[4]}) == 3  # other points; empty ballot
    assert sorted(rep.tolist()) == [0, 2, 4]


def test_merging_voters_changes_no_outcome_on_a_file_with_many_duplicate_ballots() -> None:
    require_data()
    p = election("Poland_Gdansk_2020")
    e = es.Election(p.instance, p.profile)
    assert e.num_classes < e.n / 100
    assert e.class_weight.sum() == e.n
    run = es.run_mes(e, float(p.instance.budget) / e.n)
    assert sum(run.paid[t][0] for t in range(len(run.sequence))) == sum(
        int(e.num_supporters[q]) for q in run.sequence
    )


def _same_run(a: es.Run, b: es.Run) -> bool:
    return (
        a.sequence == b.sequence
        and a.rho == b.rho
        and a.zero_cost == b.zero_cost
        and np.array_equal(a.budgets, b.budgets)
    )


@pytest.mark.parametrize("seed", range(40))
def test_a_run_hinted_by_a_run_at_a_larger_share_is_the_same_run(seed: int) -> None:
    """The hints rest on the Lemma (a fixed sequence's prices only fall as the share grows): check
    that a hinted run equals the plain one, also across changes of the sequence."""
    p = (close_race_election if seed % 2 else random_election)(seed)
    e = es.Election(p.instance, p.profile)
    b0 = float(p.instance.budget) / e.n
    rng = np.random.default_rng(seed)
    for k in rng.integers(0, 200, size=8).tolist():
        ref = es.run_mes(e, b0 + k + int(rng.integers(1, 40)), slack=es.SLACK)
        plain = es.run_mes(e, b0 + k)
        assert _same_run(es.run_mes(e, b0 + k, hint=ref), plain)
        assert _same_run(es.run_mes(e, b0 + k, slack=es.SLACK, hint=ref), plain)


@pytest.mark.parametrize(
    "stem",
    [
        "France_Toulouse_2024",
        "Poland_Warszawa_2024_Mokotow",
        "Hungary_Budapest_2024",
        "Netherlands_Amsterdam_166",
    ],
)
def test_hinted_runs_equal_plain_runs_on_real_elections(stem: str) -> None:
    require_data()
    p = election(stem)
    e = es.Election(p.instance, p.profile)
    b0 = float(p.instance.budget) / e.n
    for k, d in [(0, 1), (3, 2), (10, 30), (50, 1)]:
        ref = es.run_mes(e, b0 + k + d, slack=es.SLACK)
        hinted = es.run_mes(e, b0 + k, slack=es.SLACK, hint=ref)
        assert _same_run(hinted, es.run_mes(e, b0 + k))


@pytest.mark.parametrize("seed", [*range(30), 1008])
def test_the_completion_without_the_exhaustive_stop_equals_its_definition(seed: int) -> None:
    """``exhaustive=False`` (stop only when the next unit overspends, or when every fundable
    project is funded): the search equals ``iterate_unit_by_unit``, with each certificate
    choice. Seed 1008 ends complete: the box used to miss that stop and run away."""
    p = (close_race_election if seed % 2 else random_election)(seed)
    e = es.Election(p.instance, p.profile)
    for inc in (1.0, float(p.instance.budget) / e.n / 100):
        slow = es.iterate_unit_by_unit(e, inc, max_units=100_000, exhaustive=False)
        for box in (None, False):
            fast, _ = es.iterate(e, inc, exhaustive=False, box=box)
            assert es._selected(e, fast) == es._selected(e, slow)
            assert fast.b == slow.b


@pytest.mark.parametrize("stem", ["Poland_Warszawa_2017_Anin", "Switzerland_Zurich_D10"])
def test_the_completion_without_the_exhaustive_stop_on_real_elections(stem: str) -> None:
    require_data()
    p = election(stem)
    e = es.Election(p.instance, p.profile)
    fast, _ = es.iterate(e, 1.0, exhaustive=False)
    slow = es.iterate_unit_by_unit(e, 1.0, max_units=100_000, exhaustive=False)
    assert es._selected(e, fast) == es._selected(e, slow)
    assert fast.b == slow.b


@pytest.mark.parametrize("stem", sorted(TOO_LONG_FOR_ADD1))
def test_the_sequence_certificate_holds_unit_by_unit_where_add1_is_too_long_to_check(
    stem: str,
) -> None:
    """The two elections whose add1 path is too long for the definition: on their first 200
    units, whenever the certificate accepts ``[k, k + d]`` (runs made as the search makes
    them: with slack, hinted by the run above), every unit in between funds the same sequence."""
    require_data()
    p = election(stem)
    e = es.Election(p.instance, p.profile)
    b0 = float(p.instance.budget) / e.n
    plain = [es.run_mes(e, b0 + k) for k in range(200)]
    accepted = 0
    for k in range(0, 140, 7):
        for d in (2, 5, 17, 60):
            top = es.run_mes(e, b0 + k + d, slack=es.SLACK, explain=False)
            low = es.run_mes(e, b0 + k, slack=es.SLACK, hint=top, explain=False)
            if es.certified(low, top):
                accepted += 1
                assert all(r.sequence == low.sequence for r in plain[k : k + d + 1]), (k, d)
    assert accepted > 20


@pytest.mark.parametrize("stem", sorted(TOO_LONG_FOR_ADD1))
def test_the_shortcut_equals_the_definition_on_the_longest_add1_paths(stem: str) -> None:
    """The definition at every unit from 0 to one past where the search stopped (made from the
    top down, each run hinted by the one above: the same runs, faster), read upwards: the first
    unit that overspends or is exhaustive must be where the search stopped."""
    require_data()
    p = election(stem)
    e = es.Election(p.instance, p.profile)
    fast, info = es.iterate(e, 1.0)
    top = int(info["k"]) + 1
    b0 = float(p.instance.budget) / e.n
    selected: list[list[int]] = []
    above = None
    for k in range(top, -1, -1):
        above = es.run_mes(e, b0 + k, hint=above, explain=False)
        selected.append(es._selected(e, above))
    selected.reverse()
    stop = None
    for k, sel in enumerate(selected):
        if not es._feasible(e, sel):
            stop = k - 1
            break
        if es._exhaustive(e, sel):
            stop = k
            break
    assert stop is not None, "the definition goes on past where the search stopped"
    assert es._selected(e, fast) == selected[stop]
    assert fast.b == b0 + stop
