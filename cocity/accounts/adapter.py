"""Cocity's rules around django-allauth: clearer messages, and the person's language on sign-in."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def activate_language(request: HttpRequest, response: HttpResponse, language: str) -> None:
    """Speak `language` from this response on: for the rest of this request, and by cookie after.

    Django's LocaleMiddleware reads the language cookie, so no session key or signal is needed.
    """
    if language not in {code for code, _name in settings.LANGUAGES}:
        return
    translation.activate(language)
    request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # Shown after 5 failed sign-ins for one account in 5 minutes (ACCOUNT_RATE_LIMITS).
        "too_many_login_attempts": _(
            "Too many failed sign-in attempts for this account. For your safety, signing in is "
            "paused for a few minutes. Please wait and try again, or reset your password."
        ),
    }

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Write to a person in the language they chose, whatever the page's language."""
        user = context.get("user")
        language = getattr(user, "preferred_language", "") if user is not None else ""
        if language:
            with translation.override(language):
                super().send_mail(template_prefix, email, context)
        else:
            super().send_mail(template_prefix, email, context)

    def authenticate(self, request: HttpRequest, **credentials: Any) -> Any:
        """A block that has run out ends at the next sign-in (see cocity/moderation)."""
        from cocity.moderation.services import sanctions_expire

        email = credentials.get("email")
        if email:
            sanctions_expire(email=email)
        return super().authenticate(request, **credentials)

    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse:
        language = getattr(user, "preferred_language", "")
        if language:
            # Before super(), so that the "signed in" message is already in their language.
            translation.activate(language)
        response = super().post_login(request, user, **kwargs)
        if language:
            activate_language(request, response, language)
        return response
