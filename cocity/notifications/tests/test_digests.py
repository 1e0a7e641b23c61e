"""Digests group a person's news by the city's day (or week), in their language."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from cocity.notifications import delivery, services
from cocity.notifications.kinds import Frequency, Kind
from cocity.notifications.models import Delivery, Digest, Notification, NotificationPreference

pytestmark = pytest.mark.django_db


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def news(user: Any, key: str, when: datetime, project: Any = None) -> None:
    services.notify(kind=Kind.PROJECT_UPDATE, recipients=[user], event_key=key, project=project,
                    data={"title": {"en": key, "fr": key}, "project": {"en": "Parks"}})  # fmt: skip
    Notification.objects.filter(event_key=key).update(created_at=when)


def test_a_daily_digest_follows_the_citys_day_not_utc(
    alice: Any, settings: Any, mailoutbox: list
) -> None:
    settings.TIME_ZONE = "Europe/Brussels"  # UTC+1 in January
    NotificationPreference.objects.create(
        user=alice, kind=Kind.PROJECT_UPDATE, frequency=Frequency.DAILY
    )
    news(alice, "late-on-the-10th", at("2025-01-10T22:30:00"))  # 23:30 in Brussels, the 10th
    news(alice, "early-on-the-11th", at("2025-01-10T23:30:00"))  # 00:30 in Brussels, the 11th
    assert delivery.send_digests(at("2025-01-11T05:00:00")) == 1
    digest = Digest.objects.get()
    assert str(digest.period_start) == "2025-01-10"
    assert list(digest.notifications.values_list("event_key", flat=True)) == ["late-on-the-10th"]
    # Running again the same day sends nothing new; the next day takes the rest.
    assert delivery.send_digests(at("2025-01-11T20:00:00")) == 0
    assert delivery.send_digests(at("2025-01-12T05:00:00")) == 1
    delivery.deliver()
    assert len(mailoutbox) == 2
    assert "daily news" in mailoutbox[0].subject
    assert "late-on-the-10th" in mailoutbox[0].body
    assert "early-on-the-11th" not in mailoutbox[0].body


def test_a_weekly_digest_groups_the_week_in_the_persons_language(
    alice: Any, project: Any, mailoutbox: list
) -> None:
    alice.preferred_language = "fr"
    alice.save()
    # Project news defaults to the weekly digest.
    news(alice, "monday", at("2025-01-06T09:00:00"), project)
    news(alice, "sunday", at("2025-01-12T20:00:00"), project)
    news(alice, "next-week", at("2025-01-13T09:00:00"), project)
    assert delivery.send_digests(at("2025-01-13T10:00:00")) == 1
    digest = Digest.objects.get()
    assert digest.frequency == Frequency.WEEKLY and str(digest.period_start) == "2025-01-06"
    assert digest.notifications.count() == 2
    delivery.deliver()
    body = mailoutbox[0].body
    assert "monday" in body and "sunday" in body and "next-week" not in body
    assert "Places vertes" in body  # grouped under the project's French title
    assert mailoutbox[0].extra_headers["List-Unsubscribe-Post"]


def test_no_digest_for_someone_with_nothing_new(alice: Any) -> None:
    assert delivery.send_digests(at("2025-01-13T10:00:00")) == 0
    assert not Delivery.objects.exists()
