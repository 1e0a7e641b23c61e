"""Services: screening on posting, reports, decisions, corrections, appeals, sanctions, spam
accounts, pre-moderation, the audit log and statistics. Bad input is refused and changes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from cocity.ideas import services as idea_services
from cocity.ideas.models import Comment, Idea, Reaction
from cocity.moderation import services
from cocity.moderation.models import (
    Appeal,
    AuditEntry,
    ModerationCase,
    ModerationRule,
    Report,
    Sanction,
)
from cocity.moderation.selectors import notices_for, project_stats
from cocity.participation.capabilities import Capability
from cocity.participation.permissions import check
from cocity.projects.models import Project
from cocity.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def _snapshot() -> tuple[int, int, int, int, int]:
    return (
        Report.objects.count(),
        ModerationCase.objects.count(),
        Appeal.objects.count(),
        Sanction.objects.count(),
        AuditEntry.objects.count(),
    )


# --- Screening on posting -----------------------------------------------------------------------


def test_an_abusive_idea_is_held_with_the_reason_for_the_moderator(phase: Any, alice: Any) -> None:
    idea = idea_services.idea_submit(
        phase=phase, author=alice, title="Ce connard de maire", body="Rien ne change."
    )
    idea.refresh_from_db()
    assert idea.moderation_state == "pending" and idea.is_hidden
    assert not Idea.objects.listed().filter(pk=idea.pk).exists()
    case = ModerationCase.objects.get(idea=idea, is_open=True)
    assert case.kind == "pending"
    assert case.flags[0]["rule"] == "word" and "connard" in case.flags[0]["detail"]


def test_a_flagged_comment_is_published_and_queued(idea: Any, eve: Any) -> None:
    comment = idea_services.comment_post(idea=idea, author=eve, body="Quelle idée débile.")
    comment.refresh_from_db()
    assert comment.moderation_state == "published"
    case = ModerationCase.objects.get(comment=comment)
    assert case.kind == "flagged" and case.flags[0]["action"] == "flag"


def test_an_ordinary_idea_is_published_with_no_case(idea: Any) -> None:
    assert idea.moderation_state == "published" and not idea.is_hidden
    assert not ModerationCase.objects.exists()


def test_a_held_comment_does_not_count_until_approved(idea: Any, eve: Any, bob: Any) -> None:
    comment = idea_services.comment_post(idea=idea, author=eve, body="Wat een klootzak.")
    idea.refresh_from_db()
    assert idea.comment_count == 0
    case = ModerationCase.objects.get(comment=comment)
    services.case_decide(case=case, user=bob, action="approve")
    idea.refresh_from_db()
    assert idea.comment_count == 1


def test_editing_an_idea_into_abuse_holds_it_again(idea: Any, alice: Any) -> None:
    idea_services.idea_edit(idea=idea, user=alice, title=idea.title, body="Putain de bancs.")
    idea.refresh_from_db()
    assert idea.moderation_state == "pending" and idea.is_hidden


def test_posting_too_fast_is_held(phase: Any, alice: Any, settings: Any) -> None:
    settings.COCITY_POSTS_PER_HOUR_ACCOUNT = 2
    ideas = [
        idea_services.idea_submit(phase=phase, author=alice, title=f"Idea {n}", body=f"Text {n}")
        for n in range(3)
    ]
    states = [Idea.objects.get(pk=i.pk).moderation_state for i in ideas]
    assert states == ["published", "published", "pending"]
    (case,) = ModerationCase.objects.all()
    assert case.flags[0]["rule"] == "rate"


def test_staff_posts_are_not_screened(phase: Any, carol: Any) -> None:
    idea = idea_services.idea_submit(
        phase=phase, author=carol, title="Putain de travaux", body="Citation d'un riverain.",
        is_official=True,
    )  # fmt: skip
    assert Idea.objects.get(pk=idea.pk).moderation_state == "published"


def test_pre_moderated_projects_hold_everything_and_tell_the_author(
    phase: Any, alice: Any, carol: Any
) -> None:
    services.project_set_premoderation(project=phase.project, user=carol, is_premoderated=True)
    idea = idea_services.idea_submit(phase=phase, author=alice, title="Benches", body="Please.")
    idea.refresh_from_db()
    assert idea.moderation_state == "pending"
    assert check(alice, Capability.VIEW, idea)  # the author still sees it, marked pending
    notices, _sanctions = notices_for(alice)
    assert [n.content for n in notices] == [idea]
    assert ModerationCase.objects.get(idea=idea).flags[0]["rule"] == "premoderation"
    assert AuditEntry.objects.filter(action="project.premoderation").exists()


def test_only_project_staff_switch_pre_moderation(phase: Any, alice: Any, bob: Any) -> None:
    for person in (alice, bob):
        with pytest.raises(PermissionDenied):
            services.project_set_premoderation(
                project=phase.project, user=person, is_premoderated=True
            )
    assert not Project.objects.get(pk=phase.project.pk).is_premoderated


# --- Reports ------------------------------------------------------------------------------------


def test_reporting_twice_does_nothing_more(idea: Any, eve: Any) -> None:
    first, created = services.report_submit(reporter=eve, idea=idea, reason="spam")
    again, created_again = services.report_submit(reporter=eve, idea=idea, reason="abuse")
    assert created and not created_again and again == first
    case = ModerationCase.objects.get(idea=idea)
    assert case.report_count == 1 and Report.objects.count() == 1


def test_reports_from_several_people_join_one_case(idea: Any, eve: Any, bob: Any) -> None:
    services.report_submit(reporter=eve, idea=idea, reason="spam")
    services.report_submit(reporter=bob, idea=idea, reason="off_topic")
    (case,) = ModerationCase.objects.all()
    assert case.report_count == 2


def test_other_needs_an_explanation(idea: Any, eve: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.report_submit(reporter=eve, idea=idea, reason="other", text="  ")
    assert "Please say what is wrong." in error.value.messages
    with pytest.raises(ValidationError):
        services.report_submit(reporter=eve, idea=idea, reason="made-up")
    assert _snapshot() == (0, 0, 0, 0, 0)


def test_reports_on_removed_or_own_content_are_refused(
    idea: Any, comment: Any, alice: Any, eve: Any, anon: Any
) -> None:
    idea_services.comment_delete(comment=comment, user=eve)
    comment.refresh_from_db()
    before = _snapshot()
    with pytest.raises(PermissionDenied, match=r"This comment has been removed\."):
        services.report_submit(reporter=alice, comment=comment, reason="spam")
    with pytest.raises(PermissionDenied, match=r"You cannot report what you wrote\."):
        services.report_submit(reporter=alice, idea=idea, reason="spam")
    with pytest.raises(PermissionDenied, match=r"Please sign in to report\."):
        services.report_submit(reporter=anon, idea=idea, reason="spam")
    with pytest.raises(PermissionDenied, match=r"You cannot report yourself\."):
        services.report_submit(reporter=alice, user=alice, reason="spam")
    assert _snapshot() == before


def test_reports_on_hidden_content_are_refused(idea: Any, eve: Any, bob: Any) -> None:
    services.report_submit(reporter=eve, idea=idea, reason="abuse")
    services.case_decide(case=ModerationCase.objects.get(), user=bob, action="hide", reason="x")
    idea.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.report_submit(reporter=UserFactory(), idea=idea, reason="spam")


def test_a_person_can_be_reported(alice: Any, eve: Any) -> None:
    services.report_submit(reporter=eve, user=alice, reason="abuse", text="Insults in messages")
    case = ModerationCase.objects.get(user=alice)
    assert case.project is None and case.report_count == 1


# --- Decisions ----------------------------------------------------------------------------------


def test_hiding_needs_a_reason_and_tells_the_author_which_rule(
    idea: Any, eve: Any, bob: Any, alice: Any
) -> None:
    services.report_submit(reporter=eve, idea=idea, reason="abuse")
    case = ModerationCase.objects.get()
    with pytest.raises(ValidationError):
        services.case_decide(case=case, user=bob, action="hide", reason=" ")
    assert ModerationCase.objects.get().is_open
    rule = ModerationRule.objects.get(slug="respect")
    services.case_decide(case=case, user=bob, action="hide", reason="Insults.", rule=rule)
    idea.refresh_from_db()
    assert idea.moderation_state == "hidden" and idea.is_hidden
    notices, _s = notices_for(alice)
    assert notices[0].case.reason == "Insults." and notices[0].case.rule == rule
    entry = AuditEntry.objects.get(action="idea.hidden")
    assert entry.actor_id == bob.pk and entry.reason == "Insults."
    assert entry.before["moderation_state"] == "published"
    assert entry.after["moderation_state"] == "hidden"


def test_approving_dismisses_the_reports_and_keeps_the_content(
    idea: Any, eve: Any, bob: Any
) -> None:
    services.report_submit(reporter=eve, idea=idea, reason="spam")
    case = services.case_decide(case=ModerationCase.objects.get(), user=bob, action="approve")
    assert case.decision == "approved" and not case.is_open
    assert Idea.objects.get(pk=idea.pk).moderation_state == "published"


def test_a_case_is_decided_once(idea: Any, eve: Any, bob: Any, dave: Any) -> None:
    services.report_submit(reporter=eve, idea=idea, reason="spam")
    case = ModerationCase.objects.get()
    services.case_decide(case=case, user=bob, action="approve")
    with pytest.raises(ValidationError, match="already handled"):
        services.case_decide(case=case, user=dave, action="hide", reason="Late.")
    assert Idea.objects.get(pk=idea.pk).moderation_state == "published"


def test_declining_pending_content(phase: Any, alice: Any, bob: Any) -> None:
    idea = idea_services.idea_submit(phase=phase, author=alice, title="Putain", body="de bus")
    services.case_decide(
        case=ModerationCase.objects.get(), user=bob, action="hide", reason="Language."
    )
    assert Idea.objects.get(pk=idea.pk).moderation_state == "declined"


def test_actions_on_another_projects_content_are_refused(
    other_phase: Any, eve: Any, carol: Any, frank: Any
) -> None:
    other = idea_services.idea_submit(phase=other_phase, author=eve, title="Quay", body="Lights")
    services.report_submit(reporter=carol, idea=other, reason="spam")
    case = ModerationCase.objects.get()
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        services.case_decide(case=case, user=carol, action="hide", reason="Not mine")
    with pytest.raises(PermissionDenied):
        services.content_correct(case=case, user=carol, title="X", body="Y", reason="typo")
    assert _snapshot() == before
    assert Idea.objects.get(pk=other.pk).moderation_state == "published"
    services.case_decide(case=case, user=frank, action="approve")  # its own manager may


def test_bulk_decisions_are_all_or_nothing(
    phase: Any, other_phase: Any, alice: Any, eve: Any, carol: Any
) -> None:
    mine = idea_services.idea_submit(phase=phase, author=alice, title="A", body="Putain")
    theirs = idea_services.idea_submit(phase=other_phase, author=eve, title="B", body="Putain")
    cases = list(ModerationCase.objects.order_by("pk"))
    with pytest.raises(PermissionDenied):
        services.cases_decide(cases=cases, user=carol, action="approve")
    assert all(c.is_open for c in ModerationCase.objects.all())
    assert Idea.objects.get(pk=mine.pk).moderation_state == "pending"
    services.cases_decide(cases=cases[:1], user=carol, action="approve")
    assert Idea.objects.get(pk=mine.pk).moderation_state == "published"
    assert Idea.objects.get(pk=theirs.pk).moderation_state == "pending"


def test_correcting_a_typo_leaves_a_trace(comment: Any, alice: Any, bob: Any) -> None:
    services.report_submit(reporter=alice, comment=comment, reason="personal_data")
    case = ModerationCase.objects.get()
    services.content_correct(
        case=case, user=bob, body="Yes, call me at [number removed].", reason="Phone number"
    )
    comment.refresh_from_db()
    assert comment.body == "Yes, call me at [number removed]." and comment.edited_at
    entry = AuditEntry.objects.get(action="comment.correct")
    assert entry.before["body"] == "Yes, and some shade too."
    assert entry.after["body"] == "Yes, call me at [number removed]."


# --- Appeals ------------------------------------------------------------------------------------


def _hide(idea: Any, reporter: Any, moderator: Any) -> None:
    services.report_submit(reporter=reporter, idea=idea, reason="abuse")
    case = ModerationCase.objects.get(idea=idea, is_open=True)
    services.case_decide(case=case, user=moderator, action="hide", reason="Insults")


def test_the_author_appeals_once_and_a_moderator_restores(
    idea: Any, alice: Any, eve: Any, bob: Any
) -> None:
    _hide(idea, eve, bob)
    idea.refresh_from_db()
    services.appeal_submit(author=alice, idea=idea, text="It was a quote from the meeting.")
    case = ModerationCase.objects.get(is_open=True)
    assert case.kind == "appeal"
    before = _snapshot()
    with pytest.raises(ValidationError, match="appeal is made once"):
        services.appeal_submit(author=alice, idea=idea, text="Again!")
    assert _snapshot() == before
    services.case_decide(case=case, user=bob, action="approve")
    idea.refresh_from_db()
    assert idea.moderation_state == "published" and not idea.is_hidden
    assert ModerationCase.objects.get(pk=case.pk).decision == "restored"


def test_an_upheld_appeal_keeps_it_hidden_and_cannot_be_repeated(
    idea: Any, alice: Any, eve: Any, bob: Any
) -> None:
    _hide(idea, eve, bob)
    idea.refresh_from_db()
    services.appeal_submit(author=alice, idea=idea, text="Please")
    case = ModerationCase.objects.get(is_open=True)
    services.case_decide(case=case, user=bob, action="hide", reason="Still insulting.")
    idea.refresh_from_db()
    assert idea.moderation_state == "hidden"
    with pytest.raises(ValidationError):
        services.appeal_submit(author=alice, idea=idea, text="Please, again")
    assert Appeal.objects.count() == 1


def test_appeals_on_published_or_others_content_are_refused(idea: Any, eve: Any, bob: Any) -> None:
    with pytest.raises(ValidationError, match="Only hidden or declined"):
        services.appeal_submit(author=idea.author, idea=idea, text="Why?")
    _hide(idea, eve, bob)
    idea.refresh_from_db()
    with pytest.raises(PermissionDenied, match="Only the author"):
        services.appeal_submit(author=eve, idea=idea, text="Not mine but")
    assert Appeal.objects.count() == 0


# --- Sanctions and spam accounts ----------------------------------------------------------------


def test_a_suspended_resident_reads_but_cannot_take_part(idea: Any, eve: Any, bob: Any) -> None:
    services.user_suspend(target=eve, user=bob, reason="Repeated insults", days=7)
    decision = check(eve, Capability.COMMENT, idea)
    assert not decision and "suspended until" in decision.reason
    assert check(eve, Capability.VIEW, idea)
    with pytest.raises(PermissionDenied):
        idea_services.comment_post(idea=idea, author=eve, body="Hello")


def test_a_suspension_ends_by_itself(idea: Any, eve: Any, bob: Any) -> None:
    from cocity.moderation.sanctions import suspended_until

    services.user_suspend(target=eve, user=bob, reason="Cool down", days=1)
    soon = timezone.now() + timedelta(hours=20)
    later = timezone.now() + timedelta(days=2)
    assert suspended_until(eve, soon) is not None
    assert suspended_until(eve, later) is None
    fresh = type(eve).objects.get(pk=eve.pk)
    assert check(fresh, Capability.COMMENT, idea, now=later)


def test_a_block_stops_sign_in_and_lifts_when_it_ends(eve: Any, bob: Any) -> None:
    services.user_block(target=eve, user=bob, reason="Spam", days=3)
    eve.refresh_from_db()
    assert not eve.is_active
    assert services.sanctions_expire(now=timezone.now() + timedelta(days=1)) == 0
    assert services.sanctions_expire(now=timezone.now() + timedelta(days=4)) == 1
    eve.refresh_from_db()
    assert eve.is_active


def test_project_managers_warn_but_do_not_suspend(
    comment: Any, alice: Any, carol: Any, eve: Any
) -> None:
    services.report_submit(reporter=alice, comment=comment, reason="abuse")
    case = ModerationCase.objects.get()
    services.user_warn(target=eve, user=carol, reason="Mind your words", case=case)
    with pytest.raises(PermissionDenied):
        services.user_suspend(target=eve, user=carol, reason="x", days=2)
    with pytest.raises(ValidationError, match="Warn the author"):
        services.user_warn(target=alice, user=carol, reason="x", case=case)
    assert list(Sanction.objects.values_list("kind", flat=True)) == ["warning"]


def test_moderators_cannot_sanction_staff_or_themselves(bob: Any, carol: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.user_block(target=carol, user=bob, reason="x", days=1)
    with pytest.raises(ValidationError):
        services.user_suspend(target=bob, user=bob, reason="x", days=1)
    with pytest.raises(ValidationError):
        services.user_suspend(target=UserFactory(), user=bob, reason="x", days=0)
    assert not Sanction.objects.exists()


def test_removing_a_spam_account_removes_all_it_posted(
    idea: Any, phase: Any, bob: Any, alice: Any
) -> None:
    spammer = UserFactory(display_name="Cheap Pills")
    spammer_pk = spammer.pk
    spam = idea_services.idea_submit(phase=phase, author=spammer, title="Pills", body="Cheap")
    idea_services.comment_post(idea=spam, author=alice, body="Spam!")
    idea_services.comment_post(idea=idea, author=spammer, body="Visit my shop")
    idea_services.reaction_set(idea=idea, user=spammer, value=1)
    counts = services.user_purge(target=spammer, user=bob, reason="Spam account")
    assert counts == {"ideas": 1, "comments": 1, "reactions": 1}
    idea.refresh_from_db()
    assert idea.up_count == 0 and idea.comment_count == 0
    assert not Idea.objects.filter(pk=spam.pk).exists()
    assert Comment.objects.get(idea=idea).removed_by_moderator
    assert not Reaction.objects.exists()
    assert not type(bob).objects.filter(pk=spammer.pk).exists()
    entry = AuditEntry.objects.get(action="user.purge")
    assert entry.before["ideas"] == ["Pills"] and entry.target_id == spammer_pk


def test_only_moderators_remove_accounts(carol: Any, eve: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.user_purge(target=eve, user=carol, reason="x")
    assert type(eve).objects.filter(pk=eve.pk).exists()


# --- Audit log and statistics -------------------------------------------------------------------


def test_back_office_actions_are_logged(idea: Any, carol: Any, dave: Any) -> None:
    from cocity.ideas.models import IdeaStatus
    from cocity.projects import services as project_services

    status = IdeaStatus.objects.filter(is_decision=True).first()
    idea_services.idea_answer(idea=idea, user=carol, status=status, answer="We will.")
    project = project_services.project_create(user=dave, title={"en": "Lights"})
    project_services.project_update(
        project=project, user=dave, title={"en": "Lights"}, visibility="published"
    )
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["idea.answer", "project.create", "project.update"]
    update = AuditEntry.objects.get(action="project.update")
    assert (update.before["visibility"], update.after["visibility"]) == ("draft", "published")


def test_the_database_refuses_to_change_the_audit_log(bob: Any) -> None:
    from cocity.moderation.audit import record

    entry = record(actor=bob, action="test.entry", reason="original")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(reason="forged")
    assert AuditEntry.objects.get(pk=entry.pk).reason == "original"
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEntry.objects.filter(pk=entry.pk).delete()
        assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_statistics_count_reports_handled_and_the_median_time(
    phase: Any, alice: Any, eve: Any, bob: Any
) -> None:
    ideas = [
        idea_services.idea_submit(phase=phase, author=alice, title=f"I{n}", body=f"B{n}")
        for n in range(3)
    ]
    for idea in ideas:
        services.report_submit(reporter=eve, idea=idea, reason="spam")
    cases = list(ModerationCase.objects.order_by("pk"))
    for case, hours in zip(cases[:2], (1, 3), strict=True):
        services.case_decide(case=case, user=bob, action="approve")
        ModerationCase.objects.filter(pk=case.pk).update(
            closed_at=case.opened_at + timedelta(hours=hours)
        )
    (row,) = project_stats(Project.objects.filter(pk=phase.project.pk))
    assert (row.reports, row.handled, row.open) == (3, 2, 1)
    assert row.median_decision == timedelta(hours=2)
    assert row.median_text == "2 h 0 min"
