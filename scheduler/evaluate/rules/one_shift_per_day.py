"""An agent works at most one shift on a day."""

from scheduler.domain import Problem, Roster, RuleFamily
from scheduler.evaluate.findings import Violation

FAMILY = RuleFamily.ONE_SHIFT_PER_DAY


def check(problem: Problem, roster: Roster) -> list[Violation]:
    return [
        Violation(
            FAMILY,
            agent.id,
            day,
            f"{agent.id} has {len(codes)} shifts ({', '.join(codes)}) on "
            f"{problem.describe_day(day)}; at most one is allowed",
        )
        for agent in problem.agents
        for day in range(problem.period.days)
        if len(codes := roster.shifts_on(agent.id, day)) > 1
    ]
