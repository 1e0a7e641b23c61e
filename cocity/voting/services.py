"""Writes on votes: the setup, the items, residents' baskets and ballots, paper ballots.

Every service checks permission itself (raising PermissionDenied with the reason), validates
(raising ValidationError with translated messages) and writes in one transaction.

Integrity: a resident's draft basket row is locked (`select_for_update`) before any change to
their basket or ballot, so two devices submitting at once are serialised; the ballot row
carries its total cost and the budget, and a database constraint refuses a ballot above it.
Vote counters on items move in the same transaction as the choices they count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Max, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocity.core.geo import coordinates_problem
from cocity.core.i18n import format_money
from cocity.core.sanitize import plain_text
from cocity.core.uploads import check_image_upload, reencode_image
from cocity.ideas.models import Idea
from cocity.participation.capabilities import Capability
from cocity.participation.permissions import require
from cocity.projects.models import Area, Phase
from cocity.projects.services import clean_translated_text
from cocity.voting.models import (
    Ballot,
    BallotChange,
    BallotChoice,
    BallotItem,
    BallotItemImage,
    BallotSource,
    BasketDraft,
    OutcomeRule,
    VoteKind,
    VotingSetup,
)

TITLE_MAX = 200
DESCRIPTION_MAX = 20_000
MAX_IMAGES_PER_ITEM = 5
BUDGET_RULES = {r.value for r in OutcomeRule if r != OutcomeRule.RANKING}

Choices = dict[BallotItem, int]


def default_kind(phase: Phase) -> str:
    return VoteKind.BUDGET if phase.method == "budgeting" else VoteKind.SINGLE


def kinds_for(phase: Phase) -> list[str]:
    """The kinds of vote a phase's method offers."""
    if phase.method == "budgeting":
        return [VoteKind.BUDGET]
    return [VoteKind.SINGLE, VoteKind.CUMULATIVE, VoteKind.APPROVAL]


def voting_setup_for(phase: Phase) -> VotingSetup:
    """The phase's setup, created with the method's defaults the first time it is needed."""
    try:
        setup = phase.voting_setup
    except VotingSetup.DoesNotExist:
        setup, _created = VotingSetup.objects.get_or_create(
            phase=phase,
            defaults={
                "kind": default_kind(phase),
                "rule": OutcomeRule.GREEDY if phase.method == "budgeting" else OutcomeRule.RANKING,
            },
        )
    setup.phase = phase
    return setup


# --- Setup (fixed once the phase opens) ------------------------------------------------------


def is_locked(setup: VotingSetup, now: Any = None) -> bool:
    """The rules of the vote are fixed once the phase has started."""
    return setup.phase.timing(now) != "before"


@transaction.atomic
def voting_setup_update(
    *,
    setup: VotingSetup,
    user: Any,
    kind: str,
    rule: str,
    budget: int | None = None,
    min_spend_percent: int = 0,
    votes_per_voter: int = 5,
    max_votes_per_item: int = 3,
    min_choices: int = 1,
    max_choices: int = 3,
    currency: str = "EUR",
    hide_tallies: bool = True,
    randomise_order: bool = True,
    eligible_areas: Iterable[Area] = (),
) -> VotingSetup:
    """Set how the vote works. Refused once the phase has started: voters must know the rules."""
    phase = setup.phase
    require(user, Capability.MANAGE, phase.project)
    if is_locked(setup):
        raise ValidationError(
            _(
                "Voting has started: the kind of vote, its limits, the rule and who may vote "
                "are fixed."
            )
        )
    if kind not in kinds_for(phase):
        raise ValidationError({"kind": _("This kind of vote does not fit this phase.")})
    if rule not in OutcomeRule.values:
        raise ValidationError({"rule": _("Choose a rule from the list.")})
    if kind == VoteKind.BUDGET and not budget:
        raise ValidationError({"budget": _("Set the budget residents fill their basket with.")})
    if budget is not None and budget < 0:
        raise ValidationError({"budget": _("The budget cannot be negative.")})
    if rule in BUDGET_RULES and not budget:
        raise ValidationError({"rule": _("This rule needs a budget; set one or rank by votes.")})
    if rule == OutcomeRule.RANKING and kind == VoteKind.BUDGET:
        raise ValidationError({"rule": _("A budget vote needs a rule that respects the budget.")})
    if not 0 <= min_spend_percent <= 100:
        raise ValidationError({"min_spend_percent": _("Give a share between 0 and 100%.")})
    if kind == VoteKind.CUMULATIVE:
        if votes_per_voter < 1:
            raise ValidationError({"votes_per_voter": _("Give each resident at least one vote.")})
        if not 1 <= max_votes_per_item <= votes_per_voter:
            raise ValidationError(
                {
                    "max_votes_per_item": _(
                        "The most votes on one item must be between 1 and the votes per resident."
                    )
                }
            )
    else:
        max_votes_per_item = min(max_votes_per_item, votes_per_voter)
    if kind == VoteKind.APPROVAL:
        if max_choices < 1:
            raise ValidationError({"max_choices": _("Let residents choose at least one item.")})
        if min_choices > max_choices:
            raise ValidationError(
                {"min_choices": _("The fewest items cannot be more than the most items.")}
            )
    else:
        min_choices = min(min_choices, max_choices)
    setup.kind, setup.rule = kind, rule
    setup.budget = budget or None
    setup.min_spend_percent = min_spend_percent
    setup.votes_per_voter, setup.max_votes_per_item = votes_per_voter, max_votes_per_item
    setup.min_choices, setup.max_choices = min_choices, max_choices
    setup.currency = plain_text(currency).strip()[:8] or "EUR"
    setup.hide_tallies, setup.randomise_order = hide_tallies, randomise_order
    setup.save()
    setup.eligible_areas.set(list(eligible_areas))
    return setup


