"""Reads for the ideas pages: the phase's idea list, the map, and one idea with its thread.

Every function here runs a fixed number of queries whatever the number of ideas, comments or
reactions (tests pin this): counters are stored on Idea, related rows are joined or prefetched.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext

from cocity.core.i18n import TranslatedText, translate
from cocity.ideas.models import (
    Comment,
    Idea,
    IdeaFollow,
    IdeaImage,
    IdeaStatus,
    ModerationState,
    Reaction,
)
from cocity.participation.capabilities import Capability
from cocity.participation.permissions import can, check
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
        qs = _search(qs, filters.search)
    return qs


# The expression of the `idea_search` GIN index (PostgreSQL; migration 0007): the query must
# repeat it exactly for the planner to use the index. 'simple': no stemming and no stop words,
# so it treats English, French and Dutch alike.
SEARCH_VECTOR = SearchVector("title", "body", config="simple")
MAX_SEARCH_TERMS = 8


def _search(qs: QuerySet[Idea], text: str) -> QuerySet[Idea]:
    """Ideas whose title or description contains the words of `text`.

    PostgreSQL: full-text search on the `idea_search` index, every word matched as a prefix
    ("carref" finds "carrefour", "Carrefour-Nord"), all words required. SQLite (development,
    small sites): a case-insensitive substring scan of the phase's ideas, which the list bounds
    by reading rows in index order and capping its count (docs/performance.md).
    """
    terms = re.findall(r"\w+", text.lower())[:MAX_SEARCH_TERMS]
    if connection.vendor != "postgresql" or not terms:
        return qs.filter(Q(title__icontains=text) | Q(body__icontains=text))
    # Only \w characters reach the query, so the raw tsquery syntax is safe.
    query = SearchQuery(" & ".join(f"{t}:*" for t in terms), search_type="raw", config="simple")
    return qs.alias(search_document=SEARCH_VECTOR).filter(search_document=query)


class RotatedIdeas:
    """The listed ideas in 'random' order: a rotation of the indexed `random_key` at `seed`.

    Why a rotation and not ORDER BY RANDOM(): a random order must be stable while a visitor pages
    through it, and must not sort 100k rows per request. Every idea got a uniform random_key at
    creation; a visitor's seed cuts that ordering in two — ideas with random_key >= seed, then the
    rest — so each visitor starts at a different place, and each half is a plain range scan of the
    (phase, random_key) partial index with LIMIT/OFFSET. No expression in ORDER BY, no full sort.

    Slicing needs to know where the head ends only when a slice reaches past it, and then learns
    it from the head rows it read (or, when the slice starts beyond the head, one COUNT).
    """

    def __init__(self, queryset: QuerySet[Idea], seed: float) -> None:
        self.head = queryset.filter(random_key__gte=seed).order_by("random_key", "id")
        self.tail = queryset.filter(random_key__lt=seed).order_by("random_key", "id")

    def __getitem__(self, index: slice) -> list[Any]:
        if not isinstance(index, slice) or index.stop is None:  # the list only slices
            raise TypeError("RotatedIdeas supports bounded slices only")
        start, stop = index.start or 0, index.stop
        rows = list(self.head[start:stop])
        if len(rows) == stop - start:
            return rows
        # The head ended inside (or before) this slice: continue in the tail.
        head_count = start + len(rows) if rows or not start else self.head.count()
        tail_start = max(start - head_count, 0)
        rows.extend(self.tail[tail_start : stop - head_count])
        return rows


# How far a filtered list counts its matches: "more than 1,000" is as useful to a visitor as an
# exact figure, and counting is what grows with the data (docs/performance.md).
FILTERED_COUNT_CAP = 1000


@dataclass(frozen=True, slots=True)
class IdeaCard:
    """One idea of the list with what its card shows, computed once per request in Python:
    the card template only prints (no permission, translation or URL work per card). Built
    from a `.values()` row, not an Idea: the list needs no model instances."""

    pk: int
    title: str
    is_official: bool
    author_id: int | None
    source: str
    source_place: str
    has_location: bool
    url: str
    byline: str  # "by …" for an ordinary idea; the template words official and offline ones
    date_iso: str
    date_text: str
    status: TranslatedText | None
    topics: list[TranslatedText]
    supports: str
    disagreements: str  # empty when none
    comments: str


@dataclass
class IdeaPage:
    """One page of a list, without Django's Paginator: it reads one row more than it shows to
    know whether a next page exists, and takes the total from the phase's counter (unfiltered)
    or from a count capped at FILTERED_COUNT_CAP (filtered). `total` is None past the cap."""

    object_list: list[IdeaCard]
    number: int
    per_page: int
    has_next: bool
    total: int | None
    count_cap: int = FILTERED_COUNT_CAP

    def __iter__(self) -> Iterator[IdeaCard]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def num_pages(self) -> int | None:
        if self.total is None:
            return None
        return max(1, -(-self.total // self.per_page))


def _page_number(value: int | str | None) -> int:
    try:
        number = int(value or 1)
    except (TypeError, ValueError):
        return 1
    return number if number >= 1 else 1


def _capped_count(queryset: QuerySet[Idea], cap: int) -> int:
    """COUNT(*) over at most cap + 1 rows: SELECT COUNT(*) FROM (SELECT … LIMIT cap + 1)."""
    return queryset.order_by()[: cap + 1].count()


class _CardMaker:
    """Builds IdeaCards with per-request caches (URL pattern, dates, labels)."""

    URL_MARK = "987654321"

    def __init__(self, statuses: Sequence[IdeaStatus], topics: Sequence[Topic]) -> None:
        self.url_pattern = reverse("ideas:detail", kwargs={"pk": int(self.URL_MARK)})
        self.statuses = {s.pk: translate(s.label) for s in statuses}
        self.topics = {t.pk: translate(t.name) for t in topics}
        self.topic_order = {t.pk: i for i, t in enumerate(topics)}
        self.dates: dict[Any, tuple[str, str]] = {}
        self.plurals: dict[tuple[str, int], str] = {}
        self.former_member = gettext("a former member")

    def date(self, value: Any) -> tuple[str, str]:
        local = timezone.localtime(value)
        key = local.date()
        text = self.dates.get(key)
        if text is None:
            text = self.dates[key] = formats.date_format(local, "DATE_FORMAT")
        return local.isoformat(), text

    # Literal ngettext calls, so that makemessages finds the messages.
    PLURALS: ClassVar[dict[str, Callable[[int], str]]] = {
        "supports": lambda n: ngettext("%(counter)s support", "%(counter)s supports", n),
        "disagreements": lambda n: ngettext(
            "%(counter)s disagreement", "%(counter)s disagreements", n
        ),
        "comments": lambda n: ngettext("%(counter)s comment", "%(counter)s comments", n),
    }

    def plural(self, kind: str, count: int) -> str:
        """The counter's label ("3 supports"), translated once per (kind, count) per request."""
        key = (kind, count)
        text = self.plurals.get(key)
        if text is None:
            text = self.plurals[key] = self.PLURALS[kind](count) % {"counter": count}
        return text

    def card(self, row: dict[str, Any], topic_ids: list[int]) -> IdeaCard:
        """The card of one `.values()` row of the list (LIST_COLUMNS + author_display_name)."""
        date_iso, date_text = self.date(row["created_at"])
        pk = row["id"]
        author_id = row["author_id"]
        name = ""
        if author_id is not None:
            name = row["author_display_name"] or gettext("Resident #%(id)s") % {"id": author_id}
        if len(topic_ids) > 1:
            topic_ids = sorted(topic_ids, key=self.topic_order.__getitem__)
        down = row["down_count"]
        return IdeaCard(
            pk=pk,
            title=row["title"],
            is_official=row["is_official"],
            author_id=author_id,
            source=row["source"],
            source_place=row["source_place"],
            has_location=row["latitude"] is not None and row["longitude"] is not None,
            url=self.url_pattern.replace(self.URL_MARK, str(pk)),
            byline=gettext("by %(name)s") % {"name": name or self.former_member},
            date_iso=date_iso,
            date_text=date_text,
            status=self.statuses.get(row["status_id"]),
            topics=[self.topics[t] for t in topic_ids],
            supports=self.plural("supports", row["up_count"]),
            disagreements=self.plural("disagreements", down) if down else "",
            comments=self.plural("comments", row["comment_count"]),
        )


