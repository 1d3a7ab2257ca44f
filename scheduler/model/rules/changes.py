"""Soft: a re-plan changes the published roster as little as it can.

Each agent and day costs what its change is worth (``Problem.change_weight``): a moved shift
least, a dropped shift more, a day off turned into work most, all dearer close to the first
re-planned day. New agents have nothing published, so filling their days costs nothing.
"""

from scheduler.domain import RuleFamily
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.CHANGES


def build(v: RosterVariables) -> list[SoftTerm]:
    problem = v.problem
    published = problem.published
    if published is None:
        return []
    terms = []
    for agent in problem.agents:
        if agent.id in problem.unpublished_agents:
            continue
        for day in range(problem.period.days):
            old = published.shift_of(agent.id, day)
            works = v.works[agent.id, day]
            if old is None:
                weight = problem.change_weight(day, None, "work")
                terms.append(SoftTerm(FAMILY, works, weight, agent.id, day, None, "added"))
                continue
            kept = v.assigned[agent.id, day, old]
            moved = problem.change_weight(day, old, "other")
            dropped = problem.change_weight(day, old, None)
            terms.append(SoftTerm(FAMILY, works - kept, moved, agent.id, day, old, "moved"))
            terms.append(SoftTerm(FAMILY, 1 - works, dropped, agent.id, day, old, "dropped"))
    return terms
