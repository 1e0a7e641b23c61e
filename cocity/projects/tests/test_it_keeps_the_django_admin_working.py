"""The Django admin stays available to superusers for projects and ideas."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from cocity.testing.factories import CommentFactory, IdeaFactory, TopicFactory, UserFactory

MODELS = [
    "projects_project",
    "projects_phase",
    "projects_topic",
    "projects_area",
    "projects_projectfollow",
    "ideas_idea",
    "ideas_ideastatus",
    "ideas_comment",
    "ideas_reaction",
]


@pytest.mark.parametrize("model", MODELS)
def test_a_superuser_lists_searches_and_opens_each_model(
    client: Any, phase: Any, model: str
) -> None:
    TopicFactory(project=phase.project)
    CommentFactory(idea=IdeaFactory(phase=phase))
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    listing = client.get(reverse(f"admin:{model}_changelist"))
    searched = client.get(reverse(f"admin:{model}_changelist"), {"q": "green"})
    adding = client.get(reverse(f"admin:{model}_add"))

    assert (listing.status_code, searched.status_code, adding.status_code) == (200, 200, 200)


def test_an_administrator_without_superuser_rights_stays_out(client: Any, dave: Any) -> None:
    client.force_login(dave)

    response = client.get(reverse("admin:projects_project_changelist"))

    assert response.status_code == 302  # to the admin's own sign-in page
