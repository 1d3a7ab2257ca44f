"""Soft: every cell that differs from the published roster, priced by what changed."""

from scheduler.domain import Problem, Roster, RuleFamily
from scheduler.evaluate.findings import Penalty

FAMILY = RuleFamily.CHANGES


def check(problem: Problem, roster: Roster) -> list[Penalty]:
    published = problem.published
    if published is None:
        return []
    found = []
    for agent in problem.agents:
        if agent.id in problem.unpublished_agents:
            continue
        for day in range(problem.period.days):
            old, new = published.shift_of(agent.id, day), roster.shift_of(agent.id, day)
            # A published shift still worked is kept, even beside a second shift (possible
            # only under --soften, which prices that second shift as a broken rule already).
            if old == new or (old is not None and old in roster.shifts_on(agent.id, day)):
                continue
            kind = "added" if old is None else "dropped" if new is None else "moved"
            weight = problem.change_weight(day, old, new)
            found.append(
                Penalty(
                    FAMILY,
                    1,
                    weight,
                    f"{agent.id} on {problem.describe_day(day)}: {old or 'off'} -> "
                    f"{new or 'off'} ({kind}, weight {weight})",
                    agent.id,
                    day,
                    None if old is None else old,
                    kind,
                )
            )
    return found
