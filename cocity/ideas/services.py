"""Writes on ideas, comments, reactions and follows.

Every service checks permission itself (views check too, to show the reason early), validates,
and writes inside a transaction. Counters on Idea move in the same transaction as the rows they
count, with F() expressions, so concurrent requests never double-count.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from cocity.core.geo import coordinates_problem
from cocity.core.sanitize import plain_text, render_markdown
from cocity.core.uploads import check_image_upload, reencode_image
from cocity.ideas import ranking
from cocity.ideas.models import (
    Comment,
    Idea,
    IdeaFollow,
    IdeaImage,
    IdeaSource,
    IdeaStatus,
    Reaction,
)
from cocity.moderation import services as moderation
from cocity.moderation.audit import record as audit_record
from cocity.notifications import triggers as notify
from cocity.participation.capabilities import Capability
from cocity.participation.permissions import require
from cocity.projects.models import Phase, Topic

MAX_IMAGES_PER_IDEA = 5


def is_listed(idea: Idea) -> bool:
    """Whether the public list shows the idea (the condition of Idea's partial indexes)."""
    return not idea.is_hidden and not idea.is_withdrawn


def idea_listing_moved(idea: Idea, *, was_listed: bool) -> None:
    """Keep `Phase.listed_idea_count` true after the idea entered or left the public list.

    The one place that moves the counter when one idea changes (submit, withdraw, and the
    moderation states in cocity/moderation/services.py); call it in the write's transaction,
    after saving, with whether the idea was listed before. An F() update, so concurrent writes
    add up; Greatest() keeps a counter that drifted (rows written outside the services) >= 0.
    """
    now_listed = is_listed(idea)
    if now_listed == was_listed:
        return
    delta = 1 if now_listed else -1
    Phase.objects.filter(pk=idea.phase_id).update(
        listed_idea_count=Greatest(F("listed_idea_count") + delta, Value(0))
    )


def phase_listed_ideas_recount(*, phase_ids: Iterable[int] | None = None) -> None:
    """Recount `Phase.listed_idea_count` from the rows (one UPDATE): after bulk writes (seeding,
    purging an account's ideas), or to repair. All phases when `phase_ids` is None."""
    listed = (
        Idea.objects.listed()
        .filter(phase=OuterRef("pk"))
        .order_by()
        .values("phase")
        .annotate(n=Count("pk"))
        .values("n")
    )
    phases = Phase.objects.all() if phase_ids is None else Phase.objects.filter(pk__in=phase_ids)
    phases.update(
        listed_idea_count=Coalesce(Subquery(listed, output_field=IntegerField()), Value(0))
    )


@dataclass(frozen=True)
class NewImage:
    file: UploadedFile
    alt_text: str = ""


def _clean_title(title: str) -> str:
    title = " ".join(plain_text(title).split())
    if not title:
        raise ValidationError({"title": _("Please give your idea a title.")})
    if len(title) > 140:
        raise ValidationError({"title": _("Titles can be at most 140 characters long.")})
    return title


def _clean_body(body: str, *, field: str = "body", max_length: int = 10_000) -> str:
    body = body.strip()
    if not body:
        raise ValidationError({field: _("This field cannot be empty.")})
    if len(body) > max_length:
        raise ValidationError(
            {field: _("Please keep this under %(max)d characters.") % {"max": max_length}}
        )
    return body


def _check_topics(phase: Phase, topics: Iterable[Topic]) -> list[Topic]:
    topics = list(topics)
    if any(t.project_id != phase.project_id for t in topics):
        raise ValidationError({"topics": _("Choose topics of this project.")})
    return topics


def _check_location(latitude: float | None, longitude: float | None) -> None:
    if problem := coordinates_problem(latitude, longitude):
        raise ValidationError({"latitude": problem})


def _add_images(idea: Idea, images: Sequence[NewImage]) -> None:
    existing = idea.images.count()
    if existing + len(images) > MAX_IMAGES_PER_IDEA:
        raise ValidationError(
            {"images": _("An idea can have at most %(max)d images.") % {"max": MAX_IMAGES_PER_IDEA}}
        )
    for offset, new in enumerate(images):
        check_image_upload(new.file)
        IdeaImage.objects.create(
            idea=idea,
            image=reencode_image(new.file),
            alt_text=plain_text(new.alt_text)[:200],
            position=existing + offset,
        )


@transaction.atomic
def idea_submit(
    *,
    phase: Phase,
    author: Any,
    title: str,
    body: str,
    topics: Iterable[Topic] = (),
    address: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    images: Sequence[NewImage] = (),
    is_official: bool = False,
    source: str = IdeaSource.ONLINE,
    source_event: Any = None,
    source_place: str = "",
    entered_by: Any = None,
) -> Idea:
    """Post an idea in an open ideation phase; the city's own proposals set is_official.

    Input collected offline (paper, workshop) or at a kiosk passes `entered_by`, the staff
    member who enters it (or who started the kiosk), with `source` and where it was collected;
    `author` is then the consenting resident or None (anonymous).
    """
    if entered_by is not None:
        if source not in (IdeaSource.OFFLINE, IdeaSource.KIOSK):
            raise ValidationError({"source": _("Say where this idea was collected.")})
        require(entered_by, Capability.ENTER_OFFLINE, phase)
    else:
        if source != IdeaSource.ONLINE:
            raise ValidationError({"source": _("Only staff enter ideas collected offline.")})
        require(author, Capability.POST_OFFICIAL if is_official else Capability.PROPOSE, phase)
    title = _clean_title(title)
    body = _clean_body(body)
    topics = _check_topics(phase, topics)
    _check_location(latitude, longitude)
    now = timezone.now()
    idea = Idea.objects.create(
        phase=phase,
        author=author,
        is_official=is_official,
        title=title,
        body=body,
        body_html=render_markdown(body),
        address=plain_text(address)[:200].strip(),
        latitude=latitude,
        longitude=longitude,
        status=IdeaStatus.objects.filter(is_default=True).first(),
        hot=ranking.hot(0, now),
        source=source,
        source_event=source_event,
        source_place=plain_text(source_place)[:200].strip(),
    )
    idea_listing_moved(idea, was_listed=False)
    idea.topics.set(topics)
    _add_images(idea, images)
    if author is not None:
        IdeaFollow.objects.get_or_create(idea=idea, user=author)
    moderation.content_screen(idea=idea, author=author, entered_by=entered_by)
    return idea


@transaction.atomic
def idea_edit(
    *,
    idea: Idea,
    user: Any,
    title: str,
    body: str,
    topics: Iterable[Topic] = (),
    address: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    new_images: Sequence[NewImage] = (),
    remove_image_ids: Iterable[int] = (),
) -> Idea:
    require(user, Capability.EDIT, idea)
    idea.title = _clean_title(title)
    idea.body = _clean_body(body)
    idea.body_html = render_markdown(idea.body)
    topics = _check_topics(idea.phase, topics)
    _check_location(latitude, longitude)
    idea.address = plain_text(address)[:200].strip()
    idea.latitude, idea.longitude = latitude, longitude
    idea.save()
    idea.topics.set(topics)
    for image in idea.images.filter(pk__in=list(remove_image_ids)):
        image.image.delete(save=False)
        image.delete()
    _add_images(idea, new_images)
    moderation.content_screen(idea=idea, author=idea.author, is_edit=True)
    return idea


@transaction.atomic
def idea_withdraw(*, idea: Idea, user: Any) -> Idea:
    """The author takes the idea back; it leaves the lists but its page stays, marked withdrawn."""
    require(user, Capability.WITHDRAW, idea)
    was_listed = is_listed(idea)
    idea.is_withdrawn = True
    idea.save(update_fields=["is_withdrawn", "updated_at"])
    idea_listing_moved(idea, was_listed=was_listed)
    return idea


@transaction.atomic
def idea_answer(
    *, idea: Idea, user: Any, status: IdeaStatus, answer: str
) -> Idea:  # fmt: skip
    """Staff set the idea's status and the city's official answer, shown on the idea."""
    require(user, Capability.ANSWER, idea.phase.project)
    answer = answer.strip()
    if status is None:
        raise ValidationError({"status": _("Choose the idea's status.")})
    if status.is_decision and not answer:
        # Residents deserve to know why: a decision always comes with the city's explanation.
        raise ValidationError(
            {"answer": _("A decision needs an explanation: write the city's answer to the author.")}
        )
    if len(answer) > 10_000:
        raise ValidationError(
            {"answer": _("Please keep this under %(max)d characters.") % {"max": 10_000}}
        )
    before = {"status": idea.status_id, "answer": idea.official_answer}
    idea.status = status
    idea.official_answer = answer
    idea.official_answer_html = render_markdown(answer) if answer else ""
    idea.answered_at = timezone.now()
    idea.answered_by = user
    idea.save(
        update_fields=[
            "status", "official_answer", "official_answer_html", "answered_at", "answered_by",
            "updated_at",
        ]
    )  # fmt: skip
    notify.idea_answered(idea=idea, actor=user)
    audit_record(actor=user, action="idea.answer", target=idea, project=idea.phase.project_id,
                 before=before, after={"status": status.pk, "answer": answer})  # fmt: skip
    return idea


def _move_counters(idea: Idea, *, up: int = 0, down: int = 0) -> None:
    Idea.objects.filter(pk=idea.pk).update(
        up_count=F("up_count") + up, down_count=F("down_count") + down, score=F("score") + up - down
    )
    idea.refresh_from_db(fields=["up_count", "down_count", "score", "created_at"])
    idea.hot = ranking.hot(idea.score, idea.created_at)
    Idea.objects.filter(pk=idea.pk).update(hot=idea.hot)


@transaction.atomic
def reaction_set(*, idea: Idea, user: Any, value: int) -> int:
    """Set the user's reaction to +1, -1 or 0 (none). Returns the value now stored.

    Idempotent: sending the same value twice changes nothing. Under concurrent requests the
    unique constraint decides which insert wins; the loser is treated as a no-op.
    """
    require(user, Capability.REACT, idea)
    if value not in (-1, 0, 1):
        raise ValidationError(_("Unknown reaction."))
    if value == -1 and idea.phase.project.reaction_mode != "up_down":
        raise ValidationError(_("This project takes support only, not disagreement."))
    existing = Reaction.objects.select_for_update().filter(idea=idea, user=user).first()
    old = existing.value if existing else 0
    if old == value:
        return value
    if existing and value == 0:
        existing.delete()
    elif existing:
        existing.value = value
        existing.save(update_fields=["value"])
    else:
        try:
            with transaction.atomic():
                Reaction.objects.create(idea=idea, user=user, value=value)
        except IntegrityError:
            # A parallel request from the same user inserted first; its counters count it.
            return Reaction.objects.get(idea=idea, user=user).value
    up = (value == 1) - (old == 1)
    down = (value == -1) - (old == -1)
    _move_counters(idea, up=up, down=down)
    return value


@transaction.atomic
def idea_follow(*, idea: Idea, user: Any, follow: bool = True) -> bool:
    require(user, Capability.FOLLOW, idea)
    if follow:
        IdeaFollow.objects.get_or_create(idea=idea, user=user)
    else:
        IdeaFollow.objects.filter(idea=idea, user=user).delete()
    return follow


@transaction.atomic
def comment_post(
    *,
    idea: Idea,
    author: Any,
    body: str,
    parent: Comment | None = None,
    entered_by: Any = None,
) -> Comment:
    """Comment on an idea, or reply to a top-level comment (two levels, no deeper).

    `entered_by`: staff entering a comment collected offline; `author` is then the consenting
    resident or None (anonymous).
    """
    if parent is not None and parent.idea_id != idea.pk:
        raise ValidationError(_("This reply does not belong to this idea."))
    if entered_by is not None:
        if parent is not None and parent.parent_id is not None:
            raise ValidationError(
                _("Replies go two levels deep; reply to the first comment instead.")
            )
        require(entered_by, Capability.ENTER_OFFLINE, idea)
    elif parent is not None:
        require(author, Capability.COMMENT, parent)
    else:
        require(author, Capability.COMMENT, idea)
    body = _clean_body(body, max_length=5_000)
    comment = Comment.objects.create(
        idea=idea, author=author, parent=parent, body=body, body_html=render_markdown(body)
    )
    Idea.objects.filter(pk=idea.pk).update(comment_count=F("comment_count") + 1)
    moderation.content_screen(comment=comment, author=author, entered_by=entered_by)
    notify.comment_posted(comment=comment, actor=entered_by or author)
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, user: Any, body: str) -> Comment:
    require(user, Capability.EDIT, comment)
    comment.body = _clean_body(body, max_length=5_000)
    comment.body_html = render_markdown(comment.body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    moderation.content_screen(comment=comment, author=comment.author, is_edit=True)
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, user: Any) -> Comment:
    """Soft delete: the thread keeps its shape and shows "comment removed"."""
    require(user, Capability.DELETE, comment)
    locked = Comment.objects.select_for_update().get(pk=comment.pk)
    if locked.is_removed:
        return locked
    locked.is_removed = True
    locked.removed_by_moderator = locked.author_id != getattr(user, "pk", None)
    locked.body = ""
    locked.body_html = ""
    locked.save(update_fields=["is_removed", "removed_by_moderator", "body", "body_html"])
    Idea.objects.filter(pk=locked.idea_id).update(comment_count=F("comment_count") - 1)
    return locked
