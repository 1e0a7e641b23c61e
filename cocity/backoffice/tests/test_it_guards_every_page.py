"""Who reaches which back-office page: every page by every persona.

dave (administrator) everywhere; carol (manager of `project`) on her project's pages; frank
(manager of another project) is refused on `project`'s pages; bob (moderator) sees the
dashboard only; alice (resident) is refused; anonymous visitors are sent to sign in.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from cocity.ideas.models import IdeaStatus
from cocity.testing.factories import IdeaFactory, TopicFactory

OK, DENIED, SIGN_IN = 200, 403, 302

# page: expected status for   anon     alice   bob     frank   carol   dave
PAGES = {
    "dashboard":       (SIGN_IN, DENIED, OK,     OK,     OK,     OK),
    "project-create":  (SIGN_IN, DENIED, DENIED, DENIED, DENIED, OK),
    "project-edit":    (SIGN_IN, DENIED, DENIED, DENIED, OK,     OK),
    "phase-list":      (SIGN_IN, DENIED, DENIED, DENIED, OK,     OK),
    "phase-create":    (SIGN_IN, DENIED, DENIED, DENIED, OK,     OK),
    "phase-edit":      (SIGN_IN, DENIED, DENIED, DENIED, OK,     OK),
    "phase-delete":    (SIGN_IN, DENIED, DENIED, DENIED, OK,     OK),
    "topic-list":      (SIGN_IN, DENIED, DENIED, DENIED, OK,     OK),
    "topic-edit":      (SIGN_IN, DENIED, DENIED, DENIED, OK,     OK),
    "topic-delete":    (SIGN_IN, DENIED, DENIED, DENIED, OK,     OK),
    "idea-list":       (SIGN_IN, DENIED, DENIED, DENIED, OK,     OK),
    "idea-answer":     (SIGN_IN, DENIED, DENIED, DENIED, OK,     OK),
    "status-list":     (SIGN_IN, DENIED, DENIED, DENIED, DENIED, OK),
    "status-create":   (SIGN_IN, DENIED, DENIED, DENIED, DENIED, OK),
    "status-edit":     (SIGN_IN, DENIED, DENIED, DENIED, DENIED, OK),
}  # fmt: skip
PERSONAS = ("anon", "alice", "bob", "frank", "carol", "dave")


def _url(name: str, project: Any, phase: Any, topic: Any, idea: Any) -> str:
    slug = project.slug
    kwargs: dict[str, dict[str, Any]] = {
        "dashboard": {},
        "project-create": {},
        "project-edit": {"slug": slug},
        "phase-list": {"slug": slug},
        "phase-create": {"slug": slug},
        "phase-edit": {"slug": slug, "pk": phase.pk},
        "phase-delete": {"slug": slug, "pk": phase.pk},
        "topic-list": {"slug": slug},
        "topic-edit": {"slug": slug, "pk": topic.pk},
        "topic-delete": {"slug": slug, "pk": topic.pk},
        "idea-list": {"slug": slug},
        "idea-answer": {"pk": idea.pk},
        "status-list": {},
        "status-create": {},
        "status-edit": {"pk": IdeaStatus.objects.first().pk},
    }
    return reverse(f"backoffice:{name}", kwargs=kwargs[name])


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_in_only_the_right_people(
    name: str, persona: str, request: pytest.FixtureRequest, client: Any, project: Any, phase: Any
) -> None:
    request.getfixturevalue("frank")
    user = None if persona == "anon" else request.getfixturevalue(persona)
    topic = TopicFactory(project=project)
    idea = IdeaFactory(phase=phase)
    if user is not None:
        client.force_login(user)
    url = _url(name, project, phase, topic, idea)

    response = client.get(url)

    expected = PAGES[name][PERSONAS.index(persona)]
    assert response.status_code == expected, f"{persona} on {name}"
    if expected == SIGN_IN:
        assert response["Location"].startswith(reverse("account_login"))


def test_it_sends_a_page_not_found_for_a_phase_of_another_project(
    client: Any, carol: Any, project: Any, frank: Any
) -> None:
    from cocity.testing.factories import PhaseFactory

    foreign = PhaseFactory(project=frank.managed_projects.get())
    client.force_login(carol)

    response = client.get(
        reverse("backoffice:phase-edit", kwargs={"slug": project.slug, "pk": foreign.pk})
    )

    assert response.status_code == 404
