"""Soft: a weekend is worked whole or not at all; a split weekend costs its weight.

One day off in a weekend is little rest and still costs the weekend: planners prefer whole
weekends. Weekends cut by the period's edge are not judged.
"""

from scheduler.domain import RuleFamily
from scheduler.model.terms import SoftTerm
from scheduler.model.variables import RosterVariables

FAMILY = RuleFamily.SPLIT_WEEKENDS


def build(v: RosterVariables) -> list[SoftTerm]:
    problem = v.problem
    weight = problem.weights.split_weekend
    if weight == 0:
        return []
    whole = len(problem.period.weekend_days)
    terms = []
    for agent in problem.agents:
        for weekend in problem.period.weekends:
            if len(weekend) < 2 or len(weekend) < whole:
                continue
            worked = [v.works[agent.id, day] for day in weekend]
            most = v.model.new_bool_var(f"{agent.id}_weekend_any_{weekend[0]}")
            least = v.model.new_bool_var(f"{agent.id}_weekend_all_{weekend[0]}")
            v.model.add_max_equality(most, worked)
            v.model.add_min_equality(least, worked)
            terms.append(SoftTerm(FAMILY, most - least, weight, agent.id, weekend[0]))
    return terms
