"""Hard: at most the contract's number of shifts of each listed type in the period."""

from scheduler.domain import Problem, Roster, RuleFamily
from scheduler.evaluate.findings import Violation

FAMILY = RuleFamily.SHIFT_LIMITS


def check(problem: Problem, roster: Roster) -> list[Violation]:
    found = []
    for agent in problem.agents:
        for code, limit in problem.contract_of(agent).max_shifts:
            count = sum(
                1 for day in range(problem.period.days) if code in roster.shifts_on(agent.id, day)
            )
            if count > limit:
                found.append(
                    Violation(
                        FAMILY,
                        agent.id,
                        None,
                        f"{agent.id} works {count} {code} shifts in the period; at most {limit} "
                        "allowed",
                        count - limit,
                    )
                )
    return found
