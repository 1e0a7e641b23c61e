"""A starting moderation policy and word lists, for staff to edit."""

from __future__ import annotations

from typing import Any

from django.db import migrations

RULES = [
    (
        "respect",
        {"en": "Be respectful", "fr": "Restez respectueux", "nl": "Wees respectvol"},
        {
            "en": "No insults, threats, harassment or hateful words about anyone.",
            "fr": "Pas d'insultes, de menaces, de harcèlement ni de propos haineux.",
            "nl": "Geen beledigingen, bedreigingen, intimidatie of haatdragende taal.",
        },
    ),
    (
        "no-spam",
        {"en": "No spam or advertising", "fr": "Pas de spam ni de publicité",
         "nl": "Geen spam of reclame"},
        {
            "en": "Do not post the same thing again and again, or advertise.",
            "fr": "Ne publiez pas plusieurs fois la même chose et ne faites pas de publicité.",
            "nl": "Plaats niet steeds hetzelfde en maak geen reclame.",
        },
    ),
    (
        "on-topic",
        {"en": "Stay on topic", "fr": "Restez dans le sujet", "nl": "Blijf bij het onderwerp"},
        {
            "en": "Ideas and comments are about the project and its phase.",
            "fr": "Les idées et commentaires portent sur le projet et sa phase.",
            "nl": "Ideeën en reacties gaan over het project en de fase.",
        },
    ),
    (
        "privacy",
        {"en": "Protect personal data", "fr": "Protégez les données personnelles",
         "nl": "Bescherm persoonsgegevens"},
        {
            "en": "No one's address, phone number, email or private life.",
            "fr": "Pas d'adresse, de téléphone, d'e-mail ni de vie privée de quiconque.",
            "nl": "Geen adres, telefoonnummer, e-mail of privéleven van wie dan ook.",
        },
    ),
]  # fmt: skip

# (language, term, action): strong insults hold; milder words, and words with an innocent meaning
# too (Dutch "kanker" is also the disease), only flag.
TERMS = [
    *[("en", t, "hold") for t in ["fuck", "fucking", "motherfucker", "cunt", "asshole", "ass",
                                  "bitch", "slut", "whore", "retard", "faggot", "nigger"]],
    *[("en", t, "flag") for t in ["shit", "idiot", "moron", "stupid"]],
    *[("fr", t, "hold") for t in ["connard", "connasse", "putain", "pute", "salope", "enculé",
                                  "nique ta mère", "bougnoule", "bâtard"]],
    *[("fr", t, "flag") for t in ["merde", "débile", "crétin", "pd"]],
    *[("nl", t, "hold") for t in ["kankerlijer", "klootzak", "hoer", "kut", "mongool",
                                  "godverdomme"]],
    *[("nl", t, "flag") for t in ["kanker", "tyfus", "lul", "eikel", "sukkel", "debiel"]],
]  # fmt: skip


def forwards(apps: Any, schema_editor: Any) -> None:
    Rule = apps.get_model("moderation", "ModerationRule")
    Term = apps.get_model("moderation", "ScreeningTerm")
    for position, (slug, title, description) in enumerate(RULES):
        Rule.objects.get_or_create(
            slug=slug, defaults={"title": title, "description": description, "position": position}
        )
    for language, term, action in TERMS:
        Term.objects.get_or_create(language=language, term=term, defaults={"action": action})


class Migration(migrations.Migration):
    dependencies = [("moderation", "0002_audit_log_append_only")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
