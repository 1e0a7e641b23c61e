from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.urls import reverse

from cocity.accounts import services
from cocity.accounts.models import User
from cocity.ideas.models import Comment, Idea, IdeaFollow, Reaction
from cocity.ideas.services import idea_follow, reaction_set
from cocity.testing.factories import CommentFactory, IdeaFactory, UserFactory

PASSWORD = "correct horse battery"


def test_deleting_an_account_keeps_the_content_without_the_name(
    client: Any, alice: Any, eve: Any, phase: Any
) -> None:
    own_idea = IdeaFactory(phase=phase, author=alice, title="Alice's idea")
    own_comment = CommentFactory(idea=own_idea, author=alice)
    eves_idea = IdeaFactory(phase=phase, author=eve)
    reaction_set(idea=eves_idea, user=alice, value=1)
    reaction_set(idea=eves_idea, user=eve, value=1)
    idea_follow(idea=eves_idea, user=alice)
    services.demographics_save(user=alice, year_of_birth=1980, gender="", area=None, consent=True)
    client.force_login(alice)

    response = client.post(reverse("accounts:delete-account"), {"password": PASSWORD})

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(pk=alice.pk).exists()
    assert Idea.objects.get(pk=own_idea.pk).author is None
    assert Comment.objects.get(pk=own_comment.pk).author is None
    assert not Reaction.objects.filter(user_id=alice.pk).exists()
    assert not IdeaFollow.objects.filter(user_id=alice.pk).exists()
    eves_idea.refresh_from_db()
    assert (eves_idea.up_count, eves_idea.score) == (1, 1)
    assert not EmailAddress.objects.filter(email="alice@example.org").exists()
    page = client.get(reverse("ideas:detail", args=[own_idea.pk]))
    assert page.status_code == 200
    assert "by a former member" in page.content.decode()  # as the delete page promised
    # The address is free again: someone can sign up with it.
    assert UserFactory(email="alice@example.org").pk != alice.pk


def test_a_wrong_password_deletes_nothing(client: Any, alice: Any) -> None:
    client.force_login(alice)

    response = client.post(reverse("accounts:delete-account"), {"password": "nope"})

    assert response.status_code == 400
    assert "This is not your password" in response.content.decode()
    assert User.objects.filter(pk=alice.pk).exists()
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_password_guesses_on_the_delete_page_are_limited(client: Any, alice: Any) -> None:
    client.force_login(alice)
    for _attempt in range(10):
        client.post(reverse("accounts:delete-account"), {"password": "nope"})

    response = client.post(reverse("accounts:delete-account"), {"password": PASSWORD})

    assert "Too many attempts" in response.content.decode()
    assert User.objects.filter(pk=alice.pk).exists()


def test_the_delete_page_explains_what_happens(client: Any, alice: Any) -> None:
    client.force_login(alice)

    html = client.get(reverse("accounts:delete-account")).content.decode()

    # the words promised are those the idea and comment pages show for a deleted author
    assert "they show “A former member”" in html
    assert "cannot be undone" in html
    assert 'autocomplete="current-password"' in html
