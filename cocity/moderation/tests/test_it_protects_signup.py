"""Sign-up against bots: honeypot, signed timestamp, rate limit per IP address."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cocity.accounts.models import User
from cocity.moderation.signup import signup_token

pytestmark = pytest.mark.django_db


def form(**extra: Any) -> dict[str, Any]:
    return {
        "email": "zoe@example.org",
        "password1": "a long and quiet river",
        "password2": "a long and quiet river",
        "display_name": "Zoé",
        "started": signup_token(now=time.time() - 30),
        **extra,
    }


def test_a_person_signs_up(client: Client) -> None:
    page = client.get(reverse("account_signup")).content.decode()
    assert 'name="started"' in page and 'name="website"' in page
    assert client.post(reverse("account_signup"), form()).status_code == 302
    assert User.objects.filter(email="zoe@example.org").exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"website": lambda: "http://spam.example"}, "leave the last field empty"),
        ({"started": lambda: ""}, "expired or was altered"),
        ({"started": lambda: "forged:token"}, "expired or was altered"),
        ({"started": signup_token}, "sent very fast"),
        ({"started": lambda: signup_token(now=time.time() - 3 * 86400)}, "expired or was altered"),
    ],
)
def test_bots_are_refused_with_a_clear_message(
    client: Client, extra: dict[str, Any], message: str
) -> None:
    values = {key: make() for key, make in extra.items()}  # made now, not at collection
    response = client.post(reverse("account_signup"), form(**values))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_a_refused_form_gets_a_fresh_stamp_to_send_again(client: Client, settings: Any) -> None:
    response = client.post(reverse("account_signup"), form(started=""))
    fresh = response.context["form"].data["started"]
    assert fresh
    settings.COCITY_SIGNUP_MIN_SECONDS = 0
    again = client.post(reverse("account_signup"), form(started=fresh))
    assert again.status_code == 302


def test_sign_ups_are_rate_limited_per_address(client: Client, settings: Any) -> None:
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "3/m/ip"}
    statuses = [
        client.post(reverse("account_signup"), form(email=f"bot{n}@example.org")).status_code
        for n in range(4)
    ]
    assert statuses == [302, 302, 302, 429]
    assert User.objects.count() == 3
