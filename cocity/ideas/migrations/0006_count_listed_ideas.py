"""Fill Phase.listed_idea_count from the ideas the public lists show (one UPDATE)."""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce


def forwards(apps: Any, schema_editor: Any) -> None:
    Idea = apps.get_model("ideas", "Idea")
    Phase = apps.get_model("projects", "Phase")
    listed = (
        Idea.objects.filter(Q(is_hidden=False, is_withdrawn=False), phase=OuterRef("pk"))
        .order_by()
        .values("phase")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Phase.objects.update(
        listed_idea_count=Coalesce(Subquery(listed, output_field=IntegerField()), Value(0))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0005_hidden_ideas_are_moderated"),
        ("projects", "0003_phase_listed_idea_count"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
