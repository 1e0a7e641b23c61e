"""factory_boy factories shared by every app's tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory
from django.utils import timezone

from cocity.accounts.models import Role, User
from cocity.ideas.models import Comment, Idea, IdeaStatus
from cocity.projects.models import Area, Phase, Project, Topic, Visibility


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    role = Role.RESIDENT
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def verified(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        """A verified primary email, which allauth requires to sign in (verified=False: none)."""
        if not create:
            return
        obj.save()
        if extracted is False:
            return
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(
            user=obj, email=obj.email, defaults={"verified": True, "primary": True}
        )


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    slug = factory.Sequence(lambda n: f"district-{n}")
    name = factory.LazyAttribute(lambda o: {"en": o.slug.title(), "fr": o.slug.title()})


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    slug = factory.Sequence(lambda n: f"project-{n}")
    title = factory.Sequence(lambda n: {"en": f"Project {n}", "fr": f"Projet {n}"})
    summary = {"en": "A project of the city.", "fr": "Un projet de la ville."}
    description = {"en": "Some **context** for residents."}
    visibility = Visibility.PUBLISHED


class PhaseFactory(factory.django.DjangoModelFactory):
    """An ideation phase open now, unless dates say otherwise."""

    class Meta:
        model = Phase

    project = factory.SubFactory(ProjectFactory)
    method = "ideation"
    title = {"en": "Ideas", "fr": "Idées", "nl": "Ideeën"}
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    ends_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=21))

    @classmethod
    def _after_postgeneration(cls, instance: Phase, create: bool, results: Any = None) -> None:
        super()._after_postgeneration(instance, create, results)
        if create:
            from cocity.projects.services import project_refresh_dates

            project_refresh_dates(project=instance.project)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: {"en": f"Topic {n}", "fr": f"Thème {n}"})


class IdeaFactory(factory.django.DjangoModelFactory):
    """A row as the service would leave it (use the services in tests of behaviour)."""

    class Meta:
        model = Idea

    phase = factory.SubFactory(PhaseFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Idea {n}")
    body = "More trees on the square."
    body_html = "<p>More trees on the square.</p>"
    status = factory.LazyFunction(lambda: IdeaStatus.objects.filter(is_default=True).first())


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    idea = factory.SubFactory(IdeaFactory)
    author = factory.SubFactory(UserFactory)
    body = "I agree."
    body_html = "<p>I agree.</p>"
