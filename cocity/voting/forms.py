"""Voting forms: they only validate; the services decide and write."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cocity.core.forms import TranslatedTextField
from cocity.core.i18n import translate
from cocity.ideas.models import Idea
from cocity.projects.models import Area
from cocity.voting.models import OutcomeRule, VoteKind, VotingSetup
from cocity.voting.services import NewImage

IMAGE_TYPES = "image/jpeg,image/png,image/webp,image/gif"


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form's fields, or to the form as a whole."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class VotingSetupForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of vote"), widget=forms.RadioSelect)
    rule = forms.ChoiceField(
        label=_("Rule that picks the winners"),
        choices=OutcomeRule.choices,
        help_text=_("Shown to residents while they vote. Fixed once voting opens."),
    )
    budget = forms.IntegerField(
        label=_("Budget"),
        required=False,
        min_value=0,
        help_text=_("In whole currency units. Needed for a basket and for the budget rules."),
    )
    currency = forms.CharField(label=_("Currency"), max_length=8, initial="EUR")
    min_spend_percent = forms.IntegerField(
        label=_("Least share of the budget a basket must spend (%)"),
        min_value=0,
        max_value=100,
        initial=0,
    )
    votes_per_voter = forms.IntegerField(
        label=_("Votes per resident (multiple votes)"), min_value=1, max_value=100, initial=5
    )
    max_votes_per_item = forms.IntegerField(
        label=_("Most votes on one item (multiple votes)"), min_value=1, max_value=100, initial=3
    )
    min_choices = forms.IntegerField(
        label=_("Fewest items to choose (approval)"), min_value=0, max_value=1000, initial=1
    )
    max_choices = forms.IntegerField(
        label=_("Most items to choose (approval)"), min_value=1, max_value=1000, initial=3
    )
    hide_tallies = forms.BooleanField(
        label=_("Hide the tallies until voting closes"), required=False, initial=True
    )
    randomise_order = forms.BooleanField(
        label=_("Show the items in a random order to each resident (the same order each visit)"),
        required=False,
        initial=True,
    )
    eligible_areas = forms.ModelMultipleChoiceField(
        label=_("Districts that may vote"),
        queryset=Area.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "None ticked: every signed-in resident. Otherwise only residents who declared one "
            "of these districts in their account."
        ),
    )

    def __init__(self, *args: Any, kinds: Sequence[str], locked: bool = False, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["kind"].choices = [(k, VoteKind(k).label) for k in kinds]
        if locked:
            for field in self.fields.values():
                field.disabled = True

    @staticmethod
    def initial_for(setup: VotingSetup) -> dict[str, Any]:
        return {
            "kind": setup.kind,
            "rule": setup.rule,
            "budget": setup.budget,
            "currency": setup.currency,
            "min_spend_percent": setup.min_spend_percent,
            "votes_per_voter": setup.votes_per_voter,
            "max_votes_per_item": setup.max_votes_per_item,
            "min_choices": setup.min_choices,
            "max_choices": setup.max_choices,
            "hide_tallies": setup.hide_tallies,
            "randomise_order": setup.randomise_order,
            "eligible_areas": list(setup.eligible_areas.all()),
        }


class CoordinateInput(forms.NumberInput):
    def __init__(self) -> None:
        super().__init__(attrs={"step": "any", "inputmode": "decimal"})


class BallotItemForm(forms.Form):
    title = TranslatedTextField(label=_("Title"), max_length=200)
    description = TranslatedTextField(
        label=_("Description"), required=False, multiline=True, help_text=_("Markdown allowed.")
    )
    cost = forms.IntegerField(label=_("Cost"), min_value=0, initial=0)
    address = forms.CharField(label=_("Address or place"), required=False, max_length=200)
    latitude = forms.FloatField(
        label=_("Latitude"), required=False, min_value=-90, max_value=90, widget=CoordinateInput()
    )
    longitude = forms.FloatField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=CoordinateInput(),
    )
    image = forms.FileField(
        label=_("Add an image"),
        required=False,
        widget=forms.FileInput(attrs={"accept": IMAGE_TYPES}),
    )
    image_alt = TranslatedTextField(
        label=_("Image description"),
        required=False,
        max_length=200,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    remove_images = forms.TypedMultipleChoiceField(
        label=_("Remove images"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, existing_images: Sequence[Any] = (), **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["remove_images"].choices = [
            (i.pk, translate(i.alt_text) or i.image.name) for i in existing_images
        ]
        if not existing_images:
            del self.fields["remove_images"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("image") and not (data.get("image_alt") or {}):
            self.add_error("image_alt", _("Describe the image for people who cannot see it."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            key: data.get(key)
            for key in ("title", "description", "cost", "address", "latitude", "longitude")
        } | {"address": data.get("address") or ""}

    def new_images(self) -> list[NewImage]:
        image = self.cleaned_data.get("image")
        return [NewImage(file=image, alt_text=self.cleaned_data.get("image_alt"))] if image else []


class IdeaChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Idea) -> str:
        return f"{obj.title} ({obj.score:+d})"


class IdeasForwardForm(forms.Form):
    ideas = IdeaChoiceField(
        label=_("Ideas to put on the ballot"),
        queryset=Idea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    cost = forms.IntegerField(
        label=_("Cost to start from"),
        min_value=0,
        initial=0,
        help_text=_("You can then set each item's own cost."),
    )

    def __init__(self, *args: Any, ideas: Sequence[Idea], **kw: Any) -> None:
        super().__init__(*args, **kw)
        field = self.fields["ideas"]
        field.queryset = Idea.objects.filter(pk__in=[i.pk for i in ideas])  # type: ignore[attr-defined]


# "3x2", "3*2", "3:2" or "3\u00d72" (the multiplication sign) all mean two votes on item 3.
NUMBER_TOKEN = re.compile("^(\\d+)(?:[x*:\u00d7](\\d+))?$")


def parse_numbers(text: str) -> dict[int, int]:
    """'3 7 12' or '3x2, 7' → {3: 1, 7: 1, 12: 1} / {3: 2, 7: 1} (item number → votes)."""
    result: dict[int, int] = {}
    for token in re.split(r"[\s,;]+", text.strip()):
        if not token:
            continue
        match = NUMBER_TOKEN.match(token)
        if not match:
            raise ValidationError(
                _(
                    "“%(token)s” is not an item number. Type numbers separated by spaces, like "
                    "“3 7 12”, or “3x2” for two votes."
                )
                % {"token": token}
            )
        number, votes = int(match.group(1)), int(match.group(2) or 1)
        if number in result:
            raise ValidationError(
                _("Item %(number)d is typed twice; for several votes write “%(number)dx2”.")
                % {"number": number}
            )
        result[number] = votes
    return result


class PaperBallotForm(forms.Form):
    numbers = forms.CharField(
        label=_("Item numbers ticked on the paper ballot"),
        max_length=500,
        widget=forms.TextInput(
            attrs={"autofocus": True, "inputmode": "text", "autocomplete": "off"}
        ),
        help_text=_("Separated by spaces, e.g. “3 7 12”. For several votes on one item: “3x2”."),
    )
    collected_at = forms.CharField(
        label=_("Collected at"),
        max_length=120,
        help_text=_("The workshop or booth, e.g. “Saint-Léonard market, 12 May”."),
    )

    def clean_numbers(self) -> dict[int, int]:
        return parse_numbers(self.cleaned_data["numbers"])


class PaperBallotCorrectForm(forms.Form):
    numbers = forms.CharField(
        label=_("Item numbers ticked on the paper ballot"),
        max_length=500,
        help_text=_("Separated by spaces, e.g. “3 7 12”. For several votes on one item: “3x2”."),
    )
    note = forms.CharField(
        label=_("Reason for the correction"),
        max_length=300,
        help_text=_("Kept in the ballot's trace, with your name and the time."),
    )

    def clean_numbers(self) -> dict[int, int]:
        return parse_numbers(self.cleaned_data["numbers"])


class PaperBallotVoidForm(forms.Form):
    note = forms.CharField(label=_("Why this ballot does not count"), max_length=300)


class PbImportForm(forms.Form):
    file = forms.FileField(
        label=_("Pabulib file (.pb)"),
        widget=forms.FileInput(attrs={"accept": ".pb,text/plain"}),
        help_text=_("Its ballots are added to this phase as imported ballots."),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > 50 * 1024 * 1024:
            raise ValidationError(_("This file is too large (at most 50 MB)."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("This file is not UTF-8 text.")) from None


class CompareForm(forms.Form):
    rules = forms.MultipleChoiceField(
        label=_("Rules to compare"),
        choices=[(r.value, r.label) for r in OutcomeRule if r != OutcomeRule.RANKING],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
