from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

from cocity.budgeting.rules import pabulib
from cocity.budgeting.rules.data import pabulib_dir, pabulib_files, reference

#: REFERENCE.json's rule names -> ours
REF_RULES = {
    "greedy": "greedy",
    "mes": "mes",
    "mes_add1": "mes-add1",
    "mes_add1_greedy": "mes-add1-greedy",
    "mes_inc1pct_greedy": "mes-inc1pct-greedy",
    "mes_card_add1_greedy": "mes-card-add1-greedy",
    "phragmen": "phragmen",
}


def require_data() -> None:
    """Skip (fail on CI) when the shared Pabulib folder is absent, e.g. in a fresh clone."""
    if not pabulib_files():
        msg = (
            f"the shared Pabulib data is not at {pabulib_dir()} "
            "(set COCITY_SHARED_DATA to the folder that holds pabulib/)"
        )
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)


@cache
def election(stem: str) -> pabulib.Election:
    return pabulib.read(pabulib_dir() / f"{stem}.pb")


def data_stems() -> list[str]:
    files = pabulib_files()
    return [p.stem for p in files] if files else ["<no data>"]


def reference_cases() -> list[tuple[str, str]]:
    ref = reference()
    if not ref:
        return [("<no data>", "greedy")]
    return [
        (stem, rule)
        for stem, entry in sorted(ref.items())
        for rule in REF_RULES
        if rule in entry["rules"] and entry["rules"][rule].get("status") != "timeout"
    ]


def data_path(stem: str) -> Path:
    return pabulib_dir() / f"{stem}.pb"


def official_cases() -> list[str]:
    """Files whose META rule we implement and that mark their winners (``selected`` = 1),
    found by reading only their META and PROJECTS sections (collection stays fast)."""
    from cocity.budgeting.rules import META_RULES

    stems = []
    for path in pabulib_files():
        rule, header, winners = "", None, False
        section = ""
        with open(path, encoding="utf-8-sig") as f:
            for line in f:
                cells = [c.strip() for c in line.rstrip("\n").split(";")]
                if cells[0].upper() in ("META", "PROJECTS", "VOTES") and len(cells) == 1:
                    section = cells[0].upper()
                    header = None
                    if section == "VOTES":
                        break
                    continue
                if header is None:
                    header = cells
                    continue
                if section == "META" and cells[0] == "rule":
                    rule = cells[1]
                elif section == "PROJECTS" and "selected" in header:
                    winners |= cells[header.index("selected")] == "1"
        if rule in META_RULES and winners:
            stems.append(path.stem)
    return stems or ["<no data>"]
