"""What a rule returns: the funded projects in selection order, and why each got its fate.

Reasons are structured — a code and the numbers behind it (``Reason``) — so that each reader
phrases them in their own language: the command line and ``Outcome.explain`` use the English
templates below; the web application has a translated template for every code and formats the
numbers the local way (``cocity/voting/outcomes.py``). A test there checks that it knows every
code here, with the same placeholders.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

FUNDED = "funded"
NOT_FUNDED = "not_funded"  # equal shares: its supporters could not pay for it any more
SKIPPED = "skipped"  # greedy: did not fit the remaining budget
BELOW_THRESHOLD = "below_threshold"
EXCLUDED = "excluded"  # conflicts with a funded project of the same exclusive group
NO_SUPPORT = "no_support"
STOPPED = "stopped"  # the rule stopped before reaching it (Phragmén, greedy-stop)

#: English template of every reason code. Placeholders by kind: money amounts (``MONEY``),
#: counts (``COUNTS``), ``{support}`` (a number with its unit: votes, points, rank points) and
#: project ids (``other``, ``next``).
REASONS: dict[str, str] = {
    # equal shares
    "mes_free": "funded first: it costs nothing",
    "mes_funded": (
        "funded at step {step}: {supporters} supporters paid {share} each on average; cost {cost}"
    ),
    "mes_funded_capped": (
        "funded at step {step}: {supporters} supporters paid {share} each on average "
        "({capped} of them all they had left, the other {others} an equal share); cost {cost}"
    ),
    "mes_spent": (
        "not funded: its {supporters} supporters had spent their shares "
        "(they had {left} left of {cost} needed)"
    ),
    "no_support": "not funded: nobody supported it",
    # greedy
    "greedy_funded": "funded at step {step}: {support}, cost {cost}",
    "greedy_fill_funded": "funded by the greedy fill-up at step {step}: {support}, cost {cost}",
    "greedy_skipped": (
        "skipped: cost {cost} did not fit the remaining budget of {remaining} ({support})"
    ),
    "greedy_stopped": (
        "did not fit the remaining budget of {remaining} (cost {cost}), "
        "so the count stopped ({support})"
    ),
    "greedy_not_reached": "not reached: the count stopped earlier ({support})",
    "below_threshold": "below the minimum support of {threshold} ({support})",
    "excluded": "excluded: conflicts with funded project {other} ({support})",
    # sequential Phragmén
    "phragmen_funded": (
        "funded at step {step}: its {supporters} supporters now carry a load of {load} each"
    ),
    "phragmen_funded_free": "funded at step {step} without supporters (it fitted)",
    "phragmen_stopped": (
        "not funded: the count stopped when the next project ({next}) did not fit the "
        "remaining budget of {remaining}"
    ),
    "over_budget": "not funded: costs {cost}, more than the budget",
    # outcome-level notes
    "comparison_kept": (
        "{mes} voters have more of their projects funded by equal shares, {greedy} by the "
        "greedy count: equal shares stands"
    ),
    "comparison_greedy": (
        "{greedy} voters have more of their projects funded by the greedy count, {mes} by "
        "equal shares: the greedy outcome replaces it"
    ),
}
MONEY = frozenset({"share", "cost", "left", "remaining", "threshold", "load"})
COUNTS = frozenset({"step", "supporters", "capped", "others", "mes", "greedy"})
#: how support is counted, by ballot type: ``{support}`` is "<n> votes", "<n> points" …
UNITS: dict[str, str] = {"votes": "{n} votes", "points": "{n} points", "rank": "{n} rank points"}
JOIN = "; then "


@dataclass(frozen=True)
class Reason:
    """Why, as a code of ``REASONS`` and the values of its placeholders (``unit`` goes with
    ``support``)."""

    code: str
    data: Mapping[str, object] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return render(self)


def money(x: float | Fraction) -> str:
    x = float(x)
    if abs(x - round(x)) < 0.005:
        return f"{round(x):,}"
    return f"{x:,.2f}"


def _support_en(n: float, unit: str) -> str:
    return UNITS[unit].format(n=money(n))


def render(
    reason: Reason,
    *,
    templates: Mapping[str, str] = REASONS,
    fmt_money: Callable[[float], str] = money,
    fmt_count: Callable[[int], str] = lambda n: f"{n:,}",
    fmt_support: Callable[[float, str], str] = _support_en,
) -> str:
    """One reason in words: ``templates[code]`` with its numbers formatted by kind."""
    data = dict(reason.data)
    unit = str(data.pop("unit", "votes"))
    values: dict[str, str] = {}
    for key, value in data.items():
        if key in MONEY:
            values[key] = fmt_money(float(value))  # type: ignore[arg-type]
        elif key in COUNTS:
            values[key] = fmt_count(int(value))  # type: ignore[call-overload]
        elif key == "support":
            values[key] = fmt_support(float(value), unit)  # type: ignore[arg-type]
        else:
            values[key] = str(value)
    return str(templates[reason.code]).format(**values)


def why(code: str, **data: object) -> tuple[Reason, ...]:
    """A single reason, as ``Step`` takes it: ``Step(pid, FUNDED, why("mes_free"))``."""
    return (Reason(code, data),)


@dataclass(frozen=True)
class Step:
    """One project's fate. ``order`` is its 1-based selection step when funded. A rule made
    of two (equal shares, then a greedy fill-up) gives a project the reasons of both."""

    project: str
    status: str
    reasons: tuple[Reason, ...]
    order: int | None = None
    phase: str = ""  # "mes", "greedy" … when a rule combines others

    @property
    def text(self) -> str:
        return JOIN.join(r.text for r in self.reasons)


@dataclass
class Outcome:
    rule: str
    selected: list[str]
    total_cost: Fraction
    budget: Fraction
    steps: list[Step] = field(default_factory=list)
    #: rule-specific numbers (e.g. the per-voter budget add1 settled on, how many MES runs)
    info: dict[str, object] = field(default_factory=dict)
    #: remarks on the outcome as a whole (e.g. the comparison with the greedy count)
    notes: list[Reason] = field(default_factory=list)

    def step_for(self, project: str) -> Step:
        for s in self.steps:
            if s.project == project:
                return s
        raise KeyError(project)

    def explain(self) -> list[str]:
        """Readable English, funded projects first (in selection order)."""
        funded = sorted((s for s in self.steps if s.status == FUNDED), key=lambda s: s.order or 0)
        others = [s for s in self.steps if s.status != FUNDED]
        lines = [
            f"Rule {self.rule}: {len(self.selected)} projects funded for "
            f"{money(self.total_cost)} of a budget of {money(self.budget)}."
        ]
        lines += [n.text for n in self.notes]
        lines += [f"{s.project}: {s.text}" for s in funded]
        lines += [f"{s.project}: {s.text}" for s in others]
        return lines