# --- Ballot items --------------------------------------------------------------------------


@dataclass(frozen=True)
class NewImage:
    file: UploadedFile
    alt_text: Mapping[str, str] | None = None


def _check_items_editable(setup: VotingSetup) -> None:
    if is_locked(setup):
        raise ValidationError(
            _("Voting has started: items can no longer be added, removed or re-priced.")
        )


def _check_location(latitude: float | None, longitude: float | None) -> None:
    if problem := coordinates_problem(latitude, longitude):
        raise ValidationError({"latitude": problem})


def _check_cost(cost: int | None) -> int:
    if cost is None or cost < 0:
        raise ValidationError({"cost": _("Give the cost as a whole, positive amount.")})
    return cost


def _next_number(setup: VotingSetup) -> int:
    last = setup.items.aggregate(last=Max("number"))["last"]
    return (last or 0) + 1


def _add_images(item: BallotItem, images: Sequence[NewImage]) -> None:
    existing = item.images.count()
    if existing + len(images) > MAX_IMAGES_PER_ITEM:
        raise ValidationError(
            {"images": _("An item can have at most %(max)d images.") % {"max": MAX_IMAGES_PER_ITEM}}
        )
    for offset, new in enumerate(images):
        check_image_upload(new.file)
        BallotItemImage.objects.create(
            item=item,
            image=reencode_image(new.file),
            alt_text=clean_translated_text(
                new.alt_text, field="images", max_length=200, required=False
            ),
            position=existing + offset,
        )


@transaction.atomic
def ballot_item_create(
    *,
    setup: VotingSetup,
    user: Any,
    title: Mapping[str, str],
    description: Mapping[str, str] | None = None,
    cost: int | None = 0,
    address: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    images: Sequence[NewImage] = (),
    source_idea: Idea | None = None,
) -> BallotItem:
    """The city puts an item on the ballot (before voting opens); it gets the next number."""
    require(user, Capability.MANAGE, setup.phase.project)
    _check_items_editable(setup)
    _check_location(latitude, longitude)
    item = BallotItem.objects.create(
        setup=setup,
        number=_next_number(setup),
        title=clean_translated_text(title, field="title", max_length=TITLE_MAX),
        description=clean_translated_text(
            description, field="description", max_length=DESCRIPTION_MAX, required=False
        ),
        cost=_check_cost(cost),
        address=plain_text(address)[:200].strip(),
        latitude=latitude,
        longitude=longitude,
        source_idea=source_idea,
    )
    _add_images(item, images)
    results_moved(setup.pk)
    return item


@transaction.atomic
def ballot_item_update(
    *,
    item: BallotItem,
    user: Any,
    title: Mapping[str, str],
    description: Mapping[str, str] | None = None,
    cost: int | None = 0,
    address: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    new_images: Sequence[NewImage] = (),
    remove_image_ids: Iterable[int] = (),
) -> BallotItem:
    """Edit an item. Once voting has started its texts may be corrected, but not its cost."""
    setup = item.setup
    require(user, Capability.MANAGE, setup.phase.project)
    cost = _check_cost(cost)
    if cost != item.cost:
        _check_items_editable(setup)
    _check_location(latitude, longitude)
    item.title = clean_translated_text(title, field="title", max_length=TITLE_MAX)
    item.description = clean_translated_text(
        description, field="description", max_length=DESCRIPTION_MAX, required=False
    )
    item.cost = cost
    item.address = plain_text(address)[:200].strip()
    item.latitude, item.longitude = latitude, longitude
    item.save()
    results_moved(setup.pk)
    for image in item.images.filter(pk__in=list(remove_image_ids)):
        image.image.delete(save=False)
        image.delete()
    _add_images(item, new_images)
    return item


