"""An agent works at most one shift on a day."""

from scheduler.domain import RuleFamily
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.ONE_SHIFT_PER_DAY


def build(v: RosterVariables) -> list[SoftTerm]:
    for agent in v.problem.agents:
        for day in range(v.problem.period.days):
            # works is a Boolean, so this sum allows at most one shift; stated as an equality
            # it also tightens the LP relaxation of every rule written over works.
            shifts = sum(v.day_shifts(agent.id, day))
            v.require(FAMILY, agent.id, v.model.add(shifts == v.works[agent.id, day]))
    return []
