from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import cached_property


class UnreadCount:
    """Counted only when a template asks (`{{ notifications_unread.count }}`): one query."""

    def __init__(self, user: Any) -> None:
        self.user = user

    @cached_property
    def count(self) -> int:
        from cocity.notifications.models import Notification

        if not getattr(self.user, "is_authenticated", False):
            return 0
        return Notification.objects.filter(recipient=self.user, read_at__isnull=True).count()


def notifications(request: HttpRequest) -> dict[str, Any]:
    return {"notifications_unread": UnreadCount(getattr(request, "user", None))}
