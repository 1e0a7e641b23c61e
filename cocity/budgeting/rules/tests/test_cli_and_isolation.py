"""The command line, and the package staying free of Django."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from cocity.budgeting.rules import cli
from cocity.budgeting.rules.data import REPO_ROOT

from .helpers import data_path, require_data


def test_the_rules_package_imports_without_django() -> None:
    code = (
        "import sys, cocity.budgeting.rules, cocity.budgeting.rules.cli;"
        "bad = [m for m in sys.modules if m == 'django' or m.startswith('django.')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_it_prints_the_selection_one_id_per_line() -> None:
    require_data()
    out, err = io.StringIO(), io.StringIO()
    assert (
        cli.main(
            [str(data_path("Netherlands_Assen_2024")), "--rule", "mes-add1"], stdout=out, stderr=err
        )
        == 0
    )
    assert set(out.getvalue().split()) == {"11", "12", "13", "14", "2", "3", "5", "6", "9"}


def test_it_explains_in_english() -> None:
    require_data()
    out = io.StringIO()
    cli.main(
        [str(data_path("Netherlands_Assen_2024")), "--rule", "greedy", "--explain"], stdout=out
    )
    text = out.getvalue()
    assert "3: funded at step 1: 43 votes" in text
    assert "skipped: cost" in text


def test_it_exits_non_zero_with_the_line_of_a_parse_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pb"
    bad.write_text(
        "META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;x\nVOTES\nvoter_id;vote\n"
    )
    err = io.StringIO()
    assert cli.main([str(bad)], stdout=io.StringIO(), stderr=err) == 2
    assert "line 7: cost of project '1' is not a number" in err.getvalue()


def test_phragmen_refuses_ordinal_ballots_clearly() -> None:
    require_data()
    err = io.StringIO()
    code = cli.main(
        [str(data_path("Switzerland_Zurich_S5R")), "--rule", "phragmen"],
        stdout=io.StringIO(),
        stderr=err,
    )
    assert code == 2 and "approval" in err.getvalue()


@pytest.mark.parametrize("argv", [["--rule", "greedy"], ["--rule", "mes", "--explain"]])
def test_the_django_command_runs_it(argv: list[str]) -> None:
    require_data()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "cocity",
            "pb-outcome",
            str(data_path("Poland_Warszawa_2017_Anin")),
            *argv,
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "1828" in done.stdout.split() or "1828:" in done.stdout
