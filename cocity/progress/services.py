"""Writes on implementation progress; followers of the idea hear of each step."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from cocity.core.sanitize import plain_text
from cocity.core.uploads import check_image_upload, reencode_image
from cocity.notifications import triggers as notify
from cocity.participation.capabilities import Capability
from cocity.participation.permissions import check
from cocity.progress.models import Implementation, Milestone, ProgressPhoto
from cocity.projects.services import clean_translated_text


def _require_decided(idea: Any, user: Any) -> None:
    decision = check(user, Capability.ANSWER, idea.phase.project)
    if not decision:
        raise PermissionDenied(decision.reason)
    if idea.status is None or not idea.status.is_decision:
        raise ValidationError(_("Progress is tracked once the city has decided on the idea."))


def implementation_for(idea: Any) -> Implementation:
    implementation, _created = Implementation.objects.get_or_create(idea=idea)
    return implementation


@transaction.atomic
def implementation_update(
    *, idea: Any, user: Any, percent_done: int, summary: Mapping[str, str] | None = None
) -> Implementation:
    _require_decided(idea, user)
    if not 0 <= percent_done <= 100:
        raise ValidationError({"percent_done": _("Give a percentage between 0 and 100.")})
    summary = clean_translated_text(summary, field="summary", max_length=2000, required=False)
    implementation = implementation_for(idea)
    changed = implementation.percent_done != percent_done
    implementation.percent_done = percent_done
    implementation.summary = summary
    implementation.updated_by = user
    implementation.save()
    if changed:
        title = {"en": f"{percent_done}%"}
        notify.progress_updated(idea=idea, actor=user, title=title, key=f"percent:{percent_done}")
    return implementation


@transaction.atomic
def milestone_add(
    *,
    idea: Any,
    user: Any,
    title: Mapping[str, str],
    due_on: date,
    done_on: date | None = None,
) -> Milestone:
    _require_decided(idea, user)
    title = clean_translated_text(title, field="title", max_length=200)
    if due_on is None:
        raise ValidationError({"due_on": _("Give the planned date.")})
    milestone = Milestone.objects.create(
        implementation=implementation_for(idea), title=title, due_on=due_on, done_on=done_on
    )
    notify.progress_updated(idea=idea, actor=user, title=title, key=f"milestone:{milestone.pk}")
    return milestone


@transaction.atomic
def milestone_mark_done(*, milestone: Milestone, user: Any, done_on: date) -> Milestone:
    idea = milestone.implementation.idea
    _require_decided(idea, user)
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    notify.progress_updated(
        idea=idea, actor=user, title=milestone.title, key=f"milestone-done:{milestone.pk}"
    )
    return milestone


@transaction.atomic
def photo_add(
    *, idea: Any, user: Any, image: UploadedFile, alt_text: str, taken_on: date
) -> ProgressPhoto:
    _require_decided(idea, user)
    alt_text = plain_text(alt_text or "").strip()[:300]
    if not alt_text:
        raise ValidationError({"alt_text": _("Describe the photo for people who cannot see it.")})
    try:
        check_image_upload(image)
    except ValidationError as error:
        raise ValidationError({"image": error.messages}) from None
    photo = ProgressPhoto(implementation=implementation_for(idea), alt_text=alt_text,
                          taken_on=taken_on)  # fmt: skip
    stored = reencode_image(image)
    photo.image.save(stored.name, stored, save=True)
    return photo
