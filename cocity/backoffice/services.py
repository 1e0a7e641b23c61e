"""Writes on the city's own settings that only the back office makes: the idea statuses.

(Project, phase and topic writes live in cocity/projects/services.py; answering an idea in
cocity/ideas/services.py.)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cocity.ideas.models import IdeaStatus
from cocity.participation.capabilities import Capability
from cocity.participation.permissions import require
from cocity.projects.services import clean_translated_text

LABEL_MAX = 60
DESCRIPTION_MAX = 500


def _check_slug(slug: str, *, instance: IdeaStatus | None) -> str:
    cleaned = slugify(slug)
    if not cleaned:
        raise ValidationError({"slug": _("Give a short identifier, like “accepted”.")})
    if len(cleaned) > 40:
        raise ValidationError({"slug": _("Identifiers can be at most 40 characters long.")})
    taken = IdeaStatus.objects.filter(slug=cleaned)
    if instance is not None:
        taken = taken.exclude(pk=instance.pk)
    if taken.exists():
        raise ValidationError({"slug": _("Another status already uses this identifier.")})
    return cleaned


def _save_status(
    status: IdeaStatus,
    *,
    slug: str,
    label: Mapping[str, str],
    description: Mapping[str, str] | None,
    position: int | None,
    is_default: bool,
    is_decision: bool,
) -> IdeaStatus:
    status.slug = _check_slug(slug, instance=status if status.pk else None)
    status.label = clean_translated_text(label, field="label", max_length=LABEL_MAX)
    status.description = clean_translated_text(
        description, field="description", max_length=DESCRIPTION_MAX, required=False
    )
    if position is not None and position < 0:
        raise ValidationError({"position": _("Positions start at 0.")})
    if position is None:
        last = IdeaStatus.objects.order_by("-position").values_list("position", flat=True).first()
        position = 0 if last is None else last + 1
    if status.pk and status.is_default and not is_default:
        raise ValidationError(
            {"is_default": _("New ideas need a status: make another one the default instead.")}
        )
    status.position = position
    status.is_decision = is_decision
    status.is_default = is_default
    if is_default:
        # One default at a time (a database constraint says so): the new one takes over.
        IdeaStatus.objects.filter(is_default=True).exclude(pk=status.pk).update(is_default=False)
    status.save()
    return status


@transaction.atomic
def idea_status_create(
    *,
    user: Any,
    slug: str,
    label: Mapping[str, str],
    description: Mapping[str, str] | None = None,
    position: int | None = None,
    is_default: bool = False,
    is_decision: bool = False,
) -> IdeaStatus:
    """Add a status ideas can be given; administrators only."""
    require(user, Capability.ADMINISTER)
    return _save_status(
        IdeaStatus(),
        slug=slug,
        label=label,
        description=description,
        position=position,
        is_default=is_default,
        is_decision=is_decision,
    )


@transaction.atomic
def idea_status_update(
    *,
    status: IdeaStatus,
    user: Any,
    slug: str,
    label: Mapping[str, str],
    description: Mapping[str, str] | None = None,
    position: int | None = None,
    is_default: bool = False,
    is_decision: bool = False,
) -> IdeaStatus:
    """Rename or re-rank a status; ideas keep it. Administrators only."""
    require(user, Capability.ADMINISTER)
    return _save_status(
        status,
        slug=slug,
        label=label,
        description=description,
        position=position,
        is_default=is_default,
        is_decision=is_decision,
    )
