"""Print-ready poster, flyer and paper idea form, with a QR code to the project page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from cocity.ideas.forms import IdeaForm
from cocity.testing.factories import TopicFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["poster", "flyer", "idea-form"])
@pytest.mark.parametrize("size", ["A4", "A3"])
def test_each_printable_has_its_paper_size_and_qr_code(
    client: Any, phase: Any, carol: Any, kind: str, size: str
) -> None:
    client.force_login(carol)

    response = client.get(reverse("events:print", args=[phase.project.slug, kind]), {"size": size})

    page = response.content.decode()
    assert response.status_code == 200
    assert f"@page {{ size: {size} portrait" in page
    assert '<svg class="qr" role="img" aria-label="QR code to http' in page
    assert "/projects/green-squares/" in page


def test_the_poster_shows_the_summary_and_the_phases(client: Any, phase: Any, carol: Any) -> None:
    client.force_login(carol)

    page = client.get(reverse("events:print", args=[phase.project.slug, "poster"])).content.decode()

    assert "Green squares" in page and "A project of the city." in page
    assert "Ideas" in page  # the phase's title, with its dates


def test_the_paper_form_has_the_online_forms_fields(client: Any, phase: Any, carol: Any) -> None:
    TopicFactory(project=phase.project, name={"en": "Trees"})
    client.force_login(carol)

    page = client.get(
        reverse("events:print", args=[phase.project.slug, "idea-form"])
    ).content.decode()

    form = IdeaForm(topics=list(phase.project.topics.all()))
    for name in ("title", "body", "topics", "address"):
        assert str(form.fields[name].label) in page
    assert "Trees" in page
    assert "I agree that this idea is linked to my account" in page


def test_printables_are_for_the_projects_staff(client: Any, phase: Any, alice: Any) -> None:
    client.force_login(alice)
    assert (
        client.get(reverse("events:print", args=[phase.project.slug, "poster"])).status_code == 403
    )


def test_an_unknown_printable_is_not_found(client: Any, phase: Any, carol: Any) -> None:
    client.force_login(carol)
    assert (
        client.get(reverse("events:print", args=[phase.project.slug, "banner"])).status_code == 404
    )
