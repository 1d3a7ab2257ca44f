"""Agents work only the shift types listed for them."""

from scheduler.domain import Problem, Roster, RuleFamily
from scheduler.evaluate.findings import Violation

FAMILY = RuleFamily.ALLOWED_SHIFTS


def check(problem: Problem, roster: Roster) -> list[Violation]:
    return [
        Violation(
            FAMILY,
            agent.id,
            day,
            f"{agent.id} works {code} on {problem.describe_day(day)} but may only work "
            f"{', '.join(sorted(agent.allowed_shifts)) or 'no shift'}",
        )
        for agent in problem.agents
        for day in range(problem.period.days)
        for code in roster.shifts_on(agent.id, day)
        if code not in agent.allowed_shifts
    ]
