"""Writes on accounts: profile, demographics, and deleting an account.

Each service validates its input itself (raising ValidationError with translated messages) and
writes inside one transaction, so a refused change leaves the database as it was.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cocity.accounts.models import Demographics, Gender, User

DISPLAY_NAME_MAX_LENGTH = 60
OLDEST_PLAUSIBLE_AGE = 120
FORBIDDEN_NAME_CHARACTERS = set("<>{}")


def check_display_name(value: str) -> str:
    """The name shown next to what a resident posts: 1 to 60 visible characters, no markup."""
    name = " ".join((value or "").split())
    if not name:
        raise ValidationError({"display_name": _("Please enter a display name.")})
    if len(name) > DISPLAY_NAME_MAX_LENGTH:
        raise ValidationError(
            {
                "display_name": _("A display name can be at most %(max)d characters long.")
                % {"max": DISPLAY_NAME_MAX_LENGTH}
            }
        )
    if FORBIDDEN_NAME_CHARACTERS & set(name) or any(not ch.isprintable() for ch in name):
        raise ValidationError(
            {"display_name": _("A display name cannot contain the characters < > { }.")}
        )
    return name


def check_language(value: str) -> str:
    """'' (follow the browser) or one of the site's languages."""
    value = (value or "").strip()
    if value and value not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError({"preferred_language": _("Choose one of the offered languages.")})
    return value


def check_year_of_birth(value: int | None, *, today_year: int | None = None) -> int | None:
    if value is None:
        return None
    this_year = today_year or timezone.localdate().year
    if value > this_year:
        raise ValidationError({"year_of_birth": _("The year of birth cannot be in the future.")})
    if value < this_year - OLDEST_PLAUSIBLE_AGE:
        raise ValidationError(
            {
                "year_of_birth": _("Please enter a year of birth after %(year)d.")
                % {"year": this_year - OLDEST_PLAUSIBLE_AGE - 1}
            }
        )
    return value


@transaction.atomic
def user_complete_signup(*, user: User, display_name: str, language: str = "") -> User:
    """Called by allauth's sign-up: the public name, and the language the person signed up in."""
    user.display_name = check_display_name(display_name)
    try:
        user.preferred_language = check_language(language)
    except ValidationError:
        user.preferred_language = ""
    user.save(update_fields=["display_name", "preferred_language"])
    return user


@transaction.atomic
def user_update_profile(*, user: User, display_name: str, preferred_language: str) -> User:
    """Change the public name and the language the site speaks to this person."""
    errors: dict[str, Any] = {}
    try:
        display_name = check_display_name(display_name)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        preferred_language = check_language(preferred_language)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    user.display_name = display_name
    user.preferred_language = preferred_language
    user.save(update_fields=["display_name", "preferred_language"])
    return user


def user_set_language(*, user: User, language: str) -> User:
    """Remember the language a signed-in person chose in the switcher (emails follow it too)."""
    user.preferred_language = check_language(language)
    user.save(update_fields=["preferred_language"])
    return user


@transaction.atomic
def demographics_save(
    *,
    user: User,
    year_of_birth: int | None,
    gender: str,
    area: Any | None,
    consent: bool,
) -> Demographics:
    """Store the person's answers with the moment they consented; every save renews consent."""
    if not consent:
        raise ValidationError(
            {"consent": _("Please tick the box to agree, or leave this page without saving.")}
        )
    year_of_birth = check_year_of_birth(year_of_birth)
    gender = gender or ""
    if gender and gender not in Gender.values:
        raise ValidationError({"gender": _("Choose one of the offered answers.")})
    if year_of_birth is None and not gender and area is None:
        raise ValidationError(
            _("Answer at least one question, or delete your answers if you want none kept.")
        )
    demographics, _created = Demographics.objects.update_or_create(
        user=user,
        defaults={
            "year_of_birth": year_of_birth,
            "gender": gender,
            "area": area,
            "consented_at": timezone.now(),
        },
    )
    return demographics


@transaction.atomic
def demographics_delete(*, user: User) -> bool:
    """Forget the person's answers. Returns whether there was anything to delete."""
    deleted, _detail = Demographics.objects.filter(user=user).delete()
    return bool(deleted)


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Delete an account for good.

    What the person posted stays, so discussions keep their shape, but without their name
    (author set to nobody, shown as "A former member"). Reactions are removed and the ideas'
    counters moved back in the same transaction; follows, demographics, email addresses, second
    factors and sessions' identity go with the account row.
    """
    from allauth.account.models import EmailAddress

    from cocity.ideas import ranking
    from cocity.ideas.models import Comment, Idea, IdeaFollow, Reaction

    user = User.objects.select_for_update().get(pk=user.pk)
    Idea.objects.filter(author=user).update(author=None)
    Idea.objects.filter(answered_by=user).update(answered_by=None)
    Comment.objects.filter(author=user).update(author=None)

    changes: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for idea_id, value in Reaction.objects.filter(user=user).values_list("idea_id", "value"):
        changes[idea_id][0 if value == Reaction.UP else 1] += 1
    Reaction.objects.filter(user=user).delete()
    for idea_id, (ups, downs) in changes.items():
        Idea.objects.filter(pk=idea_id).update(
            up_count=F("up_count") - ups,
            down_count=F("down_count") - downs,
            score=F("score") - ups + downs,
        )
    for idea in Idea.objects.filter(pk__in=list(changes)).only("pk", "score", "created_at"):
        Idea.objects.filter(pk=idea.pk).update(hot=ranking.hot(idea.score, idea.created_at))

    IdeaFollow.objects.filter(user=user).delete()
    Demographics.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    user.delete()
