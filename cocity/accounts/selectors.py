"""Reads for the account pages: a person's own ideas, comments and demographics."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from cocity.accounts.models import Demographics, User

OWN_ITEMS_PER_PAGE = 10


def user_ideas(*, user: User) -> QuerySet:
    """The person's ideas, newest first, withdrawn and hidden ones included (they are theirs)."""
    from cocity.ideas.models import Idea

    return (
        Idea.objects.filter(author=user)
        .select_related("phase__project", "status")
        .only(
            "id",
            "title",
            "created_at",
            "is_withdrawn",
            "is_hidden",
            "comment_count",
            "score",
            "status__id",
            "status__label",
            "status__slug",
            "phase__id",
            "phase__project__id",
            "phase__project__slug",
            "phase__project__title",
        )
        .order_by("-created_at", "-pk")
    )


def user_comments(*, user: User) -> QuerySet:
    """The person's comments that are still there, newest first, with the idea they answer."""
    from cocity.ideas.models import Comment

    return (
        Comment.objects.filter(author=user, is_removed=False)
        .select_related("idea")
        .only("id", "body", "created_at", "idea__id", "idea__title")
        .order_by("-created_at", "-pk")
    )


def paginate(
    queryset: QuerySet, page_number: str | None, per_page: int = OWN_ITEMS_PER_PAGE
) -> Page:
    return Paginator(queryset, per_page).get_page(page_number)


def demographics_for_user(*, user: User) -> Demographics | None:
    return Demographics.objects.filter(user=user).select_related("area").first()
