"""The database itself refuses to change or delete audit log rows (SQLite and PostgreSQL).

On SQLite (laptops, tests) only UPDATE is refused: Django's test flush empties tables with
DELETE there (PostgreSQL's flush uses TRUNCATE, which row triggers do not see).
An administrator with database access can still drop the triggers: the log is protected from
the application and from mistakes, not from whoever owns the database. For that, ship the log
to a write-once store as well.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

TABLE = "moderation_auditentry"
MESSAGE = "the audit log is append-only"

POSTGRES_UP = f"""
CREATE OR REPLACE FUNCTION cocity_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '{MESSAGE}';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON {TABLE}
  FOR EACH ROW EXECUTE FUNCTION cocity_audit_append_only();
"""
POSTGRES_DOWN = f"""
DROP TRIGGER IF EXISTS audit_no_update ON {TABLE};
DROP FUNCTION IF EXISTS cocity_audit_append_only();
"""
SQLITE_UP = [
    f"CREATE TRIGGER audit_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS audit_no_update;"]


def forwards(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)
    elif vendor == "sqlite":
        for statement in SQLITE_UP:
            schema_editor.execute(statement)


def backwards(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)
    elif vendor == "sqlite":
        for statement in SQLITE_DOWN:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
