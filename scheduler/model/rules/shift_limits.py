"""Hard: at most the contract's number of shifts of each listed type in the period.

Caps per type (at most four nights a month, say) keep a type's strain or its special pay
within what the contract allows, independent of the fair shares.
"""

from scheduler.domain import RuleFamily
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.SHIFT_LIMITS


def build(v: RosterVariables) -> list[SoftTerm]:
    problem = v.problem
    days = range(problem.period.days)
    for agent in problem.agents:
        for code, limit in problem.contract_of(agent).max_shifts:
            count = sum(v.assigned[agent.id, day, code] for day in days)
            v.require(FAMILY, agent.id, v.model.add(count <= limit))
    return []
