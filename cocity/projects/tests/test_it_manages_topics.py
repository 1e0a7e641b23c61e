"""topic_create / topic_update / topic_delete / topic_reorder / topic_move."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cocity.projects.models import Topic
from cocity.projects.services import (
    topic_create,
    topic_delete,
    topic_move,
    topic_reorder,
    topic_update,
)
from cocity.testing.factories import IdeaFactory, TopicFactory


def test_it_adds_topics_at_the_end(carol: Any, project: Any) -> None:
    first = topic_create(project=project, user=carol, name={"en": "Trees", "fr": "Arbres"})
    second = topic_create(project=project, user=carol, name={"en": "Benches"})

    assert (first.position, second.position) == (0, 1)
    assert first.name == {"en": "Trees", "fr": "Arbres"}


def test_it_refuses_a_topic_without_a_name(carol: Any, project: Any) -> None:
    with pytest.raises(ValidationError) as error:
        topic_create(project=project, user=carol, name={"en": " ", "nl": "Bomen"})

    assert error.value.message_dict["name"] == ["Please write the English text."]
    assert not Topic.objects.exists()


def test_it_refuses_a_negative_position(carol: Any, project: Any) -> None:
    topic = TopicFactory(project=project)

    with pytest.raises(ValidationError):
        topic_update(topic=topic, user=carol, name={"en": "Trees"}, position=-1)

    topic.refresh_from_db()
    assert topic.name["en"] != "Trees"


def test_a_resident_cannot_add_or_delete_topics(alice: Any, project: Any) -> None:
    topic = TopicFactory(project=project)

    with pytest.raises(PermissionDenied):
        topic_create(project=project, user=alice, name={"en": "Mine"})
    with pytest.raises(PermissionDenied):
        topic_delete(topic=topic, user=alice)

    assert list(Topic.objects.all()) == [topic]


def test_deleting_a_topic_keeps_its_ideas(carol: Any, phase: Any) -> None:
    topic = TopicFactory(project=phase.project)
    idea = IdeaFactory(phase=phase)
    idea.topics.add(topic)

    topic_delete(topic=topic, user=carol)

    idea.refresh_from_db()
    assert list(idea.topics.all()) == []


def test_it_reorders_topics(carol: Any, project: Any) -> None:
    a, b, c = TopicFactory.create_batch(3, project=project)

    topic_reorder(project=project, user=carol, topic_ids=[c.pk, a.pk, b.pk])

    assert list(project.topics.order_by("position")) == [c, a, b]


def test_it_refuses_a_topic_of_another_project_in_the_order(carol: Any, project: Any) -> None:
    a, b = TopicFactory.create_batch(2, project=project)
    foreign = TopicFactory()

    with pytest.raises(ValidationError) as error:
        topic_reorder(project=project, user=carol, topic_ids=[a.pk, b.pk, foreign.pk])

    assert "exactly once" in error.value.messages[0]
    foreign.refresh_from_db()
    assert foreign.position == 0


def test_it_moves_a_topic_up(carol: Any, project: Any) -> None:
    a, b, c = (TopicFactory(project=project, position=i) for i in range(3))

    topic_move(topic=c, user=carol, offset=-1)

    assert list(project.topics.order_by("position")) == [a, c, b]
