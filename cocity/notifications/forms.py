from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocity.core.forms import TranslatedTextField
from cocity.ideas.models import IdeaStatus
from cocity.notifications.kinds import Kind, choices_for
from cocity.notifications.models import Segment
from cocity.projects.models import Area, Phase, Project

MARKDOWN_HELP = _("Markdown: **bold**, *italic*, lists with -, links as [text](https://…).")


class PreferencesForm(forms.Form):
    """One choice per kind of notification."""

    def __init__(self, *args: Any, current: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label, choices=choices_for(kind.value), initial=current[kind.value]
            )


class ProjectUpdateForm(forms.Form):
    title = TranslatedTextField(label=_("Title"), max_length=200)
    body = TranslatedTextField(label=_("Text"), multiline=True, help_text=MARKDOWN_HELP)
    image = forms.ImageField(label=_("Image (optional)"), required=False)
    image_alt = TranslatedTextField(label=_("Image description"), max_length=300, required=False)


class NewsletterForm(forms.Form):
    subject = TranslatedTextField(label=_("Subject"), max_length=200)
    body = TranslatedTextField(label=_("Text"), multiline=True, help_text=MARKDOWN_HELP)
    segment = forms.ChoiceField(label=_("Recipients"), choices=Segment.choices)
    project = forms.ModelChoiceField(
        label=_("Project (for its followers)"), queryset=Project.objects.all(), required=False
    )
    phase = forms.ModelChoiceField(
        label=_("Phase (for its participants)"),
        queryset=Phase.objects.select_related("project"),
        required=False,
    )
    area = forms.ModelChoiceField(
        label=_("District (for its residents)"), queryset=Area.objects.all(), required=False
    )


class BulkAnswerForm(forms.Form):
    ideas = forms.ModelMultipleChoiceField(
        label=_("Ideas"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    status = forms.ModelChoiceField(
        label=_("Status"), queryset=IdeaStatus.objects.all(), empty_label=None
    )
    answer = forms.CharField(
        label=_("Official answer, the same for every idea chosen"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=MARKDOWN_HELP,
    )

    def __init__(self, *args: Any, ideas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["ideas"]
        field.queryset = ideas  # type: ignore[attr-defined]
        field.label_from_instance = lambda idea: idea.title  # type: ignore[attr-defined]
