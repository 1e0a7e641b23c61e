from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.cache import cache
from django.urls import reverse

PASSWORD = "correct horse battery"


def _code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def _sign_in(client: Any, password: str = PASSWORD) -> Any:
    return client.post(
        reverse("account_login"), {"login": "alice@example.org", "password": password}
    )


def _reauthenticate(client: Any) -> None:
    """Adding a second factor asks for the password again, even just after signing in."""
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})


def _activate_totp(client: Any) -> str:
    _sign_in(client)
    _reauthenticate(client)
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": _code(secret)})
    assert response.status_code == 302, response.content.decode()
    return secret


def test_a_resident_activates_an_authenticator_app(client: Any, alice: Any) -> None:
    _sign_in(client)
    asked = client.get(reverse("mfa_activate_totp"))
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    _reauthenticate(client)

    page = client.get(reverse("mfa_activate_totp"))
    refused = client.post(reverse("mfa_activate_totp"), {"code": "000000"})

    assert 'src="data:image/svg+xml' in page.content.decode()
    assert refused.status_code == 200
    assert not Authenticator.objects.filter(user=alice).exists()

    _activate_totp(client)
    assert Authenticator.objects.filter(user=alice, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=alice, type=Authenticator.Type.RECOVERY_CODES).exists()


def test_signing_in_then_asks_for_the_authenticator_code(client: Any, alice: Any) -> None:
    secret = _activate_totp(client)
    client.post(reverse("account_logout"))
    cache.clear()  # the code just used to activate may not be used twice

    response = _sign_in(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    wrong = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    right = client.post(reverse("mfa_authenticate"), {"code": _code(secret)})
    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_a_recovery_code_signs_in_once(client: Any, alice: Any) -> None:
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    _activate_totp(client)
    client.post(reverse("account_logout"))
    codes = RecoveryCodes(Authenticator.objects.get(user=alice, type="recovery_codes"))
    code = codes.get_unused_codes()[0]

    _sign_in(client)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert client.session["_auth_user_id"] == str(alice.pk)

    client.post(reverse("account_logout"))
    _sign_in(client)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert "_auth_user_id" not in client.session


def test_the_two_factor_pages_use_our_layout(client: Any, alice: Any) -> None:
    _activate_totp(client)

    for name in ("mfa_index", "mfa_view_recovery_codes"):
        page = client.get(reverse(name))
        assert page.status_code == 200
        assert 'class="site-header"' in page.content.decode()
        assert 'class="subnav"' in page.content.decode()
