"""What the evaluator finds: hard violations and soft penalties, each explained in words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from scheduler.domain import RuleFamily, Strength


@dataclass(frozen=True, slots=True)
class Violation:
    """A broken hard rule. A roster with any of these must never be published."""

    family: RuleFamily
    agent_id: str | None
    day: int | None
    message: str
    amount: int = 1  # how far the rule is broken, in its own unit (minutes for working time)
    shift: str | None = None  # for rules of a whole shift (supervision, say)


@dataclass(frozen=True, slots=True)
class Penalty:
    """A soft rule missed by ``amount`` units at ``weight`` each.

    The key matches the model's ``SoftTerm.key`` so the two can be compared term by term.
    """

    family: RuleFamily
    amount: int
    weight: int
    message: str
    agent_id: str | None = None
    day: int | None = None
    shift: str | None = None
    detail: str = ""

    @property
    def cost(self) -> int:
        return self.amount * self.weight

    @property
    def key(self) -> tuple[str, str | None, int | None, str | None, str]:
        return (self.family.value, self.agent_id, self.day, self.shift, self.detail)


def breach(
    family: RuleFamily,
    strength: Strength,
    weight: int,
    text: str,
    where: tuple[str | None, int, str],
    detail: str,
    amount: int = 1,
    each: bool = False,
) -> Violation | Penalty:
    """A breach of a rule the user sets hard or soft (the tier rules of a shift): a violation
    when hard, a penalty at ``weight`` (per unit, ``each``) when soft. ``where`` is the agent
    (or ``None`` for the whole shift), day and shift."""
    agent_id, day, shift = where
    if strength is Strength.HARD:
        return Violation(family, agent_id, day, text, amount, shift)
    price = f"(weight {weight}{' each' if each else ''})"
    return Penalty(family, amount, weight, f"{text} {price}", agent_id, day, shift, detail)


@dataclass(frozen=True)
class Evaluation:
    """A roster's score: the single judge of hard violations and of the objective value."""

    violations: tuple[Violation, ...]
    penalties: tuple[Penalty, ...]

    @property
    def is_feasible(self) -> bool:
        return not self.violations

    @property
    def total(self) -> int:
        return sum(p.cost for p in self.penalties)

    def cost_by_family(self) -> Mapping[RuleFamily, int]:
        costs = {family: 0 for family in RuleFamily if family.is_soft}
        for penalty in self.penalties:
            costs[penalty.family] += penalty.cost
        return costs
