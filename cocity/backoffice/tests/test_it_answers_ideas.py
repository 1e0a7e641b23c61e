"""The staff idea list (filters, pages, constant queries) and the answer form."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cocity.ideas.models import IdeaStatus
from cocity.testing.factories import IdeaFactory, PhaseFactory


def _list(project: Any) -> str:
    return reverse("backoffice:idea-list", kwargs={"slug": project.slug})


def _answer(idea: Any) -> str:
    return reverse("backoffice:idea-answer", kwargs={"pk": idea.pk})


def test_a_manager_answers_an_idea(client: Any, carol: Any, phase: Any) -> None:
    idea = IdeaFactory(phase=phase)
    accepted = IdeaStatus.objects.get(slug="accepted")
    client.force_login(carol)

    response = client.post(
        _answer(idea), {"status": accepted.pk, "answer": "We **will** plant them."}, follow=True
    )

    idea.refresh_from_db()
    assert "Answer published" in response.content.decode()
    assert idea.status == accepted
    assert idea.official_answer_html == "<p>We <strong>will</strong> plant them.</p>"
    assert idea.answered_by == carol


def test_a_decision_needs_an_answer(client: Any, carol: Any, phase: Any) -> None:
    idea = IdeaFactory(phase=phase)
    before = idea.status
    rejected = IdeaStatus.objects.filter(is_decision=True).first()
    client.force_login(carol)

    response = client.post(_answer(idea), {"status": rejected.pk, "answer": "  "})

    assert response.status_code == 200
    assert "A decision needs an explanation" in response.content.decode()
    idea.refresh_from_db()
    assert (idea.status, idea.answered_at) == (before, None)


def test_a_manager_of_another_project_cannot_answer(client: Any, frank: Any, phase: Any) -> None:
    idea = IdeaFactory(phase=phase)
    client.force_login(frank)

    response = client.post(
        _answer(idea), {"status": IdeaStatus.objects.first().pk, "answer": "No."}
    )

    assert response.status_code == 403
    idea.refresh_from_db()
    assert idea.official_answer == ""


def test_the_list_filters_by_status_phase_and_answer(client: Any, carol: Any, phase: Any) -> None:
    other_phase = PhaseFactory(project=phase.project, method="ideation")
    accepted = IdeaStatus.objects.get(slug="accepted")
    IdeaFactory(phase=phase, title="Plant trees", status=accepted)
    IdeaFactory(phase=other_phase, title="More benches")
    client.force_login(carol)

    by_status = client.get(_list(phase.project), {"status": accepted.pk}).content.decode()
    by_phase = client.get(_list(phase.project), {"phase": other_phase.pk}).content.decode()

    assert "Plant trees" in by_status and "More benches" not in by_status
    assert "More benches" in by_phase and "Plant trees" not in by_phase


def test_the_list_shows_hidden_and_withdrawn_ideas_to_staff(
    client: Any, carol: Any, phase: Any
) -> None:
    IdeaFactory(phase=phase, title="Removed one", is_hidden=True)
    IdeaFactory(phase=phase, title="Taken back", is_withdrawn=True)
    client.force_login(carol)

    html = client.get(_list(phase.project)).content.decode()

    assert "Hidden by moderation" in html and "Withdrawn" in html


def test_the_list_answers_htmx_with_the_table_only(client: Any, carol: Any, phase: Any) -> None:
    IdeaFactory(phase=phase, title="Plant trees")
    client.force_login(carol)

    response = client.get(_list(phase.project), headers={"HX-Request": "true"})

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="idea-table"')
    assert "Plant trees" in html and "<html" not in html


def test_an_unknown_filter_value_is_reported_not_a_crash(
    client: Any, carol: Any, phase: Any
) -> None:
    IdeaFactory(phase=phase, title="Plant trees")
    client.force_login(carol)

    response = client.get(_list(phase.project), {"phase": "999999"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert "Plant trees" in response.content.decode()


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("persona", ["carol", "dave"])
def test_the_idea_list_costs_the_same_queries_for_3_and_30_ideas(
    client: Any, persona: str, request: pytest.FixtureRequest, phase: Any
) -> None:
    client.force_login(request.getfixturevalue(persona))
    url = _list(phase.project)
    IdeaFactory.create_batch(3, phase=phase)
    few = _queries(client, url)

    IdeaFactory.create_batch(27, phase=phase)
    many = _queries(client, url)

    assert few == many


def test_the_service_refuses_a_decision_without_an_answer(carol: Any, phase: Any) -> None:
    from django.core.exceptions import ValidationError

    from cocity.ideas.services import idea_answer

    idea = IdeaFactory(phase=phase)
    decision = IdeaStatus.objects.filter(is_decision=True).first()

    with pytest.raises(ValidationError) as error:
        idea_answer(idea=idea, user=carol, status=decision, answer=" ")

    assert "A decision needs an explanation" in error.value.message_dict["answer"][0]
    idea.refresh_from_db()
    assert idea.answered_at is None
