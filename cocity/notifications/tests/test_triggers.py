"""Each trigger notifies the right people, and no one else."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cocity.ideas.models import IdeaFollow
from cocity.ideas.services import comment_post, idea_answer
from cocity.notifications import services
from cocity.notifications.fanout import scan_clock_events
from cocity.notifications.kinds import Frequency, Kind
from cocity.notifications.models import Delivery, Notification, NotificationPreference
from cocity.notifications.tasks import fan_out
from cocity.projects.models import ProjectFollow, Visibility
from cocity.testing.factories import CommentFactory, PhaseFactory, UserFactory

from .conftest import sent_to

pytestmark = pytest.mark.django_db


def kinds_for(user: Any) -> list[str]:
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_it_tells_the_author_and_followers_of_an_answer_but_not_the_staff_member(
    idea: Any, carol: Any, eve: Any, accepted: Any, committed: Any, mailoutbox: list[Any]
) -> None:
    follower = UserFactory(email="follower@example.org")
    IdeaFollow.objects.create(idea=idea, user=follower)
    IdeaFollow.objects.create(idea=idea, user=carol)
    with committed():
        idea_answer(idea=idea, user=carol, status=accepted, answer="We will do it.")
    assert kinds_for(idea.author) == [Kind.IDEA_ANSWERED]
    assert kinds_for(follower) == [Kind.FOLLOWED_IDEA]
    assert kinds_for(carol) == []  # the actor
    assert kinds_for(eve) == []  # not concerned
    # The author's default is an email at once; a follower's is the weekly digest.
    assert len(sent_to(mailoutbox, idea.author.email)) == 1
    assert sent_to(mailoutbox, follower.email) == []
    assert "Benches by the fountain" in mailoutbox[0].subject


def test_it_never_notifies_blocked_or_unsubscribed_people(
    idea: Any, carol: Any, accepted: Any, committed: Any, mailoutbox: list[Any]
) -> None:
    blocked = UserFactory(is_active=False)
    quiet = UserFactory()
    for user in (blocked, quiet):
        IdeaFollow.objects.create(idea=idea, user=user)
    NotificationPreference.objects.create(user=quiet, kind=Kind.FOLLOWED_IDEA, frequency="off")
    NotificationPreference.objects.create(
        user=idea.author, kind=Kind.IDEA_ANSWERED, frequency=Frequency.IN_APP
    )
    with committed():
        idea_answer(idea=idea, user=carol, status=accepted, answer="Yes.")
    assert kinds_for(blocked) == []
    assert kinds_for(quiet) == []
    assert kinds_for(idea.author) == [Kind.IDEA_ANSWERED]  # in the app…
    assert mailoutbox == []  # …but no email, as chosen


def test_it_keeps_private_ideas_private(
    idea: Any, carol: Any, accepted: Any, committed: Any
) -> None:
    follower = UserFactory()
    IdeaFollow.objects.create(idea=idea, user=follower)
    idea.phase.project.visibility = Visibility.DRAFT
    idea.phase.project.save()
    with committed():
        idea_answer(idea=idea, user=carol, status=accepted, answer="Yes.")
    assert kinds_for(follower) == []


def test_it_notifies_once_per_event_even_when_the_task_runs_twice(
    idea: Any, carol: Any, accepted: Any, committed: Any, mailoutbox: list[Any]
) -> None:
    with committed():
        idea_answer(idea=idea, user=carol, status=accepted, answer="Yes.")
    params = {"idea_id": idea.pk, "actor_id": carol.pk, "stamp": idea.answered_at.isoformat()}
    fan_out.enqueue("idea_answered", params)
    assert Notification.objects.filter(recipient=idea.author).count() == 1
    assert Delivery.objects.filter(recipient=idea.author).count() == 1
    assert len(mailoutbox) == 1


def test_it_sends_nothing_when_the_answer_is_refused(
    idea: Any, carol: Any, accepted: Any, committed: Any
) -> None:
    with committed(), pytest.raises(ValidationError):
        idea_answer(idea=idea, user=carol, status=accepted, answer="")
    assert Notification.objects.count() == 0


def test_it_tells_the_idea_author_of_a_comment_but_not_the_commenter(
    idea: Any, eve: Any, committed: Any
) -> None:
    with committed():
        comment_post(idea=idea, author=eve, body="Good idea")
        comment_post(idea=idea, author=idea.author, body="Thanks")
    assert kinds_for(idea.author) == [Kind.COMMENT_ON_IDEA]
    assert kinds_for(eve) == []
    note = Notification.objects.get(recipient=idea.author)
    assert "Eve commented" in note.text


def test_it_tells_the_person_replied_to_once(idea: Any, eve: Any, committed: Any) -> None:
    third = UserFactory(display_name="Zoe")
    parent = CommentFactory(idea=idea, author=eve)
    with committed():
        comment_post(idea=idea, author=third, body="I agree with Eve", parent=parent)
    assert kinds_for(eve) == [Kind.REPLY]
    assert kinds_for(idea.author) == [Kind.COMMENT_ON_IDEA]
    assert kinds_for(third) == []


def test_it_tells_project_followers_of_news(
    project: Any, carol: Any, alice: Any, eve: Any, committed: Any
) -> None:
    ProjectFollow.objects.create(project=project, user=alice)
    ProjectFollow.objects.create(project=project, user=carol)
    with committed():
        services.project_update_post(
            project=project, user=carol, title={"en": "Works start"}, body={"en": "On Monday."}
        )
    assert kinds_for(alice) == [Kind.PROJECT_UPDATE]
    assert kinds_for(carol) == []
    assert kinds_for(eve) == []
    assert "Works start" in Notification.objects.get(recipient=alice).text


def test_it_refuses_news_without_a_title_and_changes_nothing(
    project: Any, carol: Any, alice: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        services.project_update_post(project=project, user=carol, title={}, body={"en": "x"})
    assert "title" in error.value.error_dict
    assert project.updates.count() == 0


def test_it_refuses_news_from_a_resident(project: Any, alice: Any) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.project_update_post(
            project=project, user=alice, title={"en": "x"}, body={"en": "y"}
        )


def test_it_announces_phases_opening_to_followers_and_closing_to_participants(
    project: Any, alice: Any, eve: Any, committed: Any
) -> None:
    now = timezone.now()
    closing = PhaseFactory(project=project, starts_at=now - timedelta(days=9),
                           ends_at=now - timedelta(hours=1))  # fmt: skip
    opening = PhaseFactory(project=project, starts_at=now - timedelta(minutes=30),
                           ends_at=now + timedelta(days=9))  # fmt: skip
    stale = PhaseFactory(project=project, starts_at=now - timedelta(days=30),
                         ends_at=now - timedelta(days=20))  # fmt: skip
    CommentFactory(idea__phase=closing, idea__author=eve, author=eve)
    ProjectFollow.objects.create(project=project, user=alice)
    with committed():
        scan_clock_events(now)
        scan_clock_events(now)  # idempotent
    assert list(Notification.objects.filter(recipient=alice).values_list("kind", flat=True)) == [
        Kind.PHASE_OPENED
    ]
    # Eve took part in the phase that closed, and in a phase before the one that opens.
    assert kinds_for(eve) == [Kind.PHASE_CLOSED, Kind.PHASE_OPENED]
    assert not Notification.objects.filter(event_key__contains=f":{stale.pk}:").exists()
    assert Notification.objects.filter(event_key__startswith=f"phase_opened:{opening.pk}:").exists()


def test_it_announces_published_results(project: Any, alice: Any, eve: Any, committed: Any) -> None:
    from cocity.notifications import triggers

    phase = PhaseFactory(project=project, method="voting")
    ProjectFollow.objects.create(project=project, user=alice)
    with committed():
        triggers.results_published(phase=phase, actor=None)
    assert kinds_for(alice) == [Kind.RESULTS]
    assert kinds_for(eve) == []


def test_the_generic_service_notifies_given_people_of_an_event(
    alice: Any, eve: Any, committed: Any, mailoutbox: list[Any]
) -> None:
    with committed():
        count = services.notify(
            kind=Kind.EVENT_REMINDER,
            recipients=[alice, eve.pk],
            event_key="event_reminder:1",
            data={"event": {"en": "Walk in the park"}},
        )
    assert count == 2
    assert len(mailoutbox) == 2
    assert "Walk in the park" in mailoutbox[0].body
