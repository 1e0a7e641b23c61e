"""The statuses a city starts with; staff can rename, reorder or add to them."""

from django.db import migrations

STATUSES = [
    ("submitted", {"en": "Submitted", "fr": "Déposée", "nl": "Ingediend"}, True, False),
    ("under_review", {"en": "Under review", "fr": "En cours d'examen", "nl": "In behandeling"}, False, False),
    ("accepted", {"en": "Accepted", "fr": "Retenue", "nl": "Aanvaard"}, False, True),
    ("rejected", {"en": "Not retained", "fr": "Non retenue", "nl": "Niet weerhouden"}, False, True),
    ("implemented", {"en": "Implemented", "fr": "Réalisée", "nl": "Uitgevoerd"}, False, True),
]


def create_statuses(apps, schema_editor):
    IdeaStatus = apps.get_model("ideas", "IdeaStatus")
    for position, (slug, label, is_default, is_decision) in enumerate(STATUSES):
        IdeaStatus.objects.get_or_create(
            slug=slug,
            defaults={
                "label": label,
                "position": position,
                "is_default": is_default,
                "is_decision": is_decision,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("ideas", "0001_initial")]
    operations = [migrations.RunPython(create_statuses, migrations.RunPython.noop)]
