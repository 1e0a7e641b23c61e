"""The ideation phase page: sorting, filters, pagination, random order, the post button."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from cocity.ideas.models import Idea, IdeaStatus
from cocity.ideas.selectors import SEED_SESSION_KEY
from cocity.ideas.tests.conftest import phase_path
from cocity.testing.factories import IdeaFactory, UserFactory


def titles(response: Any) -> list[str]:
    return re.findall(r'<h3><a href="/ideas/\d+/">([^<]*)</a></h3>', response.content.decode())


@pytest.fixture
def three(phase: Any, alice: Any) -> list[Idea]:
    now = timezone.now()
    rows = [
        IdeaFactory(
            phase=phase,
            author=alice,
            title="Old popular",
            score=9,
            up_count=9,
            hot=5.0,
            comment_count=1,
            random_key=0.2,
        ),
        IdeaFactory(
            phase=phase,
            author=alice,
            title="Newest",
            score=1,
            up_count=1,
            hot=9.0,
            comment_count=0,
            random_key=0.6,
        ),
        IdeaFactory(
            phase=phase,
            author=alice,
            title="Much discussed",
            score=0,
            hot=1.0,
            comment_count=7,
            random_key=0.8,
        ),
    ]
    for age, idea in zip((3, 0, 2), rows, strict=True):
        Idea.objects.filter(pk=idea.pk).update(created_at=now - timedelta(days=age))
    return rows


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("trending", ["Newest", "Old popular", "Much discussed"]),
        ("newest", ["Newest", "Much discussed", "Old popular"]),
        ("reactions", ["Old popular", "Newest", "Much discussed"]),
        ("comments", ["Much discussed", "Old popular", "Newest"]),
    ],
)
def test_it_sorts_ideas(client: Any, phase: Any, three: Any, sort: str, expected: list) -> None:
    response = client.get(phase_path(phase), {"sort": sort})
    assert response.status_code == 200
    assert titles(response) == expected


def test_it_falls_back_to_trending_on_an_unknown_sort(client: Any, phase: Any, three: Any) -> None:
    response = client.get(phase_path(phase), {"sort": "nonsense", "topic": "x", "page": "zz"})
    assert response.status_code == 200
    assert titles(response) == ["Newest", "Old popular", "Much discussed"]


def test_it_rotates_the_random_order_at_the_visitors_seed(
    client: Any, phase: Any, three: Any
) -> None:
    session = client.session
    session[SEED_SESSION_KEY] = 0.5
    session.save()
    response = client.get(phase_path(phase), {"sort": "random"})
    # random_key >= 0.5 first (0.6, 0.8), then the rest (0.2)
    assert titles(response) == ["Newest", "Much discussed", "Old popular"]
    assert titles(client.get(phase_path(phase), {"sort": "random"})) == titles(response)


def test_it_keeps_the_random_order_stable_across_pages(
    client: Any, phase: Any, settings: Any
) -> None:
    settings.COCITY_IDEAS_PER_PAGE = 4
    IdeaFactory.create_batch(10, phase=phase)
    pages = [
        titles(client.get(phase_path(phase), {"sort": "random", "page": n})) for n in (1, 2, 3)
    ]
    seen = [t for page in pages for t in page]
    assert len(seen) == 10 and len(set(seen)) == 10  # every idea once, none twice
    assert client.session[SEED_SESSION_KEY] is not None


def test_it_filters_by_topic_status_and_text(
    client: Any, phase: Any, alice: Any, topic: Any
) -> None:
    tagged = IdeaFactory(phase=phase, author=alice, title="Shade trees")
    tagged.topics.add(topic)
    accepted = IdeaStatus.objects.get(slug="accepted")
    IdeaFactory(phase=phase, author=alice, title="Bike racks", status=accepted)
    IdeaFactory(phase=phase, author=alice, title="Benches", body="Near the water fountain")

    assert titles(client.get(phase_path(phase), {"topic": topic.pk})) == ["Shade trees"]
    assert titles(client.get(phase_path(phase), {"status": accepted.pk})) == ["Bike racks"]
    assert titles(client.get(phase_path(phase), {"q": "fountain"})) == ["Benches"]
    assert titles(client.get(phase_path(phase), {"q": "BIKE"})) == ["Bike racks"]
    empty = client.get(phase_path(phase), {"q": "nothing like this"})
    assert "No idea matches your filters." in empty.content.decode()


def test_it_leaves_withdrawn_and_hidden_ideas_out(client: Any, phase: Any, alice: Any) -> None:
    IdeaFactory(phase=phase, author=alice, title="Visible")
    IdeaFactory(phase=phase, author=alice, title="Withdrawn", is_withdrawn=True)
    IdeaFactory(phase=phase, author=alice, title="Hidden", is_hidden=True)
    assert titles(client.get(phase_path(phase))) == ["Visible"]


def test_it_paginates_25_per_page(client: Any, phase: Any) -> None:
    author = UserFactory()
    IdeaFactory.create_batch(30, phase=phase, author=author)
    first = client.get(phase_path(phase), {"sort": "newest"})
    second = client.get(phase_path(phase), {"sort": "newest", "page": 2})
    assert len(titles(first)) == 25 and len(titles(second)) == 5
    assert "Page 1 of 2" in first.content.decode()
    assert 'rel="next"' in first.content.decode() and "sort=newest" in first.content.decode()


def test_it_shows_what_each_idea_needs(client: Any, phase: Any, alice: Any, topic: Any) -> None:
    idea = IdeaFactory(
        phase=phase,
        author=alice,
        title="Trees",
        latitude=50.6,
        longitude=5.5,
        up_count=3,
        comment_count=2,
    )
    idea.topics.add(topic)
    IdeaFactory(phase=phase, author=alice, title="City plan", is_official=True)
    html = client.get(phase_path(phase)).content.decode()
    assert "by Alice" in html
    assert "Trees</li>" in html  # topic
    assert "3 supports" in html and "2 comments" in html
    assert "Has a location" in html
    assert "Submitted" in html  # status
    assert "Posted by the city" in html and "Official" in html


def test_it_escapes_titles(client: Any, phase: Any, alice: Any) -> None:
    IdeaFactory(phase=phase, author=alice, title="<script>alert(1)</script>")
    html = client.get(phase_path(phase)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_it_offers_the_post_button_to_signed_in_residents(
    client: Any, phase: Any, alice: Any
) -> None:
    client.force_login(alice)
    html = client.get(phase_path(phase)).content.decode()
    assert "Post an idea" in html


def test_it_asks_anonymous_visitors_to_sign_in(client: Any, phase: Any) -> None:
    html = client.get(phase_path(phase)).content.decode()
    assert "Post an idea" not in html
    assert "Please sign in to take part." in html


def test_it_says_when_ideation_closed(client: Any, closed_phase: Any, alice: Any) -> None:
    client.force_login(alice)
    html = client.get(phase_path(closed_phase)).content.decode()
    assert "Post an idea" not in html
    assert "Ideation closed on" in html


def test_it_says_when_ideation_opens(client: Any, future_phase: Any, alice: Any) -> None:
    client.force_login(alice)
    html = client.get(phase_path(future_phase)).content.decode()
    assert "Ideation opens on" in html


def test_it_returns_only_the_results_to_htmx(client: Any, phase: Any, three: Any) -> None:
    response = client.get(
        phase_path(phase), {"sort": "newest"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="idea-results"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="idea-results"')
    assert "<html" not in html
    assert titles(response)[0] == "Newest"


def test_it_searches_words_by_their_beginning_in_title_and_description(
    client: Any, phase: Any, alice: Any
) -> None:
    IdeaFactory(phase=phase, author=alice, title="Carrefour Nord", body="Feux trop courts.")
    IdeaFactory(phase=phase, author=alice, title="Bancs", body="Près du carrefour, à l'ombre.")
    IdeaFactory(phase=phase, author=alice, title="Trees", body="Shade.")
    found = titles(client.get(phase_path(phase), {"q": "carref", "sort": "newest"}))
    assert found == ["Bancs", "Carrefour Nord"]
    assert titles(client.get(phase_path(phase), {"q": "CARREFOUR nord"})) == ["Carrefour Nord"]
    assert titles(client.get(phase_path(phase), {"q": "l'ombre"})) == ["Bancs"]
    nothing = client.get(phase_path(phase), {"q": "&|!:*"})
    assert nothing.status_code == 200
    assert "No idea matches your filters." in nothing.content.decode()
