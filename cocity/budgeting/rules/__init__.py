"""Participatory-budgeting outcome rules and Pabulib I/O — pure Python + NumPy, no Django.

    from cocity.budgeting.rules import compute, pabulib
    election = pabulib.read("Poland_Lodz_2022.pb")
    outcome = compute("mes-add1", election.instance, election.profile)
    outcome.selected, outcome.explain()

Rules (names as on the command line): ``greedy``, ``greedy-threshold``, ``greedy-exclusive``,
``greedy-stop``, ``mes``, ``mes-add1``, ``mes-add1-greedy``, ``mes-inc1pct-greedy``,
``mes-add1-comparison`` (equalshares.net's add1 and comparison step),
``mes-card-add1-greedy`` (every supported project worth 1 to its voter), ``phragmen``;
``official`` picks the rule the file's META ``rule`` names.
"""

from __future__ import annotations

from collections.abc import Callable

from .equal_shares import mes, mes_add1_comparison, mes_cardinality_add1_greedy, mes_completed
from .greedy import exclusive_groups_from, greedy, threshold_from
from .outcome import Outcome, Reason, Step
from .pabulib import Instance, ParseError, Profile
from .phragmen import phragmen

__all__ = [
    "RULES",
    "Instance",
    "Outcome",
    "ParseError",
    "Profile",
    "Reason",
    "Step",
    "compute",
    "official_rule",
]

RULES: dict[str, Callable[[Instance, Profile], Outcome]] = {
    "greedy": lambda i, p: greedy(i, p),
    "greedy-threshold": lambda i, p: greedy(
        i, p, threshold=threshold_from(i), rule="greedy-threshold"
    ),
    "greedy-exclusive": lambda i, p: greedy(
        i, p, exclusive_groups=exclusive_groups_from(i), rule="greedy-exclusive"
    ),
    "greedy-stop": lambda i, p: greedy(i, p, stop=True, rule="greedy-stop"),
    "mes": lambda i, p: mes(i, p),
    "mes-add1": lambda i, p: mes_completed(i, p, increment="add1"),
    "mes-add1-greedy": lambda i, p: mes_completed(i, p, increment="add1", then_greedy=True),
    "mes-inc1pct-greedy": lambda i, p: mes_completed(i, p, increment="inc1pct", then_greedy=True),
    "mes-add1-comparison": mes_add1_comparison,
    "mes-card-add1-greedy": mes_cardinality_add1_greedy,
    "phragmen": phragmen,
}

#: Pabulib META ``rule`` -> our rule
META_RULES = {
    "greedy": "greedy",
    "greedy-threshold": "greedy-threshold",
    "greedy-exclusive": "greedy-exclusive",
    "equalshares": "mes",
    "equalshares/add1": "mes-add1",
    "equalshares/add1-comparison": "mes-add1-comparison",
}


def official_rule(instance: Instance) -> str | None:
    """Our rule for the file's META ``rule``, or None when we do not implement it."""
    return META_RULES.get(instance.rule)


def compute(rule: str, instance: Instance, profile: Profile) -> Outcome:
    if rule == "official":
        name = official_rule(instance)
        if name is None:
            raise ValueError(f"the file's rule {instance.rule!r} is not one we implement")
        rule = name
    try:
        fn = RULES[rule]
    except KeyError:
        raise ValueError(f"unknown rule {rule!r}; choose from {', '.join(RULES)}") from None
    return fn(instance, profile)
