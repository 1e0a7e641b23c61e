"""The one permission function: `can(user, capability, obj)`, used by views and templates alike.

Rules combine who the user is (anonymous, resident, author, moderator, project manager,
administrator) with where the content stands (project visibility, phase timing, method).
`check()` also says *why* something is refused, so pages can show a clear reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cocity.accounts.models import Role
from cocity.participation.capabilities import Capability
from cocity.participation.registry import get_method

if TYPE_CHECKING:
    from cocity.accounts.models import User
    from cocity.events.models import Event
    from cocity.ideas.models import Comment, Idea
    from cocity.projects.models import Phase, Project

AnyUser = "User | AnonymousUser"

RESIDENT_PHASE_CAPABILITIES = {
    Capability.PROPOSE,
    Capability.COMMENT,
    Capability.REACT,
    Capability.VOTE,
}
# Capabilities that do not depend on an object (pass `None`).
PLATFORM_CAPABILITIES = {
    Capability.CREATE_PROJECT,
    Capability.ACCESS_BACKOFFICE,
    Capability.ADMINISTER,
    Capability.MODERATE_ACCOUNTS,
    Capability.SEE_REPORTERS,
    Capability.ORGANISE_EVENTS,
}


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOW = Decision(True)


def _deny(reason: str) -> Decision:
    return Decision(False, reason)


def is_project_staff(user: Any, project: Project) -> bool:
    """Administrators, and project managers of this project."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_administrator:
        return True
    # Views that list many projects prefetch `managers`; a single check is one query.
    return any(m.pk == user.pk for m in project.managers.all())


def check(user: User | AnonymousUser | None, capability: Capability, obj: Any, *,
          now: datetime | None = None) -> Decision:  # fmt: skip
    """Decide whether `user` may do `capability` on `obj` (a Project, Phase, Idea, Comment,
    Event or BallotItem)."""
    from cocity.events.models import Event
    from cocity.ideas.models import Comment, Idea
    from cocity.projects.models import Phase, Project
    from cocity.voting.models import BallotItem

    user = user or AnonymousUser()
    capability = Capability(capability)
    now = now or timezone.now()
    if capability in PLATFORM_CAPABILITIES:
        return _check_platform(user, capability)
    if capability == Capability.REPORT or type(obj).__name__ == "ModerationCase":
        return _check_moderation(user, capability, obj)
    if isinstance(obj, Project):
        return _check_project(user, capability, obj)
    if isinstance(obj, Phase):
        return _check_phase(user, capability, obj, now)
    if isinstance(obj, Idea):
        return _check_idea(user, capability, obj, now)
    if isinstance(obj, Comment):
        return _check_comment(user, capability, obj, now)
    if isinstance(obj, Event):
        return _check_event(user, capability, obj, now)
    if isinstance(obj, BallotItem):
        return _check_ballot_item(user, capability, obj, now)
    raise TypeError(f"No permission rules for {type(obj).__name__}")


def require(user: User | AnonymousUser | None, capability: Capability, obj: Any = None, *,
            now: datetime | None = None) -> None:  # fmt: skip
    """`check()` for services: raise PermissionDenied with the reason when refused."""
    decision = check(user, capability, obj, now=now)
    if not decision:
        raise PermissionDenied(decision.reason)


def can(user: User | AnonymousUser | None, capability: Capability | str, obj: Any = None, *,
        now: datetime | None = None) -> bool:  # fmt: skip
    return check(user, Capability(capability), obj, now=now).allowed


def _check_platform(user: Any, capability: Capability) -> Decision:
    if not user.is_authenticated or not user.is_active:
        return _deny(_("Please sign in."))
    if capability == Capability.CREATE_PROJECT:
        return ALLOW if user.is_administrator else _deny(_("Only administrators create projects."))
    if capability in (Capability.ADMINISTER, Capability.SEE_REPORTERS):
        return ALLOW if user.is_administrator else _deny(_("Only administrators can do this."))
    if capability == Capability.MODERATE_ACCOUNTS:
        return ALLOW if user.is_moderator else _deny(_("Only moderators can do this."))
    if capability == Capability.ORGANISE_EVENTS:
        allowed = user.is_administrator or user.role == Role.PROJECT_MANAGER
        reason = _("Only administrators and project managers can do this.")
        return ALLOW if allowed else _deny(reason)
    # Moderators reach the back office too (moderation lives there); a project manager does
    # even before being given a project, and sees an empty list rather than a refusal.
    staff = user.is_moderator or user.role == Role.PROJECT_MANAGER or user.managed_projects.exists()
    return ALLOW if staff else _deny(_("This area is for city staff."))


