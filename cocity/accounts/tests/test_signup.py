from __future__ import annotations

import re
import time
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.urls import reverse

from cocity.accounts.models import User
from cocity.moderation.signup import signup_token

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "zoe@example.org",
    "password1": "a long and quiet river",
    "password2": "a long and quiet river",
    "display_name": "  Zoé   from the square ",
    # The form was shown a minute ago (bot protection, see cocity/moderation/signup.py).
    "started": signup_token(now=time.time() - 60),
}


def _confirmation_link(message: Any) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_it_signs_up_sends_a_verification_email_and_signs_in_on_confirmation(client: Any) -> None:
    response = client.post(reverse("account_signup"), SIGNUP)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="zoe@example.org")
    assert user.display_name == "Zoé from the square"
    assert user.preferred_language == "en"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["zoe@example.org"]

    link = _confirmation_link(mail.outbox[0])
    page = client.get(link)
    assert page.status_code == 200
    assert b"zoe@example.org" in page.content
    confirmed = client.post(link)

    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_the_signup_page_asks_for_email_password_twice_and_display_name(client: Any) -> None:
    page = client.get(reverse("account_signup")).content.decode()

    for name in ("email", "password1", "password2", "display_name"):
        assert f'name="{name}"' in page
    assert 'class="site-header"' in page  # our layout, not allauth's bare one


@pytest.mark.parametrize(
    ("display_name", "message"),
    [
        ("   ", "Please enter a display name."),
        ("x" * 61, "at most 60 characters"),
        ("<script>alert(1)</script>", "cannot contain the characters"),
    ],
)
def test_it_refuses_a_bad_display_name_at_sign_up(
    client: Any, display_name: str, message: str
) -> None:
    response = client.post(reverse("account_signup"), {**SIGNUP, "display_name": display_name})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(email="zoe@example.org").exists()
    assert mail.outbox == []


def test_an_unverified_account_cannot_sign_in(client: Any) -> None:
    client.post(reverse("account_signup"), SIGNUP)
    client.post(reverse("account_logout"))
    mail.outbox.clear()

    response = client.post(
        reverse("account_login"), {"login": "zoe@example.org", "password": SIGNUP["password1"]}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_signing_up_in_french_keeps_french_as_the_preferred_language(client: Any) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    client.post(reverse("account_signup"), SIGNUP)

    assert User.objects.get(email="zoe@example.org").preferred_language == "fr"
    assert "Confirmez votre adresse e-mail" in mail.outbox[0].subject
