"""Voting additions to the one permission function (cocity/participation/permissions.py).

`check(user, Capability.VOTE, phase)` applies the common phase rules (published, open, signed
in, active) and then asks `voter_refusal()` whether this resident may vote in this phase.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from cocity.projects.models import Phase


def setup_of(phase: Phase) -> Any:
    """The phase's VotingSetup, or None (a voting phase gets one when first shown)."""
    from cocity.voting.models import VotingSetup

    try:
        return phase.voting_setup
    except VotingSetup.DoesNotExist:
        return None


def declared_area_id(user: Any) -> int | None:
    """The district the resident declared (accounts' Demographics), cached on the user."""
    if not hasattr(user, "_cocity_area_id"):
        from cocity.accounts.models import Demographics

        user._cocity_area_id = (
            Demographics.objects.filter(user=user).values_list("area_id", flat=True).first()
        )
    return user._cocity_area_id


def voter_refusal(user: Any, phase: Phase) -> str:
    """Why this signed-in, active resident may not vote in this open phase; "" if they may."""
    setup = setup_of(phase)
    if setup is None:
        return _("This vote is not set up yet.")
    if setup.is_budget and not setup.budget:
        return _("This vote is not set up yet.")
    areas = list(setup.eligible_areas.all())
    if not areas:
        return ""
    area_id = declared_area_id(user)
    if area_id is None:
        return _(
            "Only residents of %(areas)s may vote. Declare your district in your account "
            "(“About you”) to take part."
        ) % {"areas": ", ".join(str(a) for a in areas)}
    if all(a.pk != area_id for a in areas):
        return _("Only residents of %(areas)s may vote.") % {
            "areas": ", ".join(str(a) for a in areas)
        }
    return ""
