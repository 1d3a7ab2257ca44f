"""No more than the contract's maximum of consecutive working days."""

from scheduler.domain import Problem, Roster, RuleFamily
from scheduler.evaluate.findings import Violation
from scheduler.evaluate.runs import working_runs

FAMILY = RuleFamily.CONSECUTIVE_DAYS


def check(problem: Problem, roster: Roster) -> list[Violation]:
    found = []
    for agent in problem.agents:
        limit = problem.contract_of(agent).max_consecutive_days
        if limit is None:
            continue
        for first, last in working_runs(problem, roster, agent):
            length = last - first + 1
            if length > limit:
                start = max(first, 0)
                found.append(
                    Violation(
                        FAMILY,
                        agent.id,
                        start,
                        f"{agent.id} works {length} days in a row "
                        f"({problem.describe_day(start)} to {problem.describe_day(last)}"
                        f"{', counting the previous period' if first < 0 else ''}); "
                        f"the maximum is {limit}",
                    )
                )
    return found
