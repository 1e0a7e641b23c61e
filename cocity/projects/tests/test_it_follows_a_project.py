"""Following a project from its page: with and without htmx, and the refusals."""

from __future__ import annotations

from typing import Any

from cocity.projects.models import ProjectFollow
from cocity.testing.factories import ProjectFactory


def test_it_follows_and_unfollows_a_project(client: Any, project: Any, alice: Any) -> None:
    client.force_login(alice)
    response = client.post(f"/projects/{project.slug}/follow/", {"follow": "1"}, follow=True)
    assert ProjectFollow.objects.filter(project=project, user=alice).exists()
    assert "You now follow this project." in [str(m) for m in response.context["messages"]]
    client.post(f"/projects/{project.slug}/follow/", {"follow": "0"})
    assert not ProjectFollow.objects.filter(project=project, user=alice).exists()


def test_it_is_idempotent(client: Any, project: Any, alice: Any) -> None:
    client.force_login(alice)
    client.post(f"/projects/{project.slug}/follow/", {"follow": "1"})
    client.post(f"/projects/{project.slug}/follow/", {"follow": "1"})
    assert ProjectFollow.objects.filter(project=project, user=alice).count() == 1


def test_it_returns_the_button_to_htmx(client: Any, project: Any, alice: Any) -> None:
    client.force_login(alice)
    response = client.post(
        f"/projects/{project.slug}/follow/", {"follow": "1"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.lstrip().startswith("<form") and 'aria-pressed="true"' in html


def test_it_sends_anonymous_visitors_to_sign_in(client: Any, project: Any) -> None:
    response = client.post(f"/projects/{project.slug}/follow/", {"follow": "1"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/projects/green-squares/")
    assert not ProjectFollow.objects.exists()


def test_it_hides_draft_projects(client: Any, alice: Any) -> None:
    draft = ProjectFactory(visibility="draft")
    client.force_login(alice)
    assert client.post(f"/projects/{draft.slug}/follow/", {"follow": "1"}).status_code == 404
    assert not ProjectFollow.objects.exists()


def test_it_only_takes_posts(client: Any, project: Any, alice: Any) -> None:
    client.force_login(alice)
    assert client.get(f"/projects/{project.slug}/follow/").status_code == 405
    assert not ProjectFollow.objects.exists()
