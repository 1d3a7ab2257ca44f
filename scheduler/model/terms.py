"""Named soft-penalty terms, so every objective point can be traced to a rule and a person."""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.domain import RuleFamily


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
