from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from cocity.accounts import services

OWN_PAGES = [
    "accounts:profile",
    "accounts:demographics",
    "accounts:delete-demographics",
    "accounts:delete-account",
    "account_email",
    "account_change_password",
    "mfa_index",
]
PUBLIC_ENTRANCES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
]


@pytest.mark.parametrize("name", OWN_PAGES)
def test_each_account_page_opens_for_its_owner_in_our_layout(
    client: Any, alice: Any, name: str
) -> None:
    services.demographics_save(user=alice, year_of_birth=1990, gender="", area=None, consent=True)
    client.force_login(alice)

    response = client.get(reverse(name))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-header"' in html
    assert 'class="subnav"' in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize("name", OWN_PAGES)
def test_each_account_page_sends_anonymous_visitors_to_sign_in(
    client: Any, db: None, name: str
) -> None:
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", PUBLIC_ENTRANCES)
def test_the_sign_in_pages_open_for_anyone_in_our_layout(client: Any, db: None, name: str) -> None:
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert 'class="site-header"' in response.content.decode()


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_the_account_pages_are_translated(client: Any, alice: Any, language: str) -> None:
    client.force_login(alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    expected = {"fr": "Mon compte", "nl": "Mijn account"}[language]

    html = client.get(reverse("accounts:profile")).content.decode()

    assert f"<h1>{expected}</h1>" in html


def test_a_form_sent_without_its_security_token_gets_a_translated_explanation(
    alice: Any,
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    response = client.post(reverse("accounts:profile"), {"display_name": "Mallory"})

    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Ce formulaire a expiré" in html
    assert "Rien n\u2019a été enregistré" in html
    alice.refresh_from_db()
    assert alice.display_name == "Alice"


def test_the_csrf_page_in_english_says_to_go_back_and_resend(db: None) -> None:
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("account_login"), {"login": "x@example.org", "password": "x"})

    assert response.status_code == 403
    html = response.content.decode()
    assert "This form has expired" in html
    assert "send the form again" in html


def test_forms_tie_labels_help_and_errors_to_their_inputs(client: Any, alice: Any) -> None:
    client.force_login(alice)

    html = client.post(reverse("accounts:profile"), {"display_name": ""}).content.decode()

    assert '<label for="id_display_name">' in html
    assert "(required)" in html
    assert 'id="id_display_name_helptext"' in html
    assert 'id="id_display_name_error"' in html
    assert 'aria-describedby="id_display_name_helptext id_display_name_error"' in html
    assert 'aria-invalid="true"' in html
