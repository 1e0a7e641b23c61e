"""Phases count the ideas their public list shows (filled by ideas 0006)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0002_project_is_premoderated"),
    ]

    operations = [
        migrations.AddField(
            model_name="phase",
            name="listed_idea_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
    ]
