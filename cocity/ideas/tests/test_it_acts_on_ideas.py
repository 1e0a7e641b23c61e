"""POST endpoints: react, follow, comment, reply, edit, delete; with and without htmx."""

from __future__ import annotations

from typing import Any

import pytest

from cocity.ideas import services
from cocity.ideas.models import Comment, Idea, IdeaFollow, Reaction
from cocity.testing.factories import IdeaFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_it_records_a_reaction_and_redirects_back(client: Any, idea: Any, eve: Any) -> None:
    client.force_login(eve)
    response = client.post(f"/ideas/{idea.pk}/react/", {"value": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/ideas/{idea.pk}/#reactions"
    assert "Your reaction is saved." in messages_of(response)
    assert Idea.objects.get(pk=idea.pk).up_count == 1


def test_it_returns_the_reactions_fragment_to_htmx(client: Any, idea: Any, eve: Any) -> None:
    client.force_login(eve)
    response = client.post(f"/ideas/{idea.pk}/react/", {"value": "1"}, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="reactions"')
    assert 'aria-pressed="true"' in html and "(1)" in html


def test_it_sends_anonymous_reactions_to_sign_in(client: Any, idea: Any) -> None:
    response = client.post(f"/ideas/{idea.pk}/react/", {"value": "1"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/ideas/")
    response = client.post(f"/ideas/{idea.pk}/react/", {"value": "1"}, **HTMX)
    assert response["HX-Redirect"].startswith("/accounts/login/?next=/ideas/")
    assert not Reaction.objects.exists()


def test_it_refuses_a_reaction_on_a_closed_phase_and_says_why(
    client: Any, closed_phase: Any, alice: Any, eve: Any
) -> None:
    idea = IdeaFactory(phase=closed_phase, author=alice)
    client.force_login(eve)
    response = client.post(f"/ideas/{idea.pk}/react/", {"value": "1"}, follow=True)
    assert any("closed on" in m for m in messages_of(response))
    fragment = client.post(f"/ideas/{idea.pk}/react/", {"value": "1"}, **HTMX).content.decode()
    assert 'role="alert"' in fragment and "closed on" in fragment
    assert not Reaction.objects.exists()


@pytest.mark.parametrize("value", ["", "2", "up", "-1"])
def test_it_refuses_unknown_reactions(client: Any, idea: Any, eve: Any, value: str) -> None:
    client.force_login(eve)  # "-1" is unknown in an up-only project
    response = client.post(f"/ideas/{idea.pk}/react/", {"value": value}, follow=True)
    assert messages_of(response)
    assert not Reaction.objects.exists()


def test_it_only_takes_posts(client: Any, idea: Any, eve: Any) -> None:
    client.force_login(eve)
    assert client.get(f"/ideas/{idea.pk}/react/").status_code == 405


def test_it_follows_and_unfollows_an_idea(client: Any, idea: Any, eve: Any) -> None:
    client.force_login(eve)
    client.post(f"/ideas/{idea.pk}/follow/", {"follow": "1"})
    assert IdeaFollow.objects.filter(idea=idea, user=eve).exists()
    html = client.post(f"/ideas/{idea.pk}/follow/", {"follow": "0"}, **HTMX).content.decode()
    assert not IdeaFollow.objects.filter(idea=idea, user=eve).exists()
    assert 'aria-pressed="false"' in html and "Follow this idea" in html


def test_it_sends_anonymous_followers_to_sign_in(client: Any, idea: Any) -> None:
    response = client.post(f"/ideas/{idea.pk}/follow/", {"follow": "1"})
    assert response["Location"].startswith("/accounts/login/")


def test_it_posts_a_comment_and_a_reply(client: Any, idea: Any, eve: Any, alice: Any) -> None:
    client.force_login(eve)
    response = client.post(f"/ideas/{idea.pk}/comments/", {"body": "Love it"}, follow=True)
    assert "Your comment is posted." in messages_of(response)
    parent = Comment.objects.get()
    client.force_login(alice)
    html = client.post(
        f"/ideas/{idea.pk}/comments/", {"body": "Thanks!", "parent": parent.pk}, **HTMX
    ).content.decode()
    assert html.lstrip().startswith('<section id="comments"')
    assert "Your reply is posted." in html and "Thanks!" in html
    assert Comment.objects.get(body="Thanks!").parent == parent


def test_it_escapes_script_in_comments(client: Any, idea: Any, eve: Any) -> None:
    client.force_login(eve)
    client.post(f"/ideas/{idea.pk}/comments/", {"body": "<script>alert(1)</script>"})
    html = client.get(f"/ideas/{idea.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize(("body", "message"), [("", "required"), ("x" * 5001, "at most 5000")])
def test_it_refuses_empty_or_huge_comments(
    client: Any, idea: Any, eve: Any, body: str, message: str
) -> None:
    client.force_login(eve)
    response = client.post(f"/ideas/{idea.pk}/comments/", {"body": body}, follow=True)
    assert any(message in m for m in messages_of(response))
    assert not Comment.objects.exists()


def test_it_refuses_a_third_level_reply(client: Any, idea: Any, eve: Any, alice: Any) -> None:
    top = services.comment_post(idea=idea, author=eve, body="Top")
    reply = services.comment_post(idea=idea, author=alice, body="Reply", parent=top)
    client.force_login(eve)
    response = client.post(
        f"/ideas/{idea.pk}/comments/", {"body": "Deeper", "parent": reply.pk}, follow=True
    )
    assert any("two levels" in m for m in messages_of(response))
    assert Comment.objects.count() == 2


def test_it_refuses_comments_after_the_phase(
    client: Any, closed_phase: Any, alice: Any, eve: Any
) -> None:
    idea = IdeaFactory(phase=closed_phase, author=alice)
    client.force_login(eve)
    response = client.post(f"/ideas/{idea.pk}/comments/", {"body": "Late"}, follow=True)
    assert any("closed on" in m for m in messages_of(response))
    assert not Comment.objects.exists()


def test_it_edits_own_comment(client: Any, idea: Any, eve: Any) -> None:
    comment = services.comment_post(idea=idea, author=eve, body="Tyop")
    client.force_login(eve)
    page = client.get(f"/comments/{comment.pk}/edit/")
    assert page.status_code == 200 and "Tyop" in page.content.decode()
    client.post(f"/comments/{comment.pk}/edit/", {"body": "Typo"})
    comment.refresh_from_db()
    assert comment.body == "Typo" and comment.edited_at is not None


def test_it_refuses_editing_someone_elses_comment(
    client: Any, idea: Any, eve: Any, alice: Any
) -> None:
    comment = services.comment_post(idea=idea, author=eve, body="Mine")
    client.force_login(alice)
    response = client.post(f"/comments/{comment.pk}/edit/", {"body": "Hijack"}, follow=True)
    assert any("Only the author" in m for m in messages_of(response))
    comment.refresh_from_db()
    assert comment.body == "Mine"


def test_it_deletes_own_comment_after_confirmation(client: Any, idea: Any, eve: Any) -> None:
    comment = services.comment_post(idea=idea, author=eve, body="Regret")
    client.force_login(eve)
    assert "Delete this comment?" in client.get(f"/comments/{comment.pk}/delete/").content.decode()
    client.post(f"/comments/{comment.pk}/delete/")
    comment.refresh_from_db()
    assert comment.is_removed
    assert "Comment removed." in client.get(f"/ideas/{idea.pk}/").content.decode()


def test_it_refuses_deleting_someone_elses_comment(
    client: Any, idea: Any, eve: Any, alice: Any
) -> None:
    comment = services.comment_post(idea=idea, author=eve, body="Mine")
    client.force_login(alice)
    client.post(f"/comments/{comment.pk}/delete/")
    comment.refresh_from_db()
    assert not comment.is_removed


def test_it_lets_a_moderator_remove_a_comment(client: Any, idea: Any, eve: Any, bob: Any) -> None:
    comment = services.comment_post(idea=idea, author=eve, body="Rude")
    client.force_login(bob)
    client.post(f"/comments/{comment.pk}/delete/")
    html = client.get(f"/ideas/{idea.pk}/").content.decode()
    assert "Comment removed by a moderator." in html
