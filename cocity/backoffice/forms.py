"""Back-office forms: they only validate; the services receive `cleaned_data` and decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cocity.accounts.models import User
from cocity.core.forms import DateTimeLocalInput, TranslatedTextField
from cocity.ideas.models import IdeaStatus
from cocity.participation.registry import method_choices
from cocity.projects.models import Area, Phase, ReactionMode, Visibility
from cocity.projects.services import MANAGER_ROLES

MARKDOWN_HELP = _("Markdown: **bold**, *italic*, [link](https://…), lists with “- ”.")
IMAGE_TYPES = "image/jpeg,image/png,image/webp,image/gif"


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form's fields, or to the form as a whole."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ManagerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.public_name} <{obj.email}>"


class ProjectForm(forms.Form):
    title = TranslatedTextField(label=_("Title"), max_length=200)
    summary = TranslatedTextField(
        label=_("Summary"),
        max_length=500,
        required=False,
        multiline=True,
        help_text=_("One or two sentences, shown on the project cards."),
    )
    description = TranslatedTextField(
        label=_("Description"), required=False, multiline=True, help_text=MARKDOWN_HELP
    )
    slug = forms.SlugField(
        label=_("Web address"),
        max_length=70,
        required=False,
        help_text=_("The end of the project's address. Leave empty to make one from the title."),
    )
    cover_image = forms.FileField(
        label=_("Cover image"),
        required=False,
        widget=forms.FileInput(attrs={"accept": IMAGE_TYPES}),
        help_text=_("JPEG, PNG, WebP or GIF. It is re-encoded and its metadata removed."),
    )
    remove_cover = forms.BooleanField(label=_("Remove the current cover image"), required=False)
    cover_alt = TranslatedTextField(
        label=_("Cover image description"),
        max_length=300,
        required=False,
        help_text=_(
            "What the image shows, for people who cannot see it. Required with a cover image."
        ),
    )
    area = forms.ModelChoiceField(
        label=_("District"),
        queryset=Area.objects.all(),
        required=False,
        empty_label=_("City-wide"),
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Drafts are seen by the project's staff only; archived projects are read-only."
        ),
    )
    reaction_mode = forms.ChoiceField(
        label=_("Reactions to ideas"), choices=ReactionMode.choices, widget=forms.RadioSelect
    )
    managers = ManagerChoiceField(
        label=_("Project managers"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("People with the project manager or administrator role."),
    )

    def __init__(
        self,
        *args: Any,
        creating: bool,
        may_choose_managers: bool,
        has_cover: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["slug"]  # addresses are shared and bookmarked: they do not change
        if not has_cover:
            del self.fields["remove_cover"]
        if may_choose_managers:
            self.fields["managers"].queryset = User.objects.filter(
                role__in=MANAGER_ROLES, is_active=True
            ).order_by("display_name", "pk")
        else:
            del self.fields["managers"]


class PhaseForm(forms.Form):
    title = TranslatedTextField(label=_("Title"), max_length=200)
    method = forms.ChoiceField(
        label=_("Participation method"),
        choices=method_choices,
        help_text=_("What residents can do while the phase is open."),
    )
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DateTimeLocalInput)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DateTimeLocalInput)
    description = TranslatedTextField(
        label=_("Description"), required=False, multiline=True, help_text=MARKDOWN_HELP
    )

    def __init__(self, *args: Any, method_locked: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if method_locked:
            self.fields["method"].disabled = True
            self.fields["method"].help_text = _(
                "Residents have already taken part in this phase; its method stays."
            )
        timezone_help = _("Date and time in the city's time zone (%(zone)s).") % {
            "zone": settings.TIME_ZONE
        }
        self.fields["starts_at"].help_text = timezone_help
        self.fields["ends_at"].help_text = timezone_help

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("A phase must end after it starts."))
        return data

    @staticmethod
    def initial_for(phase: Phase) -> dict[str, Any]:
        return {
            "title": phase.title,
            "method": phase.method,
            "starts_at": phase.starts_at,
            "ends_at": phase.ends_at,
            "description": phase.description,
        }


class TopicForm(forms.Form):
    name = TranslatedTextField(label=_("Name"), max_length=80)
    position = forms.IntegerField(
        label=_("Position"),
        min_value=0,
        required=False,
        help_text=_("Topics are listed from the smallest number. Leave empty to put it last."),
    )


class IdeaStatusForm(forms.Form):
    label = TranslatedTextField(label=_("Label"), max_length=60)
    slug = forms.SlugField(
        label=_("Identifier"),
        max_length=40,
        help_text=_("A short, stable name used in addresses and exports, like “accepted”."),
    )
    description = TranslatedTextField(
        label=_("Description"),
        max_length=500,
        required=False,
        multiline=True,
        help_text=_("What this status means for residents."),
    )
    position = forms.IntegerField(
        label=_("Position"),
        min_value=0,
        required=False,
        help_text=_("Statuses are listed from the smallest number. Leave empty to put it last."),
    )
    is_default = forms.BooleanField(label=_("Given to new ideas"), required=False)
    is_decision = forms.BooleanField(
        label=_("Is a decision"),
        required=False,
        help_text=_("Accepted, rejected, implemented… A decision must come with an answer."),
    )


class IdeaFilterForm(forms.Form):
    """The staff idea list's filters (GET). Invalid values are reported and ignored."""

    ANSWERED_CHOICES = [("", _("All")), ("no", _("Not answered yet")), ("yes", _("Answered"))]

    status = forms.ModelChoiceField(
        label=_("Status"), queryset=IdeaStatus.objects.all(), required=False, empty_label=_("Any")
    )
    phase = forms.ModelChoiceField(
        label=_("Phase"), queryset=Phase.objects.none(), required=False, empty_label=_("Any")
    )
    answered = forms.ChoiceField(label=_("Answer"), choices=ANSWERED_CHOICES, required=False)

    def __init__(self, *args: Any, phases: list[Phase], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["phase"]
        field.queryset = Phase.objects.filter(pk__in=[p.pk for p in phases])
        # Render from the phases already loaded, instead of querying again.
        field.choices = [("", _("Any")), *((p.pk, str(p)) for p in phases)]


class AnswerForm(forms.Form):
    status = forms.ModelChoiceField(
        label=_("Status"), queryset=IdeaStatus.objects.all(), empty_label=None
    )
    answer = forms.CharField(
        label=_("Official answer"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=MARKDOWN_HELP,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        status, answer = data.get("status"), (data.get("answer") or "").strip()
        if status is not None and status.is_decision and not answer:
            self.add_error(
                "answer",
                _("A decision needs an explanation: write the city's answer to the author."),
            )
        return data
