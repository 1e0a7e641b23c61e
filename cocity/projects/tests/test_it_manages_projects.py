"""project_create / project_update: permission, validation, cover images, managers."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cocity.projects.models import Project, Visibility
from cocity.projects.services import project_create, project_update
from cocity.testing.factories import AreaFactory, UserFactory


def _png(name: str = "cover.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def test_it_creates_a_draft_project_with_a_slug_from_the_title(dave: Any, carol: Any) -> None:
    area = AreaFactory()

    project = project_create(
        user=dave,
        title={"en": " Safer school streets ", "fr": "Rues scolaires", "de": "ignored"},
        summary={"en": "Less traffic"},
        area=area,
        managers=[carol],
    )

    project.refresh_from_db()
    assert project.slug == "safer-school-streets"
    assert project.title == {"en": "Safer school streets", "fr": "Rues scolaires"}
    assert project.visibility == Visibility.DRAFT
    assert project.area == area
    assert list(project.managers.all()) == [carol]


def test_it_makes_slugs_unique(dave: Any) -> None:
    first = project_create(user=dave, title={"en": "Parks"})
    second = project_create(user=dave, title={"en": "Parks"})

    assert (first.slug, second.slug) == ("parks", "parks-2")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": {"en": "   ", "fr": "Parcs"}}, "title"),
        ({"title": {}}, "title"),
        ({"visibility": "secret"}, "visibility"),
        ({"reaction_mode": "stars"}, "reaction_mode"),
        ({"title": {"en": "x" * 201}}, "title"),
        ({"slug": "new"}, "slug"),
    ],
)
def test_it_refuses_bad_input_and_creates_nothing(dave: Any, changes: dict, field: str) -> None:
    data = {"title": {"en": "Parks"}, **changes}

    with pytest.raises(ValidationError) as error:
        project_create(user=dave, **data)

    assert field in error.value.message_dict
    assert not Project.objects.exists()


def test_it_refuses_a_taken_slug(dave: Any, project: Any) -> None:
    with pytest.raises(ValidationError) as error:
        project_create(user=dave, title={"en": "Again"}, slug=project.slug)

    assert "Another project already uses" in error.value.message_dict["slug"][0]


def test_it_refuses_a_resident_as_manager(dave: Any, alice: Any) -> None:
    with pytest.raises(ValidationError) as error:
        project_create(user=dave, title={"en": "Parks"}, managers=[alice])

    assert "not a project manager" in error.value.message_dict["managers"][0]
    assert not Project.objects.exists()


@pytest.mark.parametrize("persona", ["alice", "bob", "carol"])
def test_only_administrators_create_projects(persona: str, request: pytest.FixtureRequest) -> None:
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        project_create(user=user, title={"en": "Parks"})

    assert not Project.objects.exists()


def test_a_manager_updates_her_project(carol: Any, project: Any) -> None:
    project_update(
        project=project,
        user=carol,
        title={"en": "Greener squares", "nl": "Groenere pleinen"},
        description={"en": "## Why\nBecause."},
        visibility=Visibility.PUBLISHED,
        reaction_mode="up_down",
    )

    project.refresh_from_db()
    assert project.title == {"en": "Greener squares", "nl": "Groenere pleinen"}
    assert project.reaction_mode == "up_down"


def test_a_manager_may_not_change_the_managers(carol: Any, project: Any, dave: Any) -> None:
    with pytest.raises(PermissionDenied):
        project_update(project=project, user=carol, title={"en": "X"}, managers=[dave])

    project.refresh_from_db()
    assert project.title["en"] == "Green squares"
    assert list(project.managers.all()) == [carol]


def test_a_manager_of_another_project_changes_nothing(project: Any) -> None:
    from cocity.accounts.models import Role

    other = UserFactory(role=Role.PROJECT_MANAGER)

    with pytest.raises(PermissionDenied):
        project_update(project=project, user=other, title={"en": "Hacked"})

    project.refresh_from_db()
    assert project.title["en"] == "Green squares"


def test_an_administrator_changes_the_managers(dave: Any, carol: Any, project: Any) -> None:
    project_update(project=project, user=dave, title=project.title, managers=[dave])

    assert list(project.managers.all()) == [dave]


def test_it_reencodes_the_cover_and_needs_its_description(dave: Any, project: Any) -> None:
    with pytest.raises(ValidationError) as error:
        project_update(project=project, user=dave, title=project.title, cover_image=_png())
    assert "cover_alt" in error.value.message_dict

    project_update(
        project=project,
        user=dave,
        title=project.title,
        cover_image=_png(),
        cover_alt={"en": "A square with trees"},
    )

    project.refresh_from_db()
    assert project.cover_image.name.startswith("projects/")
    assert project.cover_image.name.endswith(".jpg")  # re-encoded, not the uploaded name
    assert project.cover_alt == {"en": "A square with trees"}


def test_it_refuses_a_file_that_is_not_an_image(dave: Any, project: Any) -> None:
    fake = SimpleUploadedFile("cover.png", b"not an image", content_type="image/png")

    with pytest.raises(ValidationError) as error:
        project_update(
            project=project, user=dave, title=project.title, cover_image=fake, cover_alt={"en": "x"}
        )

    assert "not an image we can read" in error.value.message_dict["cover_image"][0]
    project.refresh_from_db()
    assert not project.cover_image
