from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from cocity.accounts.models import Demographics, Role, User
from cocity.demo.seeding import DEMO_PASSWORD, seed_city
from cocity.ideas import ranking
from cocity.ideas.models import Comment, Idea, IdeaFollow, Reaction
from cocity.participation.registry import methods
from cocity.projects.models import Area, Phase, Project, ProjectFollow, Visibility

pytestmark = pytest.mark.django_db

DEMO_EMAILS = [f"{who}@cocity.localhost" for who in ("resident", "moderator", "manager", "admin")]


@pytest.fixture
def seeded(db: None) -> Any:
    return seed_city(size="tiny")


def test_it_creates_projects_in_every_state(seeded: Any) -> None:
    projects = list(Project.objects.all())
    states = {p.state() for p in projects if p.visibility == Visibility.PUBLISHED}
    assert states == {"open", "upcoming", "finished"}
    visibilities = [p.visibility for p in projects]
    assert visibilities.count(Visibility.DRAFT) == 1
    assert visibilities.count(Visibility.ARCHIVED) == 1
    assert len(projects) >= 10
    assert all(p.cover_image and p.cover_image.storage.exists(p.cover_image.name) for p in projects)


def test_it_writes_city_texts_in_three_languages(seeded: Any) -> None:
    for project in Project.objects.all():
        for text in (project.title, project.summary, project.description):
            assert set(text) == {"en", "fr", "nl"} and all(text.values())
    assert Area.objects.count() == 8
    assert all(set(area.name) == {"en", "fr", "nl"} for area in Area.objects.all())


def test_it_gives_a_phase_to_every_installed_method(seeded: Any) -> None:
    used = set(Phase.objects.values_list("method", flat=True))
    assert used == set(methods())
    assert Phase.objects.filter(method="ideation").active().exists()


def test_it_uses_a_method_installed_later_and_its_demo_seeder(db: None, settings: Any) -> None:
    settings.COCITY_PARTICIPATION_METHODS = {
        **settings.COCITY_PARTICIPATION_METHODS,
        "voting": "cocity.demo.tests.fake_method",
    }
    settings.COCITY_DEMO_SEEDERS = {"voting": "cocity.demo.tests.fake_method.seed_phase"}
    methods.cache_clear()
    try:
        seed_city(size="tiny")
        voting = Phase.objects.filter(method="voting")
        assert voting.exists()
        # The method's own demo seeder ran for each of its phases.
        assert all(p.description["en"].startswith("Seeded for 41") for p in voting)
    finally:
        methods.cache_clear()


def test_idea_counters_equal_the_rows(seeded: Any) -> None:
    ideas = Idea.objects.annotate(
        ups=Count("reactions", filter=Q(reactions__value=1), distinct=True),
        downs=Count("reactions", filter=Q(reactions__value=-1), distinct=True),
        live_comments=Count("comments", filter=Q(comments__is_removed=False), distinct=True),
    )
    assert ideas.count() >= 60
    assert not ideas.exclude(up_count=F("ups")).exists()
    assert not ideas.exclude(down_count=F("downs")).exists()
    assert not ideas.exclude(score=F("ups") - F("downs")).exists()
    assert not ideas.exclude(comment_count=F("live_comments")).exists()
    for idea in Idea.objects.all():
        assert idea.hot == ranking.hot(idea.score, idea.created_at)
    assert Reaction.objects.count() > 0
    assert Comment.objects.filter(parent__isnull=False).exists()  # replies


def test_phase_counters_equal_the_listed_ideas(seeded: Any) -> None:
    phases = Phase.objects.annotate(
        listed=Count("ideas", filter=Q(ideas__is_hidden=False, ideas__is_withdrawn=False))
    )
    assert phases.filter(listed__gt=0).exists()
    assert not phases.exclude(listed_idea_count=F("listed")).exists()


def test_it_keeps_down_reactions_to_up_down_projects(seeded: Any) -> None:
    downs = Reaction.objects.filter(value=-1)
    assert downs.exists()
    assert not downs.exclude(idea__phase__project__reaction_mode="up_down").exists()


def test_activity_happens_inside_the_phase_and_the_city(seeded: Any) -> None:
    now = timezone.now()
    for idea in Idea.objects.select_related("phase"):
        assert idea.phase.starts_at <= idea.created_at <= min(now, idea.phase.ends_at)
        if idea.has_location:
            lat, lng = settings.COCITY_MAP_CENTER
            assert abs(idea.latitude - lat) < 0.1 and abs(idea.longitude - lng) < 0.1
            assert idea.address
    late = Reaction.objects.filter(created_at__lt=F("idea__created_at"))
    assert not late.exists()
    orphan_replies = Comment.objects.filter(parent__isnull=False).exclude(idea=F("parent__idea"))
    assert not orphan_replies.exists()


