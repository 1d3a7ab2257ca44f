"""Soft: missing and surplus agents per day and shift, against demand."""

from scheduler.domain import Problem, Roster, RuleFamily
from scheduler.evaluate.findings import Penalty

FAMILY = RuleFamily.COVERAGE


def check(problem: Problem, roster: Roster) -> list[Penalty]:
    found = []
    for (day, code), requirement in problem.requirements.items():
        scheduled = roster.count(day, code)
        required = requirement.required
        where = f"{problem.describe_day(day)} shift {code}"
        if scheduled < required:
            weight = problem.under_weight(requirement)
            missing = required - scheduled
            found.append(
                Penalty(
                    FAMILY,
                    missing,
                    weight,
                    f"{where}: {missing} agent{'s' if missing > 1 else ''} short of the "
                    f"{required} required (weight {weight} each)",
                    None,
                    day,
                    code,
                    "under",
                )
            )
        elif scheduled > required:
            weight = problem.over_weight(requirement)
            extra = scheduled - required
            found.append(
                Penalty(
                    FAMILY,
                    extra,
                    weight,
                    f"{where}: {extra} agent{'s' if extra > 1 else ''} more than the "
                    f"{required} required (weight {weight} each)",
                    None,
                    day,
                    code,
                    "over",
                )
            )
    return found
