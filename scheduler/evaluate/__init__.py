"""The independent evaluator: scores a roster from the problem and the rules alone.

It never imports the CP-SAT model (a test keeps it so). The solver's objective must equal
``evaluate(...).total`` and every returned roster must have no violations.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from scheduler.domain import Problem, Roster, RuleFamily
from scheduler.evaluate.findings import Evaluation, Penalty, Violation
from scheduler.evaluate.rules import (
    allowed_shifts,
    category_changes,
    changes,
    consecutive_days,
    coverage,
    days_off,
    fairness,
    junior_ratio,
    leave,
    locks,
    night_recovery,
    onboarding,
    one_shift_per_day,
    queue_fit,
    queues,
    requests,
    rest,
    rotation,
    rotation_breaks,
    shift_limits,
    shifts_per_week,
    split_weekends,
    successions,
    supervision,
    training,
    weekends,
    working_runs,
    working_time,
)

Check = Callable[[Problem, Roster], Sequence[Violation | Penalty]]

CHECKS: dict[RuleFamily, Check] = {
    module.FAMILY: module.check
    for module in (
        one_shift_per_day,
        leave,
        allowed_shifts,
        rest,
        consecutive_days,
        days_off,
        working_time,
        weekends,
        shifts_per_week,
        category_changes,
        working_runs,
        night_recovery,
        successions,
        shift_limits,
        locks,
        queues,
        coverage,
        requests,
        split_weekends,
        fairness,
        changes,
        rotation,
        rotation_breaks,
        queue_fit,
        supervision,
        junior_ratio,
        onboarding,
        training,
    )
}


def evaluate(problem: Problem, roster: Roster) -> Evaluation:
    """Judge a roster. Raises ``ValueError`` if it names unknown agents, days or shifts."""
    _check_references(problem, roster)
    violations: list[Violation] = []
    penalties: list[Penalty] = []
    for check in CHECKS.values():
        for finding in check(problem, roster):
            if isinstance(finding, Violation):
                violations.append(finding)
            else:
                penalties.append(finding)
    return Evaluation(tuple(violations), tuple(penalties))


def _check_references(problem: Problem, roster: Roster) -> None:
    for a in roster.assignments:
        if a.agent_id not in problem.agent_by_id:
            raise ValueError(f"roster names unknown agent {a.agent_id!r}")
        if not 0 <= a.day < problem.period.days:
            raise ValueError(f"roster assigns {a.agent_id} on day {a.day}, outside the period")
        if a.shift not in problem.shift_by_code:
            raise ValueError(f"roster assigns unknown shift {a.shift!r} to {a.agent_id}")


__all__ = ["CHECKS", "Evaluation", "Penalty", "Violation", "evaluate"]
