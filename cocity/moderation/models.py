"""Moderation and trust: reports, the moderators' queue (cases), decisions, appeals, sanctions,
the screening word lists, the public policy's rules and the append-only audit log.

Content is referred to by explicit nullable foreign keys (idea, comment, user), never by a
generic foreign key: each row names exactly one target (a check constraint says so).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cocity.core.i18n import translate


def _empty() -> dict[str, str]:
    return {}


ONE_TARGET = (
    Q(idea__isnull=False, comment__isnull=True, user__isnull=True)
    | Q(idea__isnull=True, comment__isnull=False, user__isnull=True)
    | Q(idea__isnull=True, comment__isnull=True, user__isnull=False)
)


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    ABUSE = "abuse", _("Abusive, hateful or threatening")
    OFF_TOPIC = "off_topic", _("Off-topic")
    PERSONAL_DATA = "personal_data", _("Reveals someone's personal data")
    OTHER = "other", _("Something else (please explain)")


class ModerationRule(models.Model):
    """One rule of the public moderation policy; decisions cite the rule that was broken."""

    slug = models.SlugField(unique=True, max_length=40)
    title = models.JSONField(_("title"), default=_empty)
    description = models.JSONField(_("explanation (Markdown)"), default=_empty, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return translate(self.title) or self.slug


class ScreeningAction(models.TextChoices):
    FLAG = "flag", _("Flag for review, publish")
    HOLD = "hold", _("Hold for review, do not publish")


class ScreeningTerm(models.Model):
    """A word or phrase screened in one language; matched on word boundaries, accents ignored."""

    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    term = models.CharField(_("word or phrase"), max_length=80)
    action = models.CharField(
        _("action"), max_length=8, choices=ScreeningAction.choices, default=ScreeningAction.HOLD
    )

    class Meta:
        ordering = ["language", "term"]
        constraints = [
            models.UniqueConstraint(fields=["language", "term"], name="screening_term_once")
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.term}"


class CaseKind(models.TextChoices):
    REPORTED = "reported", _("Reported")
    PENDING = "pending", _("Awaiting approval")
    FLAGGED = "flagged", _("Flagged by screening")
    APPEAL = "appeal", _("Appeal")


class Decision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    HIDDEN = "hidden", _("Hidden")
    DECLINED = "declined", _("Declined")
    RESTORED = "restored", _("Restored on appeal")
    UPHELD = "upheld", _("Kept hidden on appeal")
    REMOVED = "removed", _("Removed with the account")


class ModerationCase(models.Model):
    """One item of the moderators' queue: a piece of content (or an account) to look at.

    At most one open case per target; further reports join it and raise `report_count`.
    `project` is copied from the content so the queue filters by project without joins
    (accounts have none: only moderators handle them).
    """

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    idea = models.ForeignKey(
        "ideas.Idea", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    comment = models.ForeignKey(
        "ideas.Comment", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="moderation_cases",
    )
    kind = models.CharField(max_length=12, choices=CaseKind.choices)
    is_open = models.BooleanField(default=True)
    report_count = models.PositiveIntegerField(default=0)
    # Screening's reasons, shown to the moderator: [{"rule": "link", "detail": "…"}, …]
    flags = models.JSONField(default=list, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=12, choices=Decision.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason given to the author"), blank=True, max_length=2000)
    rule = models.ForeignKey(
        ModerationRule,
        verbose_name=_("rule broken"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["opened_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=ONE_TARGET, name="case_one_target"),
            models.UniqueConstraint(
                fields=["idea"], condition=Q(is_open=True), name="case_open_once_idea"
            ),
            models.UniqueConstraint(
                fields=["comment"], condition=Q(is_open=True), name="case_open_once_comment"
            ),
            models.UniqueConstraint(
                fields=["user"], condition=Q(is_open=True), name="case_open_once_user"
            ),
        ]
        indexes = [
            models.Index(fields=["is_open", "opened_at"], name="case_queue_age"),
            models.Index(fields=["project", "closed_at"], name="case_project_closed"),
        ]

    def __str__(self) -> str:
        return f"case {self.pk} ({self.kind})"

    @property
    def target_kind(self) -> str:
        return "idea" if self.idea_id else "comment" if self.comment_id else "user"


class Report(models.Model):
    """A resident's report. Reporters are never shown to the author, only to administrators."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made"
    )
    case = models.ForeignKey(ModerationCase, on_delete=models.CASCADE, related_name="reports")
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    idea = models.ForeignKey(
        "ideas.Idea", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    comment = models.ForeignKey(
        "ideas.Comment", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports_received",
    )
    reason = models.CharField(_("reason"), max_length=16, choices=ReportReason.choices)
    text = models.TextField(_("details"), blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=ONE_TARGET, name="report_one_target"),
            models.UniqueConstraint(
                fields=["reporter", "idea"],
                condition=Q(idea__isnull=False),
                name="report_idea_once",
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"],
                condition=Q(comment__isnull=False),
                name="report_comment_once",
            ),
            models.UniqueConstraint(
                fields=["reporter", "user"],
                condition=Q(user__isnull=False),
                name="report_user_once",
            ),
        ]

    def __str__(self) -> str:
        return f"report {self.pk} ({self.reason})"


class Appeal(models.Model):
    """The author asks once for a second look at hidden or declined content."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appeals"
    )
    idea = models.OneToOneField(
        "ideas.Idea", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    comment = models.OneToOneField(
        "ideas.Comment", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("why it should be shown"), max_length=2000)
    case = models.ForeignKey(ModerationCase, on_delete=models.CASCADE, related_name="appeals")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(idea__isnull=False, comment__isnull=True)
                | Q(idea__isnull=True, comment__isnull=False),
                name="appeal_one_target",
            )
        ]

    def __str__(self) -> str:
        return f"appeal {self.pk}"


class SanctionKind(models.TextChoices):
    WARNING = "warning", _("Warning")
    SUSPENSION = "suspension", _("Suspension (can read, cannot take part)")
    BLOCK = "block", _("Block (cannot sign in)")


class Sanction(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sanctions"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=SanctionKind.choices)
    reason = models.TextField(_("reason"), max_length=2000)
    rule = models.ForeignKey(
        ModerationRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    starts_at = models.DateTimeField(auto_now_add=True)
    ends_at = models.DateTimeField(null=True, blank=True, help_text="Empty: until lifted")
    lifted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["user", "kind", "lifted_at"], name="sanction_user")]

    def __str__(self) -> str:
        return f"{self.kind} of user {self.user_id}"


class AuditEntry(models.Model):
    """Who did what, when, why, with the state before and after. Append-only.

    No foreign keys on purpose: deleting an account or a project must neither cascade into the
    log nor update its rows (database triggers refuse UPDATE and DELETE; see migration 0002).
    """

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor_id = models.BigIntegerField(null=True)
    actor_name = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=60)
    project_id = models.BigIntegerField(null=True, db_index=True)
    target_type = models.CharField(max_length=20, blank=True)
    target_id = models.BigIntegerField(null=True)
    target_label = models.CharField(max_length=200, blank=True)
    reason = models.TextField(blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name}: {self.action}"
