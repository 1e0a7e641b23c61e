"""Who hears of what: one function per trigger (run by the `fan_out` task) and the periodic
scans for things that happen by the clock (phases opening and closing, results published)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from cocity.notifications.kinds import Kind
from cocity.notifications.services import notify

# Clock-driven events older than this are not announced any more (a scheduler down for long
# should not wake everyone up with stale news).
SCAN_WINDOW = timedelta(days=2)


def _user(pk: int | None) -> Any:
    return get_user_model().objects.filter(pk=pk).first() if pk else None


def _idea_url(idea: Any) -> str:
    return reverse("ideas:detail", kwargs={"pk": idea.pk})


def _project_url(project: Any) -> str:
    return reverse("projects:detail", kwargs={"slug": project.slug})


def participant_ids(phase_id: int) -> set[int]:
    """People who posted, commented, reacted or voted in a phase."""
    from cocity.ideas.models import Comment, Idea, Reaction

    ids = set(Idea.objects.filter(phase=phase_id).values_list("author_id", flat=True))
    ids |= set(Comment.objects.filter(idea__phase=phase_id).values_list("author_id", flat=True))
    ids |= set(Reaction.objects.filter(idea__phase=phase_id).values_list("user_id", flat=True))
    try:
        from cocity.voting.models import Ballot
    except ImportError:  # the voting app is optional
        Ballot = None
    if Ballot is not None:
        ids |= set(Ballot.objects.filter(setup__phase=phase_id).values_list("voter_id", flat=True))
    ids.discard(None)
    return ids  # type: ignore[return-value]


def idea_answered(*, idea_id: int, actor_id: int | None, stamp: str) -> int:
    from cocity.ideas.models import Idea, IdeaFollow

    idea = Idea.objects.select_related("status", "phase__project").filter(pk=idea_id).first()
    if idea is None:
        return 0
    actor = _user(actor_id)
    project = idea.phase.project
    data = {
        "idea": idea.title,
        "status": idea.status.label if idea.status else {},
        "project": project.title,
    }
    key = f"idea_answered:{idea.pk}:{stamp}"
    common = {"actor": actor, "project": project, "url": _idea_url(idea), "data": data}
    count = 0
    if idea.author_id:
        count += notify(kind=Kind.IDEA_ANSWERED, recipients=[idea.author_id], event_key=key,
                        about=idea, **common)  # fmt: skip
    followers = IdeaFollow.objects.filter(idea=idea).exclude(user=idea.author_id)
    count += notify(kind=Kind.FOLLOWED_IDEA, recipients=followers.values("user_id"),
                    event_key=key, about=idea, **common)  # fmt: skip
    return count


def comment_posted(*, comment_id: int, actor_id: int | None) -> int:
    from cocity.ideas.models import Comment

    comment = (
        Comment.objects.select_related("idea__phase__project", "parent", "author")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None or comment.is_removed:
        return 0
    idea = comment.idea
    actor = _user(actor_id) or comment.author
    common = {
        "actor": actor,
        "project": idea.phase.project,
        "url": f"{_idea_url(idea)}#comment-{comment.pk}",
        "data": {
            "idea": idea.title,
            "actor": comment.author.public_name if comment.author else "",
            "project": idea.phase.project.title,
        },
        "about": comment,
    }
    count = 0
    replied_to = comment.parent.author_id if comment.parent else None
    if replied_to:
        count += notify(kind=Kind.REPLY, recipients=[replied_to],
                        event_key=f"reply:{comment.pk}", **common)  # fmt: skip
    if idea.author_id and idea.author_id != replied_to and not idea.is_official:
        count += notify(kind=Kind.COMMENT_ON_IDEA, recipients=[idea.author_id],
                        event_key=f"comment:{comment.pk}", **common)  # fmt: skip
    return count


def project_update_posted(*, update_id: int) -> int:
    from cocity.notifications.models import ProjectUpdate
    from cocity.projects.models import ProjectFollow

    update = ProjectUpdate.objects.select_related("project", "author").filter(pk=update_id).first()
    if update is None:
        return 0
    project = update.project
    return notify(
        kind=Kind.PROJECT_UPDATE,
        recipients=ProjectFollow.objects.filter(project=project).values("user_id"),
        event_key=f"project_update:{update.pk}",
        actor=update.author,
        project=project,
        url=reverse("notifications:project-news", kwargs={"slug": project.slug})
        + f"#update-{update.pk}",
        data={"project": project.title, "title": update.title},
        about=project,
    )


def progress_updated(*, idea_id: int, actor_id: int | None, title: dict[str, str], key: str) -> int:
    from cocity.ideas.models import Idea, IdeaFollow

    idea = Idea.objects.select_related("phase__project").filter(pk=idea_id).first()
    if idea is None:
        return 0
    return notify(
        kind=Kind.FOLLOWED_IDEA,
        recipients=IdeaFollow.objects.filter(idea=idea).values("user_id"),
        event_key=f"progress:{idea.pk}:{key}",
        actor=_user(actor_id),
        project=idea.phase.project,
        url=reverse("progress:project", kwargs={"slug": idea.phase.project.slug})
        + f"#idea-{idea.pk}",
        data={
            "idea": idea.title,
            "title": title,
            "milestone": True,
            "project": idea.phase.project.title,
        },
        about=idea,
    )


def _phase_data(phase: Any) -> dict[str, Any]:
    return {"phase": phase.title, "project": phase.project.title}


def results_published(*, phase_id: int, actor_id: int | None) -> int:
    from cocity.projects.models import Phase, ProjectFollow

    phase = Phase.objects.select_related("project").filter(pk=phase_id).first()
    if phase is None:
        return 0
    followers = set(
        ProjectFollow.objects.filter(project=phase.project_id).values_list("user_id", flat=True)
    )
    return notify(
        kind=Kind.RESULTS,
        recipients=followers | participant_ids(phase.pk),
        event_key=f"results:{phase.pk}",
        actor=_user(actor_id),
        project=phase.project,
        url=reverse("projects:phase", kwargs={"slug": phase.project.slug, "phase_pk": phase.pk}),
        data=_phase_data(phase),
        about=phase.project,
    )


def event_reminder(*, event_id: int, recipient_ids: list[int] | None) -> int:
    from cocity.events.models import ACTIVE, Event

    event = Event.objects.select_related("project").filter(pk=event_id).first()
    if event is None:
        return 0
    if recipient_ids is None:
        recipient_ids = list(event.registrations.filter(ACTIVE).values_list("user_id", flat=True))
    return notify(
        kind=Kind.EVENT_REMINDER,
        recipients=recipient_ids,
        event_key=f"event_reminder:{event.pk}:{event.starts_at.isoformat()}",
        project=event.project,
        url=reverse("events:detail", kwargs={"pk": event.pk}),
        data={"event": event.title, "project": event.project.title if event.project else {}},
    )


FANOUTS: dict[str, Callable[..., int]] = {
    "idea_answered": idea_answered,
    "comment_posted": comment_posted,
    "project_update_posted": project_update_posted,
    "progress_updated": progress_updated,
    "results_published": results_published,
    "event_reminder": event_reminder,
}


def scan_clock_events(now: datetime | None = None) -> int:
    """Phases that opened or closed, and results published, since the last scan (idempotent)."""
    from cocity.projects.models import Phase, ProjectFollow

    now = now or timezone.now()
    since = now - SCAN_WINDOW
    phases = Phase.objects.select_related("project").filter(
        project__visibility__in=["published", "archived"]
    )
    count = 0
    for phase in phases.filter(starts_at__gt=since, starts_at__lte=now):
        earlier = Phase.objects.filter(project=phase.project_id, ends_at__lte=phase.starts_at)
        took_part: set[int] = set()
        for before in earlier.values_list("pk", flat=True):
            took_part |= participant_ids(before)
        followers = set(
            ProjectFollow.objects.filter(project=phase.project_id).values_list("user_id", flat=True)
        )
        count += notify(
            kind=Kind.PHASE_OPENED,
            recipients=followers | took_part,
            event_key=f"phase_opened:{phase.pk}:{phase.starts_at.isoformat()}",
            project=phase.project,
            url=reverse(
                "projects:phase", kwargs={"slug": phase.project.slug, "phase_pk": phase.pk}
            ),
            data=_phase_data(phase),
        )
    for phase in phases.filter(ends_at__gt=since, ends_at__lte=now):
        count += notify(
            kind=Kind.PHASE_CLOSED,
            recipients=participant_ids(phase.pk),
            event_key=f"phase_closed:{phase.pk}:{phase.ends_at.isoformat()}",
            project=phase.project,
            url=reverse(
                "projects:phase", kwargs={"slug": phase.project.slug, "phase_pk": phase.pk}
            ),
            data=_phase_data(phase),
        )
    try:
        from cocity.voting.models import VotingSetup
    except ImportError:  # the voting app is optional
        return count
    published = VotingSetup.objects.filter(
        results_published_at__gt=since, results_published_at__lte=now
    )
    for phase_id in published.values_list("phase_id", flat=True):
        count += results_published(phase_id=phase_id, actor_id=None)
    return count
