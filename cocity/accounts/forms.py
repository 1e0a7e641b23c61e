"""Forms of the account pages. They validate input; the services in services.py do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cocity.accounts import services
from cocity.accounts.models import Gender
from cocity.moderation.signup import (
    HoneypotField,
    StampField,
    check_honeypot,
    check_signup_token,
    signup_token,
)

DISPLAY_NAME_HELP = _("Shown next to your ideas and comments. Your email address stays private.")


def _clean_display_name(value: str) -> str:
    try:
        return services.check_display_name(value)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict["display_name"]) from exc


class SignupExtraForm(forms.Form):
    """Added to allauth's sign-up form: the name shown next to what the resident posts."""

    display_name = forms.CharField(
        label=_("Display name"),
        # The service gives the clear message past 60 characters; the browser limit stays loose.
        max_length=200,
        help_text=DISPLAY_NAME_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
        error_messages={"required": _("Please enter a display name.")},
    )

    # Bot protection (cocity/moderation/signup.py): a field people never see, and the signed time
    # the form was shown.
    website = HoneypotField()
    started = StampField()

    def clean_display_name(self) -> str:
        return _clean_display_name(self.cleaned_data["display_name"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        check_honeypot(cleaned.get("website", ""))
        try:
            check_signup_token(cleaned.get("started", ""))
        except ValidationError:
            # Give the re-shown form a fresh stamp, so a person can simply send it again.
            self.data = self.data.copy()
            self.data[self.add_prefix("started")] = signup_token()
            raise
        return cleaned

    def signup(self, request: HttpRequest, user: Any) -> None:
        services.user_complete_signup(
            user=user,
            display_name=self.cleaned_data["display_name"],
            language=(get_language() or "").split("-")[0],
        )


def language_choices() -> list[tuple[str, Any]]:
    return [("", _("The language of my browser")), *settings.LANGUAGES]


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=200,
        help_text=DISPLAY_NAME_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
        error_messages={"required": _("Please enter a display name.")},
    )
    preferred_language = forms.ChoiceField(
        label=_("Language"),
        choices=language_choices,
        required=False,
        help_text=_("The language of the site and of the emails we send you."),
        error_messages={"invalid_choice": _("Choose one of the offered languages.")},
    )

    def clean_display_name(self) -> str:
        return _clean_display_name(self.cleaned_data["display_name"])


class DemographicsForm(forms.Form):
    year_of_birth = forms.IntegerField(
        label=_("Year of birth"),
        required=False,
        help_text=_("Four digits, for example 1984. Leave empty to not answer."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "bday-year"}),
        error_messages={"invalid": _("Please enter a year with four digits, like 1984.")},
    )
    gender = forms.ChoiceField(
        label=_("Gender"),
        required=False,
        choices=[("", _("No answer")), *Gender.choices],
        error_messages={"invalid_choice": _("Choose one of the offered answers.")},
    )
    area = forms.ModelChoiceField(
        label=_("District where you live"),
        required=False,
        queryset=None,
        empty_label=_("No answer"),
        error_messages={"invalid_choice": _("Choose one of the offered districts.")},
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the city keeps these answers to count who takes part. "
            "I can change or delete them at any time."
        ),
        error_messages={
            "required": _("Please tick the box to agree, or leave this page without saving.")
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from cocity.projects.models import Area

        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.all()  # type: ignore[attr-defined]

    def clean_year_of_birth(self) -> int | None:
        value = self.cleaned_data.get("year_of_birth")
        try:
            return services.check_year_of_birth(value, today_year=timezone.localdate().year)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["year_of_birth"]) from exc


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is you."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("This is not your password. Your account was not deleted."))
        return password
