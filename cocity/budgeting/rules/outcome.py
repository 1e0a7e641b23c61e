"""What a rule returns: the funded projects in selection order, and why each got its fate."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

FUNDED = "funded"
NOT_FUNDED = "not_funded"  # equal shares: its supporters could not pay for it any more
SKIPPED = "skipped"  # greedy: did not fit the remaining budget
BELOW_THRESHOLD = "below_threshold"
EXCLUDED = "excluded"  # conflicts with a funded project of the same exclusive group
NO_SUPPORT = "no_support"
STOPPED = "stopped"  # the rule stopped before reaching it (Phragmén, greedy-stop)


@dataclass(frozen=True)
class Step:
    """One project's fate. ``order`` is its 1-based selection step when funded."""

    project: str
    status: str
    text: str
    order: int | None = None
    phase: str = ""  # "mes", "greedy" … when a rule combines others


def money(x: float | Fraction) -> str:
    x = float(x)
    if abs(x - round(x)) < 0.005:
        return f"{round(x):,}"
    return f"{x:,.2f}"


@dataclass
class Outcome:
    rule: str
    selected: list[str]
    total_cost: Fraction
    budget: Fraction
    steps: list[Step] = field(default_factory=list)
    #: rule-specific numbers (e.g. the per-voter budget add1 settled on, how many MES runs)
    info: dict[str, object] = field(default_factory=dict)

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
        lines += [f"{s.project}: {s.text}" for s in funded]
        lines += [f"{s.project}: {s.text}" for s in others]
        return lines
