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
        required = requirement.required
        scheduled = v.model.new_int_var(0, agents, f"scheduled_d{day}_{code}")
        v.model.add(scheduled == sum(v.assigned[a.id, day, code] for a in problem.agents))
        # Exact, not just bounded below: an intermediate roster reported on a time limit
        # must score the same in the model as in the evaluator.
        under = v.model.new_int_var(0, required, f"under_d{day}_{code}")
        over = v.model.new_int_var(0, agents, f"over_d{day}_{code}")
        v.model.add_max_equality(under, [required - scheduled, 0])
        v.model.add_max_equality(over, [scheduled - required, 0])
        # The same bounds as plain inequalities, so every LP worker sees them from the root.
        v.model.add(under >= required - scheduled)
        v.model.add(over >= scheduled - required)
        terms.append(
            SoftTerm(FAMILY, under, problem.under_weight(requirement), None, day, code, "under")
        )
        terms.append(
            SoftTerm(FAMILY, over, problem.over_weight(requirement), None, day, code, "over")
        )
    return terms
