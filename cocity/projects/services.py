"""Writes on projects, phases and topics.

Every service checks permission itself (raising PermissionDenied with the reason) and validates
(raising ValidationError keyed by field, with translated messages) before it writes anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Min
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocity.accounts.models import Role
from cocity.core.i18n import clean_translations
from cocity.core.uploads import check_image_upload, reencode_image
from cocity.moderation.audit import record as audit_record
from cocity.participation.capabilities import Capability
from cocity.participation.permissions import require
from cocity.participation.registry import get_method, methods
from cocity.projects.models import (
    Area,
    Phase,
    Project,
    ProjectFollow,
    ReactionMode,
    Topic,
    Visibility,
)

TITLE_MAX = 200
SUMMARY_MAX = 500
DESCRIPTION_MAX = 20_000
TOPIC_NAME_MAX = 80
ALT_MAX = 300
# Roles that may be made managers of a project.
MANAGER_ROLES = (Role.PROJECT_MANAGER, Role.ADMINISTRATOR)


def _language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


def clean_translated_text(
    value: Mapping[str, str] | None, *, field: str, max_length: int, required: bool = True
) -> dict[str, str]:
    """Validate a translated text: known languages, the fallback one present if required."""
    texts = clean_translations(value or {})
    fallback = settings.COCITY_FALLBACK_LANGUAGE
    if required and not texts.get(fallback):
        message = _("Please write the %(language)s text.")
        raise ValidationError({field: message % {"language": _language_name(fallback)}})
    for code, text in texts.items():
        if len(text) > max_length:
            raise ValidationError(
                {
                    field: _("The %(language)s text is too long (at most %(max)d characters).")
                    % {"language": _language_name(code), "max": max_length}
                }
            )
    return texts


def _audited(project: Project, managers: Iterable[Any]) -> dict[str, Any]:
    """What the audit log keeps of a project before and after a change."""
    return {
        "title": project.title,
        "visibility": project.visibility,
        "reaction_mode": project.reaction_mode,
        "is_premoderated": project.is_premoderated,
        "managers": sorted(m.pk for m in managers),
    }


def project_refresh_dates(*, project: Project) -> None:
    """Copy the first start and last end of the phases onto the project (for the home page)."""
    bounds = project.phases.aggregate(starts=Min("starts_at"), ends=Max("ends_at"))
    Project.objects.filter(pk=project.pk).update(starts_at=bounds["starts"], ends_at=bounds["ends"])
    project.starts_at, project.ends_at = bounds["starts"], bounds["ends"]


@transaction.atomic
def project_follow(*, project: Project, user: object, follow: bool = True) -> bool:
    """Follow or unfollow; idempotent. Returns whether the user now follows the project."""
    if follow:
        ProjectFollow.objects.get_or_create(project=project, user=user)
    else:
        ProjectFollow.objects.filter(project=project, user=user).delete()
    return follow


# --- Projects -----------------------------------------------------------------------------------


# Words the back office's addresses use after /projects/ (e.g. /staff/projects/new/).
RESERVED_SLUGS = {"new"}


def _unique_slug(base: str) -> str:
    base = slugify(base)[:70].strip("-")
    if not base or base in RESERVED_SLUGS:
        base = "project"
    slug, n = base, 2
    while Project.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def _check_choice(value: str, choices: Any, *, field: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: _("Choose one of the proposed options.")})
    return value


def _check_managers(managers: Iterable[Any]) -> list[Any]:
    managers = list(managers)
    for manager in managers:
        if manager.role not in MANAGER_ROLES or not manager.is_active:
            raise ValidationError(
                {
                    "managers": _(
                        "%(name)s is not a project manager or administrator; "
                        "change their role first."
                    )
                    % {"name": manager.public_name}
                }
            )
    return managers


def _set_cover(
    project: Project,
    cover_image: UploadedFile | None,
    remove_cover: bool,
    cover_alt: Mapping[str, str],
) -> None:
    old = project.cover_image.name if project.cover_image else ""
    will_have_cover = cover_image is not None or (bool(old) and not remove_cover)
    if will_have_cover and not cover_alt:
        raise ValidationError(
            {"cover_alt": _("Describe the cover image for people who cannot see it.")}
        )
    if cover_image is not None:
        try:
            check_image_upload(cover_image)
        except ValidationError as error:
            raise ValidationError({"cover_image": error.messages}) from None
        project.cover_image = reencode_image(cover_image)
    elif remove_cover:
        project.cover_image = ""
    if old and (cover_image is not None or remove_cover):
        # Delete the replaced file once the row points elsewhere, and only if the write commits.
        storage = project.cover_image.storage
        transaction.on_commit(lambda: storage.delete(old))


@transaction.atomic
def project_create(
    *,
    user: Any,
    title: Mapping[str, str],
    summary: Mapping[str, str] | None = None,
    description: Mapping[str, str] | None = None,
    slug: str = "",
    cover_image: UploadedFile | None = None,
    cover_alt: Mapping[str, str] | None = None,
    area: Area | None = None,
    visibility: str = Visibility.DRAFT,
    reaction_mode: str = ReactionMode.UP,
    managers: Iterable[Any] = (),
) -> Project:
    """An administrator starts a project; it stays a draft (staff only) until published."""
    require(user, Capability.CREATE_PROJECT, None)
    title = clean_translated_text(title, field="title", max_length=TITLE_MAX)
    slug = slugify(slug)
    if slug in RESERVED_SLUGS:
        raise ValidationError({"slug": _("This web address is reserved; choose another.")})
    if slug and Project.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("Another project already uses this web address.")})
    project = Project(
        slug=slug or _unique_slug(title[settings.COCITY_FALLBACK_LANGUAGE]),
        title=title,
        summary=clean_translated_text(
            summary, field="summary", max_length=SUMMARY_MAX, required=False
        ),
        description=clean_translated_text(
            description, field="description", max_length=DESCRIPTION_MAX, required=False
        ),
        cover_alt=clean_translated_text(
            cover_alt, field="cover_alt", max_length=ALT_MAX, required=False
        ),
        area=area,
        visibility=_check_choice(visibility, Visibility, field="visibility"),
        reaction_mode=_check_choice(reaction_mode, ReactionMode, field="reaction_mode"),
    )
    managers = _check_managers(managers)
    _set_cover(project, cover_image, False, project.cover_alt)
    project.save()
    project.managers.set(managers)
    audit_record(actor=user, action="project.create", target=project, project=project,
                 after=_audited(project, managers))  # fmt: skip
    return project


@transaction.atomic
def project_update(
    *,
    project: Project,
    user: Any,
    title: Mapping[str, str],
    summary: Mapping[str, str] | None = None,
    description: Mapping[str, str] | None = None,
    cover_image: UploadedFile | None = None,
    remove_cover: bool = False,
    cover_alt: Mapping[str, str] | None = None,
    area: Area | None = None,
    visibility: str = Visibility.DRAFT,
    reaction_mode: str = ReactionMode.UP,
    managers: Iterable[Any] | None = None,
) -> Project:
    """Change a project's texts and settings. `managers=None` leaves the managers as they are;
    only administrators may change them."""
    require(user, Capability.MANAGE, project)
    if managers is not None:
        require(user, Capability.ADMINISTER, None)
        managers = _check_managers(managers)
    before = _audited(project, project.managers.all())
    project.title = clean_translated_text(title, field="title", max_length=TITLE_MAX)
    project.summary = clean_translated_text(
        summary, field="summary", max_length=SUMMARY_MAX, required=False
    )
    project.description = clean_translated_text(
        description, field="description", max_length=DESCRIPTION_MAX, required=False
    )
    project.cover_alt = clean_translated_text(
        cover_alt, field="cover_alt", max_length=ALT_MAX, required=False
    )
    project.area = area
    project.visibility = _check_choice(visibility, Visibility, field="visibility")
    project.reaction_mode = _check_choice(reaction_mode, ReactionMode, field="reaction_mode")
    _set_cover(project, cover_image, remove_cover, project.cover_alt)
    project.save()
    if managers is not None:
        project.managers.set(managers)
    audit_record(actor=user, action="project.update", target=project, project=project,
                 before=before, after=_audited(project, project.managers.all()))  # fmt: skip
    return project


# --- Phases -------------------------------------------------------------------------------------


def _check_method(method: str) -> str:
    if method not in methods():
        raise ValidationError({"method": _("Choose one of the participation methods on offer.")})
    return method


def _check_dates(starts_at: datetime | None, ends_at: datetime | None) -> None:
    if starts_at is None:
        raise ValidationError({"starts_at": _("Please give the start date and time.")})
    if ends_at is None:
        raise ValidationError({"ends_at": _("Please give the end date and time.")})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("A phase must end after it starts.")})


def _count_contributions(phase: Phase) -> int:
    """How many rows participation methods attached to this phase (ideas, …).

    Looks at every model pointing at Phase, so that the content of methods added later is
    protected too without this function knowing them.
    """
    total = get_method(phase.method).count_contributions(phase) if phase.method in methods() else 0
    for relation in phase._meta.related_objects:
        if relation.one_to_many and relation.related_model is not Phase:
            total += relation.related_model._base_manager.filter(
                **{relation.field.name: phase}
            ).count()
    return total


def phase_has_contributions(*, phase: Phase) -> bool:
    """Whether residents took part in this phase (its method then stays, and it cannot go)."""
    return _count_contributions(phase) > 0


def phase_overlaps(*, phase: Phase) -> list[Phase]:
    """The project's other phases whose dates overlap this one's.

    Overlaps are allowed (an information phase may run alongside an ideation phase) but
    staff are warned, since residents then see two current phases.
    """
    return list(
        Phase.objects.filter(
            project_id=phase.project_id, starts_at__lt=phase.ends_at, ends_at__gt=phase.starts_at
        )
        .exclude(pk=phase.pk)
        .order_by("starts_at", "pk")
    )


@transaction.atomic
def phase_create(
    *,
    project: Project,
    user: Any,
    method: str,
    title: Mapping[str, str],
    description: Mapping[str, str] | None = None,
    starts_at: datetime | None,
    ends_at: datetime | None,
) -> Phase:
    """Add a phase to a project's timeline, then refresh the project's dates."""
    require(user, Capability.MANAGE, project)
    phase = Phase(
        project=project,
        method=_check_method(method),
        title=clean_translated_text(title, field="title", max_length=TITLE_MAX),
        description=clean_translated_text(
            description, field="description", max_length=DESCRIPTION_MAX, required=False
        ),
    )
    _check_dates(starts_at, ends_at)
    phase.starts_at, phase.ends_at = starts_at, ends_at
    phase.save()
    project_refresh_dates(project=project)
    return phase


@transaction.atomic
def phase_update(
    *,
    phase: Phase,
    user: Any,
    method: str,
    title: Mapping[str, str],
    description: Mapping[str, str] | None = None,
    starts_at: datetime | None,
    ends_at: datetime | None,
) -> Phase:
    """Change a phase. Its method cannot change once residents have contributed to it."""
    require(user, Capability.MANAGE, phase.project)
    method = _check_method(method)
    if method != phase.method and _count_contributions(phase):
        raise ValidationError(
            {"method": _("Residents have already taken part in this phase; its method stays.")}
        )
    title = clean_translated_text(title, field="title", max_length=TITLE_MAX)
    description = clean_translated_text(
        description, field="description", max_length=DESCRIPTION_MAX, required=False
    )
    _check_dates(starts_at, ends_at)
    phase.method, phase.title, phase.description = method, title, description
    phase.starts_at, phase.ends_at = starts_at, ends_at
    phase.save()
    project_refresh_dates(project=phase.project)
    return phase


@transaction.atomic
def phase_delete(*, phase: Phase, user: Any) -> None:
    """Remove a phase that holds no contributions; one with ideas must stay (shorten it instead)."""
    require(user, Capability.MANAGE, phase.project)
    count = _count_contributions(phase)
    if count:
        raise ValidationError(
            ngettext(
                "This phase cannot be deleted: residents have posted %(count)d idea or other "
                "contribution in it. Change its dates or description instead.",
                "This phase cannot be deleted: residents have posted %(count)d ideas or other "
                "contributions in it. Change its dates or description instead.",
                count,
            )
            % {"count": count}
        )
    project = phase.project
    phase.delete()
    project_refresh_dates(project=project)


# --- Topics -------------------------------------------------------------------------------------


@transaction.atomic
def topic_create(
    *, project: Project, user: Any, name: Mapping[str, str], position: int | None = None
) -> Topic:
    """Add a topic; without a position it goes last."""
    require(user, Capability.MANAGE, project)
    name = clean_translated_text(name, field="name", max_length=TOPIC_NAME_MAX)
    if position is None:
        last = project.topics.aggregate(last=Max("position"))["last"]
        position = 0 if last is None else last + 1
    if position < 0:
        raise ValidationError({"position": _("Positions start at 0.")})
    return Topic.objects.create(project=project, name=name, position=position)


@transaction.atomic
def topic_update(*, topic: Topic, user: Any, name: Mapping[str, str], position: int) -> Topic:
    require(user, Capability.MANAGE, topic.project)
    topic.name = clean_translated_text(name, field="name", max_length=TOPIC_NAME_MAX)
    if position < 0:
        raise ValidationError({"position": _("Positions start at 0.")})
    topic.position = position
    topic.save(update_fields=["name", "position"])
    return topic


@transaction.atomic
def topic_delete(*, topic: Topic, user: Any) -> None:
    """Delete a topic; ideas that carried it simply lose it."""
    require(user, Capability.MANAGE, topic.project)
    topic.delete()


@transaction.atomic
def topic_reorder(*, project: Project, user: Any, topic_ids: Sequence[int]) -> list[Topic]:
    """Put the project's topics in the given order (positions 0, 1, 2, …).

    Every topic of the project must appear once, and no topic of another project.
    """
    require(user, Capability.MANAGE, project)
    topics = {t.pk: t for t in project.topics.select_for_update()}
    if len(set(topic_ids)) != len(topic_ids) or set(topic_ids) != set(topics):
        raise ValidationError(_("Give each of this project's topics exactly once."))
    ordered = [topics[pk] for pk in topic_ids]
    for position, topic in enumerate(ordered):
        topic.position = position
    Topic.objects.bulk_update(ordered, ["position"])
    return ordered


@transaction.atomic
def topic_move(*, topic: Topic, user: Any, offset: int) -> list[Topic]:
    """Move a topic up (-1) or down (+1) in its project's list."""
    project = topic.project
    order = list(project.topics.order_by("position", "pk").values_list("pk", flat=True))
    index = order.index(topic.pk)
    target = max(0, min(len(order) - 1, index + offset))
    order.insert(target, order.pop(index))
    return topic_reorder(project=project, user=user, topic_ids=order)
