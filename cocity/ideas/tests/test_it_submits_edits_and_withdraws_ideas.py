"""Services: submitting, editing and withdrawing ideas, and the city's answer."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cocity.ideas import services
from cocity.ideas.models import Idea, IdeaFollow, IdeaStatus
from cocity.ideas.tests.conftest import jpeg_upload
from cocity.testing.factories import ProjectFactory, TopicFactory


def test_it_submits_an_idea_with_topics_location_and_the_default_status(
    phase: Any, alice: Any, topic: Any
) -> None:
    idea = services.idea_submit(
        phase=phase,
        author=alice,
        title="  Benches   near the fountain ",
        body="We need *shade*.",
        topics=[topic],
        address="Place du Marché",
        latitude=50.64,
        longitude=5.57,
    )
    assert idea.title == "Benches near the fountain"
    assert idea.body_html == "<p>We need <em>shade</em>.</p>"
    assert list(idea.topics.all()) == [topic]
    assert idea.status == IdeaStatus.objects.get(is_default=True)
    assert idea.has_location
    assert IdeaFollow.objects.filter(idea=idea, user=alice).exists()  # authors follow their idea


def test_it_strips_markup_from_titles_and_escapes_html_in_bodies(phase: Any, alice: Any) -> None:
    idea = services.idea_submit(
        phase=phase,
        author=alice,
        title="<script>alert(1)</script>Trees",
        body="<script>alert(1)</script> <img src=x onerror=alert(1)> **ok**",
    )
    assert "<script" not in idea.title
    assert "<script" not in idea.body_html
    assert "onerror" not in idea.body_html
    assert "<strong>ok</strong>" in idea.body_html


@pytest.mark.parametrize(
    ("title", "message"),
    [("", "Please give your idea a title."), ("x" * 141, "at most 140 characters")],
)
def test_it_refuses_an_empty_or_huge_title_and_saves_nothing(
    phase: Any, alice: Any, title: str, message: str
) -> None:
    with pytest.raises(ValidationError) as error:
        services.idea_submit(phase=phase, author=alice, title=title, body="Body")
    assert message in str(error.value)
    assert not Idea.objects.exists()


def test_it_refuses_topics_of_another_project(phase: Any, alice: Any) -> None:
    foreign = TopicFactory(project=ProjectFactory())
    with pytest.raises(ValidationError):
        services.idea_submit(phase=phase, author=alice, title="T", body="B", topics=[foreign])
    assert not Idea.objects.exists()


def test_it_refuses_half_a_location(phase: Any, alice: Any) -> None:
    with pytest.raises(ValidationError):
        services.idea_submit(phase=phase, author=alice, title="T", body="B", latitude=50.0)
    assert not Idea.objects.exists()


def test_it_refuses_ideas_when_the_phase_is_closed_or_not_yet_open(
    closed_phase: Any, future_phase: Any, alice: Any
) -> None:
    for phase in (closed_phase, future_phase):
        with pytest.raises(PermissionDenied):
            services.idea_submit(phase=phase, author=alice, title="T", body="B")
    assert not Idea.objects.exists()


def test_it_lets_only_project_staff_post_as_the_city(phase: Any, alice: Any, carol: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.idea_submit(phase=phase, author=alice, title="T", body="B", is_official=True)
    idea = services.idea_submit(phase=phase, author=carol, title="T", body="B", is_official=True)
    assert idea.is_official


def test_it_edits_an_idea_and_removes_and_adds_images(idea: Any, alice: Any, topic: Any) -> None:
    services.idea_edit(
        idea=idea,
        user=alice,
        title="T",
        body="B",
        new_images=[services.NewImage(jpeg_upload(), "a")],
    )
    old = idea.images.get()
    services.idea_edit(
        idea=idea,
        user=alice,
        title="Fewer cars",
        body="Close the street on Sundays.",
        topics=[topic],
        remove_image_ids=[old.pk],
        new_images=[services.NewImage(jpeg_upload(), "A street")],
    )
    idea.refresh_from_db()
    assert idea.title == "Fewer cars"
    assert [i.alt_text for i in idea.images.all()] == ["A street"]
    assert list(idea.topics.all()) == [topic]


def test_it_refuses_a_sixth_image(idea: Any, alice: Any) -> None:
    images = [services.NewImage(jpeg_upload(), f"image {n}") for n in range(6)]
    with pytest.raises(ValidationError):
        services.idea_edit(idea=idea, user=alice, title="T", body="B", new_images=images)
    assert idea.images.count() == 0


def test_it_refuses_editing_someone_elses_idea(idea: Any, eve: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.idea_edit(idea=idea, user=eve, title="Mine now", body="B")
    idea.refresh_from_db()
    assert idea.title == "More trees"


def test_it_withdraws_an_idea_only_for_its_author(idea: Any, alice: Any, eve: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.idea_withdraw(idea=idea, user=eve)
    services.idea_withdraw(idea=idea, user=alice)
    assert Idea.objects.get(pk=idea.pk).is_withdrawn
    assert not Idea.objects.listed().filter(pk=idea.pk).exists()
    with pytest.raises(PermissionDenied):  # once is enough
        services.idea_withdraw(idea=idea, user=alice)


def test_it_records_the_citys_answer_without_touching_the_counters(
    idea: Any, carol: Any, alice: Any, eve: Any
) -> None:
    services.reaction_set(idea=idea, user=eve, value=1)
    accepted = IdeaStatus.objects.get(slug="accepted")
    with pytest.raises(PermissionDenied):
        services.idea_answer(idea=idea, user=alice, status=accepted, answer="Yes!")
    services.idea_answer(
        idea=idea, user=carol, status=accepted, answer="We will plant **20** oaks."
    )
    idea = Idea.objects.get(pk=idea.pk)
    assert idea.status == accepted
    assert "<strong>20</strong>" in idea.official_answer_html
    assert idea.answered_by == carol and idea.answered_at is not None
    assert (idea.up_count, idea.score) == (1, 1)
