from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cocity.testing.factories import CommentFactory, IdeaFactory


def test_a_resident_changes_display_name_and_language(client: Any, alice: Any) -> None:
    client.force_login(alice)

    response = client.post(
        reverse("accounts:profile"), {"display_name": "  Alice  M. ", "preferred_language": "fr"}
    )

    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.display_name == "Alice M."
    assert alice.preferred_language == "fr"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    page = client.get(reverse("accounts:profile"))
    assert '<html lang="fr">' in page.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"display_name": "", "preferred_language": ""}, "Please enter a display name."),
        ({"display_name": "   ", "preferred_language": ""}, "Please enter a display name."),
        ({"display_name": "y" * 61, "preferred_language": ""}, "at most 60 characters"),
        (
            {"display_name": "<script>alert(1)</script>", "preferred_language": ""},
            "cannot contain the characters",
        ),
        (
            {"display_name": "Alice", "preferred_language": "xx"},
            "Choose one of the offered languages.",
        ),
    ],
)
def test_it_refuses_a_bad_profile_and_changes_nothing(
    client: Any, alice: Any, data: dict[str, str], message: str
) -> None:
    client.force_login(alice)

    response = client.post(reverse("accounts:profile"), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html
    assert "<script>alert(1)</script>" not in html
    alice.refresh_from_db()
    assert alice.display_name == "Alice"
    assert alice.preferred_language == ""


def test_the_profile_lists_own_ideas_and_comments_only(client: Any, alice: Any, eve: Any) -> None:
    mine = IdeaFactory(author=alice, title="Benches by the river")
    IdeaFactory(author=eve, title="Eve's fountain")
    CommentFactory(author=alice, idea=mine, body="Shade would help too.")
    CommentFactory(author=eve, idea=mine, body="Eve agrees.")
    client.force_login(alice)

    html = client.get(reverse("accounts:profile")).content.decode()

    assert "Benches by the river" in html
    assert "Shade would help too." in html
    assert "Eve&#x27;s fountain" not in html and "Eve's fountain" not in html
    assert "Eve agrees." not in html
    assert reverse("ideas:detail", args=[mine.pk]) in html


def test_the_profile_pages_its_lists_with_a_constant_number_of_queries(
    client: Any, alice: Any
) -> None:
    client.force_login(alice)
    idea = IdeaFactory(author=alice)
    CommentFactory(author=alice, idea=idea)
    client.get(reverse("accounts:profile"))  # warm caches (site, content types)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("accounts:profile"))

    for _n in range(25):
        other = IdeaFactory(author=alice)
        CommentFactory(author=alice, idea=other)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("accounts:profile"))

    assert len(many) == len(few)
    html = page.content.decode()
    assert "Page 1 of 3" in html
    assert "?ideas=2" in html
    assert "?comments=2" in html
    second = client.get(reverse("accounts:profile") + "?ideas=3")
    assert "Page 3 of 3" in second.content.decode()
