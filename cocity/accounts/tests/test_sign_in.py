from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

PASSWORD = "correct horse battery"  # UserFactory's


def _sign_in(client: Any, email: str, password: str) -> Any:
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_a_verified_resident_signs_in_and_out(client: Any, alice: Any) -> None:
    response = _sign_in(client, "alice@example.org", PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)

    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_signing_out_needs_a_post(client: Any, alice: Any) -> None:
    client.force_login(alice)

    page = client.get(reverse("account_logout"))

    assert page.status_code == 200
    assert client.session["_auth_user_id"] == str(alice.pk)
    assert b'method="post"' in page.content


def test_a_wrong_password_is_refused_with_a_message(client: Any, alice: Any) -> None:
    response = _sign_in(client, "alice@example.org", "not it")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert 'class="errorlist nonfield"' in response.content.decode()


def test_it_locks_an_account_out_after_five_failed_sign_ins(client: Any, alice: Any) -> None:
    for _attempt in range(5):
        _sign_in(client, "alice@example.org", "guess")

    response = _sign_in(client, "alice@example.org", PASSWORD)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Too many failed sign-in attempts for this account" in response.content.decode()


def test_the_lock_out_is_for_that_account_only(client: Any, alice: Any, eve: Any) -> None:
    for _attempt in range(5):
        _sign_in(client, "alice@example.org", "guess")

    response = _sign_in(client, "eve@example.org", PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(eve.pk)


def test_the_lock_out_message_is_translated(client: Any, alice: Any) -> None:
    for _attempt in range(5):
        _sign_in(client, "alice@example.org", "guess")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    response = _sign_in(client, "alice@example.org", PASSWORD)

    assert "Trop de tentatives de connexion" in response.content.decode()


def test_signing_in_switches_to_the_residents_preferred_language(client: Any, alice: Any) -> None:
    alice.preferred_language = "nl"
    alice.save()

    response = _sign_in(client, "alice@example.org", PASSWORD)

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nl"
    page = client.get(reverse("accounts:profile"))
    assert page.content.decode().count('lang="nl"') >= 1
    assert '<html lang="nl">' in page.content.decode()


def test_a_resident_resets_a_forgotten_password_by_email(client: Any, alice: Any) -> None:
    response = client.post(reverse("account_reset_password"), {"email": "alice@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body

    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1)
    done = client.post(
        action, {"password1": "a brand new long secret", "password2": "a brand new long secret"}
    )

    assert done.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("a brand new long secret")
    assert _sign_in(client, "alice@example.org", "a brand new long secret").status_code == 302


def test_a_password_reset_for_an_unknown_address_reveals_nothing(client: Any, db: None) -> None:
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")


def test_a_signed_in_resident_changes_the_password(client: Any, alice: Any) -> None:
    client.force_login(alice)

    refused = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "wrong",
            "password1": "another long secret",
            "password2": "another long secret",
        },
    )
    assert refused.status_code == 200
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)

    client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "another long secret",
            "password2": "another long secret",
        },
    )
    alice.refresh_from_db()
    assert alice.check_password("another long secret")


@pytest.mark.parametrize("language", ["en", "fr", "nl"])
def test_the_too_many_requests_page_is_friendly_and_translated(
    client: Any, db: None, language: str
) -> None:
    from allauth.core.ratelimit import respond_429
    from django.test import RequestFactory
    from django.utils import translation

    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    with translation.override(language):
        response = respond_429(request)

    assert response.status_code == 429
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert 'class="site-header"' in html


def test_emails_are_written_in_the_residents_preferred_language(client: Any, alice: Any) -> None:
    alice.preferred_language = "fr"
    alice.save()

    client.post(reverse("account_reset_password"), {"email": "alice@example.org"})

    assert "réinitialisation" in mail.outbox[0].subject
