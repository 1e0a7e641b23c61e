"""Reads for the ideas pages: the phase's idea list, the map, and one idea with its thread.

Every function here runs a fixed number of queries whatever the number of ideas, comments or
reactions (tests pin this): counters are stored on Idea, related rows are joined or prefetched.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.urls import reverse

from cocity.ideas.models import Comment, Idea, IdeaFollow, IdeaImage, IdeaStatus, Reaction
from cocity.participation.capabilities import Capability
from cocity.participation.permissions import check
from cocity.projects.models import Phase, Topic

# sort slug -> ORDER BY. Each matches one of Idea's partial indexes (phase, <key>, id).
SORTS: dict[str, tuple[str, ...]] = {
    "trending": ("-hot", "-id"),
    "newest": ("-created_at", "-id"),
    "reactions": ("-score", "-id"),
    "comments": ("-comment_count", "-id"),
    "random": ("random_key", "id"),
}
DEFAULT_SORT = "trending"
MAP_MARKER_LIMIT = 1000
SEED_SESSION_KEY = "ideas_random_seed"


@dataclass(frozen=True)
class IdeaFilters:
    sort: str = DEFAULT_SORT
    topic: Topic | None = None
    status: IdeaStatus | None = None
    search: str = ""

    @property
    def is_filtered(self) -> bool:
        return bool(self.topic or self.status or self.search)


def random_seed_for(session: Any) -> float:
    """A per-visitor seed, kept in the session so that paging through 'random' is stable."""
    seed = session.get(SEED_SESSION_KEY)
    if not isinstance(seed, float) or not 0.0 <= seed < 1.0:
        seed = random.random()
        session[SEED_SESSION_KEY] = seed
    return seed


def _listed_ideas(phase: Phase, filters: IdeaFilters) -> QuerySet[Idea]:
    # The partial indexes on Idea are conditioned on exactly LISTED (is_hidden=False,
    # is_withdrawn=False); filtering with the same predicate lets the planner use them.
    qs = Idea.objects.filter(phase=phase).listed()
    if filters.topic is not None:
        qs = qs.filter(topics=filters.topic)
    if filters.status is not None:
        qs = qs.filter(status=filters.status)
    if filters.search:
        qs = qs.filter(Q(title__icontains=filters.search) | Q(body__icontains=filters.search))
    return qs


class RotatedIdeas:
    """The listed ideas in 'random' order: a rotation of the indexed `random_key` at `seed`.

    Why a rotation and not ORDER BY RANDOM(): a random order must be stable while a visitor pages
    through it, and must not sort 100k rows per request. Every idea got a uniform random_key at
    creation; a visitor's seed cuts that ordering in two — ideas with random_key >= seed, then the
    rest — so each visitor starts at a different place, and each half is a plain range scan of the
    (phase, random_key) partial index with LIMIT/OFFSET. No expression in ORDER BY, no full sort.

    Paginator only needs count() and slicing, which this class provides.
    """

    def __init__(self, queryset: QuerySet[Idea], seed: float) -> None:
        self.head = queryset.filter(random_key__gte=seed).order_by("random_key", "id")
        self.tail = queryset.filter(random_key__lt=seed).order_by("random_key", "id")
        self._total: int | None = None
        self._head_count: int | None = None

    def count(self) -> int:
        if self._total is None:
            self._head_count = self.head.count()
            self._total = self._head_count + self.tail.count()
        return self._total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Idea]:
        if not isinstance(index, slice):  # Paginator only slices
            raise TypeError("RotatedIdeas supports slices only")
        self.count()
        head_count = self._head_count or 0
        start, stop = index.start or 0, index.stop if index.stop is not None else self.count()
        rows: list[Idea] = []
        if start < head_count:
            rows.extend(self.head[start : min(stop, head_count)])
        if stop > head_count:
            rows.extend(self.tail[max(start - head_count, 0) : stop - head_count])
        return rows


def idea_list(
    *,
    phase: Phase,
    filters: IdeaFilters,
    page_number: int | str | None = 1,
    per_page: int = 25,
    seed: float = 0.0,
) -> Page:
    """One page of the phase's listed ideas, sorted and filtered.

    Queries: one COUNT (two for 'random'), one for the rows with author and status joined
    (two when a 'random' page straddles the rotation point), one for the page's topics.
    Nothing is annotated; sorting uses the counters stored on Idea.
    """
    # The list shows neither the body nor the answer: leave those big columns on disk.
    base = (
        _listed_ideas(phase, filters)
        .select_related("author", "status")
        .defer("body", "body_html", "official_answer", "official_answer_html")
    )
    if filters.sort == "random":
        source: Any = RotatedIdeas(base, seed)
    else:
        source = base.order_by(*SORTS.get(filters.sort, SORTS[DEFAULT_SORT]))
    paginator = Paginator(source, per_page)
    page = paginator.get_page(page_number)
    rows = list(page.object_list)
    # Topics for this page only (one query), in the project's order.
    prefetch_related_objects(rows, Prefetch("topics", queryset=Topic.objects.order_by("position")))
    page.object_list = rows
    return page


def ideas_for_map(
    *, phase: Phase, filters: IdeaFilters | None = None, limit: int = MAP_MARKER_LIMIT
) -> tuple[list[Idea], int]:
    """The located listed ideas (newest first, at most `limit`) and how many are located in all.

    Two queries at most; the list twin and the markers come from the same rows.
    """
    qs = _listed_ideas(phase, filters or IdeaFilters()).filter(
        latitude__isnull=False, longitude__isnull=False
    )
    rows = list(
        qs.order_by("-created_at", "-id").only(
            "id", "title", "address", "latitude", "longitude", "score", "comment_count",
            "created_at", "phase_id",
        )[:limit]
    )  # fmt: skip
    total = len(rows) if len(rows) < limit else qs.count()
    return rows, total


def map_points(ideas: Sequence[Idea]) -> list[dict[str, Any]]:
    """What map.js needs per marker, passed with json_script (never inline JS)."""
    return [
        {
            "id": idea.pk,
            "title": idea.title,
            "address": idea.address,
            "lat": idea.latitude,
            "lng": idea.longitude,
            "url": reverse("ideas:detail", kwargs={"pk": idea.pk}),
        }
        for idea in ideas
    ]


def get_idea_for_user(user: Any, pk: int) -> Idea:
    """The idea with its phase, project, author, status, topics and images; 404 if not visible."""
    qs = Idea.objects.select_related(
        "phase__project", "author", "status", "answered_by"
    ).prefetch_related(
        "phase__project__managers",
        Prefetch("topics", queryset=Topic.objects.order_by("position")),
        Prefetch("images", queryset=IdeaImage.objects.order_by("position", "pk")),
    )
    idea = qs.filter(pk=pk).first()
    if idea is None or not check(user, Capability.VIEW, idea):
        raise Http404("No such idea")
    return idea


def idea_comments(idea: Idea) -> list[Comment]:
    """Top-level comments with their replies and authors: two queries for any thread size.

    Each comment gets `idea` set to the loaded idea, so permission checks in the template
    (which look at comment.idea.phase.project) cost no query.
    """
    replies = Comment.objects.select_related("author").order_by("created_at", "pk")
    comments = list(
        Comment.objects.filter(idea=idea, parent__isnull=True)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("created_at", "pk")
    )
    for comment in comments:
        comment.idea = idea
        for reply in comment.replies.all():
            reply.idea = idea
            reply.parent = comment
    return comments


def get_comment_for_user(user: Any, pk: int) -> Comment:
    comment = Comment.objects.select_related("idea", "author", "parent").filter(pk=pk).first()
    if comment is None:
        raise Http404("No such comment")
    comment.idea = get_idea_for_user(user, comment.idea_id)
    return comment


def user_reaction(user: Any, idea: Idea) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    value = Reaction.objects.filter(idea=idea, user=user).values_list("value", flat=True).first()
    return value or 0


def is_following_idea(user: Any, idea: Idea) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return IdeaFollow.objects.filter(idea=idea, user=user).exists()


__all__ = [
    "DEFAULT_SORT",
    "SORTS",
    "IdeaFilters",
    "RotatedIdeas",
    "get_comment_for_user",
    "get_idea_for_user",
    "idea_comments",
    "idea_list",
    "ideas_for_map",
    "is_following_idea",
    "map_points",
    "random_seed_for",
    "user_reaction",
]
