"""Pages: reporting, the queue (sorting, bulk, query counts), decisions by plain forms, forged
requests, the author's notices and appeal, the audit log and its CSV, statistics, word lists."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cocity.ideas import services as idea_services
from cocity.ideas.models import Idea
from cocity.moderation import services
from cocity.moderation.models import AuditEntry, ModerationCase, Report, ScreeningTerm
from cocity.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_resident_reports_a_comment_and_is_thanked(comment: Any, alice: Any) -> None:
    client = signed_in(alice)
    url = reverse("moderation:report", args=["comment", comment.pk])
    page = client.get(url)
    assert page.status_code == 200 and b"The author never learns who reported" in page.content
    response = client.post(url, {"reason": "abuse", "text": "Rude"}, follow=True)
    assert b"Thank you. A moderator will look at it." in response.content
    again = client.post(url, {"reason": "abuse"}, follow=True)
    assert b"You already reported this" in again.content
    assert Report.objects.count() == 1


def test_a_report_with_no_reason_is_refused_with_a_message(idea: Any, eve: Any) -> None:
    response = signed_in(eve).post(
        reverse("moderation:report", args=["idea", idea.pk]), {"reason": ""}
    )
    assert response.status_code == 400
    assert b"Please choose a reason." in response.content
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Report.objects.exists()


def test_reporting_deleted_content_is_refused_clearly(comment: Any, alice: Any, eve: Any) -> None:
    idea_services.comment_delete(comment=comment, user=eve)
    client = signed_in(alice)
    url = reverse("moderation:report", args=["comment", comment.pk])
    response = client.post(url, {"reason": "spam"})
    assert response.status_code == 403 and b"This comment has been removed." in response.content
    gone = reverse("moderation:report", args=["idea", 999_999])
    assert client.post(gone, {"reason": "spam"}).status_code == 404
    assert client.get(reverse("moderation:report", args=["thing", 1])).status_code == 404
    assert not Report.objects.exists()


def test_the_report_link_shows_to_others_not_to_the_author(idea: Any, alice: Any, eve: Any) -> None:
    page = reverse("ideas:detail", args=[idea.pk])
    assert b"Report this idea" in signed_in(eve).get(page).content
    assert b"Report this idea" not in signed_in(alice).get(page).content


def _pending_ideas(phase: Any, count: int) -> list[Idea]:
    authors = [UserFactory() for _ in range(3)]
    return [
        idea_services.idea_submit(
            phase=phase, author=authors[n % 3], title=f"Putain {n}", body=f"Texte {n}"
        )
        for n in range(count)
    ]


def test_the_queue_lists_cases_with_their_reasons(
    phase: Any, idea: Any, bob: Any, eve: Any
) -> None:
    _pending_ideas(phase, 1)
    services.report_submit(reporter=eve, idea=idea, reason="abuse", text="Swearing")
    page = signed_in(bob).get(reverse("moderation:queue")).content.decode()
    assert "Putain 0" in page and "Contains “putain” from the French word list." in page
    assert "Swearing" in page
    assert "reported by" not in page  # moderators do not see reporters
    assert "accesskey" not in page


def test_administrators_see_who_reported(idea: Any, eve: Any, dave: Any) -> None:
    services.report_submit(reporter=eve, idea=idea, reason="spam")
    page = signed_in(dave).get(reverse("moderation:queue")).content.decode()
    assert "reported by Eve" in page


def test_the_queue_sorts_by_number_of_reports(phase: Any, alice: Any, bob: Any) -> None:
    first = idea_services.idea_submit(phase=phase, author=alice, title="Older", body="one")
    second = idea_services.idea_submit(phase=phase, author=alice, title="Newer", body="two")
    services.report_submit(reporter=UserFactory(), idea=first, reason="spam")
    for _ in range(2):
        services.report_submit(reporter=UserFactory(), idea=second, reason="spam")
    client = signed_in(bob)
    by_age = client.get(reverse("moderation:queue")).content.decode()
    by_reports = client.get(reverse("moderation:queue") + "?sort=reports").content.decode()
    assert by_age.index("Older") < by_age.index("Newer")
    assert by_reports.index("Newer") < by_reports.index("Older")


def test_residents_cannot_open_the_queue(alice: Any, client: Client) -> None:
    assert signed_in(alice).get(reverse("moderation:queue")).status_code == 403
    assert client.get(reverse("moderation:queue")).status_code == 302  # to sign in


def test_a_project_manager_sees_only_their_projects_cases(
    phase: Any, other_phase: Any, carol: Any, eve: Any
) -> None:
    idea_services.idea_submit(phase=phase, author=eve, title="Ours putain", body="x")
    other = idea_services.idea_submit(
        phase=other_phase, author=eve, title="Theirs putain", body="y"
    )
    page = signed_in(carol).get(reverse("moderation:queue")).content.decode()
    assert "Ours putain" in page and "Theirs putain" not in page
    case = ModerationCase.objects.get(idea=other)
    assert signed_in(carol).get(reverse("moderation:case", args=[case.pk])).status_code == 403
    response = signed_in(carol).post(
        reverse("moderation:decide", args=[case.pk]), {"action": "approve"}
    )
    assert response.status_code == 403
    assert Idea.objects.get(pk=other.pk).moderation_state == "pending"


def _fill_queue(phase: Any, count: int) -> None:
    """`count` items: held ideas, reported ideas and a flagged comment, by different people."""
    _pending_ideas(phase, count // 3)
    for n in range(count - count // 3 - 1):
        reported = idea_services.idea_submit(
            phase=phase, author=UserFactory(), title=f"Reported {n}", body=f"Body {n}"
        )
        services.report_submit(reporter=UserFactory(), idea=reported, reason="abuse")
    commented = idea_services.idea_submit(
        phase=phase, author=UserFactory(), title="Plain", body="Fine"
    )
    idea_services.comment_post(idea=commented, author=UserFactory(), body="Quel connard")


def _queue_queries(client: Client, expected_items: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("moderation:queue"))
    assert response.status_code == 200
    assert response.content.decode().count("data-case ") == expected_items
    return len(queries)


def test_the_queue_takes_the_same_queries_for_3_and_30_items(phase: Any, bob: Any) -> None:
    client = signed_in(bob)
    _fill_queue(phase, 3)
    client.get(reverse("moderation:queue"))  # warm the session
    at_3 = _queue_queries(client, 3)
    _fill_queue(phase, 27)
    at_30 = _queue_queries(client, 30)
    assert at_3 == at_30
    assert at_30 <= 8  # session, user, cases, reports, rules, and the shared page frame


def test_a_moderator_approves_and_hides_with_plain_forms(phase: Any, bob: Any) -> None:
    first, second = _pending_ideas(phase, 2)
    client = signed_in(bob)
    cases = {c.idea_id: c for c in ModerationCase.objects.all()}
    response = client.post(
        reverse("moderation:decide", args=[cases[first.pk].pk]), {"action": "approve"}
    )
    assert response.status_code == 302 and response["Location"].endswith("#queue")
    hide = reverse("moderation:decide", args=[cases[second.pk].pk])
    refused = client.post(hide, {"action": "hide", "reason": ""}, follow=True)
    assert b"Please give the reason" in refused.content
    assert Idea.objects.get(pk=second.pk).moderation_state == "pending"
    client.post(hide, {"action": "hide", "reason": "Swearing"})
    assert Idea.objects.get(pk=first.pk).moderation_state == "published"
    assert Idea.objects.get(pk=second.pk).moderation_state == "declined"


def test_bulk_actions_from_the_queue(phase: Any, bob: Any) -> None:
    ideas = _pending_ideas(phase, 3)
    ids = [c.pk for c in ModerationCase.objects.order_by("pk")]
    client = signed_in(bob)
    response = client.post(
        reverse("moderation:bulk"), {"action": "approve", "cases": ids[:2]}, follow=True
    )
    assert b"2 items handled." in response.content
    states = [Idea.objects.get(pk=i.pk).moderation_state for i in ideas]
    assert states == ["published", "published", "pending"]
    nothing = client.post(reverse("moderation:bulk"), {"action": "hide"}, follow=True)
    assert b"Select at least one item." in nothing.content


def test_forged_requests_are_refused_and_change_nothing(phase: Any, bob: Any) -> None:
    (idea,) = _pending_ideas(phase, 1)
    case = ModerationCase.objects.get()
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(bob)
    response = csrf_client.post(reverse("moderation:decide", args=[case.pk]), {"action": "approve"})
    assert response.status_code == 403
    client = signed_in(bob)
    forged = client.post(reverse("moderation:decide", args=[case.pk]), {"action": "delete-all"})
    assert forged.status_code == 302
    assert client.get(reverse("moderation:decide", args=[case.pk])).status_code == 405
    unknown = client.post(reverse("moderation:bulk"), {"action": "approve", "cases": [99999]})
    assert unknown.status_code == 302
    assert ModerationCase.objects.get().is_open
    assert Idea.objects.get(pk=idea.pk).moderation_state == "pending"
    assert not AuditEntry.objects.exists()


def test_the_author_sees_why_and_appeals_once(idea: Any, alice: Any, eve: Any, bob: Any) -> None:
    services.report_submit(reporter=eve, idea=idea, reason="abuse")
    from cocity.moderation.models import ModerationRule

    rule = ModerationRule.objects.get(slug="respect")
    services.case_decide(
        case=ModerationCase.objects.get(), user=bob, action="hide", reason="Insults", rule=rule
    )
    client = signed_in(alice)
    page = client.get(reverse("ideas:detail", args=[idea.pk])).content.decode()
    assert "Hidden by moderation." in page and "Insults" in page and "Be respectful" in page
    assert not re.search(r"\bEve\b", page)  # the reporter is never revealed
    mine = client.get(reverse("moderation:mine")).content.decode()
    assert "Appeal this decision" in mine
    url = reverse("moderation:appeal", args=["idea", idea.pk])
    client.post(url, {"text": "It was a quote."})
    again = client.post(url, {"text": "Again"}, follow=True)
    assert b"an appeal is made once" in again.content
    assert ModerationCase.objects.filter(kind="appeal", is_open=True).count() == 1
    assert signed_in(eve).get(url).status_code == 404  # not eve's


def test_a_pending_comment_shows_to_its_author_only(idea: Any, eve: Any, alice: Any) -> None:
    idea_services.comment_post(idea=idea, author=eve, body="Wat een klootzak")
    url = reverse("ideas:detail", args=[idea.pk])
    own = signed_in(eve).get(url).content.decode()
    assert "klootzak" in own and "Awaiting moderation." in own
    other = signed_in(alice).get(url).content.decode()
    assert "klootzak" not in other and "Comment awaiting moderation." in other


def test_the_policy_page_is_public(client: Client) -> None:
    page = client.get(reverse("moderation:policy")).content.decode()
    assert 'id="rule-respect"' in page and "Protect personal data" in page
    client.cookies["django_language"] = "fr"
    assert "Restez respectueux" in client.get(reverse("moderation:policy")).content.decode()


def test_staff_edit_the_word_lists(bob: Any, carol: Any) -> None:
    url = reverse("moderation:terms")
    assert signed_in(carol).get(url).status_code == 403
    client = signed_in(bob)
    assert b"connard" in client.get(url).content
    client.post(url, {"language": "nl", "nl-language": "nl", "nl-hold": "Rotzak\nrotzak\n",
                      "nl-flag": "sukkel"})  # fmt: skip
    assert set(ScreeningTerm.objects.filter(language="nl").values_list("term", "action")) == {
        ("rotzak", "hold"),
        ("sukkel", "flag"),
    }
    assert AuditEntry.objects.get(action="screening.terms_replace").before


def test_only_administrators_read_and_export_the_audit_log(idea: Any, bob: Any, dave: Any) -> None:
    services.report_submit(reporter=bob, idea=idea, reason="spam")
    services.case_decide(
        case=ModerationCase.objects.get(), user=bob, action="hide", reason="=HYPERLINK(evil)"
    )
    assert signed_in(bob).get(reverse("moderation:audit")).status_code == 403
    assert signed_in(bob).get(reverse("moderation:audit-csv")).status_code == 403
    client = signed_in(dave)
    assert b"idea.hidden" in client.get(reverse("moderation:audit")).content
    response = client.get(reverse("moderation:audit-csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["created_at", "actor_id", "actor_name", "action"]
    (row,) = [r for r in rows[1:] if r[3] == "idea.hidden"]
    assert row[2] == "Bob <bob@example.org>" and row[8] == "'=HYPERLINK(evil)"


def test_the_audit_log_has_no_edit_view_and_a_read_only_admin(dave: Any) -> None:
    from django.contrib import admin

    from cocity.moderation.admin import AuditEntryAdmin
    from cocity.moderation.models import AuditEntry as Entry

    model_admin = AuditEntryAdmin(Entry, admin.site)
    request = type("R", (), {"user": dave})()
    assert not model_admin.has_change_permission(request)  # type: ignore[arg-type]
    assert not model_admin.has_delete_permission(request)  # type: ignore[arg-type]
    assert not model_admin.has_add_permission(request)  # type: ignore[arg-type]


def test_statistics_and_the_pre_moderation_switch(phase: Any, carol: Any, bob: Any) -> None:
    page = signed_in(carol).get(reverse("moderation:stats")).content.decode()
    assert "Green squares" in page and "Switch on" in page
    url = reverse("moderation:premoderation", args=[phase.project.slug])
    assert b"Switch on" not in signed_in(bob).get(reverse("moderation:stats")).content
    signed_in(bob).post(url, {"on": "1"})
    phase.project.refresh_from_db()
    assert not phase.project.is_premoderated
    signed_in(carol).post(url, {"on": "1"})
    phase.project.refresh_from_db()
    assert phase.project.is_premoderated


def test_a_moderator_corrects_warns_and_removes_a_spam_account(
    comment: Any, alice: Any, bob: Any, eve: Any
) -> None:
    services.report_submit(reporter=alice, comment=comment, reason="personal_data")
    case = ModerationCase.objects.get()
    client = signed_in(bob)
    assert b"History of Eve" in client.get(reverse("moderation:case", args=[case.pk])).content
    client.post(
        reverse("moderation:correct", args=[case.pk]),
        {"body": "Yes, and some shade.", "reason": "typo"},
    )
    comment.refresh_from_db()
    assert comment.body == "Yes, and some shade."
    client.post(
        reverse("moderation:sanction", args=[eve.pk]),
        {"kind": "suspend", "days": "3", "reason": "Calm down", "case": case.pk},
    )
    assert eve.sanctions.get().kind == "suspension"
    refused = client.post(reverse("moderation:purge", args=[eve.pk]), {"reason": "Spam"})
    assert refused.status_code == 400 and b"Please tick the box" in refused.content
    client.post(reverse("moderation:purge", args=[eve.pk]), {"reason": "Spam", "confirm": "on"})
    assert not type(eve).objects.filter(pk=eve.pk).exists()


def test_a_resident_reports_the_author_of_an_idea(idea: Any, alice: Any, eve: Any) -> None:
    client = signed_in(eve)
    page = client.get(reverse("ideas:detail", args=[idea.pk])).content.decode()
    url = reverse("moderation:report", args=["user", alice.pk])
    assert url in page
    client.post(url, {"reason": "abuse", "text": "Insults me in every thread"})
    case = ModerationCase.objects.get(user=alice)
    assert case.report_count == 1 and case.project is None
    assert (
        signed_in(alice)
        .post(reverse("moderation:report", args=["user", alice.pk]), {"reason": "spam"})
        .status_code
        == 403
    )
