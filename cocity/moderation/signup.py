"""Sign-up protection against bots, with no third-party captcha.

- A honeypot field that people never see (hidden, out of the tab order, labelled "leave empty");
  bots that fill every field fill it.
- A signed timestamp given with the form: a form sent back faster than
  settings.COCITY_SIGNUP_MIN_SECONDS, older than a day, or with a forged stamp, is refused.
- Rate limits per IP address: allauth's ACCOUNT_RATE_LIMITS["signup"] (settings.py).
"""

from __future__ import annotations

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SALT = "cocity.signup.started"
MAX_AGE = 24 * 3600


def signup_token(*, now: float | None = None) -> str:
    return signing.dumps({"t": now if now is not None else time.time()}, salt=SALT)


def check_signup_token(value: str, *, now: float | None = None) -> None:
    """Raise ValidationError unless `value` is our stamp, old enough and not too old."""
    now = now if now is not None else time.time()
    try:
        started = float(signing.loads(value or "", salt=SALT, max_age=MAX_AGE)["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise ValidationError(
            _("This form has expired or was altered. Please fill it in again."), code="stamp"
        ) from None
    if now - started > MAX_AGE:
        raise ValidationError(
            _("This form has expired or was altered. Please fill it in again."), code="stamp"
        )
    if now - started < settings.COCITY_SIGNUP_MIN_SECONDS:
        raise ValidationError(
            _("This form was sent very fast. Please check it and send it again."), code="fast"
        )


def check_honeypot(value: str) -> None:
    if value:
        raise ValidationError(
            _("We could not create the account. Please leave the last field empty."),
            code="honeypot",
        )


class HoneypotField(forms.CharField):
    """Rendered hidden from people (see the template); only bots fill it."""

    template_name = "moderation/honeypot_field.html"

    def __init__(self) -> None:
        super().__init__(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )


class StampField(forms.CharField):
    def __init__(self) -> None:
        super().__init__(required=False, widget=forms.HiddenInput, initial=signup_token)
