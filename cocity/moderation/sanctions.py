"""Reads about sanctions that other apps need (the permission function, sign-in)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q

from cocity.moderation.models import Sanction, SanctionKind


def suspended_until(user: Any, now: datetime) -> datetime | bool | None:
    """When this person's suspension ends, True if it has no end, None if not suspended."""
    if not getattr(user, "is_authenticated", False):
        return None
    ends = list(
        Sanction.objects.filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=now),
            user=user.pk,
            kind=SanctionKind.SUSPENSION,
            lifted_at__isnull=True,
        ).values_list("ends_at", flat=True)
    )
    if not ends:
        return None
    if None in ends:
        return True
    return max(ends)
