"""Emails: headers, both formats, the recipient's language, one-click unsubscribe."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from cocity.ideas.services import idea_answer
from cocity.notifications import services
from cocity.notifications.kinds import Frequency, Kind
from cocity.notifications.models import Delivery, NotificationPreference

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered_mail(idea: Any, carol: Any, accepted: Any, committed: Any, mailoutbox: list) -> Any:
    with committed():
        idea_answer(idea=idea, user=carol, status=accepted, answer="Yes.")
    assert len(mailoutbox) == 1
    return mailoutbox[0]


def test_every_email_has_one_click_unsubscribe_headers_and_both_formats(answered_mail: Any) -> None:
    headers = answered_mail.extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = headers["List-Unsubscribe"].strip("<>")
    assert url.startswith("http://") and "/unsubscribe/" in url
    assert url in answered_mail.body
    html, mimetype = answered_mail.alternatives[0]
    assert mimetype == "text/html" and url in html


def test_it_writes_in_the_recipients_language(
    idea: Any, carol: Any, accepted: Any, committed: Any, mailoutbox: list
) -> None:
    idea.author.preferred_language = "fr"
    idea.author.save()
    with committed():
        idea_answer(idea=idea, user=carol, status=accepted, answer="Oui.")
    assert "Retenue" in mailoutbox[0].subject  # the status label in French


def test_the_unsubscribe_link_works_without_signing_in(client: Any, answered_mail: Any) -> None:
    url = answered_mail.extra_headers["List-Unsubscribe"].strip("<>")
    path = url.split("127.0.0.1:8000", 1)[1]
    page = client.get(path)
    assert page.status_code == 200 and b"Unsubscribe" in page.content
    assert not NotificationPreference.objects.exists()  # a GET (link preview) changes nothing
    # The mail client's one-click POST (RFC 8058) carries no CSRF token.
    client.handler.enforce_csrf_checks = True
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    pref = NotificationPreference.objects.get(kind=Kind.IDEA_ANSWERED)
    assert pref.frequency == Frequency.IN_APP


def test_a_forged_unsubscribe_link_changes_nothing(client: Any, alice: Any) -> None:
    token = services.unsubscribe_token(alice)[:-3] + "xyz"
    response = client.post(reverse("notifications:unsubscribe", args=[token]))
    assert response.status_code == 400
    assert b"not valid" in response.content
    assert not NotificationPreference.objects.exists()


def test_unsubscribing_from_everything_cancels_waiting_emails(alice: Any) -> None:
    services.notify(kind=Kind.RESULTS, recipients=[alice], event_key="results:x")
    assert Delivery.objects.get().status == "pending"
    services.unsubscribe(token=services.unsubscribe_token(alice))
    assert Delivery.objects.get().status == "cancelled"
    prefs = services.preferences_for(alice)
    assert prefs[Kind.CITY_NEWSLETTER] == Frequency.OFF
    assert all(v in (Frequency.OFF, Frequency.IN_APP) for v in prefs.values())
