"""Forms only validate; the services receive cleaned_data and decide (STYLE.md habit 8)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocity.accounts.models import User
from cocity.core.forms import DateTimeLocalInput, TranslatedTextField
from cocity.core.i18n import translate
from cocity.core.uploads import check_image_upload
from cocity.events.models import EVENT_LANGUAGES, Event, EventKind, EventPhoto
from cocity.events.selectors import EventFilters
from cocity.events.services import MAX_PHOTOS_PER_REPORT, NewPhoto
from cocity.ideas.forms import IdeaForm
from cocity.ideas.models import Idea
from cocity.projects.models import Area, Project

MARKDOWN_HELP = _("Markdown: **bold**, *italic*, [link](https://…), lists with “- ”.")
IMAGE_TYPES = "image/jpeg,image/png,image/webp,image/gif"


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class EventListForm(forms.Form):
    """The events page's GET parameters; an invalid value falls back to no filter."""

    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("upcoming", _("Upcoming")), ("past", _("Past"))],
    )
    project = forms.TypedChoiceField(label=_("Project"), required=False, coerce=str)
    area = forms.TypedChoiceField(label=_("District"), required=False, coerce=str)
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *EventKind.choices]
    )

    def __init__(self, data: Any, *, projects: Sequence[Project], areas: Sequence[Area]) -> None:
        super().__init__(data, auto_id="events-%s")
        self.project_by_slug = {p.slug: p for p in projects}
        self.area_by_slug = {a.slug: a for a in areas}
        self.fields["project"].choices = [("", _("All projects"))] + [
            (p.slug, translate(p.title)) for p in projects
        ]
        self.fields["area"].choices = [("", _("All districts"))] + [
            (a.slug, translate(a.name)) for a in areas
        ]

    def filters(self) -> EventFilters:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return EventFilters(
            when=data.get("when") or "upcoming",
            project=self.project_by_slug.get(data.get("project") or ""),
            area=self.area_by_slug.get(data.get("area") or ""),
            kind=data.get("kind") or "",
        )


def _time_zone_choices() -> list[tuple[str, str]]:
    zones = sorted(z for z in available_timezones() if "/" in z and not z.startswith("Etc/"))
    return [(z, z.replace("_", " ")) for z in zones]


