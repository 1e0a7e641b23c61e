"""Kinds of notification, how often a resident wants each, and the sentence each one shows.

A kind is an enum so a typo fails loudly. The text is built at display time, in the reader's
language, from the facts stored with the notification (`data`), never stored pre-translated.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocity.core.i18n import translate


class Kind(models.TextChoices):
    IDEA_ANSWERED = "idea_answered", gettext_lazy("My idea gets a new status or an official answer")
    COMMENT_ON_IDEA = "comment_on_idea", gettext_lazy("Someone comments on my idea")
    REPLY = "reply", gettext_lazy("Someone replies to my comment")
    FOLLOWED_IDEA = "followed_idea", gettext_lazy("An idea I follow gets an update")
    PROJECT_UPDATE = "project_update", gettext_lazy("A project I follow posts news")
    PHASE_OPENED = "phase_opened", gettext_lazy("A phase opens in a project I follow")
    PHASE_CLOSED = "phase_closed", gettext_lazy("A phase I took part in closes")
    RESULTS = "results", gettext_lazy("Results of a vote I follow are published")
    EVENT_REMINDER = "event_reminder", gettext_lazy("An event I registered for is near")
    NEWSLETTER = "newsletter", gettext_lazy("Newsletters about projects I follow or take part in")
    CITY_NEWSLETTER = "city_newsletter", gettext_lazy("The city's general newsletter")


class Frequency(models.TextChoices):
    OFF = "off", gettext_lazy("Off")
    IN_APP = "in_app", gettext_lazy("In the app only")
    IMMEDIATE = "immediate", gettext_lazy("In the app, and by email at once")
    DAILY = "daily", gettext_lazy("In the app, and in a daily email digest")
    WEEKLY = "weekly", gettext_lazy("In the app, and in a weekly email digest")


EMAIL_NOW = Frequency.IMMEDIATE
DIGESTS = (Frequency.DAILY, Frequency.WEEKLY)

# Defaults that do not flood anyone: what concerns you personally comes at once, what you merely
# follow comes once a week, and the city-wide newsletter only if you ask for it.
DEFAULTS: dict[str, str] = {
    Kind.IDEA_ANSWERED: Frequency.IMMEDIATE,
    Kind.COMMENT_ON_IDEA: Frequency.DAILY,
    Kind.REPLY: Frequency.DAILY,
    Kind.FOLLOWED_IDEA: Frequency.WEEKLY,
    Kind.PROJECT_UPDATE: Frequency.WEEKLY,
    Kind.PHASE_OPENED: Frequency.WEEKLY,
    Kind.PHASE_CLOSED: Frequency.WEEKLY,
    Kind.RESULTS: Frequency.IMMEDIATE,
    Kind.EVENT_REMINDER: Frequency.IMMEDIATE,
    Kind.NEWSLETTER: Frequency.IMMEDIATE,
    Kind.CITY_NEWSLETTER: Frequency.OFF,
}

# Newsletters are emails by nature: they are either sent or not.
NEWSLETTER_KINDS = (Kind.NEWSLETTER, Kind.CITY_NEWSLETTER)


def choices_for(kind: str) -> list[tuple[str, Any]]:
    if kind in NEWSLETTER_KINDS:
        return [
            (Frequency.IMMEDIATE, gettext_lazy("By email")),
            (Frequency.OFF, Frequency.OFF.label),
        ]
    return list(Frequency.choices)


def _t(data: Mapping[str, Any], key: str) -> str:
    return str(translate(data.get(key)))


def describe(kind: str, data: Mapping[str, Any]) -> str:
    """One sentence, in the active language, saying what happened."""
    values = {
        "actor": data.get("actor") or _("Someone"),
        "idea": data.get("idea", ""),
        "status": _t(data, "status"),
        "project": _t(data, "project"),
        "phase": _t(data, "phase"),
        "title": _t(data, "title"),
        "event": _t(data, "event"),
    }
    if kind == Kind.IDEA_ANSWERED:
        return _("The city answered your idea “%(idea)s”: %(status)s.") % values
    if kind == Kind.COMMENT_ON_IDEA:
        return _("%(actor)s commented on your idea “%(idea)s”.") % values
    if kind == Kind.REPLY:
        return _("%(actor)s replied to your comment on “%(idea)s”.") % values
    if kind == Kind.FOLLOWED_IDEA:
        if data.get("milestone"):
            return _("Progress on “%(idea)s”, an idea you follow: %(title)s.") % values
        return _("“%(idea)s”, an idea you follow, is now: %(status)s.") % values
    if kind == Kind.PROJECT_UPDATE:
        return _("News from %(project)s: %(title)s.") % values
    if kind == Kind.PHASE_OPENED:
        return _("%(phase)s is now open in %(project)s.") % values
    if kind == Kind.PHASE_CLOSED:
        return _("%(phase)s, in which you took part, has closed in %(project)s.") % values
    if kind == Kind.RESULTS:
        return _("The results of %(phase)s in %(project)s are published.") % values
    if kind == Kind.EVENT_REMINDER:
        return _("Reminder: %(event)s is coming soon.") % values
    return _("Something new in %(project)s.") % values
