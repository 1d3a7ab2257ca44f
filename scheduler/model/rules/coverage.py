"""Soft: each day and shift is staffed as demand requires; missing and surplus agents cost.

Pairs absent from Demand require nobody, so closed hours are never staffed to fill hours.
"""

from scheduler.domain import RuleFamily
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.COVERAGE


def build(v: RosterVariables) -> list[SoftTerm]:
    problem = v.problem
    agents = len(problem.agents)
    terms = []
    for (day, code), requirement in problem.requirements.items():
        scheduled = sum(v.assigned[a.id, day, code] for a in problem.agents)
        under = v.model.new_int_var(0, requirement.required, f"under_d{day}_{code}")
        over = v.model.new_int_var(0, agents, f"over_d{day}_{code}")
        v.model.add(scheduled - requirement.required == over - under)
        terms.append(
            SoftTerm(FAMILY, under, problem.under_weight(requirement), None, day, code, "under")
        )
        terms.append(
            SoftTerm(FAMILY, over, problem.over_weight(requirement), None, day, code, "over")
        )
    return terms
