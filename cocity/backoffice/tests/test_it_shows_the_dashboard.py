"""The dashboard: whose projects, with counts, in a constant number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cocity.testing.factories import IdeaFactory, PhaseFactory, ProjectFactory

DASHBOARD = reverse("backoffice:dashboard")


def test_an_administrator_sees_every_project_and_may_create_one(
    client: Any, dave: Any, project: Any, frank: Any
) -> None:
    client.force_login(dave)

    html = client.get(DASHBOARD).content.decode()

    assert "Green squares" in html and "other-project" in html.replace("/projects/", " ")
    assert reverse("backoffice:project-create") in html


def test_a_manager_sees_her_projects_only_with_their_counts(
    client: Any, carol: Any, phase: Any, frank: Any
) -> None:
    PhaseFactory(project=phase.project, method="information")
    IdeaFactory.create_batch(3, phase=phase)
    client.force_login(carol)

    response = client.get(DASHBOARD)

    projects = response.context["projects"]
    assert [p.slug for p in projects] == ["green-squares"]
    assert (projects[0].phase_count, projects[0].idea_count) == (2, 3)
    assert reverse("backoffice:project-create") not in response.content.decode()


def test_a_moderator_reaches_the_dashboard_but_manages_nothing(
    client: Any, bob: Any, project: Any
) -> None:
    client.force_login(bob)

    response = client.get(DASHBOARD)

    assert response.status_code == 200
    assert list(response.context["projects"]) == []
    assert "You are a moderator" in response.content.decode()


def test_a_resident_is_refused_with_a_reason(client: Any, alice: Any) -> None:
    client.force_login(alice)

    response = client.get(DASHBOARD)

    assert response.status_code == 403
    assert "This area is for city staff." in response.content.decode()


def _queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    return len(captured)


def _add_projects(count: int, manager: Any) -> None:
    for _ in range(count):
        project = ProjectFactory()
        project.managers.add(manager)
        IdeaFactory(phase=PhaseFactory(project=project))


@pytest.mark.parametrize("persona", ["carol", "dave"])
def test_the_dashboard_costs_the_same_queries_for_3_and_30_projects(
    client: Any, persona: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)
    client.force_login(user)
    _add_projects(3, user)
    few = _queries(client)

    _add_projects(27, user)
    many = _queries(client)

    assert few == many
