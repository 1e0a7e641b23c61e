"""What other apps call when something happens: one line each, e.g.

    notify.idea_answered(idea=idea, actor=user)

Each trigger waits for the transaction to commit (nothing is sent for a write that rolls back),
then enqueues the fan-out as a background task, so the request never pays for it. Fan-outs are
idempotent (one notification per person and event), so a task run twice notifies once.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction


def _later(name: str, **params: Any) -> None:
    def enqueue() -> None:
        from cocity.notifications.tasks import fan_out

        fan_out.enqueue(name, params)

    transaction.on_commit(enqueue)


def _pk(obj: Any) -> int | None:
    return getattr(obj, "pk", None)


def idea_answered(*, idea: Any, actor: Any) -> None:
    """The idea's status or official answer changed: its author and followers hear of it."""
    stamp = idea.answered_at.isoformat() if idea.answered_at else ""
    _later("idea_answered", idea_id=idea.pk, actor_id=_pk(actor), stamp=stamp)


def comment_posted(*, comment: Any, actor: Any) -> None:
    """A comment on an idea (its author hears), or a reply (the parent's author hears)."""
    _later("comment_posted", comment_id=comment.pk, actor_id=_pk(actor))


def project_update_posted(*, update: Any) -> None:
    _later("project_update_posted", update_id=update.pk)


def progress_updated(*, idea: Any, actor: Any, title: dict[str, str], key: str) -> None:
    """A milestone or progress change on a decided idea: its followers hear of it."""
    _later("progress_updated", idea_id=idea.pk, actor_id=_pk(actor), title=title, key=key)


def results_published(*, phase: Any, actor: Any = None) -> None:
    """For the voting and budgeting apps: call when a phase's results are published."""
    _later("results_published", phase_id=phase.pk, actor_id=_pk(actor))


def event_reminder(*, event: Any, recipients: list[Any] | None = None) -> None:
    """For the events app: remind the people registered for `event` (or `recipients`)."""
    ids = [_pk(r) if not isinstance(r, int) else r for r in recipients] if recipients else None
    _later("event_reminder", event_id=event.pk, recipient_ids=ids)


def event_reminder_now(*, event: Any, recipients: list[Any]) -> int:
    """The event reminder, created in the caller's transaction (not after commit, not in a
    task): the events app marks the registrations reminded in that same transaction, so the
    mark and the notifications commit together. Emails go out through the worker."""
    from cocity.notifications.fanout import event_reminder as fan_out_reminder

    ids = [r if isinstance(r, int) else _pk(r) for r in recipients]
    return fan_out_reminder(event_id=event.pk, recipient_ids=[i for i in ids if i is not None])
