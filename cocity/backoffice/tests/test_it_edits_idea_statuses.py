"""Idea statuses: administrators add and edit them; one default at a time."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cocity.backoffice.services import idea_status_create, idea_status_update
from cocity.ideas.models import IdeaStatus


def test_an_administrator_adds_a_status_from_the_page(client: Any, dave: Any) -> None:
    client.force_login(dave)

    response = client.post(
        reverse("backoffice:status-create"),
        {"label_en": "On hold", "label_fr": "En attente", "slug": "on-hold", "position": ""},
        follow=True,
    )

    status = IdeaStatus.objects.get(slug="on-hold")
    assert "Status added." in response.content.decode()
    assert status.label == {"en": "On hold", "fr": "En attente"}
    assert status.position == max(IdeaStatus.objects.values_list("position", flat=True))


def test_a_new_default_replaces_the_old_one(dave: Any) -> None:
    old = IdeaStatus.objects.get(is_default=True)

    new = idea_status_create(user=dave, slug="received", label={"en": "Received"}, is_default=True)

    old.refresh_from_db()
    assert (old.is_default, new.is_default) == (False, True)


def test_the_default_cannot_be_unset_without_a_replacement(dave: Any) -> None:
    default = IdeaStatus.objects.get(is_default=True)

    with pytest.raises(ValidationError) as error:
        idea_status_update(
            status=default, user=dave, slug=default.slug, label=default.label, is_default=False
        )

    assert "make another one the default" in error.value.message_dict["is_default"][0]
    default.refresh_from_db()
    assert default.is_default


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"slug": ""}, "slug"),
        ({"slug": "accepted"}, "slug"),
        ({"label": {"fr": "Reçu"}}, "label"),
        ({"position": -1}, "position"),
    ],
)
def test_it_refuses_bad_statuses(dave: Any, changes: dict, field: str) -> None:
    before = IdeaStatus.objects.count()

    with pytest.raises(ValidationError) as error:
        idea_status_create(
            user=dave, **{"slug": "received", "label": {"en": "Received"}, **changes}
        )

    assert field in error.value.message_dict
    assert IdeaStatus.objects.count() == before


def test_a_manager_cannot_edit_statuses(carol: Any) -> None:
    with pytest.raises(PermissionDenied):
        idea_status_create(user=carol, slug="mine", label={"en": "Mine"})

    assert not IdeaStatus.objects.filter(slug="mine").exists()
