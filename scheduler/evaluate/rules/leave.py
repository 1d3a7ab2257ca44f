"""No work on leave days."""

from scheduler.domain import NOT_STARTED, Problem, Roster, RuleFamily
from scheduler.evaluate.findings import Violation

FAMILY = RuleFamily.LEAVE


def check(problem: Problem, roster: Roster) -> list[Violation]:
    return [
        Violation(
            FAMILY,
            agent.id,
            day,
            f"{agent.id} works {roster.shift_of(agent.id, day)} on "
            f"{problem.describe_day(day)} but {away(kind)}",
        )
        for agent in problem.agents
        for day, kind in sorted(problem.leave_days(agent.id).items())
        if roster.works(agent.id, day)
    ]


def away(kind: str) -> str:
    """Why an agent may not work a day, in words: "is away that day (sick)"."""
    return "has not started yet" if kind == NOT_STARTED else f"is away that day ({kind})"
