"""Writes of moderation: screening new content, reports, decisions, edits, sanctions, appeals,
removing spam accounts, and the policy and word lists. Each checks permission through the one
permission function, validates (translated messages), writes in a transaction and leaves a row in
the audit log (cocity/moderation/audit.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cocity.core.sanitize import plain_text, render_markdown
from cocity.ideas import ranking
from cocity.ideas.models import Comment, Idea, ModerationState, Reaction
from cocity.moderation import screening
from cocity.moderation.audit import record
from cocity.moderation.middleware import client_address
from cocity.moderation.models import (
    Appeal,
    CaseKind,
    Decision,
    ModerationCase,
    ModerationRule,
    Report,
    ReportReason,
    Sanction,
    SanctionKind,
    ScreeningAction,
    ScreeningTerm,
)
from cocity.participation.capabilities import Capability
from cocity.participation.permissions import can, require

REASON_MAX = 2000
REPORT_TEXT_MAX = 1000
MAX_SANCTION_DAYS = 3650
APPROVE = "approve"
# What a case is mainly about, when several things happen to the same content.
KIND_PRIORITY = [CaseKind.APPEAL, CaseKind.PENDING, CaseKind.REPORTED, CaseKind.FLAGGED]
HIDE = "hide"


def _clean_reason(reason: str, *, required: bool = True, field: str = "reason") -> str:
    reason = plain_text(reason or "").strip()
    if required and not reason:
        raise ValidationError({field: _("Please give the reason; the author will read it.")})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {field: _("Please keep this under %(max)d characters.") % {"max": REASON_MAX}}
        )
    return reason


def _project_of(*, idea: Idea | None = None, comment: Comment | None = None) -> Any:
    if comment is not None:
        return comment.idea.phase.project
    if idea is not None:
        return idea.phase.project
    return None


def _state(content: Idea | Comment) -> dict[str, Any]:
    if isinstance(content, Idea):
        return {
            "moderation_state": content.moderation_state,
            "is_hidden": content.is_hidden,
            "title": content.title,
            "body": content.body,
        }
    return {"moderation_state": content.moderation_state, "body": content.body}


# --- Content state ------------------------------------------------------------------------------


def _set_state(content: Idea | Comment, state: str) -> None:
    """Move content to a moderation state, keeping Idea.is_hidden and comment counts true."""
    was_published = content.moderation_state == ModerationState.PUBLISHED
    content.moderation_state = state
    if isinstance(content, Idea):
        from cocity.ideas.services import idea_listing_moved, is_listed  # ideas imports us

        was_listed = is_listed(content)
        content.is_hidden = state != ModerationState.PUBLISHED
        content.save(update_fields=["moderation_state", "is_hidden", "updated_at"])
        idea_listing_moved(content, was_listed=was_listed)
        return
    content.save(update_fields=["moderation_state"])
    is_published = state == ModerationState.PUBLISHED
    if was_published != is_published and not content.is_removed:
        Idea.objects.filter(pk=content.idea_id).update(
            comment_count=F("comment_count") + (1 if is_published else -1)
        )


def _open_case(
    *,
    kind: str,
    idea: Idea | None = None,
    comment: Comment | None = None,
    user: Any = None,
    flags: Sequence[dict[str, str]] = (),
) -> ModerationCase:
    """The open case of this target, created if need be; pending and appeals outrank the rest."""
    target = {"idea": idea, "comment": comment, "user": user}
    lookup = {k: v for k, v in target.items() if v is not None}
    case = ModerationCase.objects.select_for_update().filter(is_open=True, **lookup).first()
    if case is None:
        try:
            with transaction.atomic():
                case = ModerationCase.objects.create(
                    kind=kind,
                    project=_project_of(idea=idea, comment=comment),
                    flags=list(flags),
                    **lookup,
                )
                return case
        except IntegrityError:  # opened by a concurrent request
            case = ModerationCase.objects.select_for_update().get(is_open=True, **lookup)
    if KIND_PRIORITY.index(kind) < KIND_PRIORITY.index(case.kind):
        case.kind = kind
    known = {(f["rule"], f["detail"]) for f in case.flags}
    case.flags = case.flags + [f for f in flags if (f["rule"], f["detail"]) not in known]
    case.save(update_fields=["kind", "flags"])
    return case


# --- Screening ----------------------------------------------------------------------------------


@transaction.atomic
def content_screen(
    *,
    idea: Idea | None = None,
    comment: Comment | None = None,
    author: Any,
    entered_by: Any = None,
    is_edit: bool = False,
) -> screening.Screening:
    """Screen new or edited content before it shows; hold or flag it for moderators.

    The one call the idea and comment services make. Staff input (entered_by, or authors who
    may moderate the project) is not screened. New content in a pre-moderated project waits
    for approval. Returns the screening, whose flags say why.
    """
    content = idea if idea is not None else comment
    assert content is not None
    project = _project_of(idea=idea, comment=comment)
    if entered_by is not None or author is None or can(author, Capability.MODERATE, project):
        return screening.Screening()
    if isinstance(content, Idea):
        text = f"{content.title}\n{content.body}"
        recent, earlier = screening.author_context(author, exclude_idea=content.pk)
    else:
        text = content.body
        recent, earlier = screening.author_context(author, exclude_comment=content.pk)
    result = screening.screen_text(
        text,
        terms=screening.screening_terms(),
        account_age=timezone.now() - author.date_joined,
        earlier_texts=earlier,
    )
    if not is_edit:
        from_address = screening.count_post_from_address(client_address.get())
        result.flags += screening.check_rate(
            account_posts_last_hour=recent + 1, address_posts_this_hour=from_address
        )
    premoderated = project.is_premoderated and not is_edit
    if premoderated:
        detail = _("This project is pre-moderated: new content waits for approval.")
        result.flags.insert(0, screening.Flag("premoderation", screening.HOLD, detail))
    if not result.flags:
        return result
    if result.holds and content.moderation_state == ModerationState.PUBLISHED:
        _set_state(content, ModerationState.PENDING)
    kind = CaseKind.PENDING if result.holds else CaseKind.FLAGGED
    flags = [f.as_json() for f in result.flags]
    target = {"idea": idea} if idea is not None else {"comment": comment}
    _open_case(kind=kind, flags=flags, **target)
    return result


# --- Reports ------------------------------------------------------------------------------------


def _check_report_text(reason: str, text: str) -> str:
    if reason not in ReportReason.values:
        raise ValidationError({"reason": _("Choose one of the offered reasons.")})
    text = plain_text(text or "").strip()
    if reason == ReportReason.OTHER and not text:
        raise ValidationError({"text": _("Please say what is wrong.")})
    if len(text) > REPORT_TEXT_MAX:
        raise ValidationError(
            {"text": _("Please keep this under %(max)d characters.") % {"max": REPORT_TEXT_MAX}}
        )
    return text


@transaction.atomic
def report_submit(
    *,
    reporter: Any,
    reason: str,
    text: str = "",
    idea: Idea | None = None,
    comment: Comment | None = None,
    user: Any = None,
) -> tuple[Report, bool]:
    """Report an idea, a comment or a person. Returns (report, created); reporting the same
    thing twice returns the first report and changes nothing."""
    target = {"idea": idea, "comment": comment, "user": user}
    lookup = {k: v for k, v in target.items() if v is not None}
    if len(lookup) != 1:
        raise ValidationError(_("Report one thing at a time."))
    (obj,) = lookup.values()
    require(reporter, Capability.REPORT, obj)
    text = _check_report_text(reason, text)
    existing = Report.objects.filter(reporter=reporter, **lookup).first()
    if existing is not None:
        return existing, False
    case = _open_case(kind=CaseKind.REPORTED, **lookup)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                reporter=reporter,
                case=case,
                project=case.project,
                reason=reason,
                text=text,
                **lookup,
            )
    except IntegrityError:  # the same report sent twice at once
        return Report.objects.get(reporter=reporter, **lookup), False
    ModerationCase.objects.filter(pk=case.pk).update(report_count=F("report_count") + 1)
    return report, True


# --- Decisions ----------------------------------------------------------------------------------


def _lock_open_case(case: ModerationCase) -> ModerationCase:
    locked = (
        ModerationCase.objects.select_for_update(of=("self",))
        .select_related("idea__phase__project", "comment__idea__phase__project", "project")
        .get(pk=case.pk)
    )
    if not locked.is_open:
        raise ValidationError(_("This case was already handled."))
    return locked


def _content_of(case: ModerationCase) -> Idea | Comment | None:
    return case.idea if case.idea_id else case.comment if case.comment_id else None


def _check_rule(rule: ModerationRule | None) -> ModerationRule | None:
    if rule is not None and not ModerationRule.objects.filter(pk=rule.pk).exists():
        raise ValidationError({"rule": _("Choose one of the policy's rules.")})
    return rule


@transaction.atomic
def case_decide(
    *,
    case: ModerationCase,
    user: Any,
    action: str,
    reason: str = "",
    rule: ModerationRule | None = None,
) -> ModerationCase:
    """Approve (publish, dismiss the reports, or restore on appeal) or hide (hide, decline, or
    keep hidden on appeal) the content of an open case, and close the case."""
    require(user, Capability.MODERATE, case)
    case = _lock_open_case(case)
    if action not in (APPROVE, HIDE):
        raise ValidationError(_("Unknown moderation action."))
    content = _content_of(case)
    if action == HIDE:
        if content is None:
            raise ValidationError(_("To act on an account, warn, suspend or block it."))
        reason = _clean_reason(reason)
        rule = _check_rule(rule)
    else:
        reason = _clean_reason(reason, required=False)
    before = _state(content) if content is not None else {}
    if action == APPROVE:
        decision = Decision.RESTORED if case.kind == CaseKind.APPEAL else Decision.APPROVED
        if content is not None and content.moderation_state != ModerationState.PUBLISHED:
            _set_state(content, ModerationState.PUBLISHED)
    elif case.kind == CaseKind.APPEAL:
        decision = Decision.UPHELD
    elif content.moderation_state == ModerationState.PENDING:
        decision = Decision.DECLINED
        _set_state(content, ModerationState.DECLINED)
    else:
        decision = Decision.HIDDEN
        _set_state(content, ModerationState.HIDDEN)
    case.is_open = False
    case.closed_at = timezone.now()
    case.decision = decision
    case.decided_by = user
    if action == HIDE or case.kind != CaseKind.APPEAL:
        case.reason = reason
        case.rule = rule
    case.save()
    record(
        actor=user,
        action=f"{case.target_kind}.{decision}",
        target=content if content is not None else case.user,
        project=case.project_id,
        reason=reason,
        before=before,
        after={**(_state(content) if content is not None else {}), "case": case.pk},
    )
    return case


@transaction.atomic
def cases_decide(
    *,
    cases: Sequence[ModerationCase],
    user: Any,
    action: str,
    reason: str = "",
    rule: ModerationRule | None = None,
) -> list[ModerationCase]:
    """Bulk: the same decision on several cases; all or nothing."""
    if not cases:
        raise ValidationError(_("Select at least one item."))
    return [case_decide(case=c, user=user, action=action, reason=reason, rule=rule) for c in cases]


@transaction.atomic
def content_correct(
    *, case: ModerationCase, user: Any, body: str, title: str | None = None, reason: str
) -> Idea | Comment:
    """A moderator fixes a typo (or masks a phone number); before and after go to the log."""
    require(user, Capability.MODERATE, case)
    case = _lock_open_case(case)
    content = _content_of(case)
    if content is None:
        raise ValidationError(_("An account has no text to correct."))
    reason = _clean_reason(reason)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("This field cannot be empty.")})
    before = _state(content)
    if isinstance(content, Idea):
        title = " ".join(plain_text(title or "").split())
        if not title or len(title) > 140:
            raise ValidationError({"title": _("Titles can be at most 140 characters long.")})
        content.title = title
        content.body = body[:10_000]
        content.body_html = render_markdown(content.body)
        content.save(update_fields=["title", "body", "body_html", "updated_at"])
    else:
        content.body = body[:5_000]
        content.body_html = render_markdown(content.body)
        content.edited_at = timezone.now()
        content.save(update_fields=["body", "body_html", "edited_at"])
    record(
        actor=user,
        action=f"{case.target_kind}.correct",
        target=content,
        project=case.project_id,
        reason=reason,
        before=before,
        after=_state(content),
    )
    return content


# --- Sanctions ----------------------------------------------------------------------------------


def _check_sanctionable(user: Any, target: Any) -> None:
    if target.pk == user.pk:
        raise ValidationError(_("You cannot sanction yourself."))
    if target.role != "resident" and not user.is_administrator:
        raise PermissionDenied(_("Only administrators can sanction a member of staff."))


def _check_days(days: int | None, *, required: bool) -> int | None:
    if days is None:
        if required:
            raise ValidationError({"days": _("Say for how many days.")})
        return None
    if not 1 <= days <= MAX_SANCTION_DAYS:
        raise ValidationError(
            {"days": _("Choose between 1 and %(max)d days.") % {"max": MAX_SANCTION_DAYS}}
        )
    return days


@transaction.atomic
def user_warn(
    *,
    target: Any,
    user: Any,
    reason: str,
    rule: ModerationRule | None = None,
    case: ModerationCase | None = None,
) -> Sanction:
    """Warn a person: they read it on their moderation page. Who may moderate the case may warn
    its author; otherwise only moderators."""
    if case is not None:
        require(user, Capability.MODERATE, case)
        content = _content_of(case)
        author_id = content.author_id if content is not None else case.user_id
        if author_id != target.pk:
            raise ValidationError(_("Warn the author of this content."))
    else:
        require(user, Capability.MODERATE_ACCOUNTS)
    _check_sanctionable(user, target)
    return _sanction(target, user, SanctionKind.WARNING, _clean_reason(reason), rule, None)


def _sanction(
    target: Any, user: Any, kind: str, reason: str, rule: Any, days: int | None
) -> Sanction:
    ends_at = timezone.now() + timedelta(days=days) if days else None
    sanction = Sanction.objects.create(
        user=target, kind=kind, reason=reason, rule=_check_rule(rule), ends_at=ends_at,
        created_by=user,
    )  # fmt: skip
    record(
        actor=user,
        action=f"user.{kind}",
        target=target,
        reason=reason,
        before={"is_active": target.is_active},
        after={"kind": kind, "ends_at": ends_at, "is_active": target.is_active},
    )
    return sanction


@transaction.atomic
def user_suspend(
    *, target: Any, user: Any, reason: str, days: int | None, rule: ModerationRule | None = None
) -> Sanction:
    """The person can still sign in and read, but not propose, comment, react or vote."""
    require(user, Capability.MODERATE_ACCOUNTS)
    _check_sanctionable(user, target)
    days = _check_days(days, required=True)
    return _sanction(target, user, SanctionKind.SUSPENSION, _clean_reason(reason), rule, days)


@transaction.atomic
def user_block(
    *, target: Any, user: Any, reason: str, days: int | None, rule: ModerationRule | None = None
) -> Sanction:
    """The person cannot sign in, for `days` or (None) until lifted."""
    require(user, Capability.MODERATE_ACCOUNTS)
    _check_sanctionable(user, target)
    days = _check_days(days, required=False)
    reason = _clean_reason(reason)
    type(target).objects.filter(pk=target.pk).update(is_active=False)
    target.is_active = False
    return _sanction(target, user, SanctionKind.BLOCK, reason, rule, days)


@transaction.atomic
def sanction_lift(*, sanction: Sanction, user: Any, reason: str) -> Sanction:
    require(user, Capability.MODERATE_ACCOUNTS)
    if sanction.lifted_at is not None:
        raise ValidationError(_("This sanction was already lifted."))
    reason = _clean_reason(reason)
    sanction.lifted_at = timezone.now()
    sanction.save(update_fields=["lifted_at"])
    if sanction.kind == SanctionKind.BLOCK:
        type(sanction.user).objects.filter(pk=sanction.user_id).update(is_active=True)
    record(actor=user, action=f"user.{sanction.kind}_lift", target=sanction.user, reason=reason)
    return sanction


@transaction.atomic
def sanctions_expire(*, now: datetime | None = None, email: str | None = None) -> int:
    """Reactivate accounts whose block has run out (at sign-in, and from `cocity
    moderation_expire` run by cron). Returns how many blocks ended."""
    from cocity.accounts.models import User

    now = now or timezone.now()
    ended = Sanction.objects.filter(
        kind=SanctionKind.BLOCK, lifted_at__isnull=True, ends_at__lte=now
    )
    if email is not None:
        ended = ended.filter(user__email__iexact=email)
    count = 0
    for sanction in ended.select_related("user"):
        sanction.lifted_at = now
        sanction.save(update_fields=["lifted_at"])
        still_blocked = Sanction.objects.filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=now),
            user=sanction.user_id,
            kind=SanctionKind.BLOCK,
            lifted_at__isnull=True,
        ).exists()
        if not still_blocked:
            User.objects.filter(pk=sanction.user_id).update(is_active=True)
        record(actor=None, action="user.block_end", target=sanction.user)
        count += 1
    return count


# --- Spam accounts ------------------------------------------------------------------------------


@transaction.atomic
def user_purge(*, target: Any, user: Any, reason: str) -> dict[str, int]:
    """Remove a spam account with everything it posted: its ideas (with their threads), its
    comments elsewhere (shown as removed by a moderator), its reactions (counters recomputed)."""
    require(user, Capability.MODERATE_ACCOUNTS)
    _check_sanctionable(user, target)
    reason = _clean_reason(reason)
    ideas = list(Idea.objects.filter(author=target).values_list("pk", "title"))
    comments = Comment.objects.filter(author=target, is_removed=False).exclude(idea__author=target)
    published_per_idea = dict(
        comments.filter(moderation_state=ModerationState.PUBLISHED)
        .values_list("idea")
        .annotate(n=Count("pk"))
        .values_list("idea", "n")
    )
    removed_comments = comments.update(
        is_removed=True, removed_by_moderator=True, body="", body_html=""
    )
    for idea_pk, n in published_per_idea.items():
        Idea.objects.filter(pk=idea_pk).update(comment_count=F("comment_count") - n)
    reacted = list(
        Reaction.objects.filter(user=target)
        .exclude(idea__author=target)
        .values_list("idea", flat=True)
    )
    Reaction.objects.filter(user=target).delete()
    for idea in Idea.objects.filter(pk__in=reacted):
        up = idea.reactions.filter(value=1).count()
        down = idea.reactions.filter(value=-1).count()
        Idea.objects.filter(pk=idea.pk).update(
            up_count=up,
            down_count=down,
            score=up - down,
            hot=ranking.hot(up - down, idea.created_at),
        )
    from cocity.ideas.services import phase_listed_ideas_recount  # ideas imports us

    phase_ids = set(Idea.objects.filter(author=target).values_list("phase", flat=True))
    Idea.objects.filter(author=target).delete()
    phase_listed_ideas_recount(phase_ids=phase_ids)
    counts = {"ideas": len(ideas), "comments": removed_comments, "reactions": len(reacted)}
    record(
        actor=user,
        action="user.purge",
        target=target,
        reason=reason,
        before={"email": target.email, "ideas": [title for _pk, title in ideas]},
        after=counts,
    )
    target.delete()
    return counts


# --- Appeals ------------------------------------------------------------------------------------


@transaction.atomic
def appeal_submit(
    *, author: Any, text: str, idea: Idea | None = None, comment: Comment | None = None
) -> Appeal:
    """The author asks, once, for a second look at hidden or declined content."""
    content = idea if idea is not None else comment
    if content is None or (idea is not None and comment is not None):
        raise ValidationError(_("Appeal one thing at a time."))
    if not getattr(author, "is_authenticated", False) or content.author_id != author.pk:
        raise PermissionDenied(_("Only the author can appeal."))
    if content.moderation_state not in (ModerationState.HIDDEN, ModerationState.DECLINED):
        raise ValidationError(_("Only hidden or declined content can be appealed."))
    target = {"idea": idea} if idea is not None else {"comment": comment}
    if Appeal.objects.filter(**target).exists():
        raise ValidationError(_("You already appealed this decision; an appeal is made once."))
    text = _clean_reason(text, field="text")
    case = _open_case(kind=CaseKind.APPEAL, **target)
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(author=author, text=text, case=case, **target)
    except IntegrityError:
        raise ValidationError(
            _("You already appealed this decision; an appeal is made once.")
        ) from None
    record(actor=author, action="appeal.submit", target=content, project=case.project_id,
           reason=text)  # fmt: skip
    return appeal


# --- Policy and word lists ----------------------------------------------------------------------


@transaction.atomic
def rule_save(
    *,
    user: Any,
    slug: str,
    title: dict[str, str],
    description: dict[str, str],
    position: int = 0,
    rule: ModerationRule | None = None,
) -> ModerationRule:
    from cocity.projects.services import clean_translated_text

    require(user, Capability.MODERATE_ACCOUNTS)
    title = clean_translated_text(title, field="title", max_length=200)
    description = clean_translated_text(
        description, field="description", max_length=5000, required=False
    )
    others = ModerationRule.objects.exclude(pk=getattr(rule, "pk", None))
    if not slug or others.filter(slug=slug).exists():
        raise ValidationError({"slug": _("Another rule already uses this short name.")})
    before = {"title": rule.title, "description": rule.description} if rule else {}
    rule = rule or ModerationRule()
    rule.slug, rule.title, rule.description, rule.position = slug, title, description, position
    rule.save()
    record(actor=user, action="policy.rule_save", target=rule, before=before,
           after={"title": title, "description": description})  # fmt: skip
    return rule


def _terms(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for line in (text or "").splitlines():
        term = " ".join(plain_text(line).split()).lower()
        if term:
            if len(term) > 80:
                raise ValidationError(_("A word or phrase can be at most 80 characters long."))
            seen[term] = None
    return list(seen)


@transaction.atomic
def terms_replace(*, user: Any, language: str, hold: str, flag: str) -> int:
    """Replace one language's screening list (one term per line); returns how many terms."""
    require(user, Capability.MODERATE_ACCOUNTS)
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the site's languages.")})
    hold_terms, flag_terms = _terms(hold), _terms(flag)
    flag_terms = [t for t in flag_terms if t not in hold_terms]
    current = ScreeningTerm.objects.filter(language=language)
    before = {t.term: t.action for t in current}
    current.delete()
    ScreeningTerm.objects.bulk_create(
        [ScreeningTerm(language=language, term=t, action=ScreeningAction.HOLD) for t in hold_terms]
        + [
            ScreeningTerm(language=language, term=t, action=ScreeningAction.FLAG)
            for t in flag_terms
        ]
    )
    after = {**{t: "hold" for t in hold_terms}, **{t: "flag" for t in flag_terms}}
    record(actor=user, action="screening.terms_replace", reason=language, before=before,
           after=after)  # fmt: skip
    return len(after)


@transaction.atomic
def project_set_premoderation(*, project: Any, user: Any, is_premoderated: bool) -> Any:
    """Switch pre-moderation of a project's new ideas and comments on or off."""
    require(user, Capability.MANAGE, project)
    before = project.is_premoderated
    project.is_premoderated = bool(is_premoderated)
    project.save(update_fields=["is_premoderated", "updated_at"])
    record(actor=user, action="project.premoderation", target=project, project=project,
           before={"is_premoderated": before},
           after={"is_premoderated": project.is_premoderated})  # fmt: skip
    return project
