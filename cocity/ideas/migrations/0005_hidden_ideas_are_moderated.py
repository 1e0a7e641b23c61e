"""Ideas hidden before moderation states existed are 'hidden by moderation'."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    Idea = apps.get_model("ideas", "Idea")
    Idea.objects.filter(is_hidden=True, moderation_state="published").update(
        moderation_state="hidden"
    )


class Migration(migrations.Migration):
    dependencies = [("ideas", "0004_moderation_state")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
