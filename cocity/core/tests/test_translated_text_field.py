"""TranslatedTextField: one labelled input per language, the fallback language required."""

from __future__ import annotations

from django import forms

from cocity.core.forms import TranslatedTextField


class TitleForm(forms.Form):
    title = TranslatedTextField(label="Title", max_length=10)
    note = TranslatedTextField(label="Note", required=False, multiline=True)


def test_it_gives_a_dict_without_empty_languages() -> None:
    form = TitleForm(data={"title_en": " Parks ", "title_fr": "", "title_nl": "Parken"})

    assert form.is_valid()
    assert form.cleaned_data == {"title": {"en": "Parks", "nl": "Parken"}, "note": {}}


def test_it_requires_the_fallback_language_and_names_it() -> None:
    form = TitleForm(data={"title_fr": "Parcs"})

    assert not form.is_valid()
    assert form.errors["title"] == ["Please write the English text."]


def test_it_names_the_language_whose_text_is_too_long() -> None:
    form = TitleForm(data={"title_en": "Parks", "title_nl": "Stadsparken!"})

    assert not form.is_valid()
    assert form.errors["title"] == ["The Dutch text is too long (at most 10 characters)."]


def test_it_renders_a_fieldset_with_a_label_and_lang_per_input() -> None:
    html = str(
        TitleForm(initial={"title": {"en": "Parks", "fr": "Parcs"}})["title"].as_field_group()
    )

    assert "<fieldset" in html and "<legend>Title" in html
    assert '<label for="id_title_1">French</label>' in html
    assert 'name="title_fr" value="Parcs" lang="fr"' in html.replace(' maxlength="10"', "")
    assert 'lang="en" required' in html.replace(' maxlength="10"', "")


def test_it_shows_a_translated_label_for_each_language(settings: object) -> None:
    from django.utils import translation

    with translation.override("fr"):
        html = str(TitleForm()["title"].as_field_group())

    assert "Néerlandais" in html