# The columns a card shows (`.values()` rows: the list builds no Idea instances).
LIST_COLUMNS = (
    "id", "author_id", "is_official", "source", "source_place", "title", "latitude",
    "longitude", "status_id", "up_count", "down_count", "comment_count", "created_at",
)  # fmt: skip


def idea_list(
    *,
    phase: Phase,
    filters: IdeaFilters,
    page_number: int | str | None = 1,
    per_page: int = 25,
    seed: float = 0.0,
    statuses: Sequence[IdeaStatus] | None = None,
    topics: Sequence[Topic] | None = None,
) -> IdeaPage:
    """One page of the phase's listed ideas, sorted and filtered, as cards ready to print.

    Queries: one for the page's rows (plus one when a 'random' page straddles the rotation
    point), one for their topic links; filtered lists add one COUNT of at most 1,001 rows.
    Unfiltered lists take their total from `phase.listed_idea_count` and count only if the
    counter contradicts the rows read. Nothing is annotated but the author's name; sorting uses
    the counters stored on Idea. `statuses` and `topics` (the project's, in order) are the
    ones the page already loaded for its filter form.
    """
    if statuses is None:
        statuses = list(IdeaStatus.objects.all())
    if topics is None:
        topics = list(phase.project.topics.all())
    # The list shows neither the body nor the answer: leave those big columns on disk, and
    # read plain rows. Status and topic labels come from the lists above, the author's name
    # from a join.
    base = _listed_ideas(phase, filters).values(
        *LIST_COLUMNS, author_display_name=F("author__display_name")
    )
    if filters.sort == "random":
        source: Any = RotatedIdeas(base, seed)
    else:
        source = base.order_by(*SORTS.get(filters.sort, SORTS[DEFAULT_SORT]))

    number = _page_number(page_number)
    rows = list(source[(number - 1) * per_page : number * per_page + 1])
    if not rows and number > 1:
        # Past the end (an old link): show the last page, as Django's Paginator.get_page does.
        total = _listed_total(phase, filters, _listed_ideas(phase, filters), None)
        last = max(1, -(-total // per_page)) if total is not None else 1
        if last < number:
            return idea_list(phase=phase, filters=filters, page_number=last, per_page=per_page,
                             seed=seed, statuses=statuses, topics=topics)  # fmt: skip
    has_next = len(rows) > per_page
    rows = rows[:per_page]
    seen = (number - 1) * per_page + len(rows)
    # A last page knows the total; filtered lists count anyway (capped), so that their query
    # count does not depend on the number of matches.
    if has_next or filters.is_filtered:
        total = _listed_total(phase, filters, _listed_ideas(phase, filters), seen + has_next)
    else:
        total = seen

    links: dict[int, list[int]] = {row["id"]: [] for row in rows}
    if rows and topics:
        pairs = Idea.topics.through.objects.filter(idea_id__in=list(links)).values_list(
            "idea_id", "topic_id"
        )
        # Only the project's topics (a link to another project's topic is not shown).
        shown = {t.pk for t in topics}
        for idea_id, topic_id in pairs:
            if topic_id in shown:
                links[idea_id].append(topic_id)
    maker = _CardMaker(statuses, topics)
    cards = [maker.card(row, links[row["id"]]) for row in rows]
    return IdeaPage(object_list=cards, number=number, per_page=per_page, has_next=has_next,
                    total=total, count_cap=FILTERED_COUNT_CAP)  # fmt: skip


def _listed_total(
    phase: Phase, filters: IdeaFilters, base: QuerySet[Idea], at_least: int | None
) -> int | None:
    """How many ideas the list has (None: more than FILTERED_COUNT_CAP, filtered lists only).

    `at_least`: what the rows already read prove; a counter below it is stale (ideas written
    outside the services) and the list counts instead.
    """
    if filters.is_filtered:
        if at_least is not None and at_least > FILTERED_COUNT_CAP:
            return None
        n = _capped_count(base, FILTERED_COUNT_CAP)
        return n if n <= FILTERED_COUNT_CAP else None
    if at_least is not None and phase.listed_idea_count >= at_least:
        return phase.listed_idea_count
    return base.order_by().count()


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


COMMENT_THREADS_PER_PAGE = 50


@dataclass(frozen=True, slots=True)
class CommentRow:
    """A comment as the idea page prints it, with the viewer's rights decided in Python.

    `may_edit`/`may_delete` follow permissions._check_comment (EDIT, DELETE) from two facts
    decided once per page, whether the viewer is active and whether they moderate the project,
    plus the author id; tests compare them with check() for every comment and persona.
    """

    comment: Comment
    author_name: str
    date_iso: str
    date_text: str
    is_masked: bool  # unpublished and not the viewer's: shows a placeholder instead of text
    may_edit: bool
    may_delete: bool
    may_report: bool
    replies: list[CommentRow]


@dataclass
class CommentPage:
    """One page of an idea's thread: up to `per_page` top-level comments with all replies."""

    threads: list[CommentRow]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    def __bool__(self) -> bool:
        return bool(self.threads)


def idea_comment_page(
    *,
    idea: Idea,
    user: Any,
    page_number: int | str | None = 1,
    per_page: int | None = None,
) -> CommentPage:
    """Top-level comments of one page (oldest first) with their replies and what the viewer may
    do with each: two queries for any thread size, and no permission check per comment."""
    per_page = per_page or COMMENT_THREADS_PER_PAGE
    number = _page_number(page_number)
    top = list(
        Comment.objects.filter(idea=idea, parent__isnull=True)
        .select_related("author")
        .order_by("created_at", "pk")[(number - 1) * per_page : number * per_page + 1]
    )
    if not top and number > 1:  # past the end (an old link): the last page
        threads = Comment.objects.filter(idea=idea, parent__isnull=True).count()
        return idea_comment_page(
            idea=idea, user=user, page_number=max(1, -(-threads // per_page)), per_page=per_page
        )
    has_next = len(top) > per_page
    top = top[:per_page]

    signed_in = bool(getattr(user, "is_authenticated", False))
    user_id = user.pk if signed_in else None
    is_active = signed_in and user.is_active
    # The one decision that does not depend on the comment (permissions._check_comment).
    moderates = signed_in and can(user, Capability.MODERATE, idea.phase.project)
    reportable = is_active and not idea.is_hidden  # permissions._check_moderation (REPORT)
    former_member = gettext("A former member")

    def row(comment: Comment, replies: list[CommentRow]) -> CommentRow:
        comment.idea = idea  # templates and tags reach comment.idea without a query
        local = timezone.localtime(comment.created_at)
        is_author = user_id is not None and comment.author_id == user_id
        removed = comment.is_removed
        published = comment.moderation_state == ModerationState.PUBLISHED
        author = comment.author
        return CommentRow(
            comment=comment,
            author_name=author.public_name if author is not None else former_member,
            date_iso=local.isoformat(),
            date_text=formats.date_format(local, "DATETIME_FORMAT"),
            is_masked=not removed and not published and not is_author,
            may_edit=not removed and is_author and is_active,
            may_delete=not removed and (moderates or (is_author and is_active)),
            may_report=reportable and not is_author and published and not removed,
            replies=replies,
        )

    # The replies of this page's threads in one query, grouped by hand: prefetch_related
    # would build a queryset per thread, which costs more than the rows.
    by_parent: dict[int, list[CommentRow]] = {comment.pk: [] for comment in top}
    parents = {comment.pk: comment for comment in top}
    if top:
        replies = (
            Comment.objects.filter(parent_id__in=list(parents))
            .select_related("author")
            .order_by("created_at", "pk")
        )
        for reply in replies:
            reply.parent = parents[reply.parent_id]
            by_parent[reply.parent_id].append(row(reply, []))
    threads = [row(comment, by_parent[comment.pk]) for comment in top]
    return CommentPage(threads=threads, number=number, has_next=has_next)


def comment_page_number(comment: Comment, per_page: int | None = None) -> int:
    """The page of the idea's thread that shows this comment (a reply: its parent's page)."""
    per_page = per_page or COMMENT_THREADS_PER_PAGE
    root = comment.parent if comment.parent_id is not None else comment
    before = Comment.objects.filter(idea_id=root.idea_id, parent__isnull=True).filter(
        Q(created_at__lt=root.created_at) | Q(created_at=root.created_at, pk__lt=root.pk)
    )
    return before.count() // per_page + 1


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
    "COMMENT_THREADS_PER_PAGE",
    "DEFAULT_SORT",
    "FILTERED_COUNT_CAP",
    "SORTS",
    "CommentPage",
    "CommentRow",
    "IdeaCard",
    "IdeaFilters",
    "IdeaPage",
    "RotatedIdeas",
    "comment_page_number",
    "get_comment_for_user",
    "get_idea_for_user",
    "idea_comment_page",
    "idea_list",
    "ideas_for_map",
    "is_following_idea",
    "map_points",
    "random_seed_for",
    "user_reaction",
]
