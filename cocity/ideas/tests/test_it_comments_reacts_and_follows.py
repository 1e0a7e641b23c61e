"""Services: comments and replies (two levels), reactions (toggle, switch), follows."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cocity.ideas import services
from cocity.ideas.models import Comment, Idea, IdeaFollow, Reaction
from cocity.testing.factories import ProjectFactory


def test_it_posts_comments_and_replies_and_counts_them(idea: Any, eve: Any, alice: Any) -> None:
    comment = services.comment_post(idea=idea, author=eve, body="Good idea")
    reply = services.comment_post(idea=idea, author=alice, body="Thanks", parent=comment)
    assert reply.parent == comment
    assert Idea.objects.get(pk=idea.pk).comment_count == 2


def test_it_refuses_replies_deeper_than_two_levels(idea: Any, eve: Any, alice: Any) -> None:
    comment = services.comment_post(idea=idea, author=eve, body="Good idea")
    reply = services.comment_post(idea=idea, author=alice, body="Thanks", parent=comment)
    with pytest.raises(PermissionDenied, match="two levels"):
        services.comment_post(idea=idea, author=eve, body="Deeper", parent=reply)
    assert Comment.objects.count() == 2


def test_it_refuses_a_reply_to_a_comment_of_another_idea(idea: Any, phase: Any, eve: Any) -> None:
    other = services.idea_submit(phase=phase, author=eve, title="Other", body="B")
    comment = services.comment_post(idea=other, author=eve, body="Here")
    with pytest.raises(ValidationError):
        services.comment_post(idea=idea, author=eve, body="There", parent=comment)


def test_it_refuses_an_empty_comment(idea: Any, eve: Any) -> None:
    with pytest.raises(ValidationError):
        services.comment_post(idea=idea, author=eve, body="   ")
    assert not Comment.objects.exists()


def test_it_edits_own_comment_only(idea: Any, eve: Any, alice: Any) -> None:
    comment = services.comment_post(idea=idea, author=eve, body="Typo")
    with pytest.raises(PermissionDenied):
        services.comment_edit(comment=comment, user=alice, body="Hijacked")
    services.comment_edit(comment=comment, user=eve, body="Fixed")
    comment.refresh_from_db()
    assert comment.body == "Fixed" and comment.edited_at is not None


def test_it_soft_deletes_a_comment_once(idea: Any, eve: Any, bob: Any) -> None:
    comment = services.comment_post(idea=idea, author=eve, body="Rude")
    services.comment_delete(comment=comment, user=bob)
    with pytest.raises(PermissionDenied, match="removed"):
        services.comment_delete(comment=Comment.objects.get(pk=comment.pk), user=bob)
    comment.refresh_from_db()
    assert comment.is_removed and comment.removed_by_moderator and comment.body == ""
    assert Idea.objects.get(pk=idea.pk).comment_count == 0


def test_it_toggles_and_switches_reactions(phase: Any, alice: Any, eve: Any) -> None:
    phase.project.reaction_mode = "up_down"
    phase.project.save()
    idea = services.idea_submit(phase=phase, author=alice, title="T", body="B")

    def counts() -> tuple[int, int, int]:
        fresh = Idea.objects.get(pk=idea.pk)
        return fresh.up_count, fresh.down_count, fresh.score

    services.reaction_set(idea=idea, user=eve, value=1)
    services.reaction_set(idea=idea, user=eve, value=1)  # same value twice: no change
    assert counts() == (1, 0, 1)
    services.reaction_set(idea=idea, user=eve, value=-1)  # switch
    assert counts() == (0, 1, -1)
    services.reaction_set(idea=idea, user=eve, value=0)  # take it back
    assert counts() == (0, 0, 0)
    assert not Reaction.objects.exists()


def test_it_refuses_disagreement_in_an_up_only_project(idea: Any, eve: Any) -> None:
    with pytest.raises(ValidationError):
        services.reaction_set(idea=idea, user=eve, value=-1)
    assert not Reaction.objects.exists()


def test_it_refuses_a_reaction_after_the_phase_ends(
    closed_phase: Any, alice: Any, eve: Any
) -> None:
    from cocity.testing.factories import IdeaFactory

    idea = IdeaFactory(phase=closed_phase, author=alice)
    with pytest.raises(PermissionDenied, match="closed on"):
        services.reaction_set(idea=idea, user=eve, value=1)
    assert Idea.objects.get(pk=idea.pk).up_count == 0


def test_it_refuses_reactions_and_comments_on_a_withdrawn_idea(
    idea: Any, alice: Any, eve: Any
) -> None:
    services.idea_withdraw(idea=idea, user=alice)
    with pytest.raises(PermissionDenied):
        services.reaction_set(idea=idea, user=eve, value=1)
    with pytest.raises(PermissionDenied):
        services.comment_post(idea=idea, author=eve, body="Too late")


def test_it_follows_and_unfollows_idempotently(idea: Any, eve: Any, anon: Any) -> None:
    assert services.idea_follow(idea=idea, user=eve) is True
    services.idea_follow(idea=idea, user=eve)
    assert IdeaFollow.objects.filter(idea=idea, user=eve).count() == 1
    services.idea_follow(idea=idea, user=eve, follow=False)
    assert not IdeaFollow.objects.filter(idea=idea, user=eve).exists()
    with pytest.raises(PermissionDenied):
        services.idea_follow(idea=idea, user=anon)


def test_it_hides_draft_projects_ideas_from_residents(alice: Any, eve: Any) -> None:
    from cocity.testing.factories import IdeaFactory, PhaseFactory

    draft = ProjectFactory(visibility="draft")
    idea = IdeaFactory(phase=PhaseFactory(project=draft), author=alice)
    with pytest.raises(PermissionDenied):
        services.reaction_set(idea=idea, user=eve, value=1)
