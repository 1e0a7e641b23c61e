"""The permission matrix: who sees the queue, acts on which project's content and on accounts,
and who may see reporters."""

from __future__ import annotations

from typing import Any

import pytest

from cocity.moderation import services
from cocity.moderation.models import ModerationCase
from cocity.participation.capabilities import Capability
from cocity.participation.permissions import can

pytestmark = pytest.mark.django_db

PEOPLE = ["anon", "alice", "bob", "carol", "frank", "dave"]

# person: (sees the queue, acts on `project`, acts on the other project, acts on accounts,
#          sees reporters)
MATRIX = {
    "anon": (False, False, False, False, False),
    "alice": (False, False, False, False, False),  # resident
    "bob": (True, True, True, True, False),  # moderator: everywhere
    "carol": (True, True, False, False, False),  # manager of `project` only
    "frank": (True, False, True, False, False),  # manager of the other project only
    "dave": (True, True, True, True, True),  # administrator
}


@pytest.mark.parametrize("name", PEOPLE)
def test_the_moderation_matrix(
    request: pytest.FixtureRequest, name: str, idea: Any, other_phase: Any, eve: Any
) -> None:
    from cocity.ideas import services as idea_services

    person = request.getfixturevalue(name)
    other = idea_services.idea_submit(phase=other_phase, author=eve, title="Quay", body="Lamps")
    services.report_submit(reporter=eve, idea=idea, reason="spam")
    services.report_submit(reporter=idea.author, idea=other, reason="spam")
    services.report_submit(reporter=idea.author, user=eve, reason="abuse")
    here = ModerationCase.objects.get(idea=idea)
    there = ModerationCase.objects.get(idea=other)
    account = ModerationCase.objects.get(user=eve)

    observed = (
        can(person, Capability.ACCESS_BACKOFFICE),
        can(person, Capability.MODERATE, here),
        can(person, Capability.MODERATE, there),
        can(person, Capability.MODERATE, account),
        can(person, Capability.SEE_REPORTERS),
    )
    assert observed == MATRIX[name]
    assert can(person, Capability.MODERATE_ACCOUNTS) == MATRIX[name][3]


@pytest.mark.parametrize(
    ("name", "allowed"),
    [("anon", False), ("alice", False), ("eve", True), ("bob", True)],
)
def test_who_may_report_an_idea(
    request: pytest.FixtureRequest, name: str, allowed: bool, idea: Any
) -> None:
    assert can(request.getfixturevalue(name), Capability.REPORT, idea) is allowed


def test_a_blocked_account_cannot_report(idea: Any, eve: Any) -> None:
    eve.is_active = False
    assert not can(eve, Capability.REPORT, idea)
