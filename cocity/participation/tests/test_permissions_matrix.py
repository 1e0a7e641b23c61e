"""The permission matrix: role by phase timing by capability, read straight from a table.

Each cell gives the outcome before / while / after the phase is open: `Y` allowed, `n` refused.
Time is frozen by passing `now=` to `check()`, so the phase's own dates never move.

Roles: anon (not signed in), resident (alice, not the idea's author), author (eve, who posted
the idea), moderator (bob), manager (carol, manager of the project), other_manager (frank,
manager of another project), admin (dave).

Subjects: propose / post_official → the phase; comment / react / edit_own_idea / withdraw /
answer → eve's idea in that phase; manage → the project; view_draft → a draft project that
carol manages.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from cocity.accounts.models import Role
from cocity.participation.capabilities import Capability
from cocity.participation.permissions import check
from cocity.projects.models import Visibility
from cocity.testing.factories import IdeaFactory, PhaseFactory, ProjectFactory, UserFactory

MATRIX = """
capability     | anon | resident | author | moderator | manager | other_manager | admin
propose        | nnn  | nYn      | nYn    | nYn       | nYn     | nYn           | nYn
comment        | nnn  | nYn      | nYn    | nYn       | nYn     | nYn           | nYn
react          | nnn  | nYn      | nYn    | nYn       | nYn     | nYn           | nYn
edit_own_idea  | nnn  | nnn      | nYn    | nnn       | nnn     | nnn           | nnn
withdraw       | nnn  | nnn      | nYn    | nnn       | nnn     | nnn           | nnn
answer         | nnn  | nnn      | nnn    | nnn       | YYY     | nnn           | YYY
manage         | nnn  | nnn      | nnn    | nnn       | YYY     | nnn           | YYY
post_official  | nnn  | nnn      | nnn    | nnn       | YYn     | nnn           | YYn
view_draft     | nnn  | nnn      | nnn    | nnn       | YYY     | nnn           | YYY
"""
TIMINGS = ("before", "open", "after")


def _parse(table: str) -> list[tuple[str, str, str, bool]]:
    lines = [line for line in table.strip().splitlines() if line.strip()]
    roles = [cell.strip() for cell in lines[0].split("|")[1:]]
    cases = []
    for line in lines[1:]:
        capability, *cells = (cell.strip() for cell in line.split("|"))
        for role, cell in zip(roles, cells, strict=True):
            assert len(cell) == 3, f"{capability}/{role}: {cell!r} needs one letter per timing"
            for timing, letter in zip(TIMINGS, cell, strict=True):
                cases.append((capability, role, timing, letter == "Y"))
    return cases


CASES = _parse(MATRIX)
CAPABILITY = {
    "propose": Capability.PROPOSE,
    "comment": Capability.COMMENT,
    "react": Capability.REACT,
    "edit_own_idea": Capability.EDIT,
    "withdraw": Capability.WITHDRAW,
    "answer": Capability.ANSWER,
    "manage": Capability.MANAGE,
    "post_official": Capability.POST_OFFICIAL,
    "view_draft": Capability.VIEW,
}


@pytest.fixture
def world(db: None, alice: Any, eve: Any, bob: Any, carol: Any, dave: Any, anon: Any) -> dict:
    starts = timezone.now().replace(microsecond=0) + timedelta(days=30)
    project = ProjectFactory(slug="matrix")
    project.managers.add(carol)
    phase = PhaseFactory(project=project, starts_at=starts, ends_at=starts + timedelta(days=10))
    draft = ProjectFactory(slug="matrix-draft", visibility=Visibility.DRAFT)
    draft.managers.add(carol)
    frank = UserFactory(role=Role.PROJECT_MANAGER)
    ProjectFactory(slug="franks").managers.add(frank)
    people = {
        "anon": anon,
        "resident": alice,
        "author": eve,
        "moderator": bob,
        "manager": carol,
        "other_manager": frank,
        "admin": dave,
    }
    moments: dict[str, datetime] = {
        "before": starts - timedelta(days=1),
        "open": starts + timedelta(days=5),
        "after": starts + timedelta(days=11),
    }
    subjects = {
        "phase": phase,
        "idea": IdeaFactory(phase=phase, author=eve),
        "project": project,
        "draft": draft,
    }
    return {"people": people, "moments": moments, "subjects": subjects}


def _subject(capability: str, subjects: dict) -> Any:
    if capability in ("propose", "post_official"):
        return subjects["phase"]
    if capability == "manage":
        return subjects["project"]
    if capability == "view_draft":
        return subjects["draft"]
    return subjects["idea"]


def test_the_table_covers_every_role_capability_and_timing() -> None:
    assert len(CASES) == len(CAPABILITY) * 7 * len(TIMINGS)


@pytest.mark.parametrize(
    ("capability", "role", "timing", "allowed"),
    CASES,
    ids=[f"{c}-{r}-{t}" for c, r, t, _a in CASES],
)
def test_permission_matrix(
    world: dict, capability: str, role: str, timing: str, allowed: bool
) -> None:
    user = world["people"][role]
    obj = _subject(capability, world["subjects"])

    decision = check(user, CAPABILITY[capability], obj, now=world["moments"][timing])

    assert decision.allowed is allowed
    if not allowed:
        assert decision.reason, "a refusal must say why"
