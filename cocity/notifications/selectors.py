"""Reads for the notification pages, with their joins."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cocity.notifications.models import Delivery, Notification, ProjectUpdate


def inbox(*, user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def project_updates(*, project: Any) -> QuerySet[ProjectUpdate]:
    return ProjectUpdate.objects.filter(project=project).select_related("author")


def sent_emails(*, status: str = "") -> QuerySet[Delivery]:
    rows = Delivery.objects.select_related(
        "recipient", "notification", "digest", "newsletter"
    ).order_by("-created_at", "-pk")
    return rows.filter(status=status) if status else rows
