"""A double-submitted reaction (two tabs, a double click without JS) counts once.

Real concurrency needs real connections and a database that runs writers in parallel: this runs
on PostgreSQL only. SQLite takes one writer at a time (IMMEDIATE transactions), so there is no
race to provoke there.
"""

from __future__ import annotations

from typing import Any

import pytest

from cocity.ideas import services
from cocity.ideas.models import Idea, Reaction
from cocity.testing.concurrency import run_at_once

# The `postgres` marker skips this on SQLite (see cocity/conftest.py).
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 8


def test_it_counts_a_double_submitted_reaction_once(phase: Any, alice: Any, eve: Any) -> None:
    idea = services.idea_submit(phase=phase, author=alice, title="Race", body="Ready, set…")

    def react() -> None:
        fresh = Idea.objects.select_related("phase__project").get(pk=idea.pk)
        services.reaction_set(idea=fresh, user=eve, value=1)

    assert run_at_once([react] * THREADS) == []
    idea.refresh_from_db()
    assert Reaction.objects.filter(idea=idea, user=eve).count() == 1
    assert (idea.up_count, idea.score) == (1, 1)


def test_it_takes_back_a_double_submitted_reaction_once(phase: Any, alice: Any, eve: Any) -> None:
    idea = services.idea_submit(phase=phase, author=alice, title="Race", body="Ready, set…")
    services.reaction_set(idea=idea, user=eve, value=1)

    def unreact() -> None:
        fresh = Idea.objects.select_related("phase__project").get(pk=idea.pk)
        services.reaction_set(idea=fresh, user=eve, value=0)

    assert run_at_once([unreact] * THREADS) == []
    idea.refresh_from_db()
    assert not Reaction.objects.filter(idea=idea).exists()
    assert (idea.up_count, idea.score) == (0, 0)
