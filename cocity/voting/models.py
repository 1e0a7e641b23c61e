"""Votes held in a phase: how the vote is set up, the items on the ballot, and the ballots.

Both participation methods `voting` (single support, cumulative votes, approval) and
`budgeting` (a basket of projects within a budget) store their data here; the kind of vote is
`VotingSetup.kind`.

Items and ballots hang off `VotingSetup`, not off `Phase`, so that the city's own ballot items
are not counted as residents' contributions by cocity.projects.services (which protects phases
holding rows that point at Phase).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cocity.core.i18n import translate


def _empty() -> dict[str, str]:
    return {}


class VoteKind(models.TextChoices):
    SINGLE = "single", _("Single support: one vote per item, as many items as you like")
    CUMULATIVE = "cumulative", _("Multiple votes: spread a number of votes over the items")
    APPROVAL = "approval", _("Approval: pick between a minimum and a maximum number of items")
    BUDGET = "budget", _("Budget allocation: fill a basket of projects up to the budget")


class OutcomeRule(models.TextChoices):
    """How the winners are chosen from the ballots (see cocity/budgeting/rules)."""

    RANKING = "ranking", _("Most votes first (no budget)")
    GREEDY = "greedy", _("Greedy: most votes first, while the budget lasts")
    MES = "mes", _("Method of Equal Shares")
    MES_ADD1 = "mes-add1", _("Method of Equal Shares, completed by raising the budget")
    MES_ADD1_GREEDY = "mes-add1-greedy", _("Method of Equal Shares, then greedy completion")
    MES_ADD1_COMPARISON = (
        "mes-add1-comparison",
        _("Method of Equal Shares, kept unless more voters prefer the greedy outcome"),
    )
    PHRAGMEN = "phragmen", _("Sequential Phragmén")


#: Each rule in a sentence or two a resident can follow (the phase page and the results page)
RULE_DESCRIPTIONS = {
    OutcomeRule.RANKING: _("Items are listed by the number of votes they received."),
    OutcomeRule.GREEDY: _(
        "Projects are funded in order of votes, most first; a project that no longer fits in "
        "what is left of the budget is skipped."
    ),
    OutcomeRule.MES: _(
        "The budget is split into equal shares, one per voter, and each share pays only for "
        "projects its voter chose. A project is funded when its supporters' shares can pay "
        "for it, those that ask the least of each supporter first, so that every group of "
        "voters gets projects in proportion to its size."
    ),
    OutcomeRule.MES_ADD1: _(
        "The budget is split into equal shares, one per voter, and each share pays only for "
        "projects its voter chose. If money is left, every share is raised a little at a "
        "time, as long as the projects funded still fit in the budget."
    ),
    OutcomeRule.MES_ADD1_GREEDY: _(
        "The budget is split into equal shares, one per voter, and each share pays only for "
        "projects its voter chose; the shares are raised while the projects funded fit in the "
        "budget. What is still left then funds the most-voted projects that fit."
    ),
    OutcomeRule.MES_ADD1_COMPARISON: _(
        "The budget is split into equal shares, one per voter, and each share pays only for "
        "projects its voter chose; the shares are raised while the projects funded fit in the "
        "budget. The result stands unless more voters would have more of their projects "
        "funded by taking the most-voted projects first."
    ),
    OutcomeRule.PHRAGMEN: _(
        "Projects are funded one at a time so that their cost is spread as evenly as possible "
        "over all supporters; counting stops when the next project does not fit the budget."
    ),
}


class VotingSetup(models.Model):
    """How the vote of one phase works. Fixed once the phase opens (see services)."""

    phase = models.OneToOneField(
        "projects.Phase", on_delete=models.CASCADE, related_name="voting_setup"
    )
    kind = models.CharField(_("kind of vote"), max_length=12, choices=VoteKind.choices)
    # Cumulative: N votes per resident, at most M on one item.
    votes_per_voter = models.PositiveSmallIntegerField(_("votes per resident"), default=5)
    max_votes_per_item = models.PositiveSmallIntegerField(_("at most on one item"), default=3)
    # Approval: between min and max items.
    min_choices = models.PositiveSmallIntegerField(_("fewest items to choose"), default=1)
    max_choices = models.PositiveSmallIntegerField(_("most items to choose"), default=3)
    # Budget (whole currency units, like pabulib's costs). Also used by the outcome rules.
    budget = models.PositiveBigIntegerField(_("budget"), null=True, blank=True)
    min_spend_percent = models.PositiveSmallIntegerField(
        _("least share of the budget to spend (%)"), default=0
    )
    currency = models.CharField(_("currency"), max_length=8, default="EUR")
    rule = models.CharField(
        _("rule that picks the winners"),
        max_length=20,
        choices=OutcomeRule.choices,
        default=OutcomeRule.GREEDY,
    )
    hide_tallies = models.BooleanField(_("hide the tallies until voting closes"), default=True)
    randomise_order = models.BooleanField(
        _("show the items in a random order to each resident"), default=True
    )
    # Empty: every signed-in resident may vote; else residents who declared one of these.
    eligible_areas = models.ManyToManyField(
        "projects.Area", blank=True, related_name="+", verbose_name=_("districts that may vote")
    )
    results_published_at = models.DateTimeField(null=True, blank=True)
    #: moves in the transaction of every write that can change an outcome (a ballot counted,
    #: changed or voided, an item added, edited or removed): the results cache's key
    results_version = models.PositiveBigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(min_choices__lte=F("max_choices")), name="voting_min_le_max_choices"
            ),
            models.CheckConstraint(
                condition=Q(max_votes_per_item__lte=F("votes_per_voter")),
                name="voting_item_cap_le_votes",
            ),
            models.CheckConstraint(
                condition=Q(min_spend_percent__lte=100), name="voting_min_spend_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — phase {self.phase_id}"

    @property
    def rule_description(self) -> str:
        return str(RULE_DESCRIPTIONS.get(self.rule, ""))

    @property
    def is_budget(self) -> bool:
        return self.kind == VoteKind.BUDGET

    @property
    def min_spend(self) -> int:
        """The least a basket must cost, in currency units (rounded up)."""
        if not self.budget or not self.min_spend_percent:
            return 0
        return -(-self.budget * self.min_spend_percent // 100)


class BallotItem(models.Model):
    """Something residents vote on: an idea taken forward, or a project the city entered."""

    setup = models.ForeignKey(VotingSetup, on_delete=models.CASCADE, related_name="items")
    # The number printed on paper ballots and typed by staff when entering them.
    number = models.PositiveIntegerField(_("number"))
    title = models.JSONField(_("title"), default=_empty)
    description = models.JSONField(_("description (Markdown)"), default=_empty, blank=True)
    cost = models.PositiveBigIntegerField(_("cost"), default=0)
    address = models.CharField(_("address or place"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    source_idea = models.ForeignKey(
        "ideas.Idea",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ballot_items",
        verbose_name=_("idea taken forward"),
    )
    # Kept by the services in the same transaction as the choices they count.
    vote_count = models.PositiveIntegerField(default=0)
    voter_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["setup", "number"], name="ballot_item_number_once"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="ballot_item_coordinates_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {translate(self.title)}"

    @property
    def title_text(self) -> str:
        return translate(self.title)

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class BallotItemImage(models.Model):
    item = models.ForeignKey(BallotItem, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(upload_to="ballot-items/%Y/%m/")
    alt_text = models.JSONField(_("image description"), default=_empty, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.image.name


class BallotSource(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper ballot")
    IMPORTED = "imported", _("Imported (.pb file)")


class Ballot(models.Model):
    """One person's vote in one phase. Online ballots have a voter; paper ones do not.

    `total_cost` and `budget` are copied on every write so that the database itself refuses a
    basket above the budget, whatever the code path.
    """

    setup = models.ForeignKey(VotingSetup, on_delete=models.CASCADE, related_name="ballots")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ballots",
    )
    source = models.CharField(
        _("source"), max_length=10, choices=BallotSource.choices, default=BallotSource.ONLINE
    )
    # Paper ballots: where they were collected (a workshop, a booth) and who typed them in.
    collected_at = models.CharField(_("collected at"), max_length=120, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    total_votes = models.PositiveIntegerField(default=0)
    total_cost = models.PositiveBigIntegerField(default=0)
    budget = models.PositiveBigIntegerField(null=True, blank=True)
    is_void = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["setup", "voter"],
                condition=Q(voter__isnull=False),
                name="ballot_once_per_voter",
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(total_cost__lte=F("budget")),
                name="ballot_within_budget",
            ),
        ]
        indexes = [models.Index(fields=["setup", "source"], name="ballot_setup_source")]

    def __str__(self) -> str:
        return f"ballot {self.pk} in setup {self.setup_id}"


class BallotChoice(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    item = models.ForeignKey(BallotItem, on_delete=models.CASCADE, related_name="choices")
    votes = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "item"], name="ballot_choice_once"),
            models.CheckConstraint(condition=Q(votes__gte=1), name="ballot_choice_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.votes} on item {self.item_id}"


class BallotChange(models.Model):
    """The audit trail: every submission, change and correction of a ballot, as it was."""

    class Action(models.TextChoices):
        CAST = "cast", _("Cast")
        CHANGE = "change", _("Changed by the voter")
        ENTER = "enter", _("Entered from paper")
        CORRECT = "correct", _("Corrected by staff")
        VOID = "void", _("Voided by staff")
        IMPORT = "import", _("Imported")

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(max_length=10, choices=Action.choices)
    # {item number: votes} as they were after this change.
    choices = models.JSONField(default=dict)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} of ballot {self.ballot_id}"


class BasketDraft(models.Model):
    """A resident's choices being made, kept server-side so that nothing is lost on an error.

    `choices` maps item pk (as a string) to votes. The row is locked on every change.
    """

    setup = models.ForeignKey(VotingSetup, on_delete=models.CASCADE, related_name="drafts")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="basket_drafts"
    )
    choices = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["setup", "voter"], name="basket_draft_once")]

    def __str__(self) -> str:
        return f"draft of user {self.voter_id} in setup {self.setup_id}"