class EventForm(forms.Form):
    title = TranslatedTextField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=EventKind.choices)
    description = TranslatedTextField(
        label=_("Description"), required=False, multiline=True, help_text=MARKDOWN_HELP
    )
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=DateTimeLocalInput(), help_text=_("In the time zone below.")
    )
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DateTimeLocalInput())
    time_zone = forms.ChoiceField(label=_("Time zone"))
    place_name = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=200,
        help_text=_("The building or room, e.g. “Town hall, room 3”."),
    )
    address = forms.CharField(label=_("Address"), required=False, max_length=200)
    latitude = forms.FloatField(
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        help_text=_("Optional, to show the event on the map. Decimal degrees, e.g. 50.6326."),
    )
    longitude = forms.FloatField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        help_text=_("Decimal degrees, e.g. 5.5797."),
    )
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        help_text=_("For an online or hybrid event."),
    )
    is_step_free = forms.BooleanField(label=_("Step-free access"), required=False)
    has_sign_language = forms.BooleanField(label=_("Sign language interpretation"), required=False)
    has_childcare = forms.BooleanField(label=_("Childcare on site"), required=False)
    accessibility_notes = TranslatedTextField(
        label=_("Other accessibility information"),
        required=False,
        max_length=500,
        help_text=_("E.g. hearing loop, quiet room, nearest accessible parking."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        required=False,
        choices=EVENT_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    capacity = forms.IntegerField(
        label=_("Capacity"),
        required=False,
        help_text=_(
            "The number of places. Empty for no limit; when full, people join a waiting list."
        ),
    )
    is_registration_open = forms.BooleanField(
        label=_("Registration open"), required=False, initial=True
    )
    is_published = forms.BooleanField(
        label=_("Published"), required=False, help_text=_("Residents see published events only.")
    )
    area = forms.ModelChoiceField(
        label=_("District"),
        queryset=Area.objects.all(),
        required=False,
        empty_label=_("City-wide, or the project's district"),
    )

    def __init__(self, *args: Any, event: Event | None = None, **kwargs: Any) -> None:
        if event is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(event)
        kwargs.setdefault("initial", {}).setdefault("time_zone", settings.TIME_ZONE)
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = _time_zone_choices()

    @staticmethod
    def initial_from(event: Event) -> dict[str, Any]:
        zone = ZoneInfo(event.time_zone)
        return {
            "title": event.title,
            "kind": event.kind,
            "description": event.description,
            "starts_at": timezone.localtime(event.starts_at, zone).replace(tzinfo=None),
            "ends_at": timezone.localtime(event.ends_at, zone).replace(tzinfo=None),
            "time_zone": event.time_zone,
            "place_name": event.place_name,
            "address": event.address,
            "latitude": event.latitude,
            "longitude": event.longitude,
            "online_url": event.online_url,
            "is_step_free": event.is_step_free,
            "has_sign_language": event.has_sign_language,
            "has_childcare": event.has_childcare,
            "accessibility_notes": event.accessibility_notes,
            "languages": event.languages,
            "capacity": event.capacity,
            "is_registration_open": event.is_registration_open,
            "is_published": event.is_published,
            "area": event.area_id,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # The inputs hold wall-clock times in the event's time zone, not the visitor's.
        try:
            zone = ZoneInfo(data.get("time_zone") or settings.TIME_ZONE)
        except (ZoneInfoNotFoundError, ValueError):
            return data
        for name in ("starts_at", "ends_at"):
            value: datetime | None = data.get(name)
            if value is not None:
                naive = timezone.make_naive(value) if timezone.is_aware(value) else value
                data[name] = naive.replace(tzinfo=zone)
        return data


class ReportForm(forms.Form):
    summary = TranslatedTextField(
        label=_("What was discussed"), multiline=True, help_text=MARKDOWN_HELP
    )
    participant_count = forms.IntegerField(label=_("Number of participants"), min_value=0)
    ideas = forms.TypedMultipleChoiceField(
        label=_("Ideas that came out of the event"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    publish = forms.BooleanField(
        label=_("Publish the report"),
        required=False,
        help_text=_("Residents see the report on the event's page once it is published."),
    )

    def __init__(
        self,
        *args: Any,
        ideas: Sequence[Idea],
        photos: Sequence[EventPhoto] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.idea_by_pk = {i.pk: i for i in ideas}
        self.fields["ideas"].choices = [(i.pk, i.title) for i in ideas]
        if not ideas:
            del self.fields["ideas"]
        if photos:
            self.fields["remove_photos"] = forms.TypedMultipleChoiceField(
                label=_("Remove photos"),
                required=False,
                coerce=int,
                widget=forms.CheckboxSelectMultiple,
                choices=[(p.pk, p.alt_text) for p in photos],
            )
        self.photo_slots = list(range(1, min(4, MAX_PHOTOS_PER_REPORT - len(photos)) + 1))
        for n in self.photo_slots:
            self.fields[f"photo_{n}"] = forms.FileField(
                label=_("Photo %(n)d") % {"n": n},
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": IMAGE_TYPES}),
                help_text=_("JPEG, PNG, WebP or GIF. It is re-encoded and its metadata removed."),
            )
            self.fields[f"photo_{n}_alt"] = forms.CharField(
                label=_("Description of photo %(n)d") % {"n": n},
                required=False,
                max_length=200,
                help_text=_("What the photo shows, for people who cannot see it."),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for n in self.photo_slots:
            upload = data.get(f"photo_{n}")
            if not upload:
                continue
            try:
                check_image_upload(upload)
            except ValidationError as error:
                self.add_error(f"photo_{n}", error)
                continue
            if not (data.get(f"photo_{n}_alt") or "").strip():
                self.add_error(
                    f"photo_{n}_alt", _("Please describe this photo for people who cannot see it.")
                )
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "summary": data["summary"],
            "participant_count": data["participant_count"],
            "ideas": [self.idea_by_pk[pk] for pk in data.get("ideas", [])],
            "new_photos": [
                NewPhoto(file=data[f"photo_{n}"], alt_text=data.get(f"photo_{n}_alt", ""))
                for n in self.photo_slots
                if data.get(f"photo_{n}")
            ],
            "remove_photo_ids": data.get("remove_photos", []),
            "publish": data.get("publish", False),
        }


class _ProvenanceMixin(forms.Form):
    """Where the paper input was collected, and the resident it may be linked to."""

    def add_provenance_fields(self, events: Sequence[Event]) -> None:
        self.event_by_pk = {e.pk: e for e in events}
        self.fields["event"] = forms.TypedChoiceField(
            label=_("Collected at the event"),
            required=False,
            coerce=int,
            empty_value=None,
            choices=[("", _("Not at an event"))]
            + [(e.pk, f"{translate(e.title)} ({e.starts_at:%Y-%m-%d})") for e in events],
        )
        self.fields["place"] = forms.CharField(
            label=_("Or the place"),
            required=False,
            max_length=200,
            help_text=_("E.g. “Market stand, Place du Marché”. The event's title if empty."),
        )
        self.fields["resident_email"] = forms.EmailField(
            label=_("Resident's account (email)"),
            required=False,
            help_text=_(
                "Only if the resident asked for the contribution to appear under their name. "
                "Empty: it is posted anonymously."
            ),
        )
        self.fields["has_consent"] = forms.BooleanField(
            label=_("The resident agreed, in writing, to link this to their account"),
            required=False,
        )

    def clean_resident_email(self) -> User | None:
        email = (self.cleaned_data.get("resident_email") or "").strip()
        if not email:
            return None
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise ValidationError(_("No active account has this email address."))
        return user

    def provenance_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "event": self.event_by_pk.get(data.get("event")),  # type: ignore[arg-type]
            "place": data.get("place", ""),
            "resident": data.get("resident_email"),
            "has_consent": data.get("has_consent", False),
        }


class OfflineIdeaForm(IdeaForm, _ProvenanceMixin):
    def __init__(self, *args: Any, events: Sequence[Event], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_provenance_fields(events)

    def other_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("event", "place", "resident_email", "has_consent")]


class OfflineCommentForm(_ProvenanceMixin):
    body = forms.CharField(label=_("Comment"), max_length=5_000, widget=forms.Textarea)

    def __init__(self, *args: Any, events: Sequence[Event], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_provenance_fields(events)


class KioskStartForm(forms.Form):
    phase = forms.TypedChoiceField(label=_("Ideation phase"), coerce=int)
    location = forms.CharField(
        label=_("Location"),
        max_length=200,
        help_text=_("Shown with every idea posted here, e.g. “Town hall, ground floor”."),
    )
    event = forms.TypedChoiceField(
        label=_("During the event"), required=False, coerce=int, empty_value=None
    )
    pin = forms.CharField(
        label=_("Staff PIN"),
        min_length=4,
        max_length=8,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("4 to 8 digits. Needed to leave kiosk mode; keep it to yourself."),
    )

    def __init__(self, *args: Any, phases: Sequence[Any], events: Sequence[Event], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.phase_by_pk = {p.pk: p for p in phases}
        self.event_by_pk = {e.pk: e for e in events}
        self.fields["phase"].choices = [(p.pk, translate(p.title)) for p in phases]
        self.fields["event"].choices = [("", _("Not at an event"))] + [
            (e.pk, translate(e.title)) for e in events
        ]


class KioskLeaveForm(forms.Form):
    pin = forms.CharField(
        label=_("Staff PIN"),
        max_length=8,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class KioskIdeaForm(IdeaForm):
    """The online idea form without images and coordinates: quick to fill in on a tablet."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["may_post_official"] = False
        super().__init__(*args, **kwargs)
        for name in [n for n in self.fields if n.startswith("image_")] + ["latitude", "longitude"]:
            del self.fields[name]
        self.image_slots = []
