"""Soft: a weekend with some but not all of its days worked."""

from scheduler.domain import Problem, Roster, RuleFamily
from scheduler.evaluate.findings import Penalty

FAMILY = RuleFamily.SPLIT_WEEKENDS


def check(problem: Problem, roster: Roster) -> list[Penalty]:
    weight = problem.weights.split_weekend
    if weight == 0:
        return []
    whole = len(problem.period.weekend_days)
    found = []
    for agent in problem.agents:
        for weekend in problem.period.weekends:
            if len(weekend) < 2 or len(weekend) < whole:
                continue
            worked = [roster.works(agent.id, day) for day in weekend]
            if any(worked) and not all(worked):
                found.append(
                    Penalty(
                        FAMILY,
                        1,
                        weight,
                        f"{agent.id} works only part of the weekend of "
                        f"{problem.describe_day(weekend[0])} (weight {weight})",
                        agent.id,
                        weekend[0],
                    )
                )
    return found
