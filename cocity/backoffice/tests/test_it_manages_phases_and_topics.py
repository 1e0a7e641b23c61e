"""Phase and topic pages: add, edit (in the city's time zone), delete with confirmation."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.urls import reverse

from cocity.projects.models import Phase, Topic
from cocity.testing.factories import IdeaFactory, PhaseFactory, TopicFactory


def _url(name: str, project: Any, **kwargs: Any) -> str:
    return reverse(f"backoffice:{name}", kwargs={"slug": project.slug, **kwargs})


def _phase_data(**changes: Any) -> dict[str, Any]:
    data = {
        "title_en": "Ideas for the square",
        "title_fr": "Idées pour la place",
        "method": "ideation",
        "starts_at": "2031-03-01T09:00",
        "ends_at": "2031-03-31T18:00",
        "description_en": "",
    }
    data.update(changes)
    return data


def test_it_adds_a_phase_read_in_the_city_time_zone(client: Any, carol: Any, project: Any) -> None:
    client.force_login(carol)

    response = client.post(_url("phase-create", project), _phase_data())

    assert response.status_code == 302
    phase = Phase.objects.get(project=project)
    brussels = ZoneInfo("Europe/Brussels")
    assert phase.starts_at == datetime(2031, 3, 1, 9, 0, tzinfo=brussels)
    project.refresh_from_db()
    assert project.ends_at == datetime(2031, 3, 31, 18, 0, tzinfo=brussels)


def test_the_edit_form_shows_dates_in_the_city_time_zone(
    client: Any, carol: Any, project: Any
) -> None:
    utc = ZoneInfo("UTC")
    phase = PhaseFactory(
        project=project,
        starts_at=datetime(2031, 6, 1, 7, 0, tzinfo=utc),  # 09:00 in Brussels (summer)
        ends_at=datetime(2031, 6, 30, 16, 0, tzinfo=utc),
    )
    client.force_login(carol)

    html = client.get(_url("phase-edit", project, pk=phase.pk)).content.decode()

    assert 'type="datetime-local" name="starts_at" value="2031-06-01T09:00"' in html


def test_it_refuses_an_end_before_the_start(client: Any, carol: Any, project: Any) -> None:
    client.force_login(carol)

    response = client.post(_url("phase-create", project), _phase_data(ends_at="2031-02-01T09:00"))

    assert response.status_code == 200
    assert "A phase must end after it starts." in response.content.decode()
    assert not Phase.objects.exists()


def test_it_refuses_an_unknown_method(client: Any, carol: Any, project: Any) -> None:
    client.force_login(carol)

    response = client.post(_url("phase-create", project), _phase_data(method="no-such-method"))

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Phase.objects.exists()


def test_it_warns_about_overlapping_phases(client: Any, carol: Any, project: Any) -> None:
    client.force_login(carol)
    client.post(_url("phase-create", project), _phase_data())

    response = client.post(
        _url("phase-create", project),
        _phase_data(title_en="Information", method="information", starts_at="2031-03-15T09:00"),
        follow=True,
    )

    html = response.content.decode()
    assert Phase.objects.count() == 2
    assert "This phase overlaps with" in html
    assert "Warning:" in html  # also on the list itself


def test_deleting_a_phase_asks_first(client: Any, carol: Any, phase: Any) -> None:
    client.force_login(carol)
    url = _url("phase-delete", phase.project, pk=phase.pk)

    page = client.get(url)
    response = client.post(url, follow=True)

    assert "Yes, delete" in page.content.decode()
    assert "Phase deleted." in response.content.decode()
    assert not Phase.objects.exists()


def test_it_refuses_to_delete_a_phase_with_ideas_and_says_why(
    client: Any, carol: Any, phase: Any
) -> None:
    IdeaFactory(phase=phase)
    client.force_login(carol)

    response = client.post(_url("phase-delete", phase.project, pk=phase.pk), follow=True)

    assert "This phase cannot be deleted: residents have posted 1 idea" in response.content.decode()
    assert Phase.objects.filter(pk=phase.pk).exists()


def test_a_manager_of_another_project_deletes_nothing(client: Any, frank: Any, phase: Any) -> None:
    client.force_login(frank)

    response = client.post(_url("phase-delete", phase.project, pk=phase.pk))

    assert response.status_code == 403
    assert Phase.objects.filter(pk=phase.pk).exists()


def test_it_adds_edits_moves_and_deletes_topics(client: Any, carol: Any, project: Any) -> None:
    client.force_login(carol)
    client.post(_url("topic-list", project), {"name_en": "Trees", "name_fr": "Arbres"})
    client.post(_url("topic-list", project), {"name_en": "Benches"})
    trees, benches = project.topics.order_by("position")

    client.post(_url("topic-move", project, pk=benches.pk), {"direction": "up"})
    assert list(project.topics.order_by("position")) == [benches, trees]

    client.post(_url("topic-edit", project, pk=trees.pk), {"name_en": "Big trees", "position": 5})
    trees.refresh_from_db()
    assert (trees.name["en"], trees.position) == ("Big trees", 5)

    client.post(_url("topic-delete", project, pk=trees.pk))
    assert list(Topic.objects.all()) == [benches]


def test_it_refuses_a_nameless_topic(client: Any, carol: Any, project: Any) -> None:
    client.force_login(carol)

    response = client.post(_url("topic-list", project), {"name_en": "", "name_nl": "Bomen"})

    assert "Please write the English text." in response.content.decode()
    assert not Topic.objects.exists()


def test_a_topic_of_another_project_is_not_found(client: Any, carol: Any, project: Any) -> None:
    foreign = TopicFactory()
    client.force_login(carol)

    response = client.post(_url("topic-delete", project, pk=foreign.pk))

    assert response.status_code == 404
    assert Topic.objects.filter(pk=foreign.pk).exists()


def test_the_method_of_a_phase_with_ideas_is_locked(client: Any, carol: Any, phase: Any) -> None:
    IdeaFactory(phase=phase)
    client.force_login(carol)
    url = _url("phase-edit", phase.project, pk=phase.pk)

    page = client.get(url).content.decode()
    client.post(url, _phase_data(method="information"))

    assert "its method stays" in page and 'name="method" disabled' in page
    phase.refresh_from_db()
    assert (phase.method, phase.title["en"]) == ("ideation", "Ideas for the square")
