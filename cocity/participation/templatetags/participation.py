from __future__ import annotations

from typing import Any

from django import template

from cocity.participation.permissions import Decision, check

register = template.Library()


@register.simple_tag(takes_context=True)
def permission(context: template.Context, capability: str, obj: Any) -> Decision:
    """{% permission "comment" idea as may_comment %} then {{ may_comment.reason }}."""
    return check(context["request"].user, capability, obj)
