"""PostgreSQL: a GIN index for the idea list's text search (selectors.SEARCH_VECTOR), partial
on the listed ideas like the sort indexes. Other databases search without an index."""

from __future__ import annotations

from typing import Any

from django.db import migrations

# Must stay the SQL that selectors.SEARCH_VECTOR compiles to, or the planner ignores the index.
CREATE = """
CREATE INDEX IF NOT EXISTS idea_search ON ideas_idea USING gin (
    to_tsvector('simple'::regconfig, COALESCE(title, '') || ' ' || COALESCE(body, ''))
) WHERE NOT is_hidden AND NOT is_withdrawn
"""


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS idea_search")


class Migration(migrations.Migration):
    dependencies = [("ideas", "0006_count_listed_ideas")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
