"""phase_create / phase_update / phase_delete, and the project's dates that follow them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cocity.projects.models import Phase
from cocity.projects.services import phase_create, phase_delete, phase_overlaps, phase_update
from cocity.testing.factories import IdeaFactory, PhaseFactory


def _dates(start_days: int, end_days: int) -> dict[str, Any]:
    now = timezone.now().replace(microsecond=0)
    return {
        "starts_at": now + timedelta(days=start_days),
        "ends_at": now + timedelta(days=end_days),
    }


def test_it_adds_a_phase_and_refreshes_the_project_dates(carol: Any, project: Any) -> None:
    dates = _dates(10, 20)

    phase = phase_create(
        project=project, user=carol, method="information", title={"en": "Kick-off"}, **dates
    )

    project.refresh_from_db()
    assert phase.method == "information"
    assert (project.starts_at, project.ends_at) == (dates["starts_at"], dates["ends_at"])


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": {"en": ""}}, "title", "Please write the English text."),
        ({"title": {"fr": "Idées"}}, "title", "Please write the English text."),
        ({"method": "no-such-method"}, "method", "Choose one of the participation methods"),
        ({**_dates(10, 5)}, "ends_at", "A phase must end after it starts."),
        ({**_dates(10, 10)}, "ends_at", "A phase must end after it starts."),
        ({"starts_at": None}, "starts_at", "Please give the start date"),
    ],
)
def test_it_refuses_bad_input_and_adds_nothing(
    carol: Any, project: Any, changes: dict, field: str, message: str
) -> None:
    data = {"method": "ideation", "title": {"en": "Ideas"}, **_dates(1, 5), **changes}

    with pytest.raises(ValidationError) as error:
        phase_create(project=project, user=carol, **data)

    assert message in error.value.message_dict[field][0]
    assert not Phase.objects.exists()
    project.refresh_from_db()
    assert project.starts_at is None


def test_a_manager_of_another_project_adds_no_phase(project: Any, bob: Any, alice: Any) -> None:
    for user in (bob, alice):
        with pytest.raises(PermissionDenied):
            phase_create(
                project=project, user=user, method="ideation", title={"en": "X"}, **_dates(1, 5)
            )

    assert not Phase.objects.exists()


def test_it_moves_a_phase_and_the_project_follows(carol: Any, phase: Any) -> None:
    dates = _dates(30, 60)

    phase_update(phase=phase, user=carol, method="ideation", title={"en": "Later"}, **dates)

    phase.project.refresh_from_db()
    assert phase.project.starts_at == dates["starts_at"]


def test_it_refuses_an_end_before_the_start_on_update(carol: Any, phase: Any) -> None:
    before = (phase.starts_at, phase.ends_at)

    with pytest.raises(ValidationError):
        phase_update(phase=phase, user=carol, method="ideation", title={"en": "X"}, **_dates(5, 1))

    phase.refresh_from_db()
    assert (phase.starts_at, phase.ends_at) == before
    assert phase.title["en"] == "Ideas"


def test_it_keeps_the_method_of_a_phase_with_ideas(carol: Any, phase: Any) -> None:
    IdeaFactory(phase=phase)

    with pytest.raises(ValidationError) as error:
        phase_update(
            phase=phase,
            user=carol,
            method="information",
            title=phase.title,
            starts_at=phase.starts_at,
            ends_at=phase.ends_at,
        )

    assert "method stays" in error.value.message_dict["method"][0]
    phase.refresh_from_db()
    assert phase.method == "ideation"


def test_it_deletes_an_empty_phase_and_refreshes_the_dates(carol: Any, project: Any) -> None:
    first = PhaseFactory(project=project, **_dates(-10, -5))
    last = PhaseFactory(project=project, **_dates(1, 10))

    phase_delete(phase=last, user=carol)

    project.refresh_from_db()
    assert list(project.phases.all()) == [first]
    assert project.ends_at == first.ends_at


def test_it_refuses_to_delete_a_phase_with_ideas(carol: Any, phase: Any) -> None:
    IdeaFactory.create_batch(2, phase=phase)

    with pytest.raises(ValidationError) as error:
        phase_delete(phase=phase, user=carol)

    assert "cannot be deleted: residents have posted 2 ideas" in error.value.messages[0]
    assert Phase.objects.filter(pk=phase.pk).exists()


def test_it_finds_overlapping_phases(project: Any) -> None:
    a = PhaseFactory(project=project, **_dates(0, 10))
    b = PhaseFactory(project=project, method="information", **_dates(5, 15))
    c = PhaseFactory(project=project, **_dates(10, 20))  # starts when a ends: no overlap

    assert phase_overlaps(phase=a) == [b]
    assert phase_overlaps(phase=b) == [a, c]
