"""Text the city writes in several languages: one JSON object per text, e.g. {"en": …, "fr": …}.

`translate()` picks the visitor's language, then the city's fallback language, then any language
present, and says which one it picked so templates can mark it with a `lang` attribute.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language


class TranslatedText(str):
    """A str that remembers which language it is in."""

    lang: str

    def __new__(cls, text: str, lang: str) -> TranslatedText:
        obj = super().__new__(cls, text)
        obj.lang = lang
        return obj

    @property
    def is_fallback(self) -> bool:
        return bool(self) and self.lang != current_language()

    @property
    def lang_attr(self) -> SafeString:
        """` lang="fr"` when the text is not in the page's language, else nothing."""
        if self.is_fallback:
            return format_html(' lang="{}"', self.lang)
        return SafeString("")


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def current_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def translate(value: Mapping[str, str] | str | None, lang: str | None = None) -> TranslatedText:
    lang = lang or current_language()
    if value is None:
        return TranslatedText("", lang)
    if isinstance(value, str):
        return TranslatedText(value, settings.COCITY_FALLBACK_LANGUAGE)
    for candidate in (lang, settings.COCITY_FALLBACK_LANGUAGE, *value.keys()):
        text = value.get(candidate)
        if text:
            return TranslatedText(text, candidate)
    return TranslatedText("", lang)


def clean_translations(value: Mapping[str, str]) -> dict[str, str]:
    """Keep known languages with non-blank text, stripped."""
    known = set(language_codes())
    return {k: v.strip() for k, v in value.items() if k in known and v and v.strip()}


def format_money(amount: int | None, currency: str = "") -> str:
    """Whole currency units grouped the way of the active language — 12,500 EUR in English,
    12 500 EUR in French, 12.500 EUR in Dutch, as the outcome explanations write amounts — and
    never split from the currency at a line break."""
    text = number_format(int(amount or 0), 0, force_grouping=True)
    return f"{text}\u00a0{currency}" if currency else text
