"""The slope certificate: it never covers a change of the sequence, and it is what lets the
add1 search cross long stretches of close races in one jump."""

from __future__ import annotations

import numpy as np
import pytest

from cocity.budgeting.rules import equal_shares as es
from cocity.budgeting.rules import pabulib

from .helpers import election, require_data
from .test_add1 import close_race_election, random_election


def runs_top_down(e: es.Election, units: int, increment: float = 1.0) -> list[es.Run]:
    """The run at every unit ``0 … units``, each hinted by the one above (as the search makes
    them; hinted runs equal plain ones, ``test_add1``)."""
    b0 = float(e.instance.budget) / e.n
    runs: list[es.Run] = []
    above = None
    for k in range(units, -1, -1):
        above = es.run_mes(e, b0 + k * increment, hint=above, explain=False)
        runs.append(above)
    return runs[::-1]


def check_pairs(runs: list[es.Run], e: es.Election, spans: tuple[int, ...]) -> tuple[int, int]:
    """Every accepted pair ``(k, k + d)`` has the same sequence at every unit in between.
    Returns (pairs the sequence certificate alone rejects, of those the slope one accepts)."""
    sequences = [tuple(r.sequence) for r in runs]
    tried = accepted = 0
    for k in range(len(runs)):
        for d in spans:
            j = k + d
            if j >= len(runs) or sequences[j] != sequences[k] or es.certified(runs[k], runs[j]):
                continue
            tried += 1
            if es.slope_certified(e, runs[k], runs[j]):
                accepted += 1
                assert all(s == sequences[k] for s in sequences[k : j + 1]), (k, d)
    return tried, accepted


def test_it_never_covers_a_change_on_random_and_close_race_elections() -> None:
    tried = accepted = 0
    for seed in range(40):
        p = (close_race_election if seed % 2 else random_election)(seed)
        e = es.Election(p.instance, p.profile)
        for inc in (1.0, float(p.instance.budget) / e.n / 100):
            t, a = check_pairs(runs_top_down(e, 90, inc), e, (2, 3, 5, 9, 17, 40))
            tried, accepted = tried + t, accepted + a
    assert accepted > 50 and accepted < tried  # not vacuous: it accepts, and it is not blind


@pytest.mark.parametrize(
    ("stem", "units"),
    [
        ("Netherlands_Amsterdam_166", 300),  # approval, the sequence changes at 1 unit in 5
        ("Poland_Warszawa_2024_Mokotow", 320),  # at 1 unit in 3
        ("France_Toulouse_2019", 250),  # cumulative
        ("Switzerland_Zurich_S5R", 250),  # ordinal
        ("Worldwide_Mechanical_Turk_Utilities_7", 250),  # cumulative, few voters
    ],
)
def test_it_never_covers_a_change_on_real_elections(stem: str, units: int) -> None:
    require_data()
    p = election(stem)
    e = es.Election(p.instance, p.profile)
    tried, accepted = check_pairs(runs_top_down(e, units), e, (2, 3, 5, 9, 17, 40, 100))
    assert accepted > 0 or tried == 0


def test_it_crosses_each_stretch_of_budapest_2024_in_one_jump() -> None:
    """Budapest 2024's first 1,350 units hold 9 stretches of constant sequence, full of close
    races: the slope certificate spans each from its first unit to its last but one (next to
    the change, the gap it must keep positive is nearly nil); the sequence certificate does not
    reach a quarter of the way into any of them."""
    require_data()
    p = election("Hungary_Budapest_2024")
    e = es.Election(p.instance, p.profile)
    b0 = float(p.instance.budget) / e.n
    sequences: list[list[int]] = []
    above = None
    for k in range(1350, -1, -1):  # keep the sequences only: a run holds ~1 MB of record
        above = es.run_mes(e, b0 + k, hint=above, explain=False)
        sequences.append(above.sequence)
    sequences.reverse()
    ends = [k for k in range(1, len(sequences)) if sequences[k] != sequences[k - 1]]
    stretches = list(zip([0, *ends[:-1]], [k - 1 for k in ends], strict=True))
    assert len(stretches) >= 8
    for a, z in stretches:
        left, last = es.run_mes(e, b0 + a, explain=False), es.run_mes(e, b0 + z - 1, explain=False)
        assert es.slope_certified(e, left, last), (a, z)
        quarter = es.run_mes(e, b0 + a + (z - a) // 4, explain=False)
        assert not es.certified(left, quarter), (a, z)


def test_it_refuses_what_it_cannot_compare() -> None:
    p = close_race_election(3)
    e = es.Election(p.instance, p.profile)
    runs = runs_top_down(e, 60)
    different = next(
        (k, j) for k in range(60) for j in range(k + 1, 61) if runs[k].sequence != runs[j].sequence
    )
    assert not es.slope_certified(e, runs[different[0]], runs[different[1]])
    assert not es.slope_certified(e, runs[5], runs[5])  # an empty interval: nothing to prove
    assert not es.slope_certified(e, runs[9], runs[4])  # ends the wrong way round


def test_a_tie_that_lasts_is_certified() -> None:
    """Two projects with the same supporters count tie exactly at every share: the one whose id
    sorts first wins throughout, and the certificate must see that (no gap to shrink)."""
    lines = ["META", "key;value", "budget;200", "vote_type;approval"]
    lines += ["PROJECTS", "project_id;cost", "a;50", "b;50", "c;60"]
    lines += ["VOTES", "voter_id;vote"]
    lines += [f"v{i};a,b" for i in range(4)] + [f"w{i};c" for i in range(2)]
    p = pabulib.parse("\n".join(lines) + "\n")
    e = es.Election(p.instance, p.profile)
    runs = runs_top_down(e, 30)
    assert runs[0].sequence == runs[30].sequence
    assert es.slope_certified(e, runs[0], runs[30])
    assert np.isfinite(runs[0].rho).all()
