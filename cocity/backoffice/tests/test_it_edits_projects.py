"""The project form pages: create, edit, bad input, and who may change what."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from cocity.projects.models import Project

CREATE = reverse("backoffice:project-create")


def _edit(project: Any) -> str:
    return reverse("backoffice:project-edit", kwargs={"slug": project.slug})


def _post_data(**changes: Any) -> dict[str, Any]:
    data = {
        "title_en": "Play streets",
        "title_fr": "Rues réservées au jeu",
        "title_nl": "",
        "summary_en": "Streets closed to cars on Sundays.",
        "description_en": "We **try** it in three streets.",
        "slug": "",
        "area": "",
        "visibility": "draft",
        "reaction_mode": "up",
    }
    data.update(changes)
    return data


def test_an_administrator_creates_a_project(client: Any, dave: Any, carol: Any) -> None:
    client.force_login(dave)

    response = client.post(CREATE, _post_data(managers=[carol.pk]))

    project = Project.objects.get(slug="play-streets")
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:phase-list", kwargs={"slug": project.slug})
    assert project.title == {"en": "Play streets", "fr": "Rues réservées au jeu"}
    assert list(project.managers.all()) == [carol]


def test_the_form_shows_one_labelled_input_per_language(client: Any, dave: Any) -> None:
    client.force_login(dave)

    html = client.get(CREATE).content.decode()

    for code in ("en", "fr", "nl"):
        assert f'name="title_{code}" lang="{code}"' in html.replace('maxlength="200" ', "")
    assert '<label for="id_title_0">English' in html
    assert "<legend>Title" in html


def test_it_explains_a_missing_title_and_creates_nothing(client: Any, dave: Any) -> None:
    client.force_login(dave)

    response = client.post(CREATE, _post_data(title_en="", title_fr="Rues"))

    assert response.status_code == 200
    assert "Please write the English text." in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Project.objects.filter(title__fr="Rues").exists()


def test_a_manager_edits_her_project_without_seeing_the_managers(
    client: Any, carol: Any, project: Any
) -> None:
    client.force_login(carol)

    page = client.get(_edit(project)).content.decode()
    response = client.post(
        _edit(project), _post_data(title_en="Green squares 2", visibility="published")
    )

    assert 'name="managers"' not in page
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title["en"] == "Green squares 2"
    assert list(project.managers.all()) == [carol]  # untouched


def test_a_manager_of_another_project_is_refused_and_nothing_changes(
    client: Any, frank: Any, project: Any
) -> None:
    client.force_login(frank)

    response = client.post(_edit(project), _post_data(title_en="Hacked"))

    assert response.status_code == 403
    project.refresh_from_db()
    assert project.title["en"] == "Green squares"


def test_a_moderator_cannot_edit_a_project(client: Any, bob: Any, project: Any) -> None:
    client.force_login(bob)

    response = client.post(_edit(project), _post_data(title_en="Moderated"))

    assert response.status_code == 403
    project.refresh_from_db()
    assert project.title["en"] == "Green squares"


def test_it_refuses_an_upload_that_is_not_an_image(client: Any, dave: Any, project: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(dave)
    fake = SimpleUploadedFile("cover.jpg", b"<?php evil ?>", content_type="image/jpeg")

    response = client.post(_edit(project), _post_data(cover_image=fake, cover_alt_en="A square"))

    assert response.status_code == 200
    assert "This file is not an image we can read" in response.content.decode()
    project.refresh_from_db()
    assert not project.cover_image