@transaction.atomic
def ballot_item_delete(*, item: BallotItem, user: Any) -> None:
    require(user, Capability.MANAGE, item.setup.phase.project)
    _check_items_editable(item.setup)
    for image in item.images.all():
        image.image.delete(save=False)
    item.delete()
    results_moved(item.setup_id)


def ideas_to_take_forward(setup: VotingSetup) -> list[Idea]:
    """Listed ideas of the project's ideation phases, not yet on this ballot."""
    taken = setup.items.exclude(source_idea=None).values_list("source_idea_id", flat=True)
    return list(
        Idea.objects.listed()
        .filter(phase__project_id=setup.phase.project_id, phase__method="ideation")
        .exclude(pk__in=taken)
        .select_related("status", "phase")
        .order_by("-score", "pk")
    )


@transaction.atomic
def ballot_items_from_ideas(
    *, setup: VotingSetup, user: Any, ideas: Iterable[Idea], cost: int = 0
) -> list[BallotItem]:
    """Copy ideas of the project's ideation phases onto the ballot, linked to their idea.

    The copy keeps the idea's title, text, place and images; staff then set each cost.
    """
    require(user, Capability.MANAGE, setup.phase.project)
    _check_items_editable(setup)
    allowed = {i.pk: i for i in ideas_to_take_forward(setup)}
    chosen = list(ideas)
    if not chosen:
        raise ValidationError({"ideas": _("Choose at least one idea.")})
    if any(i.pk not in allowed for i in chosen):
        raise ValidationError(
            {"ideas": _("Choose ideas of this project's ideation phases not yet on the ballot.")}
        )
    fallback = settings.COCITY_FALLBACK_LANGUAGE
    created = []
    for idea in sorted(chosen, key=lambda i: i.pk):
        item = BallotItem.objects.create(
            setup=setup,
            number=_next_number(setup),
            title={fallback: idea.title[:TITLE_MAX]},
            description={fallback: idea.body},
            cost=_check_cost(cost),
            address=idea.address,
            latitude=idea.latitude,
            longitude=idea.longitude,
            source_idea=idea,
        )
        for position, image in enumerate(idea.images.all()):
            copy = BallotItemImage(
                item=item, alt_text={fallback: image.alt_text} if image.alt_text else {}
            )
            with image.image.open("rb") as source:
                name = image.image.name.rsplit("/", 1)[-1]
                copy.image.save(name, ContentFile(source.read()), save=False)
            copy.position = position
            copy.save()
        created.append(item)
    results_moved(setup.pk)
    return created


# --- Checking choices ----------------------------------------------------------------------


def _total_cost(choices: Choices) -> int:
    return sum(item.cost for item in choices)


