"""The audit log: one append-only row per moderation or administration action.

`record()` is the only writer. Rows are never edited from the application (no view, a
read-only admin) and the database refuses UPDATE and DELETE on the table (migration 0002).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from cocity.moderation.models import AuditEntry


def _plain(value: dict[str, Any] | None) -> dict[str, Any]:
    """JSON-safe copy (dates, decimals, lazy strings become strings)."""
    return json.loads(json.dumps(value or {}, cls=DjangoJSONEncoder, default=str))


def record(
    *,
    actor: Any,
    action: str,
    target: Any = None,
    project: Any = None,
    reason: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Log that `actor` did `action` (a dotted slug such as "idea.hide") to `target`."""
    is_person = getattr(actor, "is_authenticated", False)
    target_type = target._meta.model_name if target is not None else ""
    label = ""
    if target is not None:
        label = getattr(target, "title", None) or str(target)
        if isinstance(label, dict):
            label = next(iter(label.values()), "")
    return AuditEntry.objects.create(
        actor_id=actor.pk if is_person else None,
        actor_name=(f"{actor.public_name} <{actor.email}>" if is_person else "system")[:200],
        action=action,
        project_id=getattr(project, "pk", project),
        target_type=target_type,
        target_id=getattr(target, "pk", None),
        target_label=str(label)[:200],
        reason=reason,
        before=_plain(before),
        after=_plain(after),
    )
