"""An agent works at most one shift on a day."""

from scheduler.domain import RuleFamily
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.ONE_SHIFT_PER_DAY


def build(v: RosterVariables) -> list[SoftTerm]:
    for agent in v.problem.agents:
        for day in range(v.problem.period.days):
            v.model.add_at_most_one(v.day_shifts(agent.id, day))
    return []