def _check_project(user: Any, capability: Capability, project: Project) -> Decision:
    staff = is_project_staff(user, project)
    if capability == Capability.VIEW:
        if project.visibility == "draft" and not staff:
            return _deny(_("This project is not published yet."))
        return ALLOW
    if capability in (Capability.MANAGE, Capability.ANSWER, Capability.POST_OFFICIAL):
        return ALLOW if staff else _deny(_("Only the project's managers can do this."))
    if capability == Capability.MODERATE:
        allowed = staff or (user.is_authenticated and user.is_moderator)
        return ALLOW if allowed else _deny(_("Only moderators can do this."))
    if capability == Capability.FOLLOW:
        if not user.is_authenticated:
            return _deny(_("Sign in to follow this project."))
        return _check_project(user, Capability.VIEW, project)
    raise ValueError(f"{capability} does not apply to a project")


def _closed_reason(phase: Phase, timing: str) -> str:
    method = get_method(phase.method)
    if timing == "before":
        return _("%(method)s opens on %(date)s.") % {
            "method": method.label,
            "date": formats.date_format(timezone.localtime(phase.starts_at), "DATE_FORMAT"),
        }
    return _("%(method)s closed on %(date)s.") % {
        "method": method.label,
        "date": formats.date_format(timezone.localtime(phase.ends_at), "DATE_FORMAT"),
    }


def _check_phase(user: Any, capability: Capability, phase: Phase, now: datetime) -> Decision:
    project = phase.project
    if capability in RESIDENT_PHASE_CAPABILITIES:
        seen = _check_project(user, Capability.VIEW, project)
        if not seen:
            return seen
        method = get_method(phase.method)
        timing = phase.timing(now)
        if project.visibility == "archived":
            return _deny(_("This project is archived."))
        if capability not in method.open_capabilities:
            return _deny(_("This phase does not take contributions of this kind."))
        if timing != "open":
            return _deny(_closed_reason(phase, timing))
        if not user.is_authenticated:
            return _deny(_("Please sign in to take part."))
        if not user.is_active:
            return _deny(_("Your account is suspended."))
        suspended = _suspension(user, now)
        if suspended is not None:
            return suspended
        if capability == Capability.VOTE:
            return _check_voter(user, phase)
        return ALLOW
    if capability == Capability.POST_OFFICIAL:
        if not is_project_staff(user, project):
            return _deny(_("Only the project's managers can post for the city."))
        if Capability.PROPOSE not in get_method(phase.method).open_capabilities:
            return _deny(_("This phase does not take contributions of this kind."))
        if project.visibility == "archived":
            return _deny(_("This project is archived."))
        # Staff may seed a phase with the city's proposals before it opens, not after it ends:
        # residents could then no longer react to them.
        if phase.timing(now) == "after":
            return _deny(_closed_reason(phase, "after"))
        return ALLOW
    if capability == Capability.ENTER_OFFLINE:
        # Staff type in what residents wrote on paper or at a workshop, or run a kiosk: only
        # while the phase takes residents' contributions, as the residents themselves could.
        if not is_project_staff(user, project):
            return _deny(_("Only the project's managers can enter input collected offline."))
        if Capability.PROPOSE not in get_method(phase.method).open_capabilities:
            return _deny(_("This phase does not take contributions of this kind."))
        if project.visibility != "published":
            return _deny(_("This project is not open for contributions."))
        timing = phase.timing(now)
        if timing != "open":
            return _deny(_closed_reason(phase, timing))
        return ALLOW
    return _check_project(user, capability, project)


def _check_idea(user: Any, capability: Capability, idea: Idea, now: datetime) -> Decision:
    phase = idea.phase
    project = phase.project
    is_author = user.is_authenticated and idea.author_id == user.pk
    if capability == Capability.VIEW:
        seen = _check_project(user, Capability.VIEW, project)
        if not seen:
            return seen
        if idea.is_hidden and not (is_author or can(user, Capability.MODERATE, project)):
            return _deny(_("This idea has been removed."))
        return ALLOW
    if capability in (Capability.EDIT, Capability.WITHDRAW):
        if is_project_staff(user, project) and capability == Capability.EDIT and idea.is_official:
            return ALLOW
        if not is_author:
            return _deny(_("Only the author can change this idea."))
        if idea.is_withdrawn:
            return _deny(_("This idea has been withdrawn."))
        timing = phase.timing(now)
        if timing != "open":
            return _deny(_closed_reason(phase, timing))
        return ALLOW
    if capability in (Capability.COMMENT, Capability.REACT, Capability.ENTER_OFFLINE):
        if idea.is_withdrawn or idea.is_hidden:
            return _deny(_("This idea is no longer open for reactions."))
        return _check_phase(user, capability, phase, now)
    if capability == Capability.FOLLOW:
        if not user.is_authenticated:
            return _deny(_("Sign in to follow this idea."))
        return _check_idea(user, Capability.VIEW, idea, now)
    return _check_project(user, capability, project)


