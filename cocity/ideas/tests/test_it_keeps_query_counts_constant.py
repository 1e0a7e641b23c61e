"""Query counts: the idea list, the idea page and the home page cost the same with 3 rows or 30+.

Equality between two sizes proves there is no per-row query (an N+1 would grow with the data).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cocity.ideas import services
from cocity.ideas.models import Idea, IdeaStatus
from cocity.ideas.selectors import SEED_SESSION_KEY
from cocity.ideas.tests.conftest import phase_path
from cocity.testing.factories import (
    IdeaFactory,
    PhaseFactory,
    ProjectFactory,
    TopicFactory,
    UserFactory,
)


def count_queries(client: Any, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def populate(phase: Any, n: int) -> list[Idea]:
    """n ideas with topics, a location, an answer status, and random keys spread over [0, 1)."""
    topics = [TopicFactory(project=phase.project) for _ in range(2)]
    status = IdeaStatus.objects.get(slug="under_review")
    authors = [UserFactory() for _ in range(min(n, 5))]
    ideas = []
    for i in range(n):
        idea = IdeaFactory(
            phase=phase,
            author=authors[i % len(authors)],
            title=f"Idea {i}",
            random_key=(i + 0.5) / n,
            status=status if i % 2 else None,
            latitude=50.6 if i % 3 else None,
            longitude=5.5 if i % 3 else None,
            is_official=(i == 0),
            up_count=i,
            score=i,
            comment_count=i % 4,
        )
        idea.topics.set(topics[: 1 + i % 2])
        ideas.append(idea)
    # Factories write rows as a bulk load does: recount, as the seed does after loading.
    services.phase_listed_ideas_recount(phase_ids=[phase.pk])
    phase.refresh_from_db()
    return ideas


SORTS = ["trending", "newest", "reactions", "comments", "random"]


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("filtered", [False, True])
def test_the_idea_list_costs_the_same_for_3_or_30_ideas(
    client: Any, alice: Any, sort: str, filtered: bool
) -> None:
    client.force_login(alice)
    session = client.session
    session[SEED_SESSION_KEY] = 0.5  # page 1 straddles the rotation point in both sizes
    session.save()
    counts = []
    for n in (3, 30):
        phase = PhaseFactory(project=ProjectFactory())
        populate(phase, n)
        params: dict[str, Any] = {"sort": sort}
        if filtered:
            topic = phase.project.topics.first()
            params.update(topic=topic.pk, q="Idea")
        client.get(phase_path(phase), params)  # warm caches (sessions, content types)
        counts.append(count_queries(client, phase_path(phase), params))
    assert counts[0] == counts[1], counts


def test_the_map_costs_the_same_for_3_or_30_ideas(client: Any, alice: Any) -> None:
    client.force_login(alice)
    counts = []
    for n in (3, 30):
        phase = PhaseFactory(project=ProjectFactory())
        populate(phase, n)
        client.get(phase_path(phase), {"view": "map"})
        counts.append(count_queries(client, phase_path(phase), {"view": "map"}))
    assert counts[0] == counts[1], counts


def build_idea_page(phase: Any, n: int) -> Idea:
    """An idea with n top-level comments (each with a reply), n reactions, images and topics."""
    people = [UserFactory() for _ in range(n)]
    idea = services.idea_submit(
        phase=phase,
        author=people[0],
        title="Busy",
        body="Body",
        topics=list(phase.project.topics.all()),
        address="Here",
        latitude=50.6,
        longitude=5.5,
    )
    for i, person in enumerate(people):
        top = services.comment_post(idea=idea, author=person, body=f"Comment {i}")
        services.comment_post(idea=idea, author=people[(i + 1) % n], body="Reply", parent=top)
        services.reaction_set(idea=idea, user=person, value=1)
        if i % 5 == 0:
            services.comment_delete(comment=top, user=person)
    services.idea_answer(
        idea=idea,
        user=phase.project.managers.first(),
        status=IdeaStatus.objects.get(slug="accepted"),
        answer="Yes",
    )
    return idea


@pytest.mark.parametrize("viewer", ["anon", "resident", "moderator"])
def test_the_idea_page_costs_the_same_for_3_or_30_comments(
    client: Any, carol: Any, alice: Any, bob: Any, viewer: str
) -> None:
    if viewer == "resident":
        client.force_login(alice)
    elif viewer == "moderator":
        client.force_login(bob)
    counts = []
    for n in (3, 30):
        project = ProjectFactory()
        project.managers.add(carol)
        TopicFactory(project=project)
        TopicFactory(project=project)
        idea = build_idea_page(PhaseFactory(project=project), n)
        url = f"/ideas/{idea.pk}/"
        client.get(url)
        counts.append(count_queries(client, url))
    assert counts[0] == counts[1], counts


def test_the_home_page_costs_the_same_for_3_or_30_projects(client: Any, alice: Any) -> None:
    client.force_login(alice)
    counts = []
    for n in (3, 30):
        for _ in range(n if not counts else n - 3):
            phase = PhaseFactory(project=ProjectFactory())
            PhaseFactory(
                project=phase.project,
                starts_at=phase.ends_at,
                ends_at=phase.ends_at + (phase.ends_at - phase.starts_at),
            )
            IdeaFactory.create_batch(2, phase=phase)
        client.get("/")
        counts.append(count_queries(client, "/"))
    assert counts[0] == counts[1], counts
