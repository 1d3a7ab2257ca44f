"""Agents work only the shift types listed for them."""

from scheduler.domain import RuleFamily
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.ALLOWED_SHIFTS


def build(v: RosterVariables) -> list[SoftTerm]:
    for agent in v.problem.agents:
        for shift in v.problem.shifts:
            if shift.code not in agent.allowed_shifts:
                for day in range(v.problem.period.days):
                    v.require(
                        FAMILY, agent.id, v.model.add(v.assigned[agent.id, day, shift.code] == 0)
                    )
    return []
