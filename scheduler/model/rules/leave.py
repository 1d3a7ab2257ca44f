"""No work on leave days (vacation, sick leave, training, fixed days off)."""

from scheduler.domain import RuleFamily
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.LEAVE


def build(v: RosterVariables) -> list[SoftTerm]:
    for agent in v.problem.agents:
        for day in v.problem.leave_days(agent.id):
            v.require(FAMILY, agent.id, v.model.add(v.works[agent.id, day] == 0))
    return []