def check_choices(setup: VotingSetup, choices: Choices, *, complete: bool) -> None:
    """Refuse choices that break the vote's limits, with a message that says which.

    Upper limits (budget, most items, votes) hold for a basket being filled; `complete` adds
    the lower ones (fewest items, least share of the budget) for a ballot being cast.
    """
    for item, votes in choices.items():
        if item.setup_id != setup.pk:
            raise ValidationError(_("One of the items is not on this ballot."))
        if votes < 1:
            raise ValidationError(_("Votes are whole numbers of at least 1."))
    count = len(choices)
    total_votes = sum(choices.values())
    if complete and count == 0:
        raise ValidationError(_("Your ballot is empty: choose at least one item."))
    if setup.kind != VoteKind.CUMULATIVE and any(v != 1 for v in choices.values()):
        raise ValidationError(_("Each item takes one vote in this phase."))
    if setup.kind == VoteKind.CUMULATIVE:
        over = [item for item, votes in choices.items() if votes > setup.max_votes_per_item]
        if over:
            raise ValidationError(
                ngettext(
                    "You can give at most %(max)d vote to one item.",
                    "You can give at most %(max)d votes to one item.",
                    setup.max_votes_per_item,
                )
                % {"max": setup.max_votes_per_item}
            )
        if total_votes > setup.votes_per_voter:
            raise ValidationError(
                ngettext(
                    "You have %(max)d vote in all; you used %(used)d.",
                    "You have %(max)d votes in all; you used %(used)d.",
                    setup.votes_per_voter,
                )
                % {"max": setup.votes_per_voter, "used": total_votes}
            )
    if setup.kind == VoteKind.APPROVAL:
        if count > setup.max_choices:
            raise ValidationError(
                ngettext(
                    "Choose at most %(max)d item; you chose %(count)d.",
                    "Choose at most %(max)d items; you chose %(count)d.",
                    setup.max_choices,
                )
                % {"max": setup.max_choices, "count": count}
            )
        if complete and count < setup.min_choices:
            raise ValidationError(
                ngettext(
                    "Choose at least %(min)d item; you chose %(count)d.",
                    "Choose at least %(min)d items; you chose %(count)d.",
                    setup.min_choices,
                )
                % {"min": setup.min_choices, "count": count}
            )
    if setup.kind == VoteKind.BUDGET:
        cost = _total_cost(choices)
        if setup.budget is None or cost > setup.budget:
            raise ValidationError(
                _("This is over the budget: your basket would cost %(cost)s of %(budget)s.")
                % {"cost": money(cost, setup), "budget": money(setup.budget or 0, setup)}
            )
        if complete and cost < setup.min_spend:
            raise ValidationError(
                _(
                    "Spend at least %(percent)d%% of the budget (%(min)s); your basket costs "
                    "%(cost)s."
                )
                % {
                    "percent": setup.min_spend_percent,
                    "min": money(setup.min_spend, setup),
                    "cost": money(cost, setup),
                }
            )


def money(amount: int, setup: VotingSetup) -> str:
    return format_money(amount, setup.currency)


# --- Residents: the basket (draft) and the ballot ------------------------------------------


def _items_by_pk(setup: VotingSetup, pks: Iterable[int]) -> dict[int, BallotItem]:
    return {i.pk: i for i in BallotItem.objects.filter(setup=setup, pk__in=list(pks))}


def draft_choices(setup: VotingSetup, draft: BasketDraft) -> Choices:
    """The draft's choices as items (unknown or removed items dropped)."""
    raw = {int(k): int(v) for k, v in (draft.choices or {}).items()}
    items = _items_by_pk(setup, raw)
    return {items[pk]: votes for pk, votes in raw.items() if pk in items and votes > 0}


def _locked_draft(setup: VotingSetup, user: Any) -> BasketDraft:
    """The resident's draft row, created if needed, locked until the transaction ends.

    Every write on a resident's basket or ballot takes this lock first, so that two requests
    of the same resident (two devices, a double click) run one after the other.
    """
    draft, created = BasketDraft.objects.select_for_update().get_or_create(setup=setup, voter=user)
    if created:
        # The new row is locked by its insert; lock it explicitly in case another request
        # created it first (get_or_create then read it without the lock).
        draft = BasketDraft.objects.select_for_update().get(pk=draft.pk)
        if ballot := Ballot.objects.filter(setup=setup, voter=user).first():
            # A resident with a ballot but no draft starts from their ballot.
            draft.choices = {str(c.item_id): c.votes for c in ballot.choices.all()}
            draft.save(update_fields=["choices", "updated_at"])
    return draft


@transaction.atomic
def basket_set(*, setup: VotingSetup, user: Any, item: BallotItem, votes: int) -> BasketDraft:
    """Put `votes` on `item` in the resident's basket (0 takes it out). Upper limits apply now;
    the basket is only counted once submitted with `ballot_submit`."""
    require(user, Capability.VOTE, setup.phase)
    if item.setup_id != setup.pk:
        raise ValidationError(_("This item is not on this ballot."))
    if votes < 0:
        raise ValidationError(_("Votes are whole numbers of at least 1."))
    draft = _locked_draft(setup, user)
    choices = draft_choices(setup, draft)
    choices.pop(item, None)
    if votes:
        choices[item] = votes
    check_choices(setup, choices, complete=False)
    draft.choices = {str(i.pk): v for i, v in choices.items()}
    draft.save(update_fields=["choices", "updated_at"])
    return draft


@transaction.atomic
def basket_clear(*, setup: VotingSetup, user: Any) -> BasketDraft:
    """Empty the basket being filled (the cast ballot, if any, stays until resubmitted)."""
    require(user, Capability.VOTE, setup.phase)
    draft = _locked_draft(setup, user)
    draft.choices = {}
    draft.save(update_fields=["choices", "updated_at"])
    return draft


