"""Reads of moderation: the queue, a case with its context, notices for authors, statistics."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from cocity.ideas.models import Comment, Idea, ModerationState
from cocity.moderation.models import (
    Appeal,
    ModerationCase,
    Report,
    Sanction,
)
from cocity.participation.capabilities import Capability
from cocity.participation.permissions import can, check
from cocity.projects.models import Project

SORTS = {"age": ("opened_at", "pk"), "reports": ("-report_count", "opened_at", "pk")}


def moderated_projects(user: Any) -> QuerySet[Project]:
    """Projects whose content this user moderates: all for moderators, managed ones otherwise."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Project.objects.none()
    if user.is_moderator:
        return Project.objects.all()
    return Project.objects.filter(managers=user)


def require_queue(user: Any) -> None:
    decision = check(user, Capability.ACCESS_BACKOFFICE, None)
    if not decision:
        raise PermissionDenied(decision.reason)


def open_cases(user: Any, *, sort: str = "age", project: Project | None = None) -> list[Any]:
    """The queue: open cases this user may act on, with everything the page shows, in a fixed
    number of queries whatever its length."""
    require_queue(user)
    cases = ModerationCase.objects.filter(is_open=True)
    if not user.is_moderator:
        cases = cases.filter(project__in=moderated_projects(user))
    if project is not None:
        cases = cases.filter(project=project)
    reports = Report.objects.order_by("created_at")
    if can(user, Capability.SEE_REPORTERS):
        reports = reports.select_related("reporter")
    cases = cases.select_related(
        "project", "idea__author", "comment__author", "comment__idea", "user"
    ).prefetch_related(Prefetch("reports", queryset=reports))
    return list(cases.order_by(*SORTS.get(sort, SORTS["age"]))[:200])


def get_case_for_user(user: Any, pk: int) -> ModerationCase:
    """A case this user may act on: 404 if unknown, 403 otherwise."""
    require_queue(user)
    case = get_object_or_404(
        ModerationCase.objects.select_related(
            "project", "idea__author", "idea__phase__project", "comment__author",
            "comment__idea__phase__project", "user", "rule", "decided_by",
        ),
        pk=pk,
    )  # fmt: skip
    decision = check(user, Capability.MODERATE, case)
    if not decision:
        raise PermissionDenied(decision.reason)
    return case


def case_author(case: ModerationCase) -> Any:
    if case.idea_id:
        return case.idea.author
    if case.comment_id:
        return case.comment.author
    return case.user


@dataclass
class CaseContext:
    idea: Idea | None
    thread: list[Comment]
    author: Any
    author_ideas: list[Idea]
    author_comments: list[Comment]
    author_cases: list[ModerationCase]
    sanctions: list[Sanction]
    reports: list[Report]
    appeals: list[Appeal]


def case_context(case: ModerationCase, *, may_see_reporters: bool) -> CaseContext:
    """The thread the content sits in and the author's history, for the moderator to judge."""
    idea = case.idea if case.idea_id else case.comment.idea if case.comment_id else None
    thread = list(idea.comments.select_related("author")) if idea is not None else []
    author = case_author(case)
    history: dict[str, list[Any]] = {"ideas": [], "comments": [], "cases": [], "sanctions": []}
    if author is not None:
        history["ideas"] = list(Idea.objects.filter(author=author).order_by("-created_at")[:10])
        history["comments"] = list(
            Comment.objects.filter(author=author)
            .select_related("idea")
            .order_by("-created_at")[:10]
        )
        history["cases"] = list(
            ModerationCase.objects.filter(
                Q(idea__author=author) | Q(comment__author=author) | Q(user=author),
                is_open=False,
            )
            .select_related("rule")
            .order_by("-closed_at")[:10]
        )
        history["sanctions"] = list(Sanction.objects.filter(user=author)[:10])
    reports = case.reports.order_by("created_at")
    if may_see_reporters:
        reports = reports.select_related("reporter")
    return CaseContext(
        idea=idea,
        thread=thread,
        author=author,
        author_ideas=history["ideas"],
        author_comments=history["comments"],
        author_cases=history["cases"],
        sanctions=history["sanctions"],
        reports=list(reports),
        appeals=list(case.appeals.all()),
    )


# --- For authors --------------------------------------------------------------------------------


