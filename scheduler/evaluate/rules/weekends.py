"""No more weekends worked than the contract allows; any work on a weekend day counts."""

from scheduler.domain import Problem, Roster, RuleFamily
from scheduler.evaluate.findings import Violation

FAMILY = RuleFamily.WEEKENDS


def check(problem: Problem, roster: Roster) -> list[Violation]:
    found = []
    for agent in problem.agents:
        limit = problem.contract_of(agent).max_weekends
        if limit is None:
            continue
        worked = [w for w in problem.period.weekends if any(roster.works(agent.id, d) for d in w)]
        if len(worked) > limit:
            dates = ", ".join(problem.period.dates[w[0]].isoformat() for w in worked)
            found.append(
                Violation(
                    FAMILY,
                    agent.id,
                    None,
                    f"{agent.id} works {len(worked)} weekends (starting {dates}); "
                    f"the maximum is {limit}",
                )
            )
    return found
