"""Build a believable city: districts, projects in every state, residents and their activity.

Deterministic for a given `seed` (dates are relative to the moment of seeding). Counters on
ideas (up/down/score/comment_count/hot) are computed here from the very rows written, so they
equal what the services would have produced. Sizes: `tiny` for tests, `demo` for `make demo`,
`city` for benchmarks (100k ideas, 1M reactions).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from allauth.account.models import EmailAddress
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from cocity.accounts.models import Demographics, Gender, Role, User
from cocity.core.sanitize import render_markdown
from cocity.demo import content
from cocity.demo.images import cover_jpeg
from cocity.demo.rows import RowWriter, analyze, next_pk, reset_sequences
from cocity.ideas import ranking
from cocity.ideas.models import Comment, Idea, IdeaFollow, IdeaStatus, Reaction
from cocity.ideas.services import phase_listed_ideas_recount
from cocity.participation.registry import methods
from cocity.projects.models import Area, Phase, Project, ProjectFollow, Topic, Visibility
from cocity.projects.services import project_refresh_dates

DEMO_PASSWORD = "cocity-demo"
# Open projects whose ideation has ended and whose vote is open now, so the demo can be voted in.
VOTING_NOW = {"school-streets": "budgeting", "playgrounds-sainte-walburge": "voting"}
DEMO_DOMAIN = "cocity.localhost"
MAIN_METHOD = "ideation"


@dataclass(frozen=True)
class Size:
    residents: int
    ideas: int
    comments: int
    reactions: int
    # Share of the ideas that go to the projects with a `city_share` (the big phases).
    big_phase_share: float = 0.0


SIZES: dict[str, Size] = {
    "tiny": Size(residents=40, ideas=80, comments=120, reactions=600),
    "demo": Size(residents=3_000, ideas=900, comments=4_000, reactions=25_000),
    "city": Size(
        residents=50_000, ideas=100_000, comments=300_000, reactions=1_000_000, big_phase_share=0.85
    ),
}


@dataclass(frozen=True)
class PhaseSeedContext:
    """What a method's demo seeder receives, once per phase of its method.

    Register one in settings: COCITY_DEMO_SEEDERS = {"voting": "cocity.voting.demo.seed_phase"},
    a function `seed_phase(phase, context) -> None` that adds the method's content (ballots,
    events…) for `context.resident_ids`, deterministically from `context.rng`.
    """

    rng: random.Random
    now: datetime
    size: str
    resident_ids: list[int]
    accounts: DemoAccounts


@dataclass
class DemoAccounts:
    resident: User
    moderator: User
    manager: User
    admin: User


@dataclass
class IdeaPlan:
    """What the seed decides for one idea before writing it, so counters are known up front."""

    pk: int
    phase: Phase
    created_at: datetime
    window_end: datetime
    lang: str
    reactions: int = 0
    downs: int = 0
    comments: int = 0
    removed: int = 0


@dataclass
class SeedReport:
    size: str
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


@lru_cache(maxsize=20_000)
def _html(text: str) -> str:
    return render_markdown(text)


def database_is_empty() -> bool:
    return not (Project.objects.exists() or Idea.objects.exists())


def seed_city(
    *, size: str = "demo", seed: int = 2027, log: Callable[[str], None] = lambda _m: None
) -> SeedReport:
    """Fill an empty database with the demo city at the given size."""
    return _Seeder(SIZES[size], size_name=size, seed=seed, log=log).run()


class _Seeder:
    def __init__(
        self, size: Size, *, size_name: str, seed: int, log: Callable[[str], None]
    ) -> None:
        self.size = size
        self.report = SeedReport(size=size_name)
        self.rng = random.Random(seed)
        self.log = log
        # Round to the minute: dates read better, and are the same within one run.
        self.now = timezone.now().replace(second=0, microsecond=0)
        self.methods = list(methods())

    # -- helpers ---------------------------------------------------------------------------

    def _stage(self, name: str, fn: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        result = fn()
        self.report.seconds[name] = round(time.perf_counter() - start, 2)
        self.log(f"  {name}: {self.report.seconds[name]:.2f} s")
        return result

    def _between(self, start: datetime, end: datetime) -> datetime:
        span = max((end - start).total_seconds(), 1.0)
        return start + timedelta(seconds=self.rng.random() * span)

    def run(self) -> SeedReport:
        with transaction.atomic():
            self._stage("districts", self._areas)
            self._stage("people", self._people)
            self._stage("projects", self._projects)
            self._stage("ideas", self._ideas)
            self._stage("reactions", self._reactions)
            self._stage("comments", self._comments)
            self._stage("follows", self._follows)
            reset_sequences([User, EmailAddress, Demographics, Idea, Idea.topics.through,
                             Reaction, Comment, IdeaFollow, ProjectFollow])  # fmt: skip
            self._stage("other methods", self._method_seeders)
            # The phases' listed-idea counters, which the list pages read instead of a COUNT.
            self._stage("counters", phase_listed_ideas_recount)
        self._stage("analyze", analyze)
        return self.report

    def _method_seeders(self) -> None:
        if django_apps.is_installed("cocity.events"):
            self._events()
        seeders: dict[str, str] = getattr(settings, "COCITY_DEMO_SEEDERS", {})
        for slug, dotted in seeders.items():
            if slug not in self.methods:
                continue
            seed_phase = import_string(dotted)
            context = PhaseSeedContext(
                rng=random.Random(f"{self.report.size}-{slug}"),
                now=self.now,
                size=self.report.size,
                resident_ids=self.resident_ids,
                accounts=self.accounts,
            )
            for phase in Phase.objects.filter(method=slug).select_related("project"):
                seed_phase(phase, context)

    def _events(self) -> None:
        """Workshops, walks and meetings around the public projects (cocity/events/demo.py)."""
        from cocity.events.demo import seed_events

        projects = [
            p for p, spec in self.projects if spec["state"] in ("open", "finished", "upcoming")
        ]
        sample = self.rng.sample(self.resident_ids[1:], min(300, len(self.resident_ids) - 1))
        residents = list(User.objects.filter(pk__in=sample).order_by("pk"))
        counts = seed_events(
            now=self.now,
            projects=projects,
            residents=residents,
            organiser=self.accounts.manager,
            rng=random.Random(f"{self.report.size}-events"),
        )
        for kind, n in counts.items():
            self.report.counts[kind] = n

    # -- districts and people ----------------------------------------------------------------

    def _areas(self) -> None:
        self.areas = Area.objects.bulk_create(
            Area(slug=slug, name=name, position=i)
            for i, (slug, name, _c, _p, _s) in enumerate(content.DISTRICTS)
        )
        self.area_by_slug = {a.slug: a for a in self.areas}
        self.district_by_slug = {d[0]: d for d in content.DISTRICTS}
        self.report.counts["districts"] = len(self.areas)

    def _people(self) -> None:
        rng = self.rng
        # One hash for everyone: hashing 50k passwords one by one would take an hour.
        password = make_password(DEMO_PASSWORD)
        pk = next_pk(User)
        joined_from = self.now - timedelta(days=900)
        staff = [
            ("resident", "Rosa Lambert", Role.RESIDENT, False),
            ("moderator", "Marc (moderation team)", Role.MODERATOR, False),
            ("manager", "Nadia (mobility team)", Role.PROJECT_MANAGER, False),
            ("admin", "City administrator", Role.ADMINISTRATOR, True),
        ]
        users = RowWriter(User, ["id", "password", "last_login", "is_superuser", "is_staff",
                                 "is_active", "date_joined", "email", "display_name", "role",
                                 "preferred_language"])  # fmt: skip
        emails = RowWriter(EmailAddress, ["user_id", "email", "verified", "primary"])
        demo_ids: dict[str, int] = {}
        for name, display, role, is_super in staff:
            email = f"{name}@{DEMO_DOMAIN}"
            users.add((pk, password, None, is_super, is_super, True, joined_from, email, display,
                       role, "en"))  # fmt: skip
            emails.add((pk, email, True, True))
            demo_ids[name] = pk
            pk += 1
        self.resident_ids: list[int] = [demo_ids["resident"]]
        languages = ["fr"] * 5 + ["en"] * 3 + ["nl"] * 2 + [""] * 2
        for n in range(self.size.residents):
            email = f"resident{n + 1}@{DEMO_DOMAIN}"
            name = f"{rng.choice(content.FIRST_NAMES)} {rng.choice(content.LAST_INITIALS)}."
            users.add((pk, password, None, False, False, rng.random() > 0.002,
                       self._between(joined_from, self.now), email, name, Role.RESIDENT,
                       rng.choice(languages)))  # fmt: skip
            emails.add((pk, email, True, True))
            self.resident_ids.append(pk)
            pk += 1
        users.flush()
        emails.flush()
        reset_sequences([User, EmailAddress])
        self.accounts = DemoAccounts(**{k: User.objects.get(pk=v) for k, v in demo_ids.items()})

        # Consented demographics for about three residents in four; some answer only part.
        ages = [band for band, _w in content.AGE_BANDS]
        weights = [w for _b, w in content.AGE_BANDS]
        genders = [Gender.WOMAN] * 48 + [Gender.MAN] * 46 + [Gender.NON_BINARY] * 2 + \
            [Gender.SELF_DESCRIBED] + [Gender.UNDISCLOSED] * 3  # fmt: skip
        year = self.now.year
        demographics = RowWriter(Demographics, ["user_id", "year_of_birth", "gender", "area_id",
                                                "consented_at", "updated_at"])  # fmt: skip
        for user_id in self.resident_ids:
            if rng.random() > 0.75:
                continue
            band = rng.choices(ages, weights)[0]
            birth = year - band - rng.randint(0, 4) if rng.random() > 0.1 else None
            gender = rng.choice(genders) if rng.random() > 0.08 else ""
            area = rng.choice(self.areas).pk if rng.random() > 0.15 else None
            consented = self._between(joined_from, self.now)
            demographics.add((user_id, birth, gender, area, consented, consented))
        demographics.flush()
        self.report.counts["users"] = users.count
        self.report.counts["demographics"] = demographics.count

    # -- projects, phases, topics --------------------------------------------------------------

    def _timeline(self, spec: dict[str, Any], index: int) -> list[tuple[str, int, int]]:
        """(method, start day, end day) relative to now, for the project's state."""
        extra = [m for m in self.methods if m not in ("information", MAIN_METHOD)]
        with_extras = spec["slug"] in {"cycling-network-2030", "participatory-budget-2027",
                                       "summer-on-the-quays"}  # fmt: skip
        has_info = "information" in self.methods
        shift = index * 3
        state = spec["state"]
        if state == "open":
            start, main = -40 - shift, (-25 - shift, 20 + shift)
        elif state in ("upcoming", "draft"):
            start, main = 8 + shift, (30 + shift, 75 + shift)
        elif state == "finished":
            start, main = -330 + shift * 4, (-300 + shift * 4, -200 + shift * 4)
        else:  # archived
            start, main = -800, (-780, -740)
        voting_now = VOTING_NOW.get(spec["slug"])
        if state == "open" and voting_now in self.methods and MAIN_METHOD in self.methods:
            # Ideas gathered, now residents vote on them: a vote a demo visitor can cast today.
            return [
                *([("information", -75 - shift, -60 - shift)] if has_info else []),
                (MAIN_METHOD, -60 - shift, -12),
                (voting_now, -12, 25 + shift),
            ]
        phases: list[tuple[str, int, int]] = []
        if has_info and (spec["theme"] is None or index % 2 == 0):
            phases.append(("information", start, main[0]))
        extras: list[tuple[str, int, int]] = []
        if with_extras or MAIN_METHOD not in self.methods:
            # A finished project ends on its ideas and their answers, so other methods come
            # before them; elsewhere they follow the ideas, as the next steps.
            cursor = main[0] - 15 * len(extra) if state == "finished" else main[1]
            for slug in extra:
                extras.append((slug, cursor, cursor + (15 if state == "finished" else 30)))
                cursor = extras[-1][2]
        if state == "finished":
            if extras:  # information, then the other methods, then ideas
                first = extras[0][1]
                phases = [(m, min(a, first - 20), min(b, first)) for m, a, b in phases]
            phases += extras
        if MAIN_METHOD in self.methods:
            phases.append((MAIN_METHOD, *main))
        if state != "finished":
            phases += extras
        return phases

    @staticmethod
    def _method_title(slug: str) -> dict[str, str]:
        builtin = {
            "information": content.t("Information", "Information", "Informatie"),
            MAIN_METHOD: content.t("Ideas", "Idées", "Ideeën"),
        }
        if slug in builtin:
            return builtin[slug]
        label = methods()[slug].label
        titles = {}
        for lang in ("en", "fr", "nl"):
            with translation.override(lang):
                titles[lang] = str(label)
        return titles

    def _projects(self) -> None:
        self.projects: list[tuple[Project, dict[str, Any]]] = []
        self.topics: dict[int, list[int]] = {}
        used_methods: set[str] = set()
        visibility = {"draft": Visibility.DRAFT, "archived": Visibility.ARCHIVED}
        for index, spec in enumerate(content.PROJECTS):
            project = Project.objects.create(
                slug=spec["slug"],
                title=spec["title"],
                summary=spec["summary"],
                description=spec["description"],
                cover_alt={
                    "en": "An illustration in the project's colours.",
                    "fr": "Une illustration aux couleurs du projet.",
                    "nl": "Een illustratie in de kleuren van het project.",
                },
                area=self.area_by_slug.get(spec["area"] or ""),
                visibility=visibility.get(spec["state"], Visibility.PUBLISHED),
                reaction_mode=spec["reaction_mode"],
            )
            image = cover_jpeg(spec["motif"], spec["palette"], seed=index)
            project.cover_image.save(f"{spec['slug']}.jpg", ContentFile(image), save=True)
            if spec.get("managed_by_demo"):
                project.managers.add(self.accounts.manager)
            topics = Topic.objects.bulk_create(
                Topic(project=project, name=content.TOPICS[key], position=i)
                for i, key in enumerate(spec["topics"])
            )
            self.topics[project.pk] = [t.pk for t in topics]
            phases = []
            for position, (method, start, end) in enumerate(self._timeline(spec, index)):
                used_methods.add(method)
                phases.append(
                    Phase(
                        project=project,
                        method=method,
                        title=self._method_title(method),
                        description=content.t(
                            "What happens in this phase, and what the city does next.",
                            "Ce qui se passe pendant cette phase, et ce que la Ville fera ensuite.",
                            "Wat er in deze fase gebeurt, en wat de stad daarna doet.",
                        ),
                        starts_at=self.now + timedelta(days=start),
                        ends_at=self.now + timedelta(days=end),
                        position=position,
                    )
                )
            Phase.objects.bulk_create(phases)
            project_refresh_dates(project=project)
            self.projects.append((project, spec))
        missing = set(self.methods) - used_methods
        if missing:  # a method with no phase yet: give it one, open now, in the first project
            project, _spec = self.projects[0]
            Phase.objects.bulk_create(
                Phase(
                    project=project,
                    method=slug,
                    title=self._method_title(slug),
                    starts_at=self.now - timedelta(days=5),
                    ends_at=self.now + timedelta(days=25),
                    position=10 + i,
                )
                for i, slug in enumerate(sorted(missing))
            )
            project_refresh_dates(project=project)
        self.report.counts["projects"] = len(self.projects)
        self.report.counts["phases"] = Phase.objects.count()

    # -- ideas -------------------------------------------------------------------------------

    def _idea_phases(self) -> list[tuple[Phase, dict[str, Any], float]]:
        """Ideation phases that hold ideas (started ones), with each one's share of the ideas."""
        found = []
        for project, spec in self.projects:
            if spec["theme"] is None or spec["state"] in ("upcoming", "draft"):
                continue
            for phase in project.phases.filter(method=MAIN_METHOD):
                if phase.starts_at < self.now:
                    phase.project = project
                    found.append((phase, spec))
        big = self.size.big_phase_share
        big_total = sum(spec.get("city_share", 0) for _p, spec in found) if big else 0
        small_total = sum(
            spec["idea_weight"] for _p, spec in found if not (big and spec.get("city_share"))
        )
        shares = []
        for phase, spec in found:
            if big and spec.get("city_share"):
                shares.append((phase, spec, big * spec["city_share"] / big_total))
            else:
                rest = (1 - big) if big else 1
                shares.append((phase, spec, rest * spec["idea_weight"] / small_total))
        return shares

    def _ideas(self) -> None:
        rng = self.rng
        size = self.size
        statuses = {s.slug: s.pk for s in IdeaStatus.objects.all()}
        default_status = (
            IdeaStatus.objects.filter(is_default=True).values_list("pk", flat=True).first()
        )
        accounts = self.accounts
        pk = next_pk(Idea)
        self.plans: list[IdeaPlan] = []
        ideas = RowWriter(Idea, [
            "id", "phase_id", "author_id", "is_official", "title", "body", "body_html", "address",
            "latitude", "longitude", "status_id", "official_answer", "official_answer_html",
            "answered_at", "answered_by_id", "is_withdrawn", "is_hidden", "up_count", "down_count",
            "score", "comment_count", "hot", "random_key", "created_at", "updated_at",
        ])  # fmt: skip
        idea_topics = RowWriter(Idea.topics.through, ["idea_id", "topic_id"])
        pool = len(self.resident_ids)
        lang_weights = (("fr", 45), ("en", 40), ("nl", 15))
        langs = [code for code, _w in lang_weights]
        lang_w = [w for _c, w in lang_weights]

        # Decide how many ideas each phase holds, then activity per idea (heavy-tailed, as in
        # real platforms: a few ideas gather most of the support).
        phases = self._idea_phases()
        counts = [max(3, round(size.ideas * share)) for _p, _s, share in phases]
        all_plans: list[tuple[IdeaPlan, dict[str, Any]]] = []
        for (phase, spec, _share), n in zip(phases, counts, strict=True):
            window_end = min(self.now, phase.ends_at)
            for _ in range(n):
                created = self._between(phase.starts_at, window_end - timedelta(hours=1))
                plan = IdeaPlan(pk=0, phase=phase, created_at=created, window_end=window_end,
                                lang=rng.choices(langs, lang_w)[0])  # fmt: skip
                all_plans.append((plan, spec))
        all_plans.sort(key=lambda item: item[0].created_at)
        weights = [0.0 if rng.random() < 0.08 else rng.paretovariate(1.3) for _ in all_plans]
        self._spread(size.reactions, weights, "reactions", cap=max(1, pool - 1), plans=all_plans)
        comment_weights = [w**0.8 + (0.3 if rng.random() < 0.5 else 0.0) for w in weights]
        self._spread(size.comments, comment_weights, "comments", cap=400, plans=all_plans)

        demo_author_phases: set[int] = set()
        for plan, spec in all_plans:
            phase = plan.phase
            project = phase.project
            plan.pk = pk
            pk += 1
            mode_updown = project.reaction_mode == "up_down"
            if mode_updown and plan.reactions:
                p_down = rng.betavariate(2, 5)
                plan.downs = sum(1 for _ in range(plan.reactions) if rng.random() < p_down)
            plan.removed = sum(1 for _ in range(plan.comments) if rng.random() < 0.01)
            up = plan.reactions - plan.downs
            score = up - plan.downs

            is_official = rng.random() < 0.01
            if is_official:
                author_id = (
                    accounts.manager.pk if spec.get("managed_by_demo") else accounts.admin.pk
                )
            elif spec["state"] == "open" and phase.pk not in demo_author_phases:
                author_id = (
                    accounts.resident.pk
                )  # the demo resident has an idea in every open phase
                demo_author_phases.add(phase.pk)
            else:
                author_id = self.resident_ids[rng.randrange(pool)] if rng.random() > 0.01 else None

            district = (
                self.district_by_slug[spec["area"]]
                if spec["area"]
                else rng.choice(content.DISTRICTS)
            )
            _slug, _name, (lat, lng), postcode, streets = district
            street = rng.choice(streets)
            title = rng.choice(content.IDEAS[spec["theme"]][plan.lang]).format(street=street)
            why = rng.choice(content.WHY[plan.lang])
            what = rng.choice(content.WHAT[plan.lang])
            body = f"{why}\n\n{what}"
            if rng.random() < 0.85:
                address = f"{street} {rng.randint(1, 180)}, {postcode} Liège"
                latitude = round(lat + rng.gauss(0, 0.0035), 6)
                longitude = round(lng + rng.gauss(0, 0.0055), 6)
            else:
                address, latitude, longitude = "", None, None

            status, answer, answered_at, answered_by = default_status, "", None, None
            finished = spec["state"] in ("finished", "archived")
            if (finished and rng.random() < 0.8) or (not finished and rng.random() < 0.05):
                slug = rng.choice(["accepted", "rejected", "implemented", "rejected"]) if finished \
                    else rng.choice(["under_review", "under_review", "accepted"])  # fmt: skip
                if slug in statuses:
                    status = statuses[slug]
                    answer = rng.choice(content.ANSWERS[slug][plan.lang])
                    answered_at = self._between(plan.created_at, plan.window_end)
                    answered_by = accounts.manager.pk if rng.random() < 0.6 else accounts.admin.pk
            ordinary = not is_official and author_id != accounts.resident.pk
            is_withdrawn = ordinary and rng.random() < 0.01
            is_hidden = ordinary and not is_withdrawn and rng.random() < 0.005
            updated = answered_at or plan.created_at
            ideas.add((
                plan.pk, phase.pk, author_id, is_official, title, body, _html(body), address,
                latitude, longitude, status, answer, _html(answer) if answer else "", answered_at,
                answered_by, is_withdrawn, is_hidden, up, plan.downs, score,
                plan.comments - plan.removed, ranking.hot(score, plan.created_at), rng.random(),
                plan.created_at, updated,
            ))  # fmt: skip
            topic_ids = self.topics.get(project.pk, [])
            if topic_ids:
                for topic_id in rng.sample(topic_ids, k=min(len(topic_ids), rng.choice((1, 1, 2)))):
                    idea_topics.add((plan.pk, topic_id))
            plan.author_id = author_id  # type: ignore[attr-defined]
            self.plans.append(plan)
        ideas.flush()
        idea_topics.flush()
        self.report.counts["ideas"] = ideas.count
        self.report.counts["idea topics"] = idea_topics.count

    def _spread(self, total: int, weights: list[float], attr: str, *, cap: int,
                plans: list[tuple[IdeaPlan, dict[str, Any]]]) -> None:  # fmt: skip
        """Share `total` among the ideas in proportion to `weights` (at most `cap` each)."""
        weight_sum = sum(weights) or 1.0
        given = 0
        for (plan, _spec), w in zip(plans, weights, strict=True):
            n = min(cap, int(total * w / weight_sum))
            setattr(plan, attr, n)
            given += n
        # Hand out what rounding left over, one at a time, to weighted random ideas.
        candidates = [i for i, w in enumerate(weights) if w > 0]
        left = total - given
        while left > 0 and candidates:
            picks = self.rng.choices(candidates, [weights[i] for i in candidates], k=left)
            for i in picks:
                plan = plans[i][0]
                if getattr(plan, attr) < cap:
                    setattr(plan, attr, getattr(plan, attr) + 1)
                    left -= 1
            candidates = [i for i in candidates if getattr(plans[i][0], attr) < cap]

    # -- activity ------------------------------------------------------------------------------

    def _reactions(self) -> None:
        rng = self.rng
        pool = self.resident_ids
        reactions = RowWriter(Reaction, ["idea_id", "user_id", "value", "created_at"])
        for plan in self.plans:
            if not plan.reactions:
                continue
            voters = rng.sample(range(len(pool)), plan.reactions)
            downs = set(rng.sample(range(plan.reactions), plan.downs)) if plan.downs else ()
            for i, voter in enumerate(voters):
                reactions.add((plan.pk, pool[voter], -1 if i in downs else 1,
                               self._between(plan.created_at, plan.window_end)))  # fmt: skip
        reactions.flush()
        self.report.counts["reactions"] = reactions.count

    def _comments(self) -> None:
        rng = self.rng
        pool = self.resident_ids
        pk = next_pk(Comment)
        comments = RowWriter(Comment, ["id", "idea_id", "author_id", "parent_id", "body",
                                       "body_html", "is_removed", "removed_by_moderator",
                                       "created_at", "edited_at"])  # fmt: skip
        follows = RowWriter(IdeaFollow, ["idea_id", "user_id", "created_at"])
        manager = self.accounts.manager.pk
        for plan in self.plans:
            followers: set[int] = set()
            author = getattr(plan, "author_id", None)
            if author is not None:
                followers.add(author)
                follows.add((plan.pk, author, plan.created_at))
            removed = set(rng.sample(range(plan.comments), plan.removed)) if plan.removed else ()
            top_level: list[tuple[int, datetime]] = []
            for i in range(plan.comments):
                is_reply = top_level and rng.random() < 0.3
                if is_reply:
                    parent, after = rng.choice(top_level)
                else:
                    parent, after = None, plan.created_at
                created = self._between(after, plan.window_end)
                user = manager if rng.random() < 0.02 else pool[rng.randrange(len(pool))]
                lang = plan.lang if rng.random() < 0.8 else rng.choice(("fr", "en", "nl"))
                text = rng.choice((content.REPLIES if is_reply else content.COMMENTS)[lang])
                if i in removed:
                    comments.add((pk, plan.pk, user, parent, "", "", True, True, created, None))
                else:
                    comments.add((pk, plan.pk, user, parent, text, _html(text), False, False,
                                   created, None))  # fmt: skip
                if not is_reply:
                    top_level.append((pk, created))
                if user not in followers and rng.random() < 0.3:
                    followers.add(user)
                    follows.add((plan.pk, user, created))
                pk += 1
        comments.flush()
        follows.flush()
        self.report.counts["comments"] = comments.count
        self.report.counts["idea follows"] = follows.count

    def _follows(self) -> None:
        rng = self.rng
        public = [p.pk for p, spec in self.projects if spec["state"] != "draft"]
        follows = RowWriter(ProjectFollow, ["project_id", "user_id", "created_at"])
        for user in self.resident_ids:
            k = rng.choice((0, 0, 0, 1, 1, 2, 3))
            for project_id in rng.sample(public, k=min(k, len(public))):
                follows.add(
                    (project_id, user, self._between(self.now - timedelta(days=200), self.now))
                )
        follows.flush()
        self.report.counts["project follows"] = follows.count
