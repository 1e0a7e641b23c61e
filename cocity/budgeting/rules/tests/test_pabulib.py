"""The .pb parser: messy real-world input, clear errors with line numbers, a faithful export."""

from __future__ import annotations

import time
from fractions import Fraction

import numpy as np
import pytest

from cocity.budgeting.rules import pabulib

from .helpers import data_path, election, require_data

MESSY = '''\
META
key;value
description;"A ""quoted"" description; with a semicolon"
num_projects;3
num_votes;5
budget;1000,50
vote_type;approval
PROJECTS
cost;project_id;name;selected
"250,25";BO.D1.3/24;"Park; benches";1
500;7;Library;0
300;A-2;"Tree ""alley""";1
VOTES
vote;voter_id;age
BO.D1.3/24,7;v1;30

7,UNKNOWN;v2;41
;v3;
A-2,A-2;v1;22
'''


def test_it_reads_messy_input_by_header_name() -> None:
    e = pabulib.parse(MESSY)
    inst, prof = e.instance, e.profile
    assert inst.budget == Fraction("1000.50")
    assert inst.ids == ["BO.D1.3/24", "7", "A-2"]
    assert inst.projects["BO.D1.3/24"].cost == Fraction("250.25")
    assert inst.projects["BO.D1.3/24"].name == "Park; benches"
    assert inst.projects["A-2"].name == 'Tree "alley"'
    assert inst.meta["description"] == 'A "quoted" description; with a semicolon'
    assert [p.selected for p in inst.projects.values()] == [True, False, True]
    assert prof.num_voters == 4
    assert [list(prof.ballot(v)) for v in range(4)] == [[0, 1], [1], [], [2]]
    assert prof.voter_fields["age"] == ["30", "41", "", "22"]


def test_it_reports_what_it_repaired_with_line_numbers() -> None:
    warnings = [str(w) for w in pabulib.parse(MESSY).warnings]
    assert "line 17: vote for project 'UNKNOWN', which is not in PROJECTS (ignored)" in warnings
    assert "line 19: the same project appears twice in a ballot (kept once)" in warnings
    assert "line 19: voter id 'v1' appears twice" in warnings
    assert "1 empty ballot(s) (kept: they count as voters)" in warnings
    assert "META num_votes is 5 but VOTES has 4 ballots" in warnings


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "META\nkey;value\nbudget;abc\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\n",
            3,
            "budget is not a number",
        ),
        (
            "META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5\n1;6\nVOTES\nvoter_id;vote\n",
            8,
            "project '1' appears twice",
        ),
        (
            "META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;five\nVOTES\nvoter_id;vote\n",
            7,
            "cost of project '1' is not a number",
        ),
        (
            "META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\n1;5\n2;5\n"
            "VOTES\nvoter_id;vote;points\na;1,2;3\n",
            11,
            "2 projects but 1 points",
        ),
        (
            "META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nid;cost\n1;5\nVOTES\nvoter_id;vote\n",
            6,
            "PROJECTS has no 'project_id' column",
        ),
        (
            "META\nkey;value\nbudget;10\nvote_type;plurality\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\n",
            4,
            "unknown vote_type",
        ),
    ],
)
def test_it_rejects_broken_files_with_the_line_number(text: str, line: int, message: str) -> None:
    with pytest.raises(pabulib.ParseError) as exc:
        pabulib.parse(text)
    assert exc.value.line == line
    assert message in str(exc.value)


def test_it_rejects_a_file_without_votes() -> None:
    with pytest.raises(pabulib.ParseError, match="VOTES section is missing"):
        pabulib.parse(
            "META\nkey;value\nbudget;1\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;1\n"
        )


def _same(a: pabulib.Election, b: pabulib.Election) -> None:
    assert a.instance.budget == b.instance.budget
    assert a.instance.meta == b.instance.meta
    assert {k: (p.cost, p.name, p.selected, p.fields) for k, p in a.instance.projects.items()} == {
        k: (p.cost, p.name, p.selected, p.fields) for k, p in b.instance.projects.items()
    }
    assert np.array_equal(a.profile.indptr, b.profile.indptr)
    assert np.array_equal(a.profile.indices, b.profile.indices)
    if a.profile.values is not None:
        assert np.array_equal(a.profile.values, b.profile.values)
    assert a.profile.voter_ids == b.profile.voter_ids
    assert a.profile.voter_fields == b.profile.voter_fields


def test_the_export_round_trips_a_messy_file() -> None:
    first = pabulib.parse(MESSY)
    _same(first, pabulib.parse(pabulib.dumps(first.instance, first.profile)))


@pytest.mark.parametrize(
    "stem",
    [
        "Switzerland_Zurich_D10",
        "Switzerland_Zurich_S5R",
        "Poland_Zabrze_2021_Mikulczyce",
        "Hungary_Budapest_2023_VIII_Jozsefvaros",
    ],
)
def test_the_export_round_trips_real_files(stem: str, tmp_path) -> None:
    require_data()
    first = election(stem)
    pabulib.write(first.instance, first.profile, tmp_path / "out.pb")
    _same(first, pabulib.read(tmp_path / "out.pb"))


def test_it_parses_the_biggest_files_fast() -> None:
    require_data()
    for stem in ("Poland_Lodz_2022", "Poland_Krakow_2024"):
        start = time.perf_counter()
        e = pabulib.read(data_path(stem))
        elapsed = time.perf_counter() - start
        assert e.profile.num_voters > 60_000
        assert elapsed < 2.0, f"{stem} took {elapsed:.2f} s"  # < 0.4 s on an idle 2-core machine


def test_ordinal_utilities_are_max_length_minus_rank() -> None:
    require_data()
    prof = election("Poland_Krakow_2024_Stare_Miasto").profile
    assert list(prof.utilities()[prof.indptr[0] : prof.indptr[1]]) == [3.0, 2.0, 1.0]
