"""Named soft-penalty terms, so every objective point can be traced to a rule and a person."""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.domain import RuleFamily

# What relaxing one agent's hard rule family costs under --soften: far above any realistic
# sum of coverage and request penalties, so a rule is broken only where nothing else works.
RELAXED_RULE_WEIGHT = 100_000
# Working time broken under --soften is priced by the minute: an eight-hour shift's worth costs
# about as much as breaking a rule (so a contract's hours give way before rest or runs do), and
# an hour still far more than any coverage or request penalty.
SOFTENED_MINUTE_WEIGHT = RELAXED_RULE_WEIGHT // (8 * 60)


@dataclass(frozen=True)
class SoftTerm:
    """``weight * amount`` enters the objective; the key says who and when it is about.

    The key (family, agent, day, shift, detail) is the same one the evaluator gives its
    penalties, so a test can compare the two term by term.
    """

    family: RuleFamily
    amount: cp_model.LinearExprT
    weight: int
    agent_id: str | None = None
    day: int | None = None
    shift: str | None = None
    detail: str = ""

    @property
    def key(self) -> tuple[str, str | None, int | None, str | None, str]:
        return (self.family.value, self.agent_id, self.day, self.shift, self.detail)
