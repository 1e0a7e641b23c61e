"""{% load moderation %}: what the author of unpublished content is told."""

from __future__ import annotations

from typing import Any

from django import template

from cocity.ideas.models import Comment, Idea, ModerationState

register = template.Library()


@register.inclusion_tag("moderation/_notice.html", takes_context=True)
def moderation_notice(context: template.Context, content: Idea | Comment) -> dict[str, Any]:
    """For the author (or a moderator): pending, or hidden/declined with the reason and the
    rule, and the way to appeal. Nothing (and no query) for published content."""
    from cocity.moderation.selectors import has_appealed, last_decision

    state = content.moderation_state
    if state == ModerationState.PUBLISHED:
        return {"state": state}
    kind = "idea" if isinstance(content, Idea) else "comment"
    target = {kind: content}
    user = context.get("user")
    is_author = getattr(user, "pk", None) is not None and content.author_id == user.pk
    return {
        "state": state,
        "kind": kind,
        "content": content,
        "decision": last_decision(**target) if state != ModerationState.PENDING else None,
        "appealed": has_appealed(**target) if is_author else True,
        "is_author": is_author,
    }
