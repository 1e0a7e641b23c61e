"""Moderation forms: they only validate; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cocity.core.forms import TranslatedTextField
from cocity.moderation.models import ModerationRule, ReportReason


class RuleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


def _rule_field(required: bool = False) -> RuleChoiceField:
    return RuleChoiceField(
        label=_("Rule broken"),
        queryset=ModerationRule.objects.all(),
        required=required,
        empty_label=_("No particular rule"),
        error_messages={"invalid_choice": _("Choose one of the policy's rules.")},
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose a reason."),
            "invalid_choice": _("Choose one of the offered reasons."),
        },
    )
    text = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for “Something else”. The author never learns who reported."),
    )


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Why should it be shown again?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A moderator reads it and decides. You can appeal once."),
        error_messages={"required": _("Please say why.")},
    )


class DecisionForm(forms.Form):
    """Approve or hide one case; hiding needs a reason the author will read."""

    action = forms.ChoiceField(choices=[("approve", _("Approve")), ("hide", _("Hide"))])
    rule = _rule_field()
    reason = forms.CharField(label=_("Reason for the author"), required=False, max_length=2000)


class BulkForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", _("Approve")), ("hide", _("Hide"))])
    cases = forms.TypedMultipleChoiceField(
        label=_("Items"), coerce=int, choices=(), error_messages={
            "required": _("Select at least one item."),
            "invalid_choice": _("One of the selected items is not in your queue any more."),
        },
    )  # fmt: skip
    rule = _rule_field()
    reason = forms.CharField(label=_("Reason for the authors"), required=False, max_length=2000)

    def __init__(self, *args: Any, case_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cases"].choices = [(pk, pk) for pk in case_ids]


class CorrectionForm(forms.Form):
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}))
    reason = forms.CharField(
        label=_("What you changed and why"),
        max_length=2000,
        help_text=_("Kept in the audit log with the text before and after."),
    )


class SanctionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Action"),
        choices=[
            ("warn", _("Warn")),
            ("suspend", _("Suspend (can read, cannot take part)")),
            ("block", _("Block (cannot sign in)")),
        ],
    )
    days = forms.IntegerField(
        label=_("For how many days"),
        required=False,
        min_value=1,
        max_value=3650,
        help_text=_("Required to suspend. Leave empty to block until lifted."),
    )
    rule = _rule_field()
    reason = forms.CharField(
        label=_("Reason for the person"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PurgeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000)
    confirm = forms.BooleanField(
        label=_("I understand: the account and everything it posted are removed for good."),
        error_messages={"required": _("Please tick the box to confirm.")},
    )


class RuleForm(forms.Form):
    slug = forms.SlugField(label=_("Short name"), max_length=40, help_text=_("Used in links."))
    title = TranslatedTextField(label=_("Title"), max_length=200)
    description = TranslatedTextField(label=_("Explanation"), required=False, multiline=True)
    position = forms.IntegerField(label=_("Position"), min_value=0, initial=0)


class TermsForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES, widget=forms.HiddenInput)
    hold = forms.CharField(
        label=_("Hold for review"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One word or phrase per line; posts with it wait for a moderator."),
    )
    flag = forms.CharField(
        label=_("Flag for review"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One word or phrase per line; posts with it show, and a moderator looks."),
    )