def _snapshot(choices: Choices) -> dict[str, int]:
    return {str(item.number): votes for item, votes in sorted(choices.items(), key=_by_number)}


def _by_number(pair: tuple[BallotItem, int]) -> int:
    return pair[0].number


def _apply_counts(before: Mapping[int, int], after: Mapping[int, int]) -> None:
    """Move the items' counters by the difference between two {item pk: votes}, in one UPDATE."""
    votes: dict[int, int] = {}
    voters: dict[int, int] = {}
    for pk in set(before) | set(after):
        old, new = before.get(pk, 0), after.get(pk, 0)
        if new != old:
            votes[pk] = new - old
            voters[pk] = (1 if new else 0) - (1 if old else 0)
    if not votes:
        return
    BallotItem.objects.filter(pk__in=list(votes)).update(
        vote_count=F("vote_count") + Case(*(When(pk=pk, then=Value(d)) for pk, d in votes.items())),
        voter_count=F("voter_count")
        + Case(*(When(pk=pk, then=Value(d)) for pk, d in voters.items()), default=Value(0)),
    )


def results_moved(setup_id: int) -> None:
    """The phase's outcome may have changed: move its results cache's key. Called inside the
    writer's transaction, so that a result computed while it runs is kept under the old key
    only (``outcomes.result_for``)."""
    VotingSetup.objects.filter(pk=setup_id).update(results_version=F("results_version") + 1)


def _write_choices(ballot: Ballot, choices: Choices, *, is_new: bool = False) -> None:
    """Replace the ballot's choices, its totals and the counters of the items it touches."""
    before: dict[int, int] = {}
    if not is_new:
        if not ballot.is_void:
            before = dict(
                BallotChoice.objects.filter(ballot=ballot).values_list("item_id", "votes")
            )
        BallotChoice.objects.filter(ballot=ballot).delete()
    BallotChoice.objects.bulk_create(
        BallotChoice(ballot=ballot, item=item, votes=votes) for item, votes in choices.items()
    )
    totals = _totals(ballot.setup, choices)
    if not is_new or any(getattr(ballot, k) != v for k, v in totals.items()):
        for key, value in totals.items():
            setattr(ballot, key, value)
        ballot.is_void = False
        ballot.save()
    _apply_counts(before, {item.pk: votes for item, votes in choices.items()})
    results_moved(ballot.setup_id)


def _totals(setup: VotingSetup, choices: Choices) -> dict[str, Any]:
    return {
        "total_votes": sum(choices.values()),
        "total_cost": _total_cost(choices),
        "budget": setup.budget if setup.kind == VoteKind.BUDGET else None,
    }


@transaction.atomic
def ballot_submit(*, setup: VotingSetup, user: Any, choices: Choices | None = None) -> Ballot:
    """Cast (or change) the resident's ballot, from their basket or from `choices`.

    One ballot per resident per phase (a unique constraint); the basket stays as it was, so a
    refused submission loses nothing. Each submission is kept in the ballot's audit trail.
    """
    require(user, Capability.VOTE, setup.phase)
    draft = _locked_draft(setup, user)
    if choices is None:
        choices = draft_choices(setup, draft)
    else:
        draft.choices = {str(i.pk): v for i, v in choices.items()}
        draft.save(update_fields=["choices", "updated_at"])
    check_choices(setup, choices, complete=True)
    ballot = Ballot.objects.select_for_update().filter(setup=setup, voter=user).first()
    action = BallotChange.Action.CHANGE
    if ballot is None:
        action = BallotChange.Action.CAST
        try:
            with transaction.atomic():
                ballot = Ballot.objects.create(
                    setup=setup,
                    voter=user,
                    source=BallotSource.ONLINE,
                    **_totals(setup, choices),
                )
        except IntegrityError:  # created meanwhile by a request that did not hold the lock
            ballot = Ballot.objects.select_for_update().get(setup=setup, voter=user)
            action = BallotChange.Action.CHANGE
    ballot.setup = setup
    _write_choices(ballot, choices, is_new=action == BallotChange.Action.CAST)
    BallotChange.objects.create(
        ballot=ballot, action=action, choices=_snapshot(choices), changed_by=user
    )
    return ballot


# --- Staff: paper ballots --------------------------------------------------------------------


