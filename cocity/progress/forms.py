from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cocity.core.forms import TranslatedTextField


class DateInput(forms.DateInput):
    input_type = "date"


class ImplementationForm(forms.Form):
    percent_done = forms.IntegerField(label=_("Percent done"), min_value=0, max_value=100)
    summary = TranslatedTextField(
        label=_("Where things stand"), multiline=True, max_length=2000, required=False
    )


class MilestoneForm(forms.Form):
    title = TranslatedTextField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Planned for"), widget=DateInput)
    done_on = forms.DateField(label=_("Done on (if done)"), widget=DateInput, required=False)


class PhotoForm(forms.Form):
    image = forms.ImageField(label=_("Photo"))
    alt_text = forms.CharField(label=_("Photo description"), max_length=300)
    taken_on = forms.DateField(label=_("Taken on"), widget=DateInput)
