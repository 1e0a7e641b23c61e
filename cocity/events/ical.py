"""iCalendar (RFC 5545) files for events: one event to download, or a person's feed.

Written by hand (a few lines of text) rather than with a library at run time; the tests parse
the output with the `icalendar` package to prove that calendars read it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from cocity.core.i18n import translate
from cocity.events.models import Event

PRODID = "-//Cocity//Events//EN"


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines of at most 75 octets; continuation lines start with a space (RFC 5545 3.1)."""
    out: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode()
        limit = 75 if not out else 74
        if len(current) + len(encoded) > limit:
            out.append(current.decode())
            current = b""
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "cocity.localhost"


def event_url(event: Event) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("events:detail", kwargs={"pk": event.pk})


def _vevent(event: Event, *, status: str, now: datetime) -> list[str]:
    title = str(translate(event.title))
    description = str(translate(event.description))
    url = event_url(event)
    location = ", ".join(p for p in (event.place_name, event.address) if p)
    if event.online_url:
        location = f"{location} ({event.online_url})" if location else event.online_url
    lines = [
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}@{_host()}",
        f"DTSTAMP:{_utc(now)}",
        f"DTSTART:{_utc(event.starts_at)}",
        f"DTEND:{_utc(event.ends_at)}",
        f"SUMMARY:{_escape(title)}",
        f"DESCRIPTION:{_escape((description + chr(10) + chr(10) + url).strip())}",
        f"URL:{url}",
        f"STATUS:{status}",
    ]
    if location:
        lines.append(f"LOCATION:{_escape(location)}")
    if event.has_location:
        lines.append(f"GEO:{event.latitude:.6f};{event.longitude:.6f}")
    lines.append("END:VEVENT")
    return lines


def calendar(
    items: Iterable[tuple[Event, str]], *, name: str = "", now: datetime | None = None
) -> str:
    """A VCALENDAR with one VEVENT per (event, status), status CONFIRMED or TENTATIVE."""
    now = now or timezone.now()
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    if name:
        lines.append(f"X-WR-CALNAME:{_escape(name)}")
    for event, status in items:
        lines.extend(_vevent(event, status=status, now=now))
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