def _require_paper_entry(user: Any, setup: VotingSetup) -> None:
    require(user, Capability.MANAGE, setup.phase.project)
    if setup.phase.timing() == "before":
        raise ValidationError(_("Paper ballots can be entered once voting has opened."))
    if setup.results_published_at is not None:
        raise ValidationError(_("The results are published: ballots can no longer change."))


def choices_from_numbers(setup: VotingSetup, numbers: Mapping[int, int]) -> Choices:
    """{item number: votes} typed by staff → {item: votes}; unknown numbers are refused."""
    items = {i.number: i for i in BallotItem.objects.filter(setup=setup, number__in=list(numbers))}
    unknown = sorted(n for n in numbers if n not in items)
    if unknown:
        raise ValidationError(
            {
                "numbers": ngettext(
                    "There is no item number %(numbers)s on this ballot.",
                    "There are no items numbered %(numbers)s on this ballot.",
                    len(unknown),
                )
                % {"numbers": ", ".join(str(n) for n in unknown)}
            }
        )
    return {items[n]: votes for n, votes in numbers.items()}


@transaction.atomic
def paper_ballot_enter(
    *, setup: VotingSetup, user: Any, choices: Choices, collected_at: str
) -> Ballot:
    """Staff type in a paper ballot; it counts exactly as an online one."""
    _require_paper_entry(user, setup)
    collected_at = plain_text(collected_at).strip()[:120]
    if not collected_at:
        raise ValidationError({"collected_at": _("Say where this ballot was collected.")})
    check_choices(setup, choices, complete=True)
    ballot = Ballot.objects.create(
        setup=setup,
        source=BallotSource.PAPER,
        collected_at=collected_at,
        entered_by=user,
        **_totals(setup, choices),
    )
    ballot.setup = setup
    _write_choices(ballot, choices, is_new=True)
    BallotChange.objects.create(
        ballot=ballot, action=BallotChange.Action.ENTER, choices=_snapshot(choices), changed_by=user
    )
    return ballot


def _check_note(note: str) -> str:
    note = plain_text(note).strip()[:300]
    if not note:
        raise ValidationError(
            {"note": _("Say why this ballot is changed; it is kept in its trace.")}
        )
    return note


@transaction.atomic
def paper_ballot_correct(*, ballot: Ballot, user: Any, choices: Choices, note: str) -> Ballot:
    """Correct a typing mistake on a paper ballot; the change and its reason are kept."""
    ballot = Ballot.objects.select_for_update().select_related("setup__phase").get(pk=ballot.pk)
    setup = ballot.setup
    _require_paper_entry(user, setup)
    if ballot.source != BallotSource.PAPER:
        raise PermissionDenied(_("Only paper ballots can be corrected by staff."))
    note = _check_note(note)
    check_choices(setup, choices, complete=True)
    _write_choices(ballot, choices)
    BallotChange.objects.create(
        ballot=ballot,
        action=BallotChange.Action.CORRECT,
        choices=_snapshot(choices),
        changed_by=user,
        note=note,
    )
    return ballot


@transaction.atomic
def paper_ballot_void(*, ballot: Ballot, user: Any, note: str) -> Ballot:
    """Take a paper ballot out of the count (entered twice, illegible); it stays in the trace."""
    ballot = Ballot.objects.select_for_update().select_related("setup__phase").get(pk=ballot.pk)
    _require_paper_entry(user, ballot.setup)
    if ballot.source != BallotSource.PAPER:
        raise PermissionDenied(_("Only paper ballots can be voided by staff."))
    if ballot.is_void:
        raise ValidationError(_("This ballot is already voided."))
    note = _check_note(note)
    before = dict(ballot.choices.values_list("item_id", "votes"))
    _apply_counts(before, {})
    ballot.is_void = True
    ballot.save(update_fields=["is_void", "updated_at"])
    results_moved(ballot.setup_id)
    BallotChange.objects.create(
        ballot=ballot, action=BallotChange.Action.VOID, choices={}, changed_by=user, note=note
    )
    return ballot


# --- Results -------------------------------------------------------------------------------


@transaction.atomic
def results_publish(*, setup: VotingSetup, user: Any) -> VotingSetup:
    """Publish the results once voting has closed; the ballots are then final."""
    require(user, Capability.MANAGE, setup.phase.project)
    if setup.phase.timing() != "after":
        raise ValidationError(_("Results can be published once voting has closed."))
    if setup.results_published_at is None:
        setup.results_published_at = timezone.now()
        setup.save(update_fields=["results_published_at", "updated_at"])
    return setup
