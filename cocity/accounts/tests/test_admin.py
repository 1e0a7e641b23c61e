from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from cocity.accounts import services
from cocity.accounts.models import User


@pytest.fixture
def superuser(db: None) -> Any:
    return User.objects.create_superuser("root@example.org", "a long admin secret")


def test_the_admin_lists_and_edits_users_by_email(client: Any, superuser: Any, alice: Any) -> None:
    client.force_login(superuser)

    listing = client.get(reverse("admin:accounts_user_changelist") + "?q=alice")
    change = client.get(reverse("admin:accounts_user_change", args=[alice.pk]))
    add = client.get(reverse("admin:accounts_user_add"))

    assert listing.status_code == change.status_code == add.status_code == 200
    assert "alice@example.org" in listing.content.decode()
    assert 'name="username"' not in add.content.decode()


def test_the_admin_creates_a_user_from_an_email(client: Any, superuser: Any) -> None:
    client.force_login(superuser)

    client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "new@example.org",
            "usable_password": "true",
            "password1": "a long new secret",
            "password2": "a long new secret",
        },
    )

    assert User.objects.get(email="new@example.org").check_password("a long new secret")


def test_demographics_in_the_admin_are_read_only_and_for_superusers_only(
    client: Any, superuser: Any, alice: Any, dave: Any
) -> None:
    answers = services.demographics_save(
        user=alice, year_of_birth=1970, gender="", area=None, consent=True
    )
    client.force_login(superuser)
    assert client.get(reverse("admin:accounts_demographics_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_demographics_add")).status_code == 403

    dave.is_staff = True
    dave.save()
    client.force_login(dave)
    url = reverse("admin:accounts_demographics_change", args=[answers.pk])
    assert client.get(url).status_code in (302, 403)