def _suspension(user: Any, now: datetime) -> Decision | None:
    """A moderator's suspension stops taking part (reading goes on); cached on the user."""
    from cocity.moderation.sanctions import suspended_until

    if not hasattr(user, "_cocity_suspension"):
        user._cocity_suspension = suspended_until(user, now)
    until = user._cocity_suspension
    if until is None:
        return None
    if until is True:
        return _deny(_("Your account is suspended."))
    day = formats.date_format(timezone.localtime(until), "DATE_FORMAT")
    return _deny(_("Your account is suspended until %(date)s.") % {"date": day})


def _check_moderation(user: Any, capability: Capability, obj: Any) -> Decision:
    """Reporting content or a person; acting on a moderation case (its project's moderators,
    or moderators only for a case about an account)."""
    from cocity.accounts.models import User
    from cocity.ideas.models import Comment, Idea

    if capability == Capability.MODERATE:  # obj is a ModerationCase
        if obj.project_id is not None:
            return _check_project(user, capability, obj.project)
        return _check_platform(user, Capability.MODERATE_ACCOUNTS)
    if capability != Capability.REPORT:
        raise ValueError(f"{capability} does not apply to a moderation case")
    if not user.is_authenticated:
        return _deny(_("Please sign in to report."))
    if not user.is_active:
        return _deny(_("Your account is suspended."))
    if isinstance(obj, User):
        if obj.pk == user.pk:
            return _deny(_("You cannot report yourself."))
        if not obj.is_active:
            return _deny(_("This account is no longer active."))
        return ALLOW
    if isinstance(obj, Comment):
        if obj.is_removed:
            return _deny(_("This comment has been removed."))
        if obj.moderation_state != "published":
            return _deny(_("This comment is not shown; there is nothing to report."))
        author_id, idea = obj.author_id, obj.idea
    elif isinstance(obj, Idea):
        author_id, idea = obj.author_id, obj
    else:
        raise TypeError(f"No reporting rules for {type(obj).__name__}")
    seen = _check_idea(user, Capability.VIEW, idea, timezone.now())
    if not seen:
        return seen
    if idea.is_hidden:
        return _deny(_("This idea is not shown; there is nothing to report."))
    if author_id is not None and author_id == user.pk:
        return _deny(_("You cannot report what you wrote."))
    return ALLOW


def _check_comment(user: Any, capability: Capability, comment: Comment, now: datetime) -> Decision:
    idea = comment.idea
    if capability in (Capability.EDIT, Capability.DELETE):
        if comment.is_removed:
            return _deny(_("This comment has been removed."))
        is_author = user.is_authenticated and comment.author_id == user.pk
        if capability == Capability.DELETE and can(user, Capability.MODERATE, idea.phase.project):
            return ALLOW
        if not is_author:
            return _deny(_("Only the author can change this comment."))
        if not user.is_active:
            return _deny(_("Your account is suspended."))
        return ALLOW
    if capability == Capability.COMMENT:  # replying
        if comment.parent_id is not None:
            return _deny(_("Replies go two levels deep; reply to the first comment instead."))
        return _check_idea(user, capability, idea, now)
    return _check_idea(user, capability, idea, now)


def is_event_staff(user: Any, event: Event) -> bool:
    """The project's staff for a project's event; administrators and project managers for a
    city-wide one."""
    if event.project_id is not None:
        return is_project_staff(user, event.project)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_administrator or user.role == Role.PROJECT_MANAGER)


def _check_event(user: Any, capability: Capability, event: Event, now: datetime) -> Decision:
    staff = is_event_staff(user, event)
    if capability == Capability.VIEW:
        if event.project_id is not None:
            seen = _check_project(user, Capability.VIEW, event.project)
            if not seen:
                return seen
        if not event.is_published and not staff:
            return _deny(_("This event is not published yet."))
        return ALLOW
    if capability == Capability.REGISTER:
        seen = _check_event(user, Capability.VIEW, event, now)
        if not seen:
            return seen
        if not event.is_published:
            return _deny(_("This event is not published yet."))
        if event.starts_at <= now:
            return _deny(_("This event has already started; registration is closed."))
        if not event.is_registration_open:
            return _deny(_("Registration for this event is closed."))
        if event.project_id is not None and event.project.visibility == "archived":
            return _deny(_("This project is archived."))
        if not user.is_authenticated:
            return _deny(_("Please sign in to register."))
        if not user.is_active:
            return _deny(_("Your account is suspended."))
        return ALLOW
    if capability == Capability.MANAGE:
        return ALLOW if staff else _deny(_("Only the event's organisers can do this."))
    raise ValueError(f"{capability} does not apply to an event")


def _check_voter(user: Any, phase: Phase) -> Decision:
    """Who may vote in an open voting phase: everyone, or residents of the chosen districts."""
    from cocity.voting.permissions import voter_refusal

    reason = voter_refusal(user, phase)
    return _deny(reason) if reason else ALLOW


def _check_ballot_item(user: Any, capability: Capability, item: Any, now: datetime) -> Decision:
    phase = item.setup.phase
    if capability in (Capability.VIEW, Capability.VOTE):
        return _check_phase(user, capability, phase, now)
    return _check_project(user, capability, phase.project)