def last_decision(*, idea: Idea | None = None, comment: Comment | None = None) -> Any:
    """The closed case that hid or declined this content (with its reason and rule), if any."""
    target = {"idea": idea} if idea is not None else {"comment": comment}
    return (
        ModerationCase.objects.filter(
            is_open=False, decision__in=["hidden", "declined", "upheld"], **target
        )
        .select_related("rule")
        .order_by("-closed_at")
        .first()
    )


def has_appealed(*, idea: Idea | None = None, comment: Comment | None = None) -> bool:
    target = {"idea": idea} if idea is not None else {"comment": comment}
    return Appeal.objects.filter(**target).exists()


@dataclass
class Notice:
    content: Idea | Comment
    kind: str  # idea or comment
    case: ModerationCase | None
    appealed: bool


def notices_for(user: Any) -> tuple[list[Notice], list[Sanction]]:
    """This person's content that is pending, hidden or declined, and their sanctions."""
    ideas = list(
        Idea.objects.filter(author=user)
        .exclude(moderation_state=ModerationState.PUBLISHED)
        .select_related("phase__project")
    )
    comments = list(
        Comment.objects.filter(author=user, is_removed=False)
        .exclude(moderation_state=ModerationState.PUBLISHED)
        .select_related("idea")
    )
    cases = ModerationCase.objects.filter(
        Q(idea__in=ideas) | Q(comment__in=comments), is_open=False
    ).select_related("rule")
    latest: dict[tuple[str, int], ModerationCase] = {}
    for case in cases.order_by("closed_at"):
        key = ("idea", case.idea_id) if case.idea_id else ("comment", case.comment_id)
        latest[key] = case  # type: ignore[index]
    appealed = set(Appeal.objects.filter(author=user).values_list("idea_id", "comment_id"))
    appealed_ideas = {i for i, _c in appealed if i}
    appealed_comments = {c for _i, c in appealed if c}
    notices = [
        Notice(i, "idea", latest.get(("idea", i.pk)), i.pk in appealed_ideas) for i in ideas
    ] + [
        Notice(c, "comment", latest.get(("comment", c.pk)), c.pk in appealed_comments)
        for c in comments
    ]
    return notices, list(Sanction.objects.filter(user=user).select_related("rule"))


# --- Statistics ---------------------------------------------------------------------------------


@dataclass
class ProjectStats:
    project: Project
    reports: int
    handled: int
    open: int
    median_decision: timedelta | None

    @property
    def median_text(self) -> str:
        """ "2 d 3 h", "3 h 20 min" or "12 min"."""
        if self.median_decision is None:
            return ""
        minutes = int(self.median_decision.total_seconds() // 60)
        days, minutes = divmod(minutes, 24 * 60)
        hours, minutes = divmod(minutes, 60)
        if days:
            return _("%(d)d d %(h)d h") % {"d": days, "h": hours}
        if hours:
            return _("%(h)d h %(m)d min") % {"h": hours, "m": minutes}
        return _("%(m)d min") % {"m": minutes}


def project_stats(projects: QuerySet[Project]) -> list[ProjectStats]:
    """Reports received, cases handled and open, and the median time to a decision."""
    projects = list(projects)
    ids = [p.pk for p in projects]
    report_counts: dict[int, int] = {}
    for project_id in Report.objects.filter(project__in=ids).values_list("project", flat=True):
        report_counts[project_id] = report_counts.get(project_id, 0) + 1
    durations: dict[int, list[timedelta]] = {}
    open_counts: dict[int, int] = {}
    rows = ModerationCase.objects.filter(project__in=ids).values_list(
        "project", "is_open", "opened_at", "closed_at"
    )
    for project_id, is_open, opened_at, closed_at in rows:
        if is_open:
            open_counts[project_id] = open_counts.get(project_id, 0) + 1
        elif closed_at is not None:
            durations.setdefault(project_id, []).append(closed_at - opened_at)
    return [
        ProjectStats(
            project=p,
            reports=report_counts.get(p.pk, 0),
            handled=len(durations.get(p.pk, [])),
            open=open_counts.get(p.pk, 0),
            median_decision=(statistics.median(durations[p.pk]) if durations.get(p.pk) else None),
        )
        for p in projects
    ]
