"""No work on leave days."""

from scheduler.domain import Problem, Roster, RuleFamily
from scheduler.evaluate.findings import Violation

FAMILY = RuleFamily.LEAVE


def check(problem: Problem, roster: Roster) -> list[Violation]:
    return [
        Violation(
            FAMILY,
            agent.id,
            day,
            f"{agent.id} works {roster.shift_of(agent.id, day)} on "
            f"{problem.describe_day(day)} but is on {kind} that day",
        )
        for agent in problem.agents
        for day, kind in sorted(problem.leave_days(agent.id).items())
        if roster.works(agent.id, day)
    ]
