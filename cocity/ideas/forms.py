"""Forms only validate; the services receive cleaned_data (STYLE.md habit 8)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cocity.core.i18n import translate
from cocity.core.uploads import check_image_upload
from cocity.ideas.models import IdeaImage, IdeaStatus
from cocity.ideas.selectors import DEFAULT_SORT, IdeaFilters
from cocity.ideas.services import MAX_IMAGES_PER_IDEA, NewImage
from cocity.projects.models import Topic

SORT_CHOICES = [
    ("trending", _("Trending")),
    ("newest", _("Newest")),
    ("reactions", _("Most reactions")),
    ("comments", _("Most comments")),
    ("random", _("Random")),
]


class IdeaListForm(forms.Form):
    """The list's GET parameters. Choices come from lists already loaded (no query per render)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    topic = forms.TypedChoiceField(label=_("Topic"), required=False, coerce=int, empty_value=None)
    status = forms.TypedChoiceField(label=_("Status"), required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(
        self, data: Any, *, topics: Sequence[Topic], statuses: Sequence[IdeaStatus]
    ) -> None:
        super().__init__(data, auto_id="ideas-%s")
        self.topic_by_pk = {t.pk: t for t in topics}
        self.status_by_pk = {s.pk: s for s in statuses}
        self.fields["q"].widget = forms.TextInput(attrs={"type": "search"})
        self.fields["topic"].choices = [("", _("All topics"))] + [
            (t.pk, translate(t.name)) for t in topics
        ]
        self.fields["status"].choices = [("", _("All statuses"))] + [
            (s.pk, translate(s.label)) for s in statuses
        ]

    def filters(self) -> IdeaFilters:
        """The valid parameters; an invalid one falls back to its default instead of erroring."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return IdeaFilters(
            sort=data.get("sort") or DEFAULT_SORT,
            topic=self.topic_by_pk.get(data.get("topic")),  # type: ignore[arg-type]
            status=self.status_by_pk.get(data.get("status")),  # type: ignore[arg-type]
            search=(data.get("q") or "").strip(),
        )


class CoordinateInput(forms.NumberInput):
    def __init__(self) -> None:
        super().__init__(attrs={"step": "any", "inputmode": "decimal"})


class IdeaForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=140,
        help_text=_("A short summary of your idea (at most 140 characters)."),
    )
    body = forms.CharField(
        label=_("Description"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Markdown is allowed: **bold**, *italic*, lists starting with “-” and links. "
            "HTML is not."
        ),
    )
    topics = forms.TypedMultipleChoiceField(
        label=_("Topics"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    address = forms.CharField(
        label=_("Address or place"),
        required=False,
        max_length=200,
        help_text=_("Optional. Where does your idea apply?"),
    )
    latitude = forms.FloatField(
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=CoordinateInput(),
        help_text=_("Optional. Decimal degrees, e.g. 50.6326."),
    )
    longitude = forms.FloatField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=CoordinateInput(),
        help_text=_("Optional. Decimal degrees, e.g. 5.5797."),
    )

    def __init__(
        self,
        *args: Any,
        topics: Sequence[Topic],
        existing_images: Sequence[IdeaImage] = (),
        may_post_official: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.topic_by_pk = {t.pk: t for t in topics}
        self.fields["topics"].choices = [(t.pk, translate(t.name)) for t in topics]
        if not topics:
            del self.fields["topics"]
        if existing_images:
            self.fields["remove_images"] = forms.TypedMultipleChoiceField(
                label=_("Remove images"),
                required=False,
                coerce=int,
                widget=forms.CheckboxSelectMultiple,
                choices=[
                    (img.pk, img.alt_text or _("Image %(n)d") % {"n": n})
                    for n, img in enumerate(existing_images, start=1)
                ],
            )
        self.image_slots = list(range(1, MAX_IMAGES_PER_IDEA - len(existing_images) + 1))
        for n in self.image_slots:
            self.fields[f"image_{n}"] = forms.FileField(
                label=_("Image %(n)d") % {"n": n},
                required=False,
                widget=forms.ClearableFileInput(
                    attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
                ),
                help_text=_("JPEG, PNG, WebP or GIF. Location data in photos is removed."),
            )
            self.fields[f"image_{n}_alt"] = forms.CharField(
                label=_("Description of image %(n)d") % {"n": n},
                required=False,
                max_length=200,
                help_text=_("What the image shows, for people who cannot see it."),
            )
        if may_post_official:
            self.fields["is_official"] = forms.BooleanField(
                label=_("Post as the city"),
                required=False,
                help_text=_(
                    "The idea is shown as the city's own proposal, with an official badge."
                ),
            )

    def image_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"image_{n}"], self[f"image_{n}_alt"]) for n in self.image_slots]

    def other_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("is_official",) if name in self.fields]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        lat, lng = data.get("latitude"), data.get("longitude")
        if (
            (lat is None) != (lng is None)
            and "latitude" not in self.errors
            and "longitude" not in self.errors
        ):
            self.add_error("latitude", _("Give both latitude and longitude, or neither."))
        for n in self.image_slots:
            upload = data.get(f"image_{n}")
            if not upload:
                continue
            try:
                check_image_upload(upload)
            except ValidationError as error:
                self.add_error(f"image_{n}", error)
                continue
            if not (data.get(f"image_{n}_alt") or "").strip():
                self.add_error(
                    f"image_{n}_alt",
                    _("Please describe this image for people who cannot see it."),
                )
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        kwargs: dict[str, Any] = {
            "title": data["title"],
            "body": data["body"],
            "topics": [self.topic_by_pk[pk] for pk in data.get("topics", [])],
            "address": data.get("address", ""),
            "latitude": data.get("latitude"),
            "longitude": data.get("longitude"),
        }
        return kwargs

    def new_images(self) -> list[NewImage]:
        data = self.cleaned_data
        return [
            NewImage(file=data[f"image_{n}"], alt_text=data.get(f"image_{n}_alt", ""))
            for n in self.image_slots
            if data.get(f"image_{n}")
        ]

    def add_service_error(self, error: ValidationError) -> None:
        """Attach a service's ValidationError to the matching field, or to the form."""
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), max_length=5_000, widget=forms.Textarea)