def test_it_answers_some_ideas_and_posts_city_proposals(db: None) -> None:
    seed_city(size="demo")
    answered = Idea.objects.exclude(official_answer="")
    assert answered.exists()
    assert not answered.filter(answered_at__isnull=True).exists()
    assert Idea.objects.filter(is_official=True).exists()
    assert IdeaFollow.objects.exists() and ProjectFollow.objects.exists()


def test_residents_have_varied_consented_demographics(seeded: Any) -> None:
    residents = User.objects.filter(role=Role.RESIDENT)
    with_demographics = Demographics.objects.count()
    assert 0 < with_demographics < residents.count()
    assert Demographics.objects.values("gender").distinct().count() > 2
    assert not Demographics.objects.filter(consented_at__isnull=True).exists()


@pytest.mark.parametrize("email", DEMO_EMAILS)
def test_demo_accounts_can_sign_in(seeded: Any, client: Any, email: str) -> None:
    assert EmailAddress.objects.filter(email=email, verified=True, primary=True).exists()
    response = client.post(reverse("account_login"), {"login": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == User.objects.get(email=email).pk


def test_demo_accounts_have_their_roles(seeded: Any) -> None:
    admin = User.objects.get(email="admin@cocity.localhost")
    assert admin.is_superuser and admin.role == Role.ADMINISTRATOR
    assert User.objects.get(email="moderator@cocity.localhost").role == Role.MODERATOR
    manager = User.objects.get(email="manager@cocity.localhost")
    assert manager.managed_projects.count() >= 2
    resident = User.objects.get(email="resident@cocity.localhost")
    assert resident.ideas.exists()


def test_seeded_pages_render(seeded: Any, client: Any) -> None:
    assert client.get(reverse("projects:home")).status_code == 200
    for project in Project.objects.public():
        assert client.get(reverse("projects:detail", args=[project.slug])).status_code == 200
        for phase in project.phases.all():
            url = reverse("projects:phase", args=[project.slug, phase.pk])
            assert client.get(url).status_code == 200, (phase.method, url)
    busy = Idea.objects.listed().order_by("-comment_count").first()
    assert client.get(reverse("ideas:detail", args=[busy.pk])).status_code == 200


def test_if_empty_does_nothing_on_a_seeded_database(seeded: Any) -> None:
    before = (Project.objects.count(), Idea.objects.count(), User.objects.count())
    out = StringIO()
    call_command("seed", "--size", "tiny", "--if-empty", stdout=out)
    assert "nothing seeded" in out.getvalue()
    assert (Project.objects.count(), Idea.objects.count(), User.objects.count()) == before


def test_it_refuses_to_seed_a_database_with_content(seeded: Any) -> None:
    before = Idea.objects.count()
    with pytest.raises(CommandError, match="already has projects"):
        call_command("seed", "--size", "tiny", stdout=StringIO())
    assert Idea.objects.count() == before


def test_the_command_seeds_an_empty_database(db: None) -> None:
    out = StringIO()
    call_command("seed", "--size", "tiny", "--if-empty", stdout=out)
    assert "resident@cocity.localhost" in out.getvalue()
    assert Idea.objects.exists()


def test_it_is_deterministic(db: None) -> None:
    def snapshot() -> list[tuple[Any, ...]]:
        return list(
            Idea.objects.order_by("pk").values_list(
                "title", "address", "up_count", "down_count", "comment_count"
            )
        )

    seed_city(size="tiny", seed=7)
    first = snapshot()
    Project.objects.all().delete()
    User.objects.all().delete()
    Area.objects.all().delete()
    seed_city(size="tiny", seed=7)
    assert snapshot() == first


@pytest.mark.skipif(
    "cocity.events" not in settings.INSTALLED_APPS, reason="the events app is not installed"
)
def test_it_seeds_events_around_the_projects(seeded: Any) -> None:
    from cocity.events.models import Event, Registration

    assert Event.objects.filter(project__isnull=False).exists()
    assert Registration.objects.exists()


def test_a_demo_visitor_can_vote_and_fill_a_basket_today(seeded: Any) -> None:
    from cocity.voting.models import BallotItem

    now = timezone.now()
    for method in ("voting", "budgeting"):
        open_phases = [p for p in Phase.objects.filter(method=method) if p.is_open(now)]
        assert open_phases, f"no {method} phase is open in the demo"
        assert all(p.project.visibility == Visibility.PUBLISHED for p in open_phases)
        assert BallotItem.objects.filter(setup__phase__in=open_phases).exists()
