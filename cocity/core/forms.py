"""Form fields shared by every app.

`TranslatedTextField` edits a city-written text stored as a JSON dict {"en": …, "fr": …}: one
input per language in settings.LANGUAGES, grouped in a fieldset whose legend is the field's label,
each input labelled with its language and marked with `lang`. Only the fallback language
(settings.COCITY_FALLBACK_LANGUAGE) is required; the others fall back to it when empty.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cocity.core.i18n import clean_translations


def _languages() -> list[tuple[str, Any]]:
    """(code, name) pairs; names stay lazy so that labels follow the page's language."""
    return list(settings.LANGUAGES)


class TranslatedTextWidget(forms.MultiWidget):
    """One text input (or textarea) per language; renders labels itself (see the template)."""

    template_name = "core/widgets/translated_text.html"

    def __init__(self, *, multiline: bool = False, attrs: dict[str, Any] | None = None) -> None:
        self.languages = _languages()
        widgets = {}
        for code, _name in self.languages:
            base = forms.Textarea(attrs={"rows": 6}) if multiline else forms.TextInput()
            base.attrs["lang"] = code
            widgets[code] = base
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[str]:
        if isinstance(value, Mapping):
            return [str(value.get(code, "") or "") for code, _name in self.languages]
        if isinstance(value, str) and value:  # a plain string is fallback-language text
            return [
                value if code == settings.COCITY_FALLBACK_LANGUAGE else ""
                for code, _name in self.languages
            ]
        return ["" for _language in self.languages]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        fallback = settings.COCITY_FALLBACK_LANGUAGE
        for subwidget, (code, label) in zip(
            context["widget"]["subwidgets"], self.languages, strict=True
        ):
            subwidget["language_code"] = code
            subwidget["language_name"] = str(label)
            subwidget["is_fallback"] = code == fallback
        return context


class TranslatedTextField(forms.MultiValueField):
    """A {"en": …, "fr": …, "nl": …} text; `cleaned_data` holds the dict without empty entries."""

    widget = TranslatedTextWidget

    def __init__(
        self,
        *,
        multiline: bool = False,
        max_length: int | None = None,
        required: bool = True,
        **kwargs: Any,
    ) -> None:
        fallback = settings.COCITY_FALLBACK_LANGUAGE
        # The sub-fields only drive the HTML (`required` on the fallback input, `maxlength`);
        # clean() below validates, with messages that name the language.
        fields = [
            forms.CharField(required=required and code == fallback, max_length=max_length)
            for code, _name in _languages()
        ]
        widget = kwargs.setdefault("widget", TranslatedTextWidget(multiline=multiline))
        if max_length and isinstance(widget, forms.MultiWidget):
            for subwidget in widget.widgets:
                subwidget.attrs.setdefault("maxlength", str(max_length))
        super().__init__(fields=fields, require_all_fields=False, required=required, **kwargs)
        self.max_length = max_length

    def compress(self, data_list: Sequence[str]) -> dict[str, str]:
        codes = [code for code, _name in _languages()]
        return clean_translations(dict(zip(codes, data_list, strict=False)))

    def clean(self, value: Any) -> dict[str, str]:
        if not isinstance(value, list | tuple):
            value = self.widget.decompress(value)
        texts = [str(text or "").strip() for text in value]
        names = dict(_languages())
        fallback = settings.COCITY_FALLBACK_LANGUAGE
        result = self.compress(texts)
        if self.required and not result.get(fallback):
            raise forms.ValidationError(
                _("Please write the %(language)s text.") % {"language": names[fallback]},
                code="required",
            )
        if self.max_length:
            for code, text in result.items():
                if len(text) > self.max_length:
                    raise forms.ValidationError(
                        _("The %(language)s text is too long (at most %(max)d characters).")
                        % {"language": names[code], "max": self.max_length},
                        code="max_length",
                    )
        self.validate(result)
        self.run_validators(result)
        return result

    def has_changed(self, initial: Any, data: Any) -> bool:
        if not isinstance(initial, list):
            initial = self.widget.decompress(initial)
        return super().has_changed(initial, data)


class DateTimeLocalInput(forms.DateTimeInput):
    """`<input type="datetime-local">`, shown and read in the current (the city's) time zone."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")
